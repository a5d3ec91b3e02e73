#include "daemon/timing_json.h"

#include <nlohmann/json.hpp>

#include "base/ascii.h"

namespace tidings::daemon {
namespace {

using Json = nlohmann::json;

Json Optional(const std::optional<std::int64_t>& value) { return value ? Json(*value) : Json(); }

template <typename T>
void Read(const Json& json, const char* key, T& out) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return;
  if constexpr (std::is_same_v<T, double>) {
    if (it->is_number()) out = it->get<double>();
  } else if constexpr (std::is_same_v<T, std::optional<std::int64_t>>) {
    if (it->is_number_integer()) out = it->get<std::int64_t>();
  } else {
    if (it->is_number_integer()) out = static_cast<T>(it->get<std::int64_t>());
  }
}

// The value of `name=N` in a Cache-Control header, if present and numeric.
std::optional<std::int64_t> Directive(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = TrimAsciiSpace(header.substr(pos, end - pos));
    pos = end + 1;
    if (part.size() <= name.size() + 1 || part[name.size()] != '=') continue;
    if (!EqualsAsciiLower(part.substr(0, name.size()), name)) continue;
    std::string_view digits = part.substr(name.size() + 1);
    if (!digits.empty() && digits.front() == '"') digits = digits.substr(1, digits.size() - 2);
    std::int64_t value = 0;
    if (digits.empty() || digits.size() > 10) continue;
    bool numeric = true;
    for (char c : digits) {
      if (c < '0' || c > '9') numeric = false;
      value = value * 10 + (c - '0');
    }
    if (numeric) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string TimingToJson(const FeedTiming& t) {
  Json json = {{"interval", t.interval_seconds},
               {"errors", t.consecutive_errors},
               {"backoff", t.backoff_seconds},
               {"last_poll", Optional(t.last_poll)},
               {"last_success", Optional(t.last_success)},
               {"last_new_item", Optional(t.last_new_item)},
               {"failing_since", Optional(t.failing_since)},
               {"ttl_minutes", Optional(t.ttl_minutes)},
               {"dated_items", t.dated_items},
               {"dated_since", t.dated_since},
               {"dated_newest", t.dated_newest},
               {"seen_items", t.seen_items},
               {"seen_seconds", t.seen_seconds}};
  return json.dump();
}

FeedTiming TimingFromJson(std::string_view text) {
  FeedTiming t;
  Json json = Json::parse(text, nullptr, false);
  if (!json.is_object()) return t;
  Read(json, "interval", t.interval_seconds);
  Read(json, "errors", t.consecutive_errors);
  Read(json, "backoff", t.backoff_seconds);
  Read(json, "last_poll", t.last_poll);
  Read(json, "last_success", t.last_success);
  Read(json, "last_new_item", t.last_new_item);
  Read(json, "failing_since", t.failing_since);
  Read(json, "ttl_minutes", t.ttl_minutes);
  Read(json, "dated_items", t.dated_items);
  Read(json, "dated_since", t.dated_since);
  Read(json, "dated_newest", t.dated_newest);
  Read(json, "seen_items", t.seen_items);
  Read(json, "seen_seconds", t.seen_seconds);
  return t;
}

std::optional<std::int64_t> MaxAgeSeconds(std::string_view cache_control) {
  if (auto shared = Directive(cache_control, "s-maxage")) return shared;
  return Directive(cache_control, "max-age");
}

}  // namespace tidings::daemon
