// Calendar arithmetic on UTC Unix seconds, without the C library's time zone state.
#pragma once

#include <cstdint>
#include <string>

namespace tidings {

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day 1-31; not validated).
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);

// Unix seconds of a UTC date and time (fields not validated; see IsValidDateTime).
std::int64_t UnixSeconds(std::int64_t year, unsigned month, unsigned day, unsigned hour,
                         unsigned minute, unsigned second);

// True when the fields name a real instant (second 60 allowed for leap seconds).
bool IsValidDateTime(std::int64_t year, unsigned month, unsigned day, unsigned hour,
                     unsigned minute, unsigned second);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatUtc(std::int64_t unix_seconds);

}  // namespace tidings
