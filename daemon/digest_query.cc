#include "daemon/digest_query.h"

#include "storage/topics.h"

namespace tidings::daemon {
namespace {

digest::DigestItem ToDigestItem(storage::MatchedItem&& item) {
  digest::DigestItem out;
  out.id = item.id;
  out.feed_id = item.feed_id;
  out.feed_title = std::move(item.feed_title);
  out.feed_url = std::move(item.feed_url);
  out.title = std::move(item.title);
  out.link = std::move(item.link);
  out.canonical_link = std::move(item.canonical_link);
  out.time = item.time;
  out.text = std::move(item.text);
  out.story_id = item.story_id;
  out.topic = std::move(item.topic);
  out.score = item.score;
  out.why = std::move(item.why);
  return out;
}

}  // namespace

Result<digest::Digest> QueryDigest(storage::Archive& archive, const DigestQuery& query) {
  storage::MatchedFilter filter;
  filter.topics = query.topics;
  filter.limit = kMaxDigestItems;
  filter.since = query.since;
  filter.until = query.until;
  Result<std::vector<storage::MatchedItem>> matched = storage::ListMatched(archive, filter);
  if (!matched.ok()) return matched.status();
  std::vector<digest::DigestItem> items;
  items.reserve(matched->size());
  for (storage::MatchedItem& item : *matched) items.push_back(ToDigestItem(std::move(item)));
  digest::DigestOptions options;
  options.topics = query.topics;
  options.since = query.since;
  options.until = query.until;
  options.now = query.now;
  options.limit = query.limit;
  options.title = query.title;
  options.self_url = query.self_url;
  return digest::BuildDigest(std::move(items), options);
}

}  // namespace tidings::daemon
