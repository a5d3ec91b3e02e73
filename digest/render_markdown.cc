// The Markdown digest: one numbered heading per story, its sources, extract and reasons.
#include <fmt/format.h>

#include "digest/internal.h"
#include "digest/render.h"

namespace tidings::digest {
namespace {

// Backslash-escapes what CommonMark could read as markup (emphasis, links, code, raw HTML,
// entities, tables, strike-through anywhere; headings, lists and quotes at the start), and folds
// line breaks, so feed text shows as itself.
std::string EscapeMarkdown(std::string_view text) {
  const std::string clean = internal::CleanText(text);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  bool only_digits = true;  // so far: "2024." would start an ordered list
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const char c = clean[i];
    const bool at_start = i == 0;
    if (c == '\n' || c == '\t') {
      out += ' ';
    } else if (std::string_view("\\`*_{}[]<>|~&").find(c) != std::string_view::npos ||
               (c == '!' && i + 1 < clean.size() && clean[i + 1] == '[') ||
               (at_start && std::string_view("#+-=").find(c) != std::string_view::npos) ||
               (only_digits && !at_start && (c == '.' || c == ')'))) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
    only_digits = only_digits && c >= '0' && c <= '9';
  }
  return out;
}

// A link destination in <...> with the characters that could end it percent-encoded.
std::string LinkTarget(std::string_view url) {
  std::string out = "<";
  for (char c : url) {
    if (c == '<' || c == '>' || c == ' ') {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + ">";
}

void AppendEntry(std::string& out, std::size_t number, const Entry& entry) {
  const DigestItem& lead = entry.lead;
  const std::string headline = EscapeMarkdown(internal::Headline(entry));
  if (lead.link && internal::IsWebLink(*lead.link)) {
    out += fmt::format("## {}. [{}]({})\n\n", number, headline, LinkTarget(*lead.link));
  } else {
    out += fmt::format("## {}. {}\n\n", number, headline);
  }
  out += fmt::format("*{}* · {}\n\n", EscapeMarkdown(internal::SourceNames(entry)),
                     internal::HumanTime(lead.time));
  if (!entry.extract.empty()) out += fmt::format("{}\n\n", EscapeMarkdown(entry.extract));
  if (entry.sources.size() > 1) {
    out += "Sources:\n\n";
    for (const Source& source : entry.sources) {
      const std::string name = EscapeMarkdown(source.feed_title);
      if (internal::IsWebLink(source.link)) {
        out += fmt::format("- [{}]({}), {}\n", name, LinkTarget(source.link),
                           internal::HumanTime(source.time));
      } else {
        out += fmt::format("- {}, {}\n", name, internal::HumanTime(source.time));
      }
    }
    out += "\n";
  }
  if (!entry.why.empty()) {
    out += "Why: ";
    for (std::size_t i = 0; i < entry.why.size(); ++i) {
      out += (i > 0 ? "; " : "") + EscapeMarkdown(entry.why[i]);
    }
    out += "\n\n";
  }
}

}  // namespace

std::string RenderMarkdown(const Digest& digest) {
  std::string out = fmt::format("# {}\n\n", EscapeMarkdown(digest.title));
  out += fmt::format("{} to {} · {} stories from {} items\n\n", internal::HumanTime(digest.since),
                     internal::HumanTime(digest.until), digest.entries.size(), digest.item_count);
  if (digest.entries.empty()) out += "Nothing matched in this window.\n";
  for (std::size_t i = 0; i < digest.entries.size(); ++i) {
    AppendEntry(out, i + 1, digest.entries[i]);
  }
  return out;
}

}  // namespace tidings::digest
