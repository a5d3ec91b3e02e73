// The bus of "new match" events behind `GET /v1/events` (Server-Sent Events).
//
//   EventBus& bus = EventBus::Global();          // the daemon's; tests make their own
//   bus.Publish({.item_id = 42, .topic = "science", .score = 0.91, .title = "..."});
//   EventBus::Batch b = bus.Since(last_event_id, 100);   // what a client has not seen yet
//   int token = bus.Subscribe([&] { /* post a wake-up to your own thread */ });
//
// Ids start at 1 and increase by one per event for the life of the process, so a client resumes
// with `Last-Event-ID` and gets exactly the later events. The bus keeps the last `capacity` events
// in a ring: a client that fell further behind gets what is left and `gap` set (it should re-read
// the archive for the window it missed). Memory is bounded whatever the clients do.
//
// Thread-safe: the writer thread publishes, the event loop reads. Listeners run on the
// publishing thread, under no lock of the bus, and must only schedule work (post to an
// io_context), never block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tidings::daemon {

struct MatchEvent {
  std::uint64_t id = 0;  // set by Publish
  std::int64_t item_id = 0;
  std::string topic;
  double score = 0.0;
  std::string title;
  std::string link;
  std::string feed_url;
  std::int64_t time = 0;  // the item's time, Unix seconds
};

// The event as the `data:` line of an SSE message: one line of JSON.
std::string EventJson(const MatchEvent& event);
// One whole SSE message: "id: N\nevent: match\ndata: {...}\n\n".
std::string SseMessage(const MatchEvent& event);

class EventBus {
 public:
  using Listener = std::function<void()>;

  explicit EventBus(std::size_t capacity = 1024);
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // The process's bus: where ingest publishes and what tidingsd's /v1/events serves.
  static EventBus& Global();

  // Stores `event` with the next id (returned) and wakes every listener.
  std::uint64_t Publish(MatchEvent event);

  struct Batch {
    std::vector<MatchEvent> events;  // ids > after, oldest first, at most `max`
    bool gap = false;                // events after `after` were dropped from the ring
  };
  Batch Since(std::uint64_t after, std::size_t max) const;

  // The id of the newest event (0 before the first).
  std::uint64_t last_id() const;

  // `listener` runs after every Publish until Unsubscribe(token).
  int Subscribe(Listener listener);
  void Unsubscribe(int token);
  std::size_t subscribers() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<MatchEvent> ring_;
  std::uint64_t last_id_ = 0;
  int next_token_ = 1;
  std::map<int, Listener> listeners_;
};

}  // namespace tidings::daemon
