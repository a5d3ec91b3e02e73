// The JSON digest; docs/digest.md documents its shape.
#include <nlohmann/json.hpp>

#include "digest/internal.h"
#include "digest/render.h"

namespace tidings::digest {
namespace {

using nlohmann::json;

json SourceJson(const Source& source) {
  json out = {{"item_id", source.item_id},
              {"feed", internal::CleanText(source.feed_title)},
              {"time", internal::Iso8601(source.time)}};
  out["link"] = internal::IsWebLink(source.link) ? json(source.link) : json(nullptr);
  return out;
}

json EntryJson(const Entry& entry) {
  const DigestItem& lead = entry.lead;
  json out = {{"id", lead.id},
              {"story_id", internal::StoryItemId(entry)},
              {"title", internal::Headline(entry)},
              {"time", internal::Iso8601(lead.time)},
              {"updated", internal::Iso8601(internal::NewestTime(entry))},
              {"feed", internal::CleanText(lead.feed_title)},
              {"topic", lead.topic},
              {"score", lead.score},
              {"rank", entry.rank},
              {"extract", internal::CleanText(entry.extract)}};
  out["link"] = lead.link && internal::IsWebLink(*lead.link) ? json(*lead.link) : json(nullptr);
  json why = json::array();
  for (const std::string& reason : entry.why) why.push_back(internal::CleanText(reason));
  out["why"] = std::move(why);
  json sources = json::array();
  for (const Source& source : entry.sources) sources.push_back(SourceJson(source));
  out["sources"] = std::move(sources);
  return out;
}

}  // namespace

std::string RenderJson(const Digest& digest) {
  json out = {{"title", internal::CleanText(digest.title)},
              {"topics", digest.topics},
              {"since", internal::Iso8601(digest.since)},
              {"until", internal::Iso8601(digest.until)},
              {"generated", internal::Iso8601(digest.generated)},
              {"item_count", digest.item_count}};
  out["self_url"] = digest.self_url.empty() ? json(nullptr) : json(digest.self_url);
  json entries = json::array();
  for (const Entry& entry : digest.entries) entries.push_back(EntryJson(entry));
  out["entries"] = std::move(entries);
  // Replace, not throw, on bytes that are not UTF-8 (a topic name from a query string, say).
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace tidings::digest
