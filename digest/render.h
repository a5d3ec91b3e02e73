// Rendering a Digest in the formats the control socket and `tidings digest` offer.
//
//   Result<digest::Format> f = digest::ParseFormat(query_value);   // "json", "markdown", ...
//   if (!f.ok()) return BadRequest(f.status().message());
//   response.set(content_type, digest::ContentType(*f));
//   response.body() = digest::Render(d, *f);
//
// Every format escapes what came from feeds: the HTML page is self-contained (inline CSS, no
// scripts, no external resources, only http(s) article links) and the Atom feed is valid Atom 1.0
// with stable ids (urn:tidings:item:ID). docs/digest.md documents the JSON shape.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "digest/digest.h"

namespace tidings::digest {

enum class Format { kJson, kMarkdown, kText, kHtml, kAtom };

// "json", "markdown" (or "md"), "text" (or "txt", "plain"), "html", "atom"; case-insensitive.
// kInvalid naming the accepted values otherwise.
Result<Format> ParseFormat(std::string_view name);

// The canonical name ("json", "markdown", "text", "html", "atom").
std::string_view FormatName(Format format);

// The HTTP Content-Type, with charset=utf-8 where it applies.
std::string_view ContentType(Format format);

// The file name extension for a digest written to disk ("json", "md", "txt", "html", "xml").
std::string_view FileExtension(Format format);

std::string Render(const Digest& digest, Format format);

// One function per format (Render dispatches to them).
std::string RenderJson(const Digest& digest);
std::string RenderMarkdown(const Digest& digest);
std::string RenderText(const Digest& digest);
std::string RenderHtml(const Digest& digest);
std::string RenderAtom(const Digest& digest);

}  // namespace tidings::digest
