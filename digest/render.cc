// Format names and dispatch, and the helpers every renderer shares.
#include "digest/render.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/time.h"
#include "digest/internal.h"

namespace tidings::digest {
namespace internal {

std::string Iso8601(std::int64_t unix_seconds) { return FormatUtc(unix_seconds); }

std::string HumanTime(std::int64_t unix_seconds) {
  std::string iso = FormatUtc(unix_seconds);  // "YYYY-MM-DDTHH:MM:SSZ"
  if (iso.size() < 16) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

bool IsWebLink(std::string_view url) {
  std::string_view rest;
  if (url.size() > 8 && (url.substr(0, 8) == "https://" || url.substr(0, 8) == "HTTPS://")) {
    rest = url.substr(8);
  } else if (url.size() > 7 && (url.substr(0, 7) == "http://" || url.substr(0, 7) == "HTTP://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b <= 0x20 || b == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`';
  });
}

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t c = NextCodePoint(text, pos);
    if (c == 0xFFFD && !(pos - start == 3 && text.substr(start, 3) == "\xEF\xBF\xBD")) {
      out += "\xEF\xBF\xBD";  // malformed UTF-8
    } else if (c == '\n' || c == '\t') {
      out += static_cast<char>(c);
    } else if (c == '\r' || c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
      out += ' ';  // controls (terminal escapes among them) would act, not show
    } else if (c == 0xFFFE || c == 0xFFFF || c == 0x2028 || c == 0x2029) {
      out += ' ';
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string Headline(const Entry& entry) {
  return CleanText(entry.lead.title.value_or("(untitled)"));
}

std::string SourceNames(const Entry& entry) {
  constexpr std::size_t kNamed = 4;
  std::vector<std::string> names;
  for (const Source& source : entry.sources) {
    std::string name = CleanText(source.feed_title.empty() ? "(unnamed feed)" : source.feed_title);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kNamed; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (names.size() > kNamed) out += fmt::format(" (+{} more)", names.size() - kNamed);
  return out;
}

std::int64_t StoryItemId(const Entry& entry) {
  std::int64_t id = entry.lead.id;
  for (const Source& source : entry.sources) id = std::min(id, source.item_id);
  return id;
}

std::int64_t NewestTime(const Entry& entry) {
  std::int64_t newest = entry.lead.time;
  for (const Source& source : entry.sources) newest = std::max(newest, source.time);
  return newest;
}

}  // namespace internal

Result<Format> ParseFormat(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower == "json") return Format::kJson;
  if (lower == "markdown" || lower == "md") return Format::kMarkdown;
  if (lower == "text" || lower == "txt" || lower == "plain") return Format::kText;
  if (lower == "html") return Format::kHtml;
  if (lower == "atom") return Format::kAtom;
  return InvalidError("unknown digest format (expected json, markdown, text, html or atom)");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kJson:
      return "json";
    case Format::kMarkdown:
      return "markdown";
    case Format::kText:
      return "text";
    case Format::kHtml:
      return "html";
    case Format::kAtom:
      return "atom";
  }
  return "json";
}

std::string_view ContentType(Format format) {
  switch (format) {
    case Format::kJson:
      return "application/json";
    case Format::kMarkdown:
      return "text/markdown; charset=utf-8";
    case Format::kText:
      return "text/plain; charset=utf-8";
    case Format::kHtml:
      return "text/html; charset=utf-8";
    case Format::kAtom:
      return "application/atom+xml; charset=utf-8";
  }
  return "application/json";
}

std::string_view FileExtension(Format format) {
  switch (format) {
    case Format::kJson:
      return "json";
    case Format::kMarkdown:
      return "md";
    case Format::kText:
      return "txt";
    case Format::kHtml:
      return "html";
    case Format::kAtom:
      return "xml";
  }
  return "json";
}

std::string Render(const Digest& digest, Format format) {
  switch (format) {
    case Format::kJson:
      return RenderJson(digest);
    case Format::kMarkdown:
      return RenderMarkdown(digest);
    case Format::kText:
      return RenderText(digest);
    case Format::kHtml:
      return RenderHtml(digest);
    case Format::kAtom:
      return RenderAtom(digest);
  }
  return RenderJson(digest);
}

}  // namespace tidings::digest
