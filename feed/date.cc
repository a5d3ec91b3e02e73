// Date parsing in two steps. A hand-written tokenizer splits the text into numbers, words and
// symbols (words are looked up once, while scanning). A reader then places each token into a
// year/month/day/time/zone slot. Slot filling copes with the many field orders real feeds use
// (RFC 822, ctime, ISO 8601, "3/5/2024 2:30 PM", "5 de marzo de 2024", "2024年3月5日") without
// one grammar per format; a token that fits no free slot rejects the whole date, so the parser
// fails instead of guessing.
#include "feed/date.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"

namespace tidings::feed {
namespace {

// ---- Word meanings ------------------------------------------------------------------------

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

constexpr Meaning Zone(int minutes, std::uint16_t extra = 0) {
  return {static_cast<std::uint16_t>(kZoneWord | extra), 0, kNoUnit,
          static_cast<std::int16_t>(minutes)};
}
constexpr Meaning Flags(std::uint16_t flags) { return {flags, 0, kNoUnit, 0}; }
constexpr Meaning UnitOf(Unit unit) { return {kUnitWord, 0, unit, 0}; }

struct FixedWord {
  std::string_view text;
  Meaning meaning;
};

// Zone names (CST is US Central, IST is India, AST is Atlantic), AM/PM and Korean markers.
// clang-format off
constexpr FixedWord kFixedWords[] = {
    {"ut", Zone(0, kUtcWord)}, {"utc", Zone(0, kUtcWord)}, {"gmt", Zone(0, kUtcWord)},
    {"est", Zone(-300)}, {"edt", Zone(-240)}, {"cst", Zone(-360)}, {"cdt", Zone(-300)},
    {"mst", Zone(-420)}, {"mdt", Zone(-360)}, {"pst", Zone(-480)}, {"pdt", Zone(-420)},
    {"akst", Zone(-540)}, {"akdt", Zone(-480)}, {"hst", Zone(-600)}, {"ast", Zone(-240)},
    {"adt", Zone(-180)}, {"nst", Zone(-210)}, {"ndt", Zone(-150)}, {"bst", Zone(60)},
    {"ist", Zone(330)}, {"cet", Zone(60)}, {"cest", Zone(120)}, {"met", Zone(60)},
    {"mest", Zone(120)}, {"mez", Zone(60)}, {"mesz", Zone(120)}, {"eet", Zone(120)},
    {"eest", Zone(180)}, {"wet", Zone(0)}, {"west", Zone(60)}, {"msk", Zone(180)},
    {"jst", Zone(540)}, {"kst", Zone(540)}, {"hkt", Zone(480)}, {"sgt", Zone(480)},
    {"awst", Zone(480)}, {"acst", Zone(570)}, {"acdt", Zone(630)}, {"aest", Zone(600)},
    {"aedt", Zone(660)}, {"nzst", Zone(720)}, {"nzdt", Zone(780)},
    {"am", Flags(kAmWord)}, {"a.m", Flags(kAmWord)}, {"오전", Flags(kAmWord)},
    {"pm", Flags(kPmWord)}, {"p.m", Flags(kPmWord)}, {"오후", Flags(kPmWord)},
    {"년", UnitOf(kYearUnit)}, {"월", UnitOf(kMonthUnit)}, {"일", UnitOf(kDayUnit)},
    {"시", UnitOf(kHourUnit)}, {"분", UnitOf(kMinuteUnit)}, {"초", UnitOf(kSecondUnit)},
};

// Chinese and Japanese words, matched by prefix because these scripts use no spaces.
constexpr FixedWord kCjkWords[] = {
    {"星期", Flags(kWeekdayWord | kTakesNext)}, {"礼拜", Flags(kWeekdayWord | kTakesNext)},
    {"禮拜", Flags(kWeekdayWord | kTakesNext)}, {"周", Flags(kWeekdayWord | kTakesNext)},
    {"週", Flags(kWeekdayWord | kTakesNext)},
    {"上午", Flags(kAmWord)}, {"午前", Flags(kAmWord)}, {"早上", Flags(kAmWord)},
    {"凌晨", Flags(kAmWord)}, {"下午", Flags(kPmWord)}, {"午後", Flags(kPmWord)},
    {"晚上", Flags(kPmWord)}, {"中午", Flags(kPmWord)},
    {"年", UnitOf(kYearUnit)}, {"月", UnitOf(kMonthUnit)}, {"日", UnitOf(kDayUnit)},
    {"号", UnitOf(kDayUnit)}, {"號", UnitOf(kDayUnit)}, {"时", UnitOf(kHourUnit)},
    {"時", UnitOf(kHourUnit)}, {"点", UnitOf(kHourUnit)}, {"點", UnitOf(kHourUnit)},
    {"分", UnitOf(kMinuteUnit)}, {"秒", UnitOf(kSecondUnit)},
};
// clang-format on

// Space-separated, in FoldLetter() form: lower case, Latin accents and Greek tonos removed.
constexpr std::array<std::string_view, 12> kMonthNames = {
    "january janvier januar janner enero gennaio janeiro januari stycznia styczen leden ledna "
    "январь января ιανουαριου ιανουαριοσ",
    "february fevrier februar febrero febbraio fevereiro februari lutego luty unor unora "
    "февраль февраля φεβρουαριου φεβρουαριοσ",
    "march mars marz maerz mrz marzo marco maart marts marca marzec brezen brezna март марта "
    "μαρτιου μαρτιοσ",
    "april avril abril aprile kwietnia kwiecien duben dubna апрель апреля απριλιου απριλιοσ",
    "may mai mayo maggio maio mei maj maja kveten kvetna май мая μαιου μαιοσ",
    "june juin juni junio giugno junho czerwca czerwiec cerven cervna cvn июнь июня ιουνιου "
    "ιουνιοσ",
    "july juillet juli julio luglio julho lipca lipiec cervenec cervence cvc июль июля "
    "ιουλιου ιουλιοσ",
    "august aout agosto augustus augusti sierpnia sierpien srpen srpna август августа "
    "αυγουστου αυγουστοσ",
    "september septembre septiembre setiembre settembre setembro wrzesnia wrzesien zari "
    "сентябрь сентября σεπτεμβριου σεπτεμβριοσ",
    "october octobre oktober octubre ottobre outubro pazdziernika pazdziernik rijen rijna "
    "октябрь октября οκτωβριου οκτωβριοσ",
    "november novembre noviembre novembro listopada listopad listopadu ноябрь ноября "
    "νοεμβριου νοεμβριοσ",
    "december decembre dezember diciembre dicembre dezembro desember grudnia grudzien "
    "prosinec prosince декабрь декабря δεκεμβριου δεκεμβριοσ",
};

constexpr std::string_view kWeekdayNames =
    "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi "
    "vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonnabend "
    "sonntag mo di mi do fr sa so lunes martes miercoles jueves viernes sabado domingo lunedi "
    "martedi mercoledi giovedi venerdi sabato domenica segunda terca quarta quinta sexta "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ma wo vr za zo poniedzialek "
    "wtorek sroda czwartek piatek sobota niedziela pn wt sr pt nd mandag tisdag tirsdag onsdag "
    "torsdag fredag lordag sondag pondeli utery streda ctvrtek patek nedele po ut st ct pa ne "
    "понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс "
    "δευτερα τριτη τεταρτη πεμπτη παρασκευη σαββατο κυριακη "
    "월요일 화요일 수요일 목요일 금요일 토요일 일요일";

constexpr std::string_view kNoiseWords =
    "a o e y v w r de del di da das do dos du des den der dem la le el les las as at on of the "
    "um uhr om uur kl klo alle ore ora st nd rd th er feira roku godz hrs г года год в во º";

// ---- Text helpers ------------------------------------------------------------------------

// Decodes the UTF-8 sequence at text[pos] into `cp`; returns its length, or 0 when malformed.
std::size_t DecodeUtf8(std::string_view text, std::size_t pos, std::uint32_t& cp) {
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

// A word folded for comparing with the tables; longer words are no names we know.
class FoldedWord {
 public:
  explicit FoldedWord(std::string_view raw);
  std::string_view view() const { return ok_ ? std::string_view(bytes_, size_) : ""; }

 private:
  void Append(std::uint32_t cp);
  char bytes_[48];
  std::size_t size_ = 0;
  bool ok_ = true;
};

void FoldedWord::Append(std::uint32_t cp) {
  if (size_ + 3 > sizeof bytes_) {
    ok_ = false;
  } else if (cp < 0x80) {
    bytes_[size_++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    bytes_[size_++] = static_cast<char>(0xC0 | (cp >> 6));
    bytes_[size_++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    bytes_[size_++] = static_cast<char>(0xE0 | (cp >> 12));
    bytes_[size_++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    bytes_[size_++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    ok_ = false;  // no names outside the Basic Multilingual Plane
  }
}

// Lower case without accents: "März" and "Marz" name the same month, and so do "ΜΑΪΟΥ" and
// "μαΐου". Only the scripts of the name tables are folded.
std::uint32_t FoldLetter(std::uint32_t cp) {
  static constexpr std::string_view kLatin1 =  // U+00C0-U+00FF
      "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
  static constexpr std::string_view kLatinExtendedA =  // U+0100-U+017F
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrr"
      "ssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  static_assert(kLatin1.size() == 64 && kLatinExtendedA.size() == 128);
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xFF) return static_cast<unsigned char>(kLatin1[cp - 0xC0]);
  if (cp >= 0x100 && cp <= 0x17F) return static_cast<unsigned char>(kLatinExtendedA[cp - 0x100]);
  if (cp == 0x401 || cp == 0x451) return 0x435;      // ё -> е
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;  // Ѐ-Џ
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;  // А-Я
  if (cp >= 0x391 && cp <= 0x3A9) return cp + 0x20;  // Α-Ω
  // Greek letters with tonos or dialytika, and final sigma.
  static constexpr std::uint16_t kGreek[][2] = {
      {0x386, 0x3B1}, {0x388, 0x3B5}, {0x389, 0x3B7}, {0x38A, 0x3B9}, {0x38C, 0x3BF},
      {0x38E, 0x3C5}, {0x38F, 0x3C9}, {0x390, 0x3B9}, {0x3AA, 0x3B9}, {0x3AB, 0x3C5},
      {0x3AC, 0x3B1}, {0x3AD, 0x3B5}, {0x3AE, 0x3B7}, {0x3AF, 0x3B9}, {0x3B0, 0x3C5},
      {0x3C2, 0x3C3}, {0x3CA, 0x3B9}, {0x3CB, 0x3C5}, {0x3CC, 0x3BF}, {0x3CD, 0x3C5},
      {0x3CE, 0x3C9}};
  for (const auto& pair : kGreek) {
    if (cp == pair[0]) return pair[1];
  }
  return cp;
}

bool IsSpace(std::uint32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x202F || cp == 0x3000 || cp == 0x3001 || cp == 0x3002 || cp == 0xFEFF;
}

bool IsCjk(std::uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF);
}

bool IsAsciiLetter(std::uint32_t cp) { return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; }

std::size_t LetterCount(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

struct NameEntry {
  std::string_view name;
  Meaning meaning;
};

void AddNames(std::string_view list, Meaning meaning, std::vector<NameEntry>& entries) {
  while (!list.empty()) {
    const std::size_t space = std::min(list.find(' '), list.size());
    entries.push_back({list.substr(0, space), meaning});
    list.remove_prefix(std::min(space + 1, list.size()));
  }
}

// Every known word, sorted: a lookup is a binary search, and the names a prefix begins are
// adjacent. Built once, so the tables above can stay readable lists.
const std::vector<NameEntry>& NameIndex() {
  static const std::vector<NameEntry> index = [] {
    std::vector<NameEntry> entries;
    for (const FixedWord& word : kFixedWords) entries.push_back({word.text, word.meaning});
    for (std::size_t m = 0; m < kMonthNames.size(); ++m) {
      AddNames(kMonthNames[m], {kMonthWord, static_cast<std::uint8_t>(m + 1), kNoUnit, 0}, entries);
    }
    AddNames(kWeekdayNames, Flags(kWeekdayWord), entries);
    AddNames(kNoiseWords, Flags(kNoiseWord), entries);
    std::sort(entries.begin(), entries.end(),
              [](const NameEntry& a, const NameEntry& b) { return a.name < b.name; });
    return entries;
  }();
  return index;
}

// Lower case, accents stripped, for comparing with the tables.
FoldedWord::FoldedWord(std::string_view raw) {
  for (std::size_t pos = 0; pos < raw.size() && ok_;) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(raw, pos, cp);
    if (length == 0) {
      ok_ = false;
      break;
    }
    Append(FoldLetter(cp));
    pos += length;
  }
}

Meaning LookUpWord(std::string_view raw) {
  const FoldedWord folded(raw);
  const std::string_view word = folded.view();
  if (word.empty()) return {};
  const std::vector<NameEntry>& index = NameIndex();
  auto entry = std::lower_bound(index.begin(), index.end(), word,
                                [](const NameEntry& a, std::string_view b) { return a.name < b; });
  // Besides exact names, a word of 3+ letters is a month when it begins the names of exactly
  // one month ("sept", "janv", "févr", "сент"), and a weekday when it begins one ("tues").
  const bool prefix = LetterCount(word) >= 3;
  Meaning meaning;
  int prefix_month = 0;  // -1: several months ("jui": juin or juillet)
  for (; entry != index.end() && entry->name.starts_with(word); ++entry) {
    const Meaning& found = entry->meaning;
    if (entry->name.size() == word.size()) {
      meaning.flags |= found.flags;
      if (found.flags & kMonthWord) meaning.month = found.month;
      if (found.flags & kZoneWord) meaning.zone = found.zone;
      if (found.flags & kUnitWord) meaning.unit = found.unit;
    } else if (!prefix) {
      break;  // exact names sort first
    } else {
      meaning.flags |= found.flags & kWeekdayWord;
      if (found.flags & kMonthWord) {
        prefix_month = prefix_month == 0 || prefix_month == found.month ? found.month : -1;
      }
    }
  }
  if (!(meaning.flags & kMonthWord) && prefix_month > 0) {
    meaning.flags |= kMonthWord;
    meaning.month = static_cast<std::uint8_t>(prefix_month);
  }
  return meaning;
}

// ---- Tokenizer -------------------------------------------------------------------------------

enum class TokenType : std::uint8_t { kNumber, kWord, kSymbol };

struct Token {
  TokenType type = TokenType::kSymbol;
  bool spaced = false;     // whitespace or a (comment) comes before it
  char symbol = 0;         // kSymbol: one of + - : / . ,  kWord: its letter if one ASCII letter
  int digits = 0;          // kNumber
  std::int64_t value = 0;  // kNumber; only its digit count matters beyond 18 digits
  Meaning meaning;         // kWord
};

// Real dates have fewer than 20 tokens; anything longer is not a date.
constexpr std::size_t kMaxTokens = 40;

struct TokenList {
  std::array<Token, kMaxTokens> items;
  std::size_t size = 0;
};

// Returns the position after a parenthesized comment starting at `pos`: "(PST)", "（火）".
std::size_t SkipComment(std::string_view text, std::size_t pos) {
  int depth = 0;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, pos, cp);
    pos += length == 0 ? 1 : length;
    if (cp == '(' || cp == 0xFF08) ++depth;
    if ((cp == ')' || cp == 0xFF09) && --depth == 0) break;
  }
  return pos;
}

std::size_t ScanNumber(std::string_view text, std::size_t pos, Token& token) {
  token.type = TokenType::kNumber;
  for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
    if (++token.digits <= 18) token.value = token.value * 10 + (text[pos] - '0');
  }
  return pos;
}

std::size_t ScanWord(std::string_view text, std::size_t start, Token& token) {
  std::size_t pos = start;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, pos, cp);
    const bool letter = length > 0 && (IsAsciiLetter(cp) ||
                                       (cp >= 0x80 && !IsSpace(cp) && !IsCjk(cp) && cp < 0xFF00));
    // "a.m." and "p.m." are one word.
    const bool inner_dot =
        cp == '.' && pos == start + 1 && IsAsciiLetter(static_cast<unsigned char>(text[start])) &&
        pos + 1 < text.size() && IsAsciiLetter(static_cast<unsigned char>(text[pos + 1]));
    if (!letter && !inner_dot) break;
    pos += length;
  }
  token.type = TokenType::kWord;
  token.meaning = LookUpWord(text.substr(start, pos - start));
  if (pos == start + 1) token.symbol = static_cast<char>(text[start] | 0x20);
  return pos;
}

