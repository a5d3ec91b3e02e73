// The plain-text digest, for terminals and the text/plain part of mail. Control characters from
// feeds are replaced (internal::CleanText), so a hostile title cannot drive the terminal.
#include <fmt/format.h>

#include "digest/internal.h"
#include "digest/render.h"

namespace tidings::digest {
namespace {

std::string OneLine(std::string_view text) {
  std::string out = internal::CleanText(text);
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return out;
}

void AppendEntry(std::string& out, std::size_t number, const Entry& entry) {
  const DigestItem& lead = entry.lead;
  out += fmt::format("{}. {}\n", number, OneLine(internal::Headline(entry)));
  out += fmt::format("   {} | {}\n", OneLine(internal::SourceNames(entry)),
                     internal::HumanTime(lead.time));
  if (!entry.extract.empty()) out += fmt::format("   {}\n", OneLine(entry.extract));
  if (lead.link && internal::IsWebLink(*lead.link)) out += fmt::format("   {}\n", *lead.link);
  for (std::size_t i = 1; i < entry.sources.size(); ++i) {
    const Source& source = entry.sources[i];
    out += fmt::format("   also: {}", OneLine(source.feed_title));
    if (internal::IsWebLink(source.link)) out += fmt::format(" {}", source.link);
    out += "\n";
  }
  if (!entry.why.empty()) {
    out += "   why: ";
    for (std::size_t i = 0; i < entry.why.size(); ++i) {
      out += (i > 0 ? "; " : "") + OneLine(entry.why[i]);
    }
    out += "\n";
  }
  out += "\n";
}

}  // namespace

std::string RenderText(const Digest& digest) {
  std::string out = OneLine(digest.title) + "\n";
  out += fmt::format("{} to {}, {} stories from {} items\n\n", internal::HumanTime(digest.since),
                     internal::HumanTime(digest.until), digest.entries.size(), digest.item_count);
  if (digest.entries.empty()) out += "Nothing matched in this window.\n";
  for (std::size_t i = 0; i < digest.entries.size(); ++i) {
    AppendEntry(out, i + 1, digest.entries[i]);
  }
  return out;
}

}  // namespace tidings::digest
