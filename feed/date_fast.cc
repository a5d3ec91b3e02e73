#include "feed/date_fast.h"

#include "base/time.h"

namespace tidings::feed::dates {
namespace {

// Reads `count` digits at text[pos]; -1 when any is not a digit.
int Digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

int MonthOf(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int m = 0; m < 12; ++m) {
    if (kMonths[m] == name) return m + 1;
  }
  return 0;
}

bool IsWeekday(std::string_view name) {
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (std::string_view day : kDays) {
    if (day == name) return true;
  }
  return false;
}

// "+0200", "-0530", "+02:00": minutes east of UTC; nullopt when malformed.
std::optional<int> NumericZone(std::string_view zone) {
  if (zone.size() != 5 && zone.size() != 6) return std::nullopt;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  int hours = Digits(zone, 1, 2);
  std::size_t minute_pos = zone.size() == 6 ? 4 : 3;
  if (zone.size() == 6 && zone[3] != ':') return std::nullopt;
  int minutes = Digits(zone, minute_pos, 2);
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return std::nullopt;
  int offset = hours * 60 + minutes;
  return zone[0] == '-' ? -offset : offset;
}

std::optional<Time> Compose(int year, int month, int day, int hour, int minute, int second,
                            int zone_minutes) {
  if (year < 0 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return std::nullopt;
  if (!IsValidDateTime(year, static_cast<unsigned>(month), static_cast<unsigned>(day),
                       static_cast<unsigned>(hour), static_cast<unsigned>(minute),
                       static_cast<unsigned>(second))) {
    return std::nullopt;  // the general parser says what is wrong
  }
  return UnixSeconds(year, static_cast<unsigned>(month), static_cast<unsigned>(day),
                     static_cast<unsigned>(hour), static_cast<unsigned>(minute),
                     static_cast<unsigned>(second)) -
         Time{zone_minutes} * 60;
}

// "Tue, 10 Jun 2003 04:00:00 GMT" / "+0200" (a one-digit day allowed).
std::optional<Time> Rfc822(std::string_view t) {
  if (t.size() < 29 || t[3] != ',' || t[4] != ' ' || !IsWeekday(t.substr(0, 3)))
    return std::nullopt;
  std::size_t pos = 5;
  std::size_t day_digits = t[pos + 1] == ' ' ? 1 : 2;
  int day = Digits(t, pos, day_digits);
  pos += day_digits;
  if (t.size() < pos + 22 || t[pos] != ' ' || t[pos + 4] != ' ') return std::nullopt;
  int month = MonthOf(t.substr(pos + 1, 3));
  int year = Digits(t, pos + 5, 4);
  pos += 9;
  if (t[pos] != ' ' || t[pos + 3] != ':' || t[pos + 6] != ':' || t[pos + 9] != ' ') {
    return std::nullopt;
  }
  int hour = Digits(t, pos + 1, 2), minute = Digits(t, pos + 4, 2), second = Digits(t, pos + 7, 2);
  std::string_view zone = t.substr(pos + 10);
  int zone_minutes = 0;
  if (zone != "GMT" && zone != "UT" && zone != "UTC" && zone != "Z") {
    std::optional<int> numeric = NumericZone(zone);
    if (!numeric) return std::nullopt;
    zone_minutes = *numeric;
  }
  if (month == 0) return std::nullopt;
  return Compose(year, month, day, hour, minute, second, zone_minutes);
}

// "2003-06-10T04:00:00Z", with an optional fraction and a numeric offset.
std::optional<Time> Rfc3339(std::string_view t) {
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  int year = Digits(t, 0, 4), month = Digits(t, 5, 2), day = Digits(t, 8, 2);
  int hour = Digits(t, 11, 2), minute = Digits(t, 14, 2), second = Digits(t, 17, 2);
  std::size_t pos = 19;
  if (t[pos] == '.') {
    ++pos;
    std::size_t digits = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    if (pos == digits) return std::nullopt;
  }
  std::string_view zone = t.substr(pos);
  int zone_minutes = 0;
  if (zone != "Z") {
    std::optional<int> numeric = zone.size() == 6 ? NumericZone(zone) : std::nullopt;
    if (!numeric) return std::nullopt;
    zone_minutes = *numeric;
  }
  return Compose(year, month, day, hour, minute, second, zone_minutes);
}

}  // namespace

std::optional<Time> ParseCommonDate(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text[0] >= '0' && text[0] <= '9') return Rfc3339(text);
  return Rfc822(text);
}

}  // namespace tidings::feed::dates
