#include "daemon/metrics.h"

#include <fmt/format.h>

namespace tidings::daemon {
namespace {

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void Sample(std::string& out, std::string_view name, std::uint64_t value) {
  fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
}

void Labelled(std::string& out, std::string_view name, std::string_view label,
              const std::map<std::string, std::uint64_t, std::less<>>& counts) {
  for (const auto& [key, value] : counts) {
    fmt::format_to(std::back_inserter(out), "{}{{{}=\"{}\"}} {}\n", name, label,
                   PrometheusLabel(key), value);
  }
}

}  // namespace

Metrics& Metrics::Global() {
  static Metrics metrics;
  return metrics;
}

void Metrics::CountPoll(PollResult result) {
  switch (result) {
    case PollResult::kFetched:
      polls_fetched_.fetch_add(1, std::memory_order_relaxed);
      break;
    case PollResult::kNotModified:
      polls_not_modified_.fetch_add(1, std::memory_order_relaxed);
      break;
    case PollResult::kFailed:
      polls_failed_.fetch_add(1, std::memory_order_relaxed);
      break;
  }
}

void Metrics::Bump(std::map<std::string, std::uint64_t, std::less<>>& counts,
                   std::string_view key) {
  auto found = counts.find(key);
  if (found == counts.end()) {
    counts.emplace(std::string(key), 1);
  } else {
    ++found->second;
  }
}

void Metrics::CountFetchError(std::string_view kind) {
  std::lock_guard<std::mutex> lock(mutex_);
  Bump(fetch_errors_, kind);
}

void Metrics::CountItems(std::int64_t added, std::int64_t changed) {
  if (added > 0) items_added_.fetch_add(static_cast<std::uint64_t>(added));
  if (changed > 0) items_changed_.fetch_add(static_cast<std::uint64_t>(changed));
}

void Metrics::CountMatch(std::string_view topic) {
  std::lock_guard<std::mutex> lock(mutex_);
  Bump(matches_, topic);
}

void Metrics::CountExtraction(std::string_view outcome) {
  std::lock_guard<std::mutex> lock(mutex_);
  Bump(extractions_, outcome);
}

void Metrics::CountRequest() { requests_.fetch_add(1, std::memory_order_relaxed); }

void Metrics::SetLastSuccessfulPoll(std::int64_t when) {
  std::int64_t seen = last_success_.load(std::memory_order_relaxed);
  while (when > seen && !last_success_.compare_exchange_weak(seen, when)) {
  }
}

std::uint64_t Metrics::polls(PollResult result) const {
  switch (result) {
    case PollResult::kFetched:
      return polls_fetched_.load(std::memory_order_relaxed);
    case PollResult::kNotModified:
      return polls_not_modified_.load(std::memory_order_relaxed);
    case PollResult::kFailed:
      return polls_failed_.load(std::memory_order_relaxed);
  }
  return 0;
}

std::optional<std::int64_t> Metrics::last_successful_poll() const {
  std::int64_t when = last_success_.load(std::memory_order_relaxed);
  return when > 0 ? std::optional(when) : std::nullopt;
}

std::uint64_t Metrics::fetch_errors(std::string_view kind) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = fetch_errors_.find(kind);
  return found == fetch_errors_.end() ? 0 : found->second;
}

std::uint64_t Metrics::matches(std::string_view topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = matches_.find(topic);
  return found == matches_.end() ? 0 : found->second;
}

std::string Metrics::Render(const MetricGauges& gauges) const {
  std::string out;
  out.reserve(4096);
  Header(out, "tidings_polls_total", "counter", "Feed polls finished, by result.");
  fmt::format_to(std::back_inserter(out),
                 "tidings_polls_total{{result=\"fetched\"}} {}\n"
                 "tidings_polls_total{{result=\"not_modified\"}} {}\n"
                 "tidings_polls_total{{result=\"failed\"}} {}\n",
                 polls(PollResult::kFetched), polls(PollResult::kNotModified),
                 polls(PollResult::kFailed));
  Header(out, "tidings_items_ingested_total", "counter", "New items stored.");
  Sample(out, "tidings_items_ingested_total", items_added());
  Header(out, "tidings_items_changed_total", "counter", "Stored items whose content changed.");
  Sample(out, "tidings_items_changed_total", items_changed_.load(std::memory_order_relaxed));
  Header(out, "tidings_control_requests_total", "counter", "Control socket requests answered.");
  Sample(out, "tidings_control_requests_total", requests());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Header(out, "tidings_fetch_errors_total", "counter", "Failed polls, by kind of failure.");
    Labelled(out, "tidings_fetch_errors_total", "kind", fetch_errors_);
    Header(out, "tidings_topic_matches_total", "counter", "Items that matched a topic.");
    Labelled(out, "tidings_topic_matches_total", "topic", matches_);
    Header(out, "tidings_extractions_total", "counter", "Article extractions, by outcome.");
    Labelled(out, "tidings_extractions_total", "outcome", extractions_);
  }
  Header(out, "tidings_last_successful_poll_timestamp_seconds", "gauge",
         "Unix time of the last poll that got a document or a 304 (0: none yet).");
  fmt::format_to(std::back_inserter(out), "tidings_last_successful_poll_timestamp_seconds {}\n",
                 last_success_.load(std::memory_order_relaxed));
  struct Gauge {
    std::string_view name, help;
    std::size_t value;
  };
  const Gauge kGauges[] = {
      {"tidings_feeds", "Feeds the daemon polls.", gauges.feeds},
      {"tidings_feeds_failing", "Feeds whose last poll failed.", gauges.feeds_failing},
      {"tidings_feeds_disabled", "Feeds no longer polled (410 Gone).", gauges.feeds_disabled},
      {"tidings_polls_in_flight", "Polls started and not finished.", gauges.polls_in_flight},
      {"tidings_parse_queue_depth", "Documents queued or being parsed.", gauges.parse_queue},
      {"tidings_write_queue_depth", "Archive writes queued or running.", gauges.write_queue},
      {"tidings_control_connections", "Open control socket connections.",
       gauges.control_connections},
      {"tidings_event_subscribers", "Open /v1/events streams.", gauges.event_subscribers},
  };
  for (const Gauge& gauge : kGauges) {
    Header(out, gauge.name, "gauge", gauge.help);
    Sample(out, gauge.name, gauge.value);
  }
  return out;
}

std::string PrometheusLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace tidings::daemon