// Matches a Chinese or Japanese word at `pos`; returns the position after it, or `pos`.
std::size_t ScanCjk(std::string_view text, std::size_t pos, Token& token) {
  token.type = TokenType::kWord;
  const std::string_view rest = text.substr(pos);
  std::uint32_t cp = 0;
  const std::size_t first = DecodeUtf8(text, pos, cp);
  std::uint32_t second = 0;
  if (pos + first < text.size() && DecodeUtf8(text, pos + first, second) == 3 &&
      second == 0x66DC) {  // Japanese weekday: 火曜日, 火曜
    token.meaning = Flags(kWeekdayWord);
    const std::size_t end = pos + first + 3;
    return text.substr(end).starts_with("日") ? end + 3 : end;
  }
  for (const FixedWord& word : kCjkWords) {
    if (!rest.starts_with(word.text)) continue;
    token.meaning = word.meaning;
    std::size_t end = pos + word.text.size();
    if ((word.meaning.flags & kTakesNext) && end < text.size()) {
      const std::size_t length = DecodeUtf8(text, end, cp);
      if (length != 0 && IsCjk(cp)) end += length;
    }
    return end;
  }
  return pos;
}

char SymbolOf(std::uint32_t cp) {
  if (cp == 0xFF1A) return ':';  // fullwidth colon
  if (cp == 0x2212) return '-';  // minus sign
  if (cp == '+' || cp == '-' || cp == ':' || cp == '/' || cp == '.' || cp == ',') {
    return static_cast<char>(cp);
  }
  return 0;
}

