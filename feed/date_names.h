// The words of dates (feed/date.cc): month, weekday and zone names in many languages, AM/PM,
// CJK and Korean field markers, and the noise words between fields, with the UTF-8 decoding and
// character classes the date tokenizer needs. A word is looked up once, lower-cased and with its
// accents folded, and comes back as a Meaning: what it can stand for in a date. Internal to feed/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tidings::feed::dates {

enum WordFlag : std::uint16_t {
  kMonthWord = 1 << 0,
  kWeekdayWord = 1 << 1,  // ignored: feeds often name the wrong day
  kZoneWord = 1 << 2,
  kUtcWord = 1 << 3,    // UT, UTC, GMT: may be followed by an offset ("GMT+2")
  kNoiseWord = 1 << 4,  // "de", "the", "kl.", "г.", ordinal suffixes: carry nothing
  kAmWord = 1 << 5,
  kPmWord = 1 << 6,
  kUnitWord = 1 << 7,   // CJK and Korean field markers after a number: 年 月 日 時 分 秒
  kTakesNext = 1 << 8,  // CJK weekday prefix (星期, 周): the next character names the day
};

enum Unit : std::uint8_t {
  kNoUnit,
  kYearUnit,
  kMonthUnit,
  kDayUnit,
  kHourUnit,
  kMinuteUnit,
  kSecondUnit
};

struct Meaning {
  std::uint16_t flags = 0;
  std::uint8_t month = 0;  // 1-12 with kMonthWord
  std::uint8_t unit = kNoUnit;
  std::int16_t zone = 0;  // minutes east of UTC with kZoneWord
};

constexpr Meaning Flags(std::uint16_t flags) { return {flags, 0, kNoUnit, 0}; }

struct FixedWord {
  std::string_view text;
  Meaning meaning;
};

// Decodes the UTF-8 sequence at text[pos] into `cp`; returns its length, or 0 when malformed.
// Inline: the tokenizer calls it for every character.
inline std::size_t DecodeUtf8(std::string_view text, std::size_t pos, std::uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  const std::size_t length = lead < 0x80   ? 1
                             : lead < 0xC2 ? 0
                             : lead < 0xE0 ? 2
                             : lead < 0xF0 ? 3
                             : lead < 0xF5 ? 4
                                           : 0;
  if (length == 0 || pos + length > text.size()) return 0;
  cp = length == 1 ? lead : lead & (0x7Fu >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[pos + i]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  return length;
}

inline bool IsSpace(std::uint32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x202F || cp == 0x3000 || cp == 0x3001 || cp == 0x3002 || cp == 0xFEFF;
}

inline bool IsCjk(std::uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF);
}

inline bool IsAsciiLetter(std::uint32_t cp) { return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; }

// What a word (a run of letters, UTF-8) can mean in a date; flags 0 when nothing.
Meaning LookUpWord(std::string_view raw);

// The Chinese or Japanese word that `text` starts with, nullptr when none. These scripts use no
// spaces, so words are matched by prefix.
const FixedWord* FindCjkWord(std::string_view text);

}  // namespace tidings::feed::dates
