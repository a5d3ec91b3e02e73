#include "daemon/article_page.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/ascii.h"

namespace tidings::daemon {
namespace {

constexpr std::size_t kMetaScanBytes = 512 * 1024;
constexpr int kMaxAttempts = 4;
constexpr std::int64_t kFirstRetry = 3600;

// True when the comma- or space-separated `directives` include noarchive.
bool ListsNoArchive(std::string_view directives) {
  while (!directives.empty()) {
    std::size_t end = directives.find_first_of(", \t");
    if (end == std::string_view::npos) end = directives.size();
    if (EqualsAsciiLower(directives.substr(0, end), "noarchive")) return true;
    directives.remove_prefix(std::min(end + 1, directives.size()));
  }
  return false;
}

bool StartsWithLower(std::string_view text, std::size_t at, std::string_view lower) {
  return text.size() - at >= lower.size() && EqualsAsciiLower(text.substr(at, lower.size()), lower);
}

struct MetaTag {
  std::string_view name, content;
};

// Reads the attributes of a tag from just after "<meta" to its '>'; `at` ends past the tag.
MetaTag ReadMeta(std::string_view html, std::size_t& at) {
  MetaTag tag;
  while (at < html.size() && html[at] != '>') {
    if (IsAsciiSpace(html[at]) || html[at] == '/') {
      ++at;
      continue;
    }
    const std::size_t name_start = at;
    while (at < html.size() && !IsAsciiSpace(html[at]) && html[at] != '=' && html[at] != '>') ++at;
    const std::string_view name = html.substr(name_start, at - name_start);
    while (at < html.size() && IsAsciiSpace(html[at])) ++at;
    std::string_view value;
    if (at < html.size() && html[at] == '=') {
      ++at;
      while (at < html.size() && IsAsciiSpace(html[at])) ++at;
      if (at < html.size() && (html[at] == '"' || html[at] == '\'')) {
        const char quote = html[at++];
        std::size_t end = html.find(quote, at);
        if (end == std::string_view::npos) end = html.size();
        value = html.substr(at, end - at);
        at = std::min(end + 1, html.size());
      } else {
        const std::size_t start = at;
        while (at < html.size() && !IsAsciiSpace(html[at]) && html[at] != '>') ++at;
        value = html.substr(start, at - start);
      }
    }
    if (EqualsAsciiLower(name, "name")) tag.name = TrimAsciiSpace(value);
    if (EqualsAsciiLower(name, "content")) tag.content = value;
  }
  return tag;
}

storage::ArticleRecord Record(std::string outcome, std::string error) {
  storage::ArticleRecord record;
  record.outcome = std::move(outcome);
  if (!error.empty()) record.error = std::move(error);
  return record;
}

}  // namespace

bool HeaderSaysNoArchive(std::string_view x_robots_tag) {
  while (!x_robots_tag.empty()) {
    std::size_t end = x_robots_tag.find('\n');
    if (end == std::string_view::npos) end = x_robots_tag.size();
    std::string_view line = TrimAsciiSpace(x_robots_tag.substr(0, end));
    x_robots_tag.remove_prefix(std::min(end + 1, x_robots_tag.size()));
    // "bot: directives" is for that bot only. A lone directive with a value
    // ("unavailable_after: date") looks the same, and is not about archiving either.
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos &&
        line.substr(0, colon).find_first_of(", \t") == std::string_view::npos) {
      if (!EqualsAsciiLower(line.substr(0, colon), kRobotsAgent)) continue;
      line = line.substr(colon + 1);
    }
    if (ListsNoArchive(line)) return true;
  }
  return false;
}

bool MetaSaysNoArchive(std::string_view html) {
  if (html.size() > kMetaScanBytes) html = html.substr(0, kMetaScanBytes);
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string_view::npos) {
    ++at;
    if (StartsWithLower(html, at, "body")) return false;
    if (!StartsWithLower(html, at, "meta")) continue;
    at += 4;
    if (at < html.size() && !IsAsciiSpace(html[at]) && html[at] != '/') continue;  // <metadata>
    const MetaTag tag = ReadMeta(html, at);
    if ((EqualsAsciiLower(tag.name, "robots") || EqualsAsciiLower(tag.name, kRobotsAgent)) &&
        ListsNoArchive(tag.content)) {
      return true;
    }
  }
  return false;
}

std::optional<std::int64_t> RetryTime(std::int64_t now, int attempt) {
  if (attempt < 1 || attempt >= kMaxAttempts) return std::nullopt;
  return now + (kFirstRetry << (2 * (attempt - 1)));
}

std::optional<storage::ArticleRecord> FetchOutcome(const fetch::FetchResult& fetch,
                                                   std::int64_t now, int attempt) {
  storage::ArticleRecord record;
  if (!fetch.status.ok()) {
    if (fetch.status.code() == StatusCode::kTooLarge) {
      return Record("too_large", fetch.status.message());
    }
    record = Record("fetch_error", fetch.status.message());
    record.next_attempt = RetryTime(now, attempt);
    return record;
  }
  const int code = fetch.http_status;
  if (code >= 200 && code <= 299) return std::nullopt;
  record = Record("http_error", fmt::format("HTTP {} from {}", code, fetch.final_url));
  record.final_url = fetch.final_url;
  // Server trouble and rate limits pass; a 404 or 403 will not change by itself.
  if (code >= 500 || code == 429 || code == 408) record.next_attempt = RetryTime(now, attempt);
  return record;
}

storage::ArticleRecord ExtractOutcome(const Result<extract::Article>& article,
                                      const fetch::FetchResult& page, std::int64_t now,
                                      int attempt) {
  storage::ArticleRecord record;
  if (!article.ok()) {
    const bool large = article.status().code() == StatusCode::kTooLarge;
    record = Record(large ? "too_large" : "no_content", article.status().message());
  } else if (article->kind != extract::PageKind::kArticle) {
    record = Record(std::string(extract::PageKindName(article->kind)), "");
    // A consent wall, a paywall or a bot check may let us through later; an empty page will not.
    if (article->kind != extract::PageKind::kNoContent) {
      record.next_attempt = RetryTime(now, attempt);
    }
  } else if (TrimAsciiSpace(article->text).empty()) {
    record = Record("no_content", "no main text found");
  } else {
    record = Record("article", "");
    record.full_text = article->text;
    record.html = article->html;
    record.page = storage::RawPage{page.final_url, page.content_type, {}};
  }
  record.final_url = page.final_url;
  if (article.ok()) {
    record.canonical_url = article->metadata.canonical_url;
    record.metadata_json = MetadataJson(*article);
  }
  return record;
}

std::string MetadataJson(const extract::Article& article) {
  const extract::PageMetadata& m = article.metadata;
  nlohmann::json json = nlohmann::json::object();
  auto put = [&json](const char* key, const std::optional<std::string>& value) {
    if (value && !value->empty()) json[key] = *value;
  };
  put("title", m.title);
  put("byline", m.byline);
  put("published", m.published);
  put("lead_image", m.lead_image);
  put("language", m.language);
  put("site_name", m.site_name);
  put("description", m.description);
  if (!article.charset.empty()) json["charset"] = article.charset;
  // Page text can hold invalid UTF-8; replace it rather than fail.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool IsPageType(const std::optional<std::string>& content_type) {
  if (!content_type) return true;
  const std::string type = AsciiLower(*content_type);
  return type.find("html") != std::string::npos || type.find("xml") != std::string::npos ||
         type.starts_with("text/") || TrimAsciiSpace(type).empty();
}

}  // namespace tidings::daemon
