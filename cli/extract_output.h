// `tidings extract`'s input and output, shared by the full CLI (cli/extract_command.cc, which
// also fetches URLs) and the launcher (cli/launcher.cc, which runs `extract` of a local page
// without loading the full CLI: docs/cli.md "Start-up time").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::cli {

struct ExtractArgs {
  std::string url;              // --url: the page's address, for relative links
  std::string format = "text";  // text | html | json
  std::string config;           // --config: fetch settings, for a URL
  std::string input;            // FILE, URL or "-"
};

// The page in a file, or on standard input for "-".
Result<std::string> ReadLocalPage(const std::string& input);

// Extracts the main content of `body` and prints it in args.format; the exit status (0; 1 when
// the page is not an article, except in json, which says so in "kind"; 2 for a usage error).
// `url` is the page's address (args.url wins when given), `content_type` its HTTP header.
int PrintExtracted(const ExtractArgs& args, std::string_view body, const std::string& url,
                   const std::optional<std::string>& content_type);

}  // namespace tidings::cli
