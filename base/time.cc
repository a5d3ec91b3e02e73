// Calendar arithmetic after Howard Hinnant's "chrono-compatible low-level date algorithms"
// (http://howardhinnant.github.io/date_algorithms.html): exact for the proleptic Gregorian
// calendar, no tables, no C library time zone state, and correct for negative years and times.
#include "base/time.h"

namespace tidings {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of DaysFromCivil.
CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;  // shift the epoch to 0000-03-01, the start of a 400-year era
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);  // [0, 146096]
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;                  // 0 = March
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400;
  if (month <= 2) ++year;
  return {year, month, day};
}

bool IsLeapYear(std::int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned DaysInMonth(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Appends `value` in decimal, zero-padded to at least `width` digits.
void AppendPadded(std::string& out, std::uint64_t value, std::size_t width) {
  char digits[20];
  std::size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (std::size_t i = count; i < width; ++i) out.push_back('0');
  while (count > 0) out.push_back(digits[--count]);
}

}  // namespace

std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  if (month <= 2) --year;  // count the year from March so the leap day comes last
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);  // [0, 399]
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

std::int64_t UnixSeconds(std::int64_t year, unsigned month, unsigned day, unsigned hour,
                         unsigned minute, unsigned second) {
  return DaysFromCivil(year, month, day) * kSecondsPerDay + std::int64_t{hour} * 3600 +
         std::int64_t{minute} * 60 + std::int64_t{second};
}

bool IsValidDateTime(std::int64_t year, unsigned month, unsigned day, unsigned hour,
                     unsigned minute, unsigned second) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month) && hour < 24 &&
         minute < 60 && second <= 60;
}

std::string FormatUtc(std::int64_t unix_seconds) {
  // Floor division without multiplying back, so INT64_MIN cannot overflow.
  std::int64_t days = unix_seconds / kSecondsPerDay;
  std::int64_t seconds_of_day = unix_seconds % kSecondsPerDay;
  if (seconds_of_day < 0) {
    seconds_of_day += kSecondsPerDay;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  const auto seconds = static_cast<std::uint64_t>(seconds_of_day);

  std::string out;
  out.reserve(24);
  if (date.year < 0) out.push_back('-');
  // Negate in unsigned arithmetic: years here are far from INT64_MIN, but stay exact anyway.
  const auto year = static_cast<std::uint64_t>(date.year);
  AppendPadded(out, date.year < 0 ? 0 - year : year, 4);
  out.push_back('-');
  AppendPadded(out, date.month, 2);
  out.push_back('-');
  AppendPadded(out, date.day, 2);
  out.push_back('T');
  AppendPadded(out, seconds / 3600, 2);
  out.push_back(':');
  AppendPadded(out, seconds / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, seconds % 60, 2);
  out.push_back('Z');
  return out;
}

}  // namespace tidings
