#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include "base/time.h"

using tidings::DaysFromCivil;
using tidings::FormatUtc;
using tidings::IsValidDateTime;
using tidings::UnixSeconds;

TEST_CASE("DaysFromCivil counts days from 1970-01-01 in the proleptic Gregorian calendar",
          "[time]") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(1970, 1, 2) == 1);
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  CHECK(DaysFromCivil(2000, 1, 1) == 10957);
  CHECK(DaysFromCivil(2000, 3, 1) == 11017);  // 2000 is a leap year: Feb 29 exists
  CHECK(DaysFromCivil(2100, 3, 1) - DaysFromCivil(2100, 2, 28) == 1);  // 2100 is not
  CHECK(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28) == 2);
  CHECK(DaysFromCivil(0, 3, 1) == -719468);
  CHECK(DaysFromCivil(0, 1, 1) == -719528);
  CHECK(DaysFromCivil(-1, 12, 31) == -719529);
  CHECK(DaysFromCivil(9999, 12, 31) == 2932896);
}

TEST_CASE("UnixSeconds adds the time of day to the date", "[time]") {
  CHECK(UnixSeconds(1970, 1, 1, 0, 0, 0) == 0);
  CHECK(UnixSeconds(2003, 6, 10, 4, 0, 0) == 1055217600);
  CHECK(UnixSeconds(1969, 12, 31, 23, 59, 59) == -1);
  CHECK(UnixSeconds(2038, 1, 19, 3, 14, 8) == std::int64_t{1} << 31);  // past 32-bit time_t
  CHECK(UnixSeconds(2016, 12, 31, 23, 59, 60) == UnixSeconds(2017, 1, 1, 0, 0, 0));
}

TEST_CASE("IsValidDateTime accepts only real calendar instants", "[time]") {
  CHECK(IsValidDateTime(2003, 6, 10, 4, 0, 0));
  CHECK(IsValidDateTime(2024, 2, 29, 0, 0, 0));        // divisible by 4
  CHECK(IsValidDateTime(2000, 2, 29, 0, 0, 0));        // divisible by 400
  CHECK_FALSE(IsValidDateTime(1900, 2, 29, 0, 0, 0));  // divisible by 100 only
  CHECK_FALSE(IsValidDateTime(2023, 2, 29, 0, 0, 0));
  CHECK_FALSE(IsValidDateTime(2003, 2, 30, 0, 0, 0));
  CHECK_FALSE(IsValidDateTime(2003, 4, 31, 0, 0, 0));
  CHECK(IsValidDateTime(2003, 12, 31, 23, 59, 59));
  CHECK(IsValidDateTime(2016, 12, 31, 23, 59, 60));  // leap second
  CHECK_FALSE(IsValidDateTime(2003, 1, 1, 0, 0, 61));
  CHECK_FALSE(IsValidDateTime(2003, 1, 1, 0, 60, 0));
  CHECK_FALSE(IsValidDateTime(2003, 1, 1, 24, 0, 0));
  CHECK_FALSE(IsValidDateTime(2003, 0, 1, 0, 0, 0));
  CHECK_FALSE(IsValidDateTime(2003, 13, 1, 0, 0, 0));
  CHECK_FALSE(IsValidDateTime(2003, 1, 0, 0, 0, 0));
  CHECK(IsValidDateTime(0, 1, 1, 0, 0, 0));
  CHECK(IsValidDateTime(-44, 3, 15, 12, 0, 0));
}

TEST_CASE("FormatUtc writes RFC 3339 UTC timestamps", "[time]") {
  CHECK(FormatUtc(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtc(1055217600) == "2003-06-10T04:00:00Z");
  CHECK(FormatUtc(951782400) == "2000-02-29T00:00:00Z");
  CHECK(FormatUtc(-1) == "1969-12-31T23:59:59Z");  // negative times round down, not to zero
  CHECK(FormatUtc(-86400) == "1969-12-31T00:00:00Z");
  CHECK(FormatUtc(-86401) == "1969-12-30T23:59:59Z");
  CHECK(FormatUtc(std::int64_t{1} << 31) == "2038-01-19T03:14:08Z");
  CHECK(FormatUtc(253402300799) == "9999-12-31T23:59:59Z");
  CHECK(FormatUtc(-62167219200) == "0000-01-01T00:00:00Z");
  CHECK(FormatUtc(-62167219201) == "-0001-12-31T23:59:59Z");
  CHECK(FormatUtc(253402300800) == "10000-01-01T00:00:00Z");
}

TEST_CASE("FormatUtc survives the extremes of int64", "[time]") {
  const std::string lowest = FormatUtc(std::numeric_limits<std::int64_t>::min());
  const std::string highest = FormatUtc(std::numeric_limits<std::int64_t>::max());
  CHECK(lowest.front() == '-');
  CHECK(lowest.back() == 'Z');
  CHECK(highest.back() == 'Z');
  CHECK(highest.find('-') > 4);
}

TEST_CASE("FormatUtc inverts UnixSeconds on every day of eight centuries", "[time]") {
  // 1600-2400 covers every leap-year rule twice, on both sides of 1970; the day count must
  // advance by exactly one per valid date.
  std::int64_t days = DaysFromCivil(1600, 1, 1);
  int failures = 0;
  for (std::int64_t year = 1600; year <= 2400; ++year) {
    for (unsigned month = 1; month <= 12; ++month) {
      for (unsigned day = 1; day <= 31; ++day) {
        if (!IsValidDateTime(year, month, day, 0, 0, 0)) continue;
        const std::int64_t seconds = UnixSeconds(year, month, day, 23, 59, 58);
        failures += seconds != days * 86400 + 86398;
        char want[32];
        std::snprintf(want, sizeof want, "%04lld-%02u-%02uT23:59:58Z", static_cast<long long>(year),
                      month, day);
        failures += FormatUtc(seconds) != want;
        ++days;
      }
    }
  }
  CHECK(days == DaysFromCivil(2401, 1, 1));
  CHECK(failures == 0);
}
