// Date parsing in two steps. A hand-written tokenizer splits the text into numbers, words and
// symbols (words are looked up once, while scanning). A reader then places each token into a
// year/month/day/time/zone slot. Slot filling copes with the many field orders real feeds use
// (RFC 822, ctime, ISO 8601, "3/5/2024 2:30 PM", "5 de marzo de 2024", "2024年3月5日") without
// one grammar per format; a token that fits no free slot rejects the whole date, so the parser
// fails instead of guessing.
//
// The word tables live in date_names.cc, the tokenizer in date_tokens.cc; this file is the reader.
#include "feed/date.h"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/time.h"
#include "feed/date_fast.h"
#include "feed/date_tokens.h"

namespace tidings::feed {
namespace dates {
namespace {

enum class Meridiem : std::uint8_t { kNone, kAm, kPm };

struct Fields {
  std::int64_t year = -1;  // -1: not seen
  std::int64_t month = -1;
  std::int64_t day = -1;
  std::int64_t hour = -1;
  std::int64_t minute = 0;
  std::int64_t second = 0;
  std::int64_t zone = 0;  // minutes east of UTC
  bool has_zone = false;
  bool numeric_zone = false;  // an offset outranks a zone name ("+0000 PST" is UTC)
  bool iso_partial = false;   // "2003" or "2003-12": the missing fields mean "the first"
  Meridiem meridiem = Meridiem::kNone;
};

bool IsLeapYear(std::int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

std::int64_t DaysInMonth(std::int64_t year, std::int64_t month) {
  static constexpr std::int64_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// RFC 2822 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx; three-digit years
// (from software that printed tm_year) are 1900 + n.
std::int64_t FullYear(std::int64_t value, int digits) {
  if (digits == 3) return 1900 + value;
  if (digits <= 2) return value < 50 ? 2000 + value : 1900 + value;
  return value;
}

Status OutOfRange(const char* field, std::int64_t value) {
  return InvalidError(std::string(field) + " " + std::to_string(value) + " out of range");
}

class DateReader {
 public:
  explicit DateReader(const TokenList& tokens) : tokens_(tokens) {}
  Result<Time> Read();

 private:
  const Token* At(std::size_t index) const {
    return index < tokens_.size ? &tokens_.items[index] : nullptr;
  }
  // The token at `index` is the symbol (any of `symbols`) / a number, written right after the
  // previous token (or, with `allow_space`, after spaces).
  bool SymbolAt(std::size_t index, std::string_view symbols) const;
  bool NumberAt(std::size_t index, bool allow_space = false) const;
  bool LaterMonthWord() const;
  std::size_t GroupLength() const;

  bool ReadNumber();
  bool ReadUnit(const Token& number, Unit unit);
  bool ReadBasicTime(const Token& number);
  bool ReadGroup(std::size_t length);
  bool ReadTime();
  bool ReadOffset();
  bool ReadWord();
  bool ReadLetter(const Token& letter);
  bool ReadSymbol();
  bool SetYear(std::int64_t value, int digits);
  bool SetOrdinalDay(std::int64_t day_of_year);
  void SetNamedZone(std::int64_t minutes);
  Result<Time> Finish() const;

  const TokenList& tokens_;
  std::size_t next_ = 0;
  bool seen_number_ = false;
  Fields fields_;
  const char* error_ = "unrecognized date";
};

bool DateReader::SymbolAt(std::size_t index, std::string_view symbols) const {
  const Token* token = At(index);
  return token != nullptr && token->type == TokenType::kSymbol && !token->spaced &&
         symbols.find(token->symbol) != std::string_view::npos;
}

bool DateReader::NumberAt(std::size_t index, bool allow_space) const {
  const Token* token = At(index);
  return token != nullptr && token->type == TokenType::kNumber && (allow_space || !token->spaced);
}

bool DateReader::LaterMonthWord() const {
  for (std::size_t i = next_; i < tokens_.size; ++i) {
    if (tokens_.items[i].meaning.flags & kMonthWord) return true;
  }
  return false;
}

// Length in tokens of a numeric date at next_ ("2003-12-13", "3/5/2024", "05.03.2024",
// "2003-12", "2003-347"), or of a dotted time after the date ("14.30"); 0 if there is none.
std::size_t DateReader::GroupLength() const {
  if (!SymbolAt(next_ + 1, "-/.")) return 0;
  const char separator = tokens_.items[next_ + 1].symbol;
  const bool dots = separator == '.';  // Korean and Czech write "2024. 3. 5."
  if (!NumberAt(next_ + 2, dots)) return 0;
  const bool three =
      SymbolAt(next_ + 3, std::string_view(&separator, 1)) && NumberAt(next_ + 4, dots);
  const int first = tokens_.items[next_].digits;
  const int second = tokens_.items[next_ + 2].digits;
  const bool no_date = fields_.year < 0 && fields_.month < 0 && fields_.day < 0;
  if (first == 4 && no_date) return three ? 5 : 3;
  if (!three) {
    const bool dotted_time =
        dots && first <= 2 && second == 2 && fields_.year >= 0 && fields_.hour < 0;
    return dotted_time ? 3 : 0;
  }
  const int third = tokens_.items[next_ + 4].digits;
  return first <= 2 && second <= 2 && (third == 2 || third == 4) && no_date ? 5 : 0;
}

Result<Time> DateReader::Read() {
  while (next_ < tokens_.size) {
    const Token& token = tokens_.items[next_];
    bool ok = false;
    switch (token.type) {
      case TokenType::kNumber:
        ok = ReadNumber();
        seen_number_ = true;
        break;
      case TokenType::kWord:
        ok = token.symbol != 0 ? ReadLetter(token) : ReadWord();
        break;
      case TokenType::kSymbol:
        ok = ReadSymbol();
        break;
    }
    if (!ok) return InvalidError(error_);
  }
  return Finish();
}

bool DateReader::ReadNumber() {
  const Token& number = tokens_.items[next_];
  if (number.digits <= 2 && SymbolAt(next_ + 1, ":") && NumberAt(next_ + 2)) return ReadTime();
  if (const std::size_t length = GroupLength(); length != 0) return ReadGroup(length);
  const Token* after = At(++next_);
  const std::uint16_t after_flags = after != nullptr ? after->meaning.flags : 0;
  if (after_flags & kUnitWord) {
    ++next_;
    return ReadUnit(number, static_cast<Unit>(after->meaning.unit));
  }
  if ((after_flags & (kAmWord | kPmWord)) && number.digits <= 2 && fields_.hour < 0) {
    fields_.hour = number.value;  // "2 PM"
    return true;
  }
  const Token* before = next_ >= 2 ? At(next_ - 2) : nullptr;
  if (before != nullptr && before->symbol == 't' && !number.spaced) return ReadBasicTime(number);
  if (number.digits == 8 && fields_.year < 0 && fields_.month < 0 && fields_.day < 0) {
    fields_.iso_partial = false;  // basic ISO 8601: 20031213
    fields_.year = number.value / 10000;
    fields_.month = number.value / 100 % 100;
    fields_.day = number.value % 100;
    return true;
  }
  if (number.digits == 4 && tokens_.size == 1) fields_.iso_partial = true;  // "2003"
  if (number.digits == 3 || number.digits == 4) return SetYear(number.value, number.digits);
  if (number.digits > 2) return false;
  if (fields_.day < 0) {
    fields_.day = number.value;
    return true;
  }
  return SetYear(number.value, number.digits);
}

bool DateReader::ReadUnit(const Token& number, Unit unit) {
  if (unit == kYearUnit) return SetYear(number.value, number.digits);
  if (number.digits > 2) return false;
  std::int64_t* field = unit == kMonthUnit    ? &fields_.month
                        : unit == kDayUnit    ? &fields_.day
                        : unit == kHourUnit   ? &fields_.hour
                        : unit == kMinuteUnit ? &fields_.minute
                                              : &fields_.second;
  const bool unset = unit >= kMinuteUnit || *field < 0;  // minutes and seconds default to 0
  *field = number.value;
  return unset;
}

// "T1830", "T183002", "T18" after a basic or extended ISO date.
bool DateReader::ReadBasicTime(const Token& number) {
  if (fields_.hour >= 0 || number.digits % 2 != 0 || number.digits > 6) return false;
  std::int64_t value = number.value;
  for (int i = number.digits; i < 6; i += 2) value *= 100;
  fields_.hour = value / 10000;
  fields_.minute = value / 100 % 100;
  fields_.second = value % 100;
  if (SymbolAt(next_, ".,") && NumberAt(next_ + 1)) next_ += 2;  // fraction: dropped
  return true;
}

bool DateReader::ReadGroup(std::size_t length) {
  const Token& first = tokens_.items[next_];
  const Token& second = tokens_.items[next_ + 2];
  const char separator = tokens_.items[next_ + 1].symbol;
  const Token* third = length == 5 ? &tokens_.items[next_ + 4] : nullptr;
  next_ += length;
  if (first.digits == 4) {  // year first: ISO 8601, "2024/03/05", "2024. 3. 5."
    fields_.year = first.value;
    fields_.iso_partial = true;
    if (second.digits == 3 && third == nullptr) return SetOrdinalDay(second.value);
    if (second.digits > 2 || (third != nullptr && third->digits > 2)) return false;
    fields_.month = second.value;
    if (third != nullptr) fields_.day = third->value;
    return true;
  }
  if (third == nullptr) {  // "kl. 14.30"
    fields_.hour = first.value;
    fields_.minute = second.value;
    return true;
  }
  // Dots mean day.month.year. Slashes and dashes are the US month/day/year unless the first
  // number cannot be a month ("13/05/2024"): then only day/month/year is possible.
  const bool day_first = separator == '.' || (first.value > 12 && second.value <= 12);
  fields_.day = day_first ? first.value : second.value;
  fields_.month = day_first ? second.value : first.value;
  return SetYear(third->value, third->digits);
}

// "4:00", "04:00:00", "18:30:02.123456789", "18:30:02,5"
bool DateReader::ReadTime() {
  const Token& minute = tokens_.items[next_ + 2];
  if (fields_.hour >= 0 || minute.digits > 2) return false;
  fields_.hour = tokens_.items[next_].value;
  fields_.minute = minute.value;
  next_ += 3;
  if (SymbolAt(next_, ":") && NumberAt(next_ + 1)) {
    if (tokens_.items[next_ + 1].digits > 2) return false;
    fields_.second = tokens_.items[next_ + 1].value;
    next_ += 2;
    if (SymbolAt(next_, ".,") && NumberAt(next_ + 1)) next_ += 2;  // fraction: dropped
  }
  return true;
}

// "+0200", "-05:30", "+01", "GMT+2", "UTC-5:00"
bool DateReader::ReadOffset() {
  const std::int64_t sign = tokens_.items[next_].symbol == '-' ? -1 : 1;
  const Token& number = tokens_.items[next_ + 1];
  next_ += 2;
  std::int64_t hours = number.value;
  std::int64_t minutes = 0;
  if (number.digits == 4) {
    hours = number.value / 100;
    minutes = number.value % 100;
  } else if (number.digits > 2) {
    return false;
  } else if (SymbolAt(next_, ":") && NumberAt(next_ + 1) && At(next_ + 1)->digits == 2) {
    minutes = At(next_ + 1)->value;
    next_ += 2;
  }
  if (fields_.numeric_zone) return false;
  if (hours > 23 || minutes > 59) {
    error_ = "zone offset out of range";
    return false;
  }
  fields_.zone = sign * (hours * 60 + minutes);
  fields_.has_zone = fields_.numeric_zone = true;
  return true;
}

bool DateReader::ReadWord() {
  const Meaning& meaning = tokens_.items[next_++].meaning;
  if (meaning.flags & (kAmWord | kPmWord)) {
    if (fields_.meridiem != Meridiem::kNone) return false;
    fields_.meridiem = (meaning.flags & kAmWord) ? Meridiem::kAm : Meridiem::kPm;
    return true;
  }
  // "mar" is March and also Tuesday in Spanish, French and Italian: it is the weekday when
  // another month name follows ("mar, 05 mar 2024").
  if ((meaning.flags & kMonthWord) && !((meaning.flags & kWeekdayWord) && LaterMonthWord())) {
    if (fields_.month >= 0) return false;
    fields_.month = meaning.month;
    return true;
  }
  // Czech "út" (Tuesday) is also the zone UT; before any number it is the weekday.
  if ((meaning.flags & kZoneWord) && (seen_number_ || !(meaning.flags & kWeekdayWord))) {
    SetNamedZone(meaning.zone);
    return true;
  }
  return (meaning.flags & (kWeekdayWord | kNoiseWord)) != 0;
}

// A single letter: the ISO "T", a military zone, or a short word ("a las", "o godz.").
bool DateReader::ReadLetter(const Token& token) {
  ++next_;
  const char letter = token.symbol;
  if (letter == 't' && fields_.day >= 0 && fields_.hour < 0) return true;
  if (fields_.hour >= 0 || (letter == 'z' && fields_.day >= 0)) {
    // RFC 822 military zones, read literally: A-I = -1..-9 h, K-M = -10..-12 h, N-Y = +1..+12 h.
    if (letter == 'j') return false;
    const int hours = letter == 'z'   ? 0
                      : letter <= 'i' ? -(letter - 'a' + 1)
                      : letter <= 'm' ? -(letter - 'a')
                                      : letter - 'n' + 1;
    SetNamedZone(hours * 60);
    return true;
  }
  return (token.meaning.flags & kNoiseWord) != 0;
}

bool DateReader::ReadSymbol() {
  const char symbol = tokens_.items[next_].symbol;
  const bool sign = symbol == '+' || symbol == '-';
  const Token* before = next_ > 0 ? At(next_ - 1) : nullptr;
  const bool after_utc = before != nullptr && (before->meaning.flags & kUtcWord);
  if (sign && NumberAt(next_ + 1) && (fields_.hour >= 0 || after_utc)) return ReadOffset();
  ++next_;
  return symbol != '+';  // other symbols separate fields: "10-Jun-2003", "Jun. 10, 2003"
}

bool DateReader::SetYear(std::int64_t value, int digits) {
  if (fields_.year >= 0 || digits > 4) return false;
  fields_.year = FullYear(value, digits);
  return true;
}

// "2003-347": ISO 8601 ordinal date.
bool DateReader::SetOrdinalDay(std::int64_t day_of_year) {
  if (day_of_year < 1 || day_of_year > (IsLeapYear(fields_.year) ? 366 : 365)) {
    error_ = "day of year out of range";
    return false;
  }
  fields_.month = 1;
  while (day_of_year > DaysInMonth(fields_.year, fields_.month)) {
    day_of_year -= DaysInMonth(fields_.year, fields_.month++);
  }
  fields_.day = day_of_year;
  return true;
}

void DateReader::SetNamedZone(std::int64_t minutes) {
  if (fields_.has_zone) return;  // "+0200 (CEST)", "-0700 PDT": the first zone counts
  fields_.zone = minutes;
  fields_.has_zone = true;
}

Result<Time> DateReader::Finish() const {
  Fields f = fields_;
  if (!seen_number_) return InvalidError("unrecognized date");
  if (f.iso_partial && f.hour < 0) {
    if (f.month < 0) f.month = 1;
    if (f.day < 0) f.day = 1;
  }
  if (f.year < 0 || f.month < 0 || f.day < 0) return InvalidError("incomplete date");
  if (f.meridiem != Meridiem::kNone) {
    if (f.hour < 0) return InvalidError("AM/PM without a time");
    // "13:30 PM" has one reading; "13:30 AM" has none.
    if (f.hour > 12 && (f.meridiem == Meridiem::kAm || f.hour > 23)) {
      return InvalidError("hour " + std::to_string(f.hour) + " with AM/PM");
    }
    if (f.hour <= 12) f.hour = f.hour % 12 + (f.meridiem == Meridiem::kPm ? 12 : 0);
  }
  if (f.hour < 0) f.hour = 0;
  if (f.month < 1 || f.month > 12) return OutOfRange("month", f.month);
  if (f.day < 1 || f.day > DaysInMonth(f.year, f.month)) return OutOfRange("day", f.day);
  const bool end_of_day = f.hour == 24 && f.minute == 0 && f.second == 0;  // ISO 8601 "24:00"
  if (f.hour > 23 && !end_of_day) return OutOfRange("hour", f.hour);
  if (f.minute > 59) return OutOfRange("minute", f.minute);
  if (f.second > 60) return OutOfRange("second", f.second);  // 60: a leap second
  return UnixSeconds(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day),
                     static_cast<unsigned>(f.hour), static_cast<unsigned>(f.minute),
                     static_cast<unsigned>(f.second)) -
         f.zone * 60;
}

std::string_view TrimAscii(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// Longer than any date with a comment after it; refusing early bounds the work per item.
constexpr std::size_t kMaxDateBytes = 256;

}  // namespace
}  // namespace dates

Result<Time> ParseDate(std::string_view text) {
  text = dates::TrimAscii(text);
  if (text.empty()) return InvalidError("empty date");
  if (text.size() > dates::kMaxDateBytes) return InvalidError("unrecognized date");
  // A bare 9-11 digit number is Unix seconds (1973-03-03 to 5138-11-16), as some JSON feeds
  // and CMS exports write it. Eight digits stay a basic ISO date (20031213).
  if (text.size() >= 9 && text.size() <= 11 &&
      text.find_first_not_of("0123456789") == std::string_view::npos) {
    Time seconds = 0;
    for (char c : text) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  if (std::optional<Time> common = dates::ParseCommonDate(text)) return *common;
  dates::TokenList tokens;
  if (!dates::Tokenize(text, tokens)) return InvalidError("unrecognized date");
  if (tokens.size == 0) return InvalidError("empty date");
  return dates::DateReader(tokens).Read();
}

Result<Time> ParseFeedDate(std::string_view text) {
  Result<Time> time = ParseDate(text);
  if (time.ok() && *time < UnixSeconds(1800, 1, 1, 0, 0, 0)) {
    return InvalidError(
        fmt::format("year {} is a placeholder, not a date", FormatUtc(*time).substr(0, 4)));
  }
  return time;
}

}  // namespace tidings::feed
