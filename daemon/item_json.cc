#include "daemon/item_json.h"

#include "base/time.h"
#include "storage/ingest.h"

namespace tidings::daemon {
namespace {

Json OrNull(const std::optional<std::string>& value) { return value ? Json(*value) : Json(); }
Json TimeOrNull(const std::optional<std::int64_t>& time) {
  return time ? Json(FormatUtc(*time)) : Json();
}

}  // namespace

Json SummaryJson(const storage::ItemSummary& item) {
  return {
      {"id", item.id},
      {"feed", {{"id", item.feed_id}, {"url", item.feed_url}, {"title", OrNull(item.feed_title)}}},
      {"title", OrNull(item.title)},
      {"link", OrNull(item.link)},
      {"time", FormatUtc(item.item_time)},
      {"first_seen", FormatUtc(item.first_seen)},
      {"starred", item.starred},
      {"labels", item.labels},
      {"topics", item.topics}};
}

Json ArticleJson(const storage::ArticleInfo& article) {
  Json json;
  json["outcome"] = article.outcome;
  json["error"] = OrNull(article.error);
  json["attempts"] = article.attempts;
  json["next_attempt"] = TimeOrNull(article.next_attempt);
  json["fetched"] = FormatUtc(article.fetched);
  json["final_url"] = OrNull(article.final_url);
  json["canonical_url"] = OrNull(article.canonical_url);
  json["metadata"] =
      article.metadata_json ? Json::parse(*article.metadata_json, nullptr, false) : Json::object();
  if (json["metadata"].is_discarded()) json["metadata"] = Json::object();
  json["html"] = OrNull(article.html);
  return json;
}

Json DetailJson(const storage::ItemDetail& item) {
  Json json = SummaryJson(item);
  json["key"] = item.item_key;
  json["guid"] = OrNull(item.guid);
  json["canonical_link"] = OrNull(item.canonical_link);
  json["author"] = OrNull(item.author);
  json["author_email"] = OrNull(item.author_email);
  json["published"] = TimeOrNull(item.published);
  json["updated"] = TimeOrNull(item.updated);
  json["summary_html"] = OrNull(item.summary_html);
  json["content_html"] = OrNull(item.content_html);
  json["text"] = item.text;
  json["full_text"] = OrNull(item.full_text);
  json["language"] = OrNull(item.language);
  json["categories"] = item.categories;
  json["enclosures"] = Json::parse(item.enclosures_json, nullptr, false);
  if (json["enclosures"].is_discarded()) json["enclosures"] = Json::array();
  json["comments"] = OrNull(item.comments_url);
  json["last_changed"] = FormatUtc(item.last_changed);
  json["revisions"] = item.revision_count;
  json["note"] = OrNull(item.note);
  json["story_id"] = item.story_id;
  json["same_story"] = item.same_story;
  json["article"] = item.article ? ArticleJson(*item.article) : Json();
  return json;
}

Json FeedJson(const storage::FeedInfo& feed) {
  return {{"id", feed.id},
          {"url", feed.url},
          {"title", OrNull(feed.title)},
          {"site_link", OrNull(feed.site_link)},
          {"items", feed.item_count},
          {"newest_item", TimeOrNull(feed.newest_item)},
          {"last_poll", TimeOrNull(feed.last_poll)},
          {"last_success", TimeOrNull(feed.last_success)},
          {"next_poll", TimeOrNull(feed.next_poll)},
          {"last_status", feed.last_status ? Json(*feed.last_status) : Json()},
          {"last_error", OrNull(feed.last_error)},
          {"consecutive_errors", feed.consecutive_errors},
          {"backoff_seconds", feed.backoff_seconds},
          {"key", storage::KeyKindName(feed.key_kind)},
          {"polls", feed.polls},
          {"errors", feed.errors},
          {"etag", OrNull(feed.etag)},
          {"last_modified", OrNull(feed.last_modified)},
          {"interval_seconds", feed.interval_seconds ? Json(*feed.interval_seconds) : Json()},
          {"fetch_url", OrNull(feed.fetch_url)},
          {"failing_since", TimeOrNull(feed.failing_since)},
          {"disabled", OrNull(feed.disabled_reason)}};
}

}  // namespace tidings::daemon
