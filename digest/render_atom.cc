// The Atom 1.0 digest, so that a feed reader can subscribe to a topic's digest. Ids are stable
// across runs: the feed's from its topics, an entry's from the story's first archived item
// (urn:tidings:item:ID), which stays the same as more sources join the story.
#include <fmt/format.h>

#include "base/html_text.h"
#include "digest/internal.h"
#include "digest/render.h"

namespace tidings::digest {
namespace {

// Text safe in XML 1.0 content and attribute values: escaped, and without the characters XML
// forbids (CleanText leaves only tab and newline of the controls).
std::string Xml(std::string_view text) {
  std::string out;
  for (char c : internal::CleanText(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The topics as a URN segment: letters, digits and "-._" kept, everything else percent-encoded.
std::string FeedId(const Digest& digest) {
  if (digest.topics.empty()) return "urn:tidings:digest:all";
  std::string id = "urn:tidings:digest:";
  for (std::size_t i = 0; i < digest.topics.size(); ++i) {
    if (i > 0) id += ',';
    for (char c : digest.topics[i]) {
      const auto b = static_cast<unsigned char>(c);
      const bool plain = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
                         (b >= 'A' && b <= 'Z') || c == '-' || c == '.' || c == '_';
      id += plain ? std::string(1, c) : fmt::format("%{:02X}", b);
    }
  }
  return id;
}

// The entry's HTML content (escaped once more by Xml() when written): extract, sources, reasons.
std::string ContentHtml(const Entry& entry) {
  std::string html;
  auto text = [](std::string_view s) { return EscapeHtml(internal::CleanText(s)); };
  if (!entry.extract.empty()) html += "<p>" + text(entry.extract) + "</p>";
  html += "<ul>";
  for (const Source& source : entry.sources) {
    html += "<li>";
    if (internal::IsWebLink(source.link)) {
      html +=
          fmt::format("<a href=\"{}\">{}</a>", EscapeHtml(source.link), text(source.feed_title));
    } else {
      html += text(source.feed_title);
    }
    html += ", " + internal::HumanTime(source.time) + "</li>";
  }
  html += "</ul>";
  if (!entry.why.empty()) {
    html += "<p>Why: ";
    for (std::size_t i = 0; i < entry.why.size(); ++i) {
      html += (i > 0 ? "; " : "") + text(entry.why[i]);
    }
    html += "</p>";
  }
  return html;
}

void AppendEntry(std::string& out, const Entry& entry) {
  const DigestItem& lead = entry.lead;
  out += "  <entry>\n";
  out += fmt::format("    <id>urn:tidings:item:{}</id>\n", internal::StoryItemId(entry));
  out += fmt::format("    <title type=\"text\">{}</title>\n", Xml(internal::Headline(entry)));
  out += fmt::format("    <updated>{}</updated>\n", internal::Iso8601(internal::NewestTime(entry)));
  out += fmt::format("    <published>{}</published>\n", internal::Iso8601(lead.time));
  const std::string author = lead.feed_title.empty() ? "(unnamed feed)" : lead.feed_title;
  out += fmt::format("    <author><name>{}</name></author>\n", Xml(author));
  if (lead.link && internal::IsWebLink(*lead.link)) {
    out += fmt::format("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                       Xml(*lead.link));
  }
  if (!lead.topic.empty()) out += fmt::format("    <category term=\"{}\"/>\n", Xml(lead.topic));
  out += fmt::format("    <summary type=\"text\">{}</summary>\n", Xml(entry.extract));
  out += fmt::format("    <content type=\"html\">{}</content>\n", Xml(ContentHtml(entry)));
  out += "  </entry>\n";
}

}  // namespace

std::string RenderAtom(const Digest& digest) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += fmt::format("  <id>{}</id>\n", Xml(FeedId(digest)));
  out += fmt::format("  <title type=\"text\">{}</title>\n", Xml(digest.title));
  out += fmt::format("  <updated>{}</updated>\n", internal::Iso8601(digest.generated));
  out += "  <author><name>tidings</name></author>\n";
  out += "  <generator>tidings</generator>\n";
  if (internal::IsWebLink(digest.self_url)) {
    out += fmt::format("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                       Xml(digest.self_url));
  }
  for (const Entry& entry : digest.entries) AppendEntry(out, entry);
  out += "</feed>\n";
  return out;
}

}  // namespace tidings::digest
