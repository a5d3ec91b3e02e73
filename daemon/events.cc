#include "daemon/events.h"

#include <nlohmann/json.hpp>

#include "base/time.h"

namespace tidings::daemon {

std::string EventJson(const MatchEvent& event) {
  nlohmann::ordered_json json = {{"id", event.id},         {"item_id", event.item_id},
                                 {"topic", event.topic},   {"score", event.score},
                                 {"title", event.title},   {"link", event.link},
                                 {"feed", event.feed_url}, {"time", FormatUtc(event.time)}};
  // Invalid UTF-8 from a feed must not make dump() throw.
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string SseMessage(const MatchEvent& event) {
  return "id: " + std::to_string(event.id) + "\nevent: match\ndata: " + EventJson(event) + "\n\n";
}

EventBus::EventBus(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

EventBus& EventBus::Global() {
  static EventBus bus;
  return bus;
}

std::uint64_t EventBus::Publish(MatchEvent event) {
  std::vector<Listener> wake;
  std::uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    id = event.id = ++last_id_;
    ring_.push_back(std::move(event));
    if (ring_.size() > capacity_) ring_.pop_front();
    wake.reserve(listeners_.size());
    for (const auto& entry : listeners_) wake.push_back(entry.second);
  }
  // Outside the lock: a listener may call Since() right away.
  for (const Listener& listener : wake) listener();
  return id;
}

EventBus::Batch EventBus::Since(std::uint64_t after, std::size_t max) const {
  Batch batch;
  std::lock_guard<std::mutex> lock(mutex_);
  if (ring_.empty() || after >= last_id_) return batch;
  std::uint64_t first = ring_.front().id;
  batch.gap = after + 1 < first;
  std::size_t start = after < first ? 0 : static_cast<std::size_t>(after + 1 - first);
  for (std::size_t i = start; i < ring_.size() && batch.events.size() < max; ++i) {
    batch.events.push_back(ring_[i]);
  }
  return batch;
}

std::uint64_t EventBus::last_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_id_;
}

int EventBus::Subscribe(Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  int token = next_token_++;
  listeners_.emplace(token, std::move(listener));
  return token;
}

void EventBus::Unsubscribe(int token) {
  std::lock_guard<std::mutex> lock(mutex_);
  listeners_.erase(token);
}

std::size_t EventBus::subscribers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return listeners_.size();
}

}  // namespace tidings::daemon
