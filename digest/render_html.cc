// The HTML digest: one self-contained page, readable on a phone. Inline CSS only: no scripts, no
// external resources (the Content-Security-Policy says so too), every feed string escaped, and
// the only links are http(s) links to articles.
#include <fmt/format.h>

#include "base/html_text.h"
#include "digest/internal.h"
#include "digest/render.h"

namespace tidings::digest {
namespace {

constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<style>
body{margin:0 auto;max-width:42rem;padding:1rem;font:1.05rem/1.5 system-ui,sans-serif;
color:#1b1b1b;background:#fff;overflow-wrap:break-word}
h1{font-size:1.5rem;margin:0 0 .25rem}
.window{color:#555;margin:0 0 1.5rem}
article{border-top:1px solid #ddd;padding:1rem 0}
h2{font-size:1.15rem;margin:0 0 .25rem}
a{color:#0645ad}
.meta,.why{color:#555;font-size:.9rem;margin:.25rem 0}
ul{margin:.25rem 0;padding-left:1.25rem;font-size:.9rem}
@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#111}a{color:#8ab4f8}
.meta,.why,.window{color:#aaa}article{border-color:#333}}
</style>
)";

std::string Text(std::string_view text) { return EscapeHtml(internal::CleanText(text)); }

// An article link, or the escaped text alone when the link is not http(s).
std::string Link(std::string_view url, std::string_view text) {
  if (!internal::IsWebLink(url)) return Text(text);
  return fmt::format(R"(<a href="{}" rel="noopener noreferrer">{}</a>)", EscapeHtml(url),
                     Text(text));
}

void AppendEntry(std::string& out, const Entry& entry) {
  const DigestItem& lead = entry.lead;
  out += "<article>\n";
  out += fmt::format("<h2>{}</h2>\n", Link(lead.link.value_or(""), internal::Headline(entry)));
  out += fmt::format(R"(<p class="meta">{} · <time datetime="{}">{}</time></p>)",
                     Text(internal::SourceNames(entry)), internal::Iso8601(lead.time),
                     internal::HumanTime(lead.time));
  out += "\n";
  if (!entry.extract.empty()) out += fmt::format("<p>{}</p>\n", Text(entry.extract));
  if (entry.sources.size() > 1) {
    out += "<ul>\n";
    for (const Source& source : entry.sources) {
      out += fmt::format("<li>{}, {}</li>\n", Link(source.link, source.feed_title),
                         internal::HumanTime(source.time));
    }
    out += "</ul>\n";
  }
  if (!entry.why.empty()) {
    out += R"(<p class="why">Why: )";
    for (std::size_t i = 0; i < entry.why.size(); ++i) {
      out += (i > 0 ? "; " : "") + Text(entry.why[i]);
    }
    out += "</p>\n";
  }
  out += "</article>\n";
}

}  // namespace

std::string RenderHtml(const Digest& digest) {
  std::string out(kHead);
  out += fmt::format("<title>{}</title>\n</head>\n<body>\n", Text(digest.title));
  out += fmt::format("<h1>{}</h1>\n", Text(digest.title));
  out += fmt::format(R"(<p class="window">{} to {} · {} stories from {} items</p>)",
                     internal::HumanTime(digest.since), internal::HumanTime(digest.until),
                     digest.entries.size(), digest.item_count);
  out += "\n";
  if (digest.entries.empty()) out += "<p>Nothing matched in this window.</p>\n";
  for (const Entry& entry : digest.entries) AppendEntry(out, entry);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace tidings::digest
