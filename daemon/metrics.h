// The daemon's counters, for `GET /metrics` (Prometheus text exposition format 0.0.4).
//
//   Metrics& m = Metrics::Global();
//   m.CountPoll(PollResult::kFetched);
//   m.CountFetchError("http_5xx");
//   std::string text = m.Render(gauges);   // what /metrics serves
//
// Everything here is thread-safe: the poller bumps counters on the event loop, the writer and the
// extractors on their own threads, and the control socket renders them on the event loop. Plain
// counters are relaxed atomics (one add, no lock on the poll path); counters keyed by a name that
// only the config or the data knows (topics, extraction outcomes, fetch error kinds) sit behind one
// mutex, since they are bumped at most once per item. Counters only grow while the process runs,
// as Prometheus expects; a restart resets them (Prometheus notices the drop and copes).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tidings::daemon {

enum class PollResult { kFetched, kNotModified, kFailed };

// Values sampled at render time (queue depths and the like); the caller reads them live.
struct MetricGauges {
  std::size_t feeds = 0;
  std::size_t feeds_failing = 0;
  std::size_t feeds_disabled = 0;
  std::size_t polls_in_flight = 0;
  std::size_t parse_queue = 0;
  std::size_t write_queue = 0;
  std::size_t control_connections = 0;
  std::size_t event_subscribers = 0;
};

class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The process's instance: what tidingsd serves and what its parts bump.
  static Metrics& Global();

  void CountPoll(PollResult result);
  // `kind`: a short snake_case word ("network", "timeout", "http_4xx", "http_5xx", "parse",
  // "storage" ...). Kinds are free-form so that new ones need no change here.
  void CountFetchError(std::string_view kind);
  void CountItems(std::int64_t added, std::int64_t changed);
  void CountMatch(std::string_view topic);
  // `outcome`: "extracted", "failed", "skipped", ... as the article fetcher names them.
  void CountExtraction(std::string_view outcome);
  void CountRequest();  // one control-socket request answered
  // A poll that brought a document or a 304 at Unix time `when`.
  void SetLastSuccessfulPoll(std::int64_t when);

  std::uint64_t polls(PollResult result) const;
  std::uint64_t items_added() const { return items_added_.load(std::memory_order_relaxed); }
  std::uint64_t requests() const { return requests_.load(std::memory_order_relaxed); }
  std::optional<std::int64_t> last_successful_poll() const;
  std::uint64_t fetch_errors(std::string_view kind) const;
  std::uint64_t matches(std::string_view topic) const;

  // The whole exposition: every metric with its # HELP and # TYPE lines.
  std::string Render(const MetricGauges& gauges) const;

 private:
  static void Bump(std::map<std::string, std::uint64_t, std::less<>>& counts, std::string_view key);

  std::atomic<std::uint64_t> polls_fetched_{0};
  std::atomic<std::uint64_t> polls_not_modified_{0};
  std::atomic<std::uint64_t> polls_failed_{0};
  std::atomic<std::uint64_t> items_added_{0};
  std::atomic<std::uint64_t> items_changed_{0};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::int64_t> last_success_{0};  // 0: none yet
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t, std::less<>> fetch_errors_;
  std::map<std::string, std::uint64_t, std::less<>> matches_;
  std::map<std::string, std::uint64_t, std::less<>> extractions_;
};

// `value` escaped for a Prometheus label value (backslash, double quote, newline).
std::string PrometheusLabel(std::string_view value);

}  // namespace tidings::daemon