// False when the text holds something no date contains.
bool Tokenize(std::string_view text, TokenList& tokens) {
  bool spaced = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, pos, cp);
    if (length == 0) return false;
    if (IsSpace(cp) || cp == '(' || cp == 0xFF08) {
      pos = IsSpace(cp) ? pos + length : SkipComment(text, pos);
      spaced = true;
      continue;
    }
    if (tokens.size == kMaxTokens) return false;
    Token& token = tokens.items[tokens.size++];
    token = Token{};
    token.spaced = spaced;
    spaced = false;
    const std::size_t start = pos;
    if (cp >= '0' && cp <= '9') {
      pos = ScanNumber(text, pos, token);
    } else if (const char symbol = SymbolOf(cp); symbol != 0) {
      token.symbol = symbol;
      pos += length;
    } else if (IsCjk(cp)) {
      pos = ScanCjk(text, pos, token);
    } else if (IsAsciiLetter(cp) || (cp >= 0x80 && cp < 0xFF00)) {
      pos = ScanWord(text, pos, token);
    }
    if (pos == start) return false;
  }
  return true;
}

// ---- Reader ----------------------------------------------------------------------------------

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

Result<Time> ParseDate(std::string_view text) {
  text = TrimAscii(text);
  if (text.empty()) return InvalidError("empty date");
  if (text.size() > kMaxDateBytes) return InvalidError("unrecognized date");
  // A bare 9-11 digit number is Unix seconds (1973-03-03 to 5138-11-16), as some JSON feeds
  // and CMS exports write it. Eight digits stay a basic ISO date (20031213).
  if (text.size() >= 9 && text.size() <= 11 &&
      text.find_first_not_of("0123456789") == std::string_view::npos) {
    Time seconds = 0;
    for (char c : text) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  TokenList tokens;
  if (!Tokenize(text, tokens)) return InvalidError("unrecognized date");
  if (tokens.size == 0) return InvalidError("empty date");
  return DateReader(tokens).Read();
}

}  // namespace tidings::feed
