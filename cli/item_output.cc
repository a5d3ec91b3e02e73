#include "cli/item_output.h"

#include <fmt/format.h>

#include <ctime>

#include "base/time.h"
#include "cli/table.h"

namespace tidings::cli {
namespace {

std::string ItemTitle(const storage::ItemSummary& item) {
  return item.title ? *item.title : item.link.value_or("(untitled)");
}

std::string FeedName(const storage::ItemSummary& item) {
  return item.feed_title ? *item.feed_title : item.feed_url;
}

std::string Marks(const storage::ItemSummary& item) {
  std::string marks = item.starred ? "*" : "";
  for (const std::string& label : item.labels) marks += (marks.empty() ? "" : " ") + label;
  return marks;
}

// "in 5m", "3h ago" ...: how far `time` is from `now`.
std::string Relative(std::int64_t time, std::int64_t now) {
  std::int64_t delta = time - now;
  std::int64_t magnitude = delta < 0 ? -delta : delta;
  std::string amount = magnitude < 120      ? fmt::format("{}s", magnitude)
                       : magnitude < 7200   ? fmt::format("{}m", magnitude / 60)
                       : magnitude < 172800 ? fmt::format("{}h", magnitude / 3600)
                                            : fmt::format("{}d", magnitude / 86400);
  return delta < 0 ? amount + " ago" : "in " + amount;
}

}  // namespace

Json HitJson(const storage::SearchHit& hit) {
  Json json = SummaryJson(hit.item);
  json["score"] = hit.score;
  json["snippet"] = hit.snippet;
  return json;
}

std::string LocalTime(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  if (!localtime_r(&t, &local)) return FormatUtc(unix_seconds);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  return text;
}

void PrintItemTable(const std::vector<storage::ItemSummary>& items) {
  Table table({{"ID", Align::kRight, false},
               {"DATE", Align::kLeft, false},
               {"FEED"},
               {"TITLE"},
               {"MARKS"}});
  for (const storage::ItemSummary& item : items) {
    table.AddRow({std::to_string(item.id), LocalTime(item.item_time), FeedName(item),
                  ItemTitle(item), Marks(item)});
  }
  std::fputs(table.Render(TerminalWidth(stdout)).c_str(), stdout);
}

void PrintHitTable(const std::vector<storage::SearchHit>& hits) {
  Table table({{"ID", Align::kRight, false},
               {"DATE", Align::kLeft, false},
               {"FEED"},
               {"TITLE"},
               {"MATCH"}});
  for (const storage::SearchHit& hit : hits) {
    table.AddRow({std::to_string(hit.item.id), LocalTime(hit.item.item_time), FeedName(hit.item),
                  ItemTitle(hit.item), hit.snippet});
  }
  std::fputs(table.Render(TerminalWidth(stdout)).c_str(), stdout);
}

void PrintFeedTable(const std::vector<storage::FeedInfo>& feeds, std::int64_t now) {
  Table table({{"ID", Align::kRight, false},
               {"FEED"},
               {"ITEMS", Align::kRight, false},
               {"LAST POLL", Align::kLeft, false},
               {"STATUS"},
               {"ERRORS", Align::kRight, false},
               {"NEXT POLL", Align::kLeft, false}});
  for (const storage::FeedInfo& feed : feeds) {
    std::string status = feed.disabled_reason ? "disabled: " + *feed.disabled_reason
                         : feed.last_error    ? *feed.last_error
                         : feed.last_status   ? std::to_string(*feed.last_status)
                                              : "-";
    table.AddRow({std::to_string(feed.id), feed.title.value_or(feed.url),
                  std::to_string(feed.item_count),
                  feed.last_poll ? Relative(*feed.last_poll, now) : "never", status,
                  std::to_string(feed.consecutive_errors),
                  feed.next_poll ? Relative(*feed.next_poll, now) : "-"});
  }
  std::fputs(table.Render(TerminalWidth(stdout)).c_str(), stdout);
}

void PrintJson(const Json& json) {
  std::string text = json.dump(2, ' ', false, Json::error_handler_t::replace);
  std::fputs(text.c_str(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace tidings::cli
