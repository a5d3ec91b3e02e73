#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/time.h"
#include "feed/date.h"

namespace {

struct DateCase {
  std::string_view text;
  std::string_view want;  // FormatUtc of the result, or "invalid: <reason>"
};

std::string Parsed(std::string_view text) {
  const tidings::Result<tidings::feed::Time> result = tidings::feed::ParseDate(text);
  return result.ok() ? tidings::FormatUtc(*result) : result.status().ToString();
}

void CheckAll(std::initializer_list<DateCase> cases) {
  for (const DateCase& c : cases) {
    INFO("input: \"" << c.text << "\"");
    CHECK(Parsed(c.text) == c.want);
  }
}

}  // namespace

TEST_CASE("RFC 822 and RFC 2822 dates", "[date]") {
  CheckAll({
      {"Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 +0000", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 -0000", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 UT", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 UTC", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 -0530", "2003-06-10T09:30:00Z"},
      {"10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},       // no day name
      {"Tue, 10 Jun 2003 04:00 GMT", "2003-06-10T04:00:00Z"},     // no seconds
      {"Tue, 10 Jun 2003 04:00:00", "2003-06-10T04:00:00Z"},      // no zone: UTC
      {"Tue, 10 Jun 2003", "2003-06-10T00:00:00Z"},               // no time: midnight
      {"Tue, 1 Jun 2003 4:05:06 GMT", "2003-06-01T04:05:06Z"},    // single digits
      {"Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"},  // RFC 7231 example
      {"Thu, 01 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z"},
      {"Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z"},  // before the epoch
      {"Sat, 29 Feb 2020 12:00:00 GMT", "2020-02-29T12:00:00Z"},  // leap day
  });
}

TEST_CASE("RFC 2822 two- and three-digit years", "[date]") {
  CheckAll({
      {"Tue, 10 Jun 03 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"Thu, 10 Jun 49 04:00:00 GMT", "2049-06-10T04:00:00Z"},
      {"Sat, 10 Jun 50 04:00:00 GMT", "1950-06-10T04:00:00Z"},
      {"Thu, 10 Jun 99 04:00:00 GMT", "1999-06-10T04:00:00Z"},
      {"Tue, 10 Jun 00 04:00:00 GMT", "2000-06-10T04:00:00Z"},
      {"Tue, 10 Jun 103 04:00:00 GMT", "2003-06-10T04:00:00Z"},    // 1900 + tm_year
      {"Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"},  // RFC 850
  });
}

TEST_CASE("named and military zones", "[date]") {
  CheckAll({
      {"Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T09:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 EDT", "2003-06-10T08:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 CST", "2003-06-10T10:00:00Z"},  // US Central, not China
      {"Tue, 10 Jun 2003 04:00:00 CDT", "2003-06-10T09:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 MST", "2003-06-10T11:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 MDT", "2003-06-10T10:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 PST", "2003-06-10T12:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 PDT", "2003-06-10T11:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 BST", "2003-06-10T03:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 CET", "2003-06-10T03:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 CEST", "2003-06-10T02:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 MET", "2003-06-10T03:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 MEST", "2003-06-10T02:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 EET", "2003-06-10T02:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 EEST", "2003-06-10T01:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 WET", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 WEST", "2003-06-10T03:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 IST", "2003-06-09T22:30:00Z"},  // India, +0530
      {"Tue, 10 Jun 2003 04:00:00 JST", "2003-06-09T19:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 KST", "2003-06-09T19:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 HKT", "2003-06-09T20:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 SGT", "2003-06-09T20:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 AEST", "2003-06-09T18:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 AEDT", "2003-06-09T17:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 NZST", "2003-06-09T16:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 NZDT", "2003-06-09T15:00:00Z"},
      // RFC 822 military letters read literally: A is -1 h, M is -12 h, N is +1 h, Y is +12 h.
      {"Tue, 10 Jun 2003 04:00:00 Z", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 A", "2003-06-10T05:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 M", "2003-06-10T16:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 N", "2003-06-10T03:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 Y", "2003-06-09T16:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 J", "invalid: unrecognized date"},  // J is not a zone
  });
}

TEST_CASE("offsets written after GMT/UTC or with a colon", "[date]") {
  CheckAll({
      {"Tue, 10 Jun 2003 04:00:00 GMT+2", "2003-06-10T02:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 GMT+02:00", "2003-06-10T02:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 UTC-5", "2003-06-10T09:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 UTC+5:30", "2003-06-09T22:30:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 +02:00", "2003-06-10T02:00:00Z"},
      // A numeric offset outranks a zone name next to it.
      {"Tue, 10 Jun 2003 04:00:00 -0700 (PDT)", "2003-06-10T11:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 +0000 PST", "2003-06-10T04:00:00Z"},
      {"Tue Jun 10 2003 04:00:00 GMT+0200 (Central European Summer Time)", "2003-06-10T02:00:00Z"},
  });
}

TEST_CASE("sloppy RFC 822 variants seen in feeds", "[date]") {
  CheckAll({
      {"Tue, 10 Jun, 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun. 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"tue, 10 june 2003 04:00:00 gmt", "2003-06-10T04:00:00Z"},
      {"TUE, 10 JUNE 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"Wed, 10 Sept 2003 04:00:00 GMT", "2003-09-10T04:00:00Z"},
      {"Tuesday, 10 June 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"Fri, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},  // wrong day name: ignored
      {"Tue, 10 Jun 2003T04:00:00Z", "2003-06-10T04:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 (PST)", "2003-06-10T04:00:00Z"},  // comments are ignored
      {"Tue, 10 Jun 2003 04:00:00 GMT (Coordinated Universal Time)", "2003-06-10T04:00:00Z"},
      {"  Tue,\t10 Jun 2003\n04:00:00 GMT  ", "2003-06-10T04:00:00Z"},
      {"Tue Jun 10 04:00:00 2003", "2003-06-10T04:00:00Z"},      // ctime
      {"Tue Jun 10 04:00:00 PDT 2003", "2003-06-10T11:00:00Z"},  // date(1)
      {"10-Jun-2003 04:00:00", "2003-06-10T04:00:00Z"},
      {"10/Jun/2003:04:00:00 -0700", "2003-06-10T11:00:00Z"},  // Apache log
      {"June 10th, 2003 at 4:00 PM", "2003-06-10T16:00:00Z"},
      {"March 5, 2024 2:30 p.m.", "2024-03-05T14:30:00Z"},
  });
}

TEST_CASE("RFC 3339, ISO 8601 and W3CDTF dates", "[date]") {
  CheckAll({
      {"2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z"},
      {"2003-12-13T18:30:02.25Z", "2003-12-13T18:30:02Z"},  // fractions are dropped
      {"2003-12-13T18:30:02.123456789Z", "2003-12-13T18:30:02Z"},
      {"2003-12-13T18:30:02,5Z", "2003-12-13T18:30:02Z"},
      {"2003-12-13T18:30:02+01:00", "2003-12-13T17:30:02Z"},
      {"2003-12-13T18:30:02+0100", "2003-12-13T17:30:02Z"},
      {"2003-12-13T18:30:02+01", "2003-12-13T17:30:02Z"},
      {"2003-12-13T18:30:02.5-05:00", "2003-12-13T23:30:02Z"},
      {"2003-12-13T18:30:02−05:00", "2003-12-13T23:30:02Z"},  // U+2212 minus sign
      {"2003-12-13 18:30:02", "2003-12-13T18:30:02Z"},
      {"2003-12-13t18:30:02z", "2003-12-13T18:30:02Z"},
      {"2003-12-13 18:30:02 +0100", "2003-12-13T17:30:02Z"},
      {"2003-12-13 18:30:02 UTC", "2003-12-13T18:30:02Z"},
      {"2003-12-13T18:30Z", "2003-12-13T18:30:00Z"},
      {"2003-12-13T18:30", "2003-12-13T18:30:00Z"},
      {"2003-12-13", "2003-12-13T00:00:00Z"},
      {"2003-12", "2003-12-01T00:00:00Z"},
      {"2003", "2003-01-01T00:00:00Z"},
      {"20031213T183002Z", "2003-12-13T18:30:02Z"},
      {"20031213T1830Z", "2003-12-13T18:30:00Z"},
      {"20031213", "2003-12-13T00:00:00Z"},
      {"2003-347", "2003-12-13T00:00:00Z"},  // ordinal date
      {"2004-366", "2004-12-31T00:00:00Z"},
      {"2003-12-13T24:00:00Z", "2003-12-14T00:00:00Z"},  // end of day
      {"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},  // leap second
      {"0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"},
      {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
  });
}

TEST_CASE("zone arithmetic crosses midnight, month and year ends", "[date]") {
  CheckAll({
      {"2003-12-31T23:30:00-01:00", "2004-01-01T00:30:00Z"},
      {"2004-01-01T00:30:00+01:00", "2003-12-31T23:30:00Z"},
      {"2003-06-10T04:00:00+14:00", "2003-06-09T14:00:00Z"},
      {"2003-06-10T20:00:00-12:00", "2003-06-11T08:00:00Z"},
      {"2024-02-29T23:00:00-02:00", "2024-03-01T01:00:00Z"},
      {"2023-03-01T00:15:00+00:30", "2023-02-28T23:45:00Z"},
      {"Fri, 31 Dec 1999 23:00:00 -0500", "2000-01-01T04:00:00Z"},
      {"Sat, 01 Jan 2000 01:00:00 CEST", "1999-12-31T23:00:00Z"},
      {"Thu, 01 Jan 1970 00:00:00 +0100", "1969-12-31T23:00:00Z"},
      {"2024-03-05T14:30:00+05:45", "2024-03-05T08:45:00Z"},
  });
}

TEST_CASE("month and day names in other languages", "[date]") {
  CheckAll({
      {"Di, 05. März 2024 14:30:00 +0100", "2024-03-05T13:30:00Z"},
      {"5. Maerz 2024", "2024-03-05T00:00:00Z"},
      {"10 Mrz 2003", "2003-03-10T00:00:00Z"},
      {"10. Dezember 2003, 14:30 Uhr", "2003-12-10T14:30:00Z"},
      {"10 Jänner 2003", "2003-01-10T00:00:00Z"},
      {"mar. 5 mars 2024 14:30", "2024-03-05T14:30:00Z"},
      {"10 févr. 2003", "2003-02-10T00:00:00Z"},
      {"10 juil. 2003", "2003-07-10T00:00:00Z"},
      {"10 août 2003", "2003-08-10T00:00:00Z"},
      {"10 Aout 2003", "2003-08-10T00:00:00Z"},  // accent dropped
      {"martes, 5 de marzo de 2024 14:30", "2024-03-05T14:30:00Z"},
      {"mar, 05 mar 2024 14:30:00 +0100", "2024-03-05T13:30:00Z"},  // "mar" = Tuesday, March
      {"mié, 10 dic 2003", "2003-12-10T00:00:00Z"},
      {"mer 10 dicembre 2003 alle 14:30", "2003-12-10T14:30:00Z"},
      {"Terça-feira, 5 de março de 2024", "2024-03-05T00:00:00Z"},
      {"10 out 2003", "2003-10-10T00:00:00Z"},
      {"di 5 maart 2024", "2024-03-05T00:00:00Z"},
      {"5 марта 2024 г., 14:30", "2024-03-05T14:30:00Z"},
      {"вт, 05 мар 2024 14:30:00 +0300", "2024-03-05T11:30:00Z"},
      {"10 ДЕКАБРЯ 2003 года", "2003-12-10T00:00:00Z"},
      {"10 сент. 2003", "2003-09-10T00:00:00Z"},
      {"5 marca 2024 r. o godz. 14:30", "2024-03-05T14:30:00Z"},
      {"śr., 10 października 2003", "2003-10-10T00:00:00Z"},
      {"tisdag 5 mars 2024 kl. 14:30", "2024-03-05T14:30:00Z"},
      {"tirsdag den 5. marts 2024 kl. 14.30", "2024-03-05T14:30:00Z"},
      {"10. desember 2003", "2003-12-10T00:00:00Z"},
      {"út 5. března 2024 14:30", "2024-03-05T14:30:00Z"},  // "út" is Tuesday, not UT
      {"10. června 2003", "2003-06-10T00:00:00Z"},
      {"10. července 2003", "2003-07-10T00:00:00Z"},
      {"Τρί, 05 Μαρ 2024 14:30:00 +0200", "2024-03-05T12:30:00Z"},
      {"5 ΜΑΪΟΥ 2024", "2024-05-05T00:00:00Z"},
  });
}

TEST_CASE("Chinese, Japanese and Korean dates", "[date]") {
  CheckAll({
      {"2024年3月5日 14:30", "2024-03-05T14:30:00Z"},
      {"2024年3月5日 14：30", "2024-03-05T14:30:00Z"},  // fullwidth colon
      {"2024年3月5日 星期二 下午2:30", "2024-03-05T14:30:00Z"},
      {"2024年3月5日 周二 上午10:15", "2024-03-05T10:15:00Z"},
      {"2024年03月05日 14时30分", "2024-03-05T14:30:00Z"},
      {"2024年3月5日(火) 14時30分", "2024-03-05T14:30:00Z"},
      {"2024年3月5日 火曜日 午後2時", "2024-03-05T14:00:00Z"},
      {"2024년 3월 5일 화요일 오후 2:30", "2024-03-05T14:30:00Z"},
      {"2024년 3월 5일 14시 30분", "2024-03-05T14:30:00Z"},
      {"2024. 3. 5. 오후 2:30:00", "2024-03-05T14:30:00Z"},
  });
}

TEST_CASE("numeric dates, US order and AM/PM", "[date]") {
  CheckAll({
      {"3/5/2024 2:30 PM", "2024-03-05T14:30:00Z"},  // month/day/year
      {"3/5/2024 2:30:00 PM EST", "2024-03-05T19:30:00Z"},
      {"3/5/24", "2024-03-05T00:00:00Z"},
      {"13/05/2024", "2024-05-13T00:00:00Z"},  // 13 cannot be a month
      {"12/13/2003 12:00 AM", "2003-12-13T00:00:00Z"},
      {"12/13/2003 12:00 PM", "2003-12-13T12:00:00Z"},
      {"12/13/2003 12:30 am", "2003-12-13T00:30:00Z"},
      {"10 June 2003 4pm", "2003-06-10T16:00:00Z"},
      {"3/5/2024 13:30 PM", "2024-03-05T13:30:00Z"},  // redundant PM: one reading
      {"2024年3月5日 下午 14:30", "2024-03-05T14:30:00Z"},
      {"2024/03/05 14:30:00", "2024-03-05T14:30:00Z"},
      {"05.03.2024 14:30", "2024-03-05T14:30:00Z"},  // dots: day.month.year
      {"5. 3. 2024", "2024-03-05T00:00:00Z"},
  });
}

TEST_CASE("nine to eleven bare digits are Unix seconds", "[date]") {
  CheckAll({
      {"1055217600", "2003-06-10T04:00:00Z"},
      {"123456789", "1973-11-29T21:33:09Z"},
      {"12345678901", "2361-03-21T19:15:01Z"},
      {"1234567890123", "invalid: unrecognized date"},
      {"12345", "invalid: unrecognized date"},
  });
}

TEST_CASE("impossible dates fail with a reason instead of a wrong date", "[date]") {
  CheckAll({
      {"Tue, 10 Jun 2003 25:00:00 GMT", "invalid: hour 25 out of range"},
      {"Tue, 10 Jun 2003 04:61:00 GMT", "invalid: minute 61 out of range"},
      {"Tue, 10 Jun 2003 04:00:61 GMT", "invalid: second 61 out of range"},
      {"30 Feb 2003", "invalid: day 30 out of range"},
      {"29 Feb 2003", "invalid: day 29 out of range"},
      {"2100-02-29", "invalid: day 29 out of range"},
      {"31 Apr 2003", "invalid: day 31 out of range"},
      {"0 Jun 2003", "invalid: day 0 out of range"},
      {"2003-13-01", "invalid: month 13 out of range"},
      {"2003-00-10", "invalid: month 0 out of range"},
      {"2003-12-00", "invalid: day 0 out of range"},
      {"13/13/2024", "invalid: month 13 out of range"},
      {"2003-12-13T24:30:00Z", "invalid: hour 24 out of range"},
      {"2003-366", "invalid: day of year out of range"},
      {"3/5/2024 13:30 AM", "invalid: hour 13 with AM/PM"},
      {"Tue, 10 Jun 2003 04:00:00 +2500", "invalid: zone offset out of range"},
      {"Tue, 10 Jun 2003 04:00:00 +0060", "invalid: zone offset out of range"},
  });
}

TEST_CASE("text that is not a date", "[date]") {
  CheckAll({
      {"", "invalid: empty date"},
      {" \t\r\n ", "invalid: empty date"},
      {"yesterday", "invalid: unrecognized date"},
      {"Tuesday", "invalid: unrecognized date"},
      {"June 2003", "invalid: incomplete date"},
      {"10 Jun", "invalid: incomplete date"},
      {"10:00", "invalid: incomplete date"},
      {"Tue, 10 Jun 2003 04:00:00 0000", "invalid: unrecognized date"},  // sign missing
      {"10 Jun 2003 - 12 Jun 2003", "invalid: unrecognized date"},       // a range
      {"Tue, 10 Jun 2003 04:00:00 +0200 +0300", "invalid: unrecognized date"},
      {"10 jui 2003", "invalid: unrecognized date"},  // juin or juillet?
      {"2003-12-13T18:30:02+01:00:00", "invalid: unrecognized date"},
      {"10 Jun 2003 10:00:00 AM PM", "invalid: unrecognized date"},
      {"\xff\xfe 10 Jun 2003", "invalid: unrecognized date"},  // not UTF-8
      {std::string_view("10 Jun\0 2003", 12), "invalid: unrecognized date"},
  });
  CHECK(Parsed(std::string(300, '1')) == "invalid: unrecognized date");
  CHECK(Parsed("Tue, 10 Jun 2003 " + std::string(60, '-') + " GMT") ==
        "invalid: unrecognized date");  // more tokens than any date has
}

TEST_CASE("RFC 822 and RFC 3339 renderings of many instants parse back exactly", "[date]") {
  // One instant per 61 hours and 7 seconds from 1950 to 2050, each with a different offset,
  // so every month, day, hour and offset sign is crossed many times.
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t start = tidings::UnixSeconds(1950, 1, 1, 0, 0, 0);
  const std::int64_t end = tidings::UnixSeconds(2050, 1, 1, 0, 0, 0);
  int failures = 0;
  int count = 0;
  for (std::int64_t utc = start; utc < end; utc += 61 * 3600 + 7, ++count) {
    const int offset_minutes = (count % 53 - 26) * 30;  // -13:00 to +13:00
    const std::int64_t local = utc + offset_minutes * 60;
    const std::string iso = tidings::FormatUtc(local);  // local wall time, "Z" dropped below
    const int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    const char sign = offset_minutes < 0 ? '-' : '+';
    char rfc822[64];
    char rfc3339[64];
    std::snprintf(rfc822, sizeof rfc822, "%.2s %.3s %.4s %.8s %c%02d%02d", iso.c_str() + 8,
                  kMonths[std::stoi(iso.substr(5, 2)) - 1], iso.c_str(), iso.c_str() + 11, sign,
                  abs_offset / 60, abs_offset % 60);
    std::snprintf(rfc3339, sizeof rfc3339, "%.19s%c%02d:%02d", iso.c_str(), sign, abs_offset / 60,
                  abs_offset % 60);
    for (const char* text : {rfc822, rfc3339}) {
      const tidings::Result<tidings::feed::Time> parsed = tidings::feed::ParseDate(text);
      if (!parsed.ok() || *parsed != utc) {
        if (++failures <= 5) FAIL_CHECK(text << " -> " << Parsed(text));
      }
    }
  }
  CHECK(count > 14000);
  CHECK(failures == 0);
}

TEST_CASE("the common RSS and Atom forms read the same on the fast path", "[date]") {
  // These take dates::ParseCommonDate; near misses take the general reader. Both must agree.
  const std::pair<const char*, const char*> cases[] = {
      {"Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
      {"Tue, 1 Jun 2003 04:00:00 +0200", "2003-06-01T02:00:00Z"},
      {"Wed, 31 Dec 2003 23:30:00 -0100", "2004-01-01T00:30:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 UT", "2003-06-10T04:00:00Z"},
      {"2003-06-10T04:00:00Z", "2003-06-10T04:00:00Z"},
      {"2003-06-10T04:00:00.123456+05:30", "2003-06-09T22:30:00Z"},
      {"2003-12-31T23:59:60Z", "2004-01-01T00:00:00Z"},
      {"Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T09:00:00Z"},  // named zone: general path
      {"2003-06-10T04:00:00+0200", "2003-06-10T02:00:00Z"},       // no colon: general path
  };
  for (const auto& [text, want] : cases) {
    INFO(text);
    tidings::Result<tidings::feed::Time> time = tidings::feed::ParseDate(text);
    REQUIRE(time.ok());
    CHECK(tidings::FormatUtc(*time) == want);
  }
  CHECK(tidings::feed::ParseDate("Tue, 10 Jun 2003 25:00:00 GMT").status().message() ==
        "hour 25 out of range");
  CHECK(tidings::feed::ParseDate("2003-02-30T04:00:00Z").status().message() ==
        "day 30 out of range");
}
