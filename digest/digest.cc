#include "digest/digest.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "digest/cluster.h"
#include "digest/internal.h"

namespace tidings::digest {
namespace {

constexpr std::size_t kFallbackTitleChars = 80;

std::string DefaultTitle(const std::vector<std::string>& topics) {
  std::string title = "tidings digest";
  for (std::size_t i = 0; i < topics.size(); ++i) {
    title += i == 0 ? ": " : ", ";
    title += topics[i];
  }
  return title;
}

// Why it matched: the lead's reasons first, then other versions' reasons not already listed.
std::vector<std::string> MergeWhy(const std::vector<DigestItem>& items,
                                  const std::vector<std::size_t>& group, std::size_t lead) {
  std::vector<std::string> why = items[lead].why;
  std::unordered_set<std::string> seen(why.begin(), why.end());
  for (std::size_t index : group) {
    for (const std::string& reason : items[index].why) {
      if (seen.insert(reason).second) why.push_back(reason);
    }
  }
  return why;
}

Entry MakeEntry(std::vector<DigestItem>& items, const std::vector<std::size_t>& group,
                std::int64_t now) {
  const std::size_t lead = internal::PickLead(items, group);
  Entry entry;
  entry.why = MergeWhy(items, group, lead);
  std::unordered_set<std::int64_t> feeds;
  for (std::size_t index : group) {
    const DigestItem& item = items[index];
    feeds.insert(item.feed_id);
    entry.sources.push_back({item.id, item.feed_title, item.link.value_or(""), item.time});
  }
  // The lead first, the other versions newest first.
  std::sort(entry.sources.begin(), entry.sources.end(), [&](const Source& a, const Source& b) {
    if ((a.item_id == items[lead].id) != (b.item_id == items[lead].id)) {
      return a.item_id == items[lead].id;
    }
    return a.time != b.time ? a.time > b.time : a.item_id < b.item_id;
  });
  entry.lead = std::move(items[lead]);
  entry.extract = ExtractLead(entry.lead.text);
  if (!entry.lead.title || entry.lead.title->empty()) {
    entry.lead.title = entry.lead.text.empty() ? std::string("(untitled)")
                                               : ExtractLead(entry.lead.text, kFallbackTitleChars);
  }
  entry.rank =
      internal::RankScore(entry.lead.score, internal::NewestTime(entry), feeds.size(), now);
  return entry;
}

}  // namespace

Digest BuildDigest(std::vector<DigestItem> items, const DigestOptions& options) {
  Digest digest;
  digest.title = options.title.empty() ? DefaultTitle(options.topics) : options.title;
  digest.topics = options.topics;
  digest.since = options.since;
  digest.until = options.until.value_or(options.now);
  digest.generated = options.now;
  digest.self_url = options.self_url;

  std::erase_if(items, [&](const DigestItem& item) {
    return item.time < options.since || (options.until && item.time > *options.until);
  });
  digest.item_count = items.size();

  const std::vector<std::vector<std::size_t>> groups = ClusterItems(items);
  digest.entries.reserve(groups.size());
  for (const std::vector<std::size_t>& group : groups) {
    digest.entries.push_back(MakeEntry(items, group, options.now));
  }
  std::stable_sort(digest.entries.begin(), digest.entries.end(),
                   [](const Entry& a, const Entry& b) {
                     if (a.rank != b.rank) return a.rank > b.rank;
                     return a.lead.time > b.lead.time;
                   });
  if (options.limit != 0 && digest.entries.size() > options.limit) {
    digest.entries.resize(options.limit);
  }
  return digest;
}

}  // namespace tidings::digest
