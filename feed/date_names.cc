// The name tables of date parsing and their lookup (see date_names.h). The tables are readable
// space-separated lists; they are indexed once, sorted, so that a lookup is a binary search.
#include "feed/date_names.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tidings::feed::dates {
namespace {

constexpr Meaning Zone(int minutes, std::uint16_t extra = 0) {
  return {static_cast<std::uint16_t>(kZoneWord | extra), 0, kNoUnit,
          static_cast<std::int16_t>(minutes)};
}
constexpr Meaning UnitOf(Unit unit) { return {kUnitWord, 0, unit, 0}; }

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

}  // namespace

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

const FixedWord* FindCjkWord(std::string_view text) {
  for (const FixedWord& word : kCjkWords) {
    if (text.starts_with(word.text)) return &word;
  }
  return nullptr;
}

}  // namespace tidings::feed::dates
