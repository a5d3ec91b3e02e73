#include "feed/xml_repair_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/html_entities.h"

namespace tidings::feed::repair {
namespace {

// The longest HTML5 entity name is 31 characters; longer runs cannot be one.
constexpr size_t kMaxEntityName = 32;
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";
// Past this many attributes in one tag, duplicates are found with a hash set.
constexpr size_t kLinearAttributeLimit = 32;

enum CharClass : uint8_t { kNameStart = 1, kNameChar = 2, kForbiddenLead = 4 };

constexpr std::array<uint8_t, 256> MakeCharClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool start = letter || c == '_' || c == ':';
    bool name = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
    bool forbidden = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xEF;
    classes[static_cast<size_t>(c)] = static_cast<uint8_t>(
        (start ? kNameStart : 0) | (name ? kNameChar : 0) | (forbidden ? kForbiddenLead : 0));
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kCharClasses = MakeCharClasses();

// Bytes that end a run of an attribute value copied as it is.
constexpr std::array<bool, 256> MakeValueStops() {
  std::array<bool, 256> stops{};
  for (size_t c = 0; c < 0x20; ++c) stops[c] = c != '\t' && c != '\n' && c != '\r';
  stops['<'] = stops['&'] = stops['"'] = stops[0xEF] = true;
  return stops;
}
constexpr std::array<bool, 256> kValueStops = MakeValueStops();

bool HasClass(char c, CharClass char_class) {
  return (kCharClasses[static_cast<unsigned char>(c)] & char_class) != 0;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int DigitValue(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  char lower = LowerAscii(c);
  return (lower >= 'a' && lower <= 'f') ? lower - 'a' + 10 : -1;
}

bool IsXmlChar(uint32_t value) {
  return value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF) ||
         (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF);
}

size_t AppendBareAmpersand(size_t pos, std::string* out, RepairLog* log) {
  out->append("&amp;");
  log->Note(Repair::kBareAmpersand, pos);
  return 1;
}

// "&#65;", "&#x41;": kept when they name a character XML allows ("&#X41;" is spelled "&#x41;",
// as XML wants), else replaced.
size_t AppendCharRef(std::string_view text, size_t pos, std::string* out, RepairLog* log) {
  size_t i = pos + 2;
  bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  size_t digits = i;
  uint32_t value = 0;
  bool too_large = false;
  for (int digit = 0; i < text.size() && (digit = DigitValue(text[i], hex)) >= 0; ++i) {
    if (too_large) continue;
    value = value * (hex ? 16u : 10u) + static_cast<uint32_t>(digit);
    too_large = value > 0x10FFFF;
  }
  if (i == digits || i >= text.size() || text[i] != ';') return AppendBareAmpersand(pos, out, log);
  size_t length = i + 1 - pos;
  if (!too_large && IsXmlChar(value)) {
    out->append(hex ? "&#x" : "&#");
    out->append(text.substr(digits, length - (digits - pos)));
    return length;
  }
  log->Note(Repair::kBadCharRef, pos, text.substr(pos, length));
  // Control characters carry nothing a reader sees; anything else leaves a visible mark.
  bool control = !too_large && value > 0 && value < 0x20;
  if (!control) out->append(kReplacementChar);
  return length;
}

size_t AppendNamedRef(std::string_view text, size_t pos, std::string* out, RepairLog* log) {
  size_t end = pos + 1;
  while (end < text.size() && end - pos <= kMaxEntityName && IsAsciiAlnum(text[end])) ++end;
  if (end == pos + 1 || end >= text.size() || text[end] != ';') {
    return AppendBareAmpersand(pos, out, log);
  }
  std::string_view name = text.substr(pos + 1, end - pos - 1);
  size_t length = end + 1 - pos;
  if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
    out->append(text.substr(pos, length));
    return length;
  }
  std::string_view value = LookupHtmlEntity(name);
  if (value.empty()) return AppendBareAmpersand(pos, out, log);
  log->Note(Repair::kUndeclaredEntity, pos, "&", name, ";");
  // "&LT;", "&GT;", "&AMP;", "&QUOT;" and "&nvlt;" (U+003C U+20D2) hold markup characters:
  // they become the references XML predefines.
  for (char c : value) {
    if (c == '<') {
      out->append("&lt;");
    } else if (c == '>') {
      out->append("&gt;");
    } else if (c == '&') {
      out->append("&amp;");
    } else if (c == '"') {
      out->append("&quot;");
    } else {
      out->push_back(c);
    }
  }
  return length;
}

// Decodes the UTF-8 sequence at text[pos] (of 2 to 4 bytes); 0 for an invalid one.
char32_t DecodeUtf8(std::string_view text, size_t pos, size_t* length) {
  auto lead = static_cast<unsigned char>(text[pos]);
  *length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (*length == 0 || lead >= 0xF5 || pos + *length > text.size()) return 0;
  char32_t code_point = lead & (0x3Fu >> (*length - 1));
  for (size_t i = 1; i < *length; ++i) {
    auto byte = static_cast<unsigned char>(text[pos + i]);
    if ((byte & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte & 0x3Fu);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  return code_point < kMinimum[*length] ? 0 : code_point;
}

// XML 1.0 (fifth edition) name characters outside ASCII.
bool IsNonAsciiNameChar(char32_t c) {
  return c == 0xB7 || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C || c == 0x200D ||
         c == 0x203F || c == 0x2040 || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}

// The length of the name character at text[pos], or 0. A name must start with an ASCII letter,
// '_' or ':': like HTML, "<" before anything else (a digit, "<速報>") is text, which is what
// authors of feeds mean by it.
size_t NameCharLength(std::string_view text, size_t pos, bool first) {
  if (static_cast<unsigned char>(text[pos]) < 0x80) {
    return HasClass(text[pos], first ? kNameStart : kNameChar) ? 1 : 0;
  }
  if (first) return 0;
  size_t length = 0;
  return IsNonAsciiNameChar(DecodeUtf8(text, pos, &length)) ? length : 0;
}

}  // namespace

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

size_t NameEnd(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end < text.size()) {
    size_t length = NameCharLength(text, end, end == pos);
    if (length == 0) break;
    end += length;
  }
  return end;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, size_t pos, std::string_view prefix) {
  return pos <= text.size() && text.size() - pos >= prefix.size() &&
         EqualsIgnoreCase(text.substr(pos, prefix.size()), prefix);
}

bool IsHtmlVoidElement(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"br",   "hr",  "img",   "wbr",   "input",
                                               "area", "col", "embed", "param", "track"};
  return std::any_of(std::begin(kVoid), std::end(kVoid),
                     [name](std::string_view v) { return EqualsIgnoreCase(name, v); });
}

bool IsFeedRootName(std::string_view name) {
  size_t colon = name.rfind(':');
  std::string_view local = colon == kNpos ? name : name.substr(colon + 1);
  return EqualsIgnoreCase(local, "rss") || EqualsIgnoreCase(local, "rdf") ||
         EqualsIgnoreCase(local, "feed") || EqualsIgnoreCase(local, "channel");
}

size_t CommentEnd(std::string_view text, size_t pos) {
  size_t end = text.find("-->", pos + 4);
  return end == kNpos ? kNpos : end + 3;
}

size_t CdataEnd(std::string_view text, size_t pos) {
  size_t end = text.find("]]>", pos + 9);
  return end == kNpos ? kNpos : end + 3;
}

size_t PiEnd(std::string_view text, size_t pos) {
  size_t end = text.find("?>", pos + 2);
  return end == kNpos ? kNpos : end + 2;
}

// Skips quoted strings, and comments inside the internal subset, so that a '>' in either does
// not end the declaration early.
size_t DoctypeEnd(std::string_view text, size_t pos) {
  char quote = 0;
  bool subset = false;
  for (size_t i = pos + 2; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == ']') {
      subset = c == '[';
    } else if (c == '>' && !subset) {
      return i + 1;
    } else if (subset && text.compare(i, 4, "<!--") == 0) {
      size_t end = CommentEnd(text, i);
      if (end == kNpos) return kNpos;
      i = end - 1;
    }
  }
  return kNpos;
}

bool IsPiStart(std::string_view text, size_t pos) {
  return pos + 2 < text.size() && text[pos] == '<' && text[pos + 1] == '?' &&
         NameEnd(text, pos + 2) > pos + 2;
}

bool IsXmlDeclaration(std::string_view text, size_t pos) {
  return IsPiStart(text, pos) && NameEnd(text, pos + 2) == pos + 5 &&
         StartsWithIgnoreCase(text, pos + 2, "xml");
}

MarkupLexer::Kind MarkupLexer::At(size_t pos, size_t* end) {
  if (text_.compare(pos, 4, "<!--") == 0) {
    *end = Next(0, "-->", pos + 4);
    return Kind::kComment;
  }
  if (text_.compare(pos, 9, "<![CDATA[") == 0) {
    *end = Next(1, "]]>", pos + 9);
    return Kind::kCdata;
  }
  if (StartsWithIgnoreCase(text_, pos, "<!DOCTYPE")) {
    *end = doctype_exhausted_ ? kNpos : DoctypeEnd(text_, pos);
    doctype_exhausted_ = *end == kNpos;
    return Kind::kDoctype;
  }
  if (IsPiStart(text_, pos)) {
    *end = Next(2, "?>", pos + 2);
    return IsXmlDeclaration(text_, pos) ? Kind::kDeclaration : Kind::kPi;
  }
  *end = NameEnd(text_, pos + 1);
  if (*end > pos + 1) return Kind::kElement;
  *end = pos + 1;
  return Kind::kOther;
}

size_t MarkupLexer::Next(size_t which, std::string_view terminator, size_t from) {
  if (exhausted_[which]) return kNpos;
  if (found_[which] < from) {
    found_[which] = text_.find(terminator, from);
    exhausted_[which] = found_[which] == kNpos;
    if (exhausted_[which]) return kNpos;
  }
  return found_[which] + terminator.size();
}

size_t ForbiddenCharLength(std::string_view text, size_t pos) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c != 0xEF) return HasClass(text[pos], kForbiddenLead) ? 1 : 0;
  // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
  bool noncharacter = pos + 2 < text.size() && text[pos + 1] == '\xBF' &&
                      (text[pos + 2] == '\xBE' || text[pos + 2] == '\xBF');
  return noncharacter ? 3 : 0;
}

void AppendAllowed(std::string_view text, size_t begin, size_t end, std::string* out,
                   RepairLog* log) {
  std::string_view bounded = text.substr(0, end);
  size_t i = begin;
  while (i < end) {
    size_t run = i;
    while (run < end && !HasClass(text[run], kForbiddenLead)) ++run;
    out->append(text.substr(i, run - i));
    if (run >= end) break;
    size_t length = ForbiddenCharLength(bounded, run);
    if (length == 0) {
      out->push_back(text[run]);
      i = run + 1;
    } else {
      log->Note(Repair::kForbiddenChar, run);
      i = run + length;
    }
  }
}

size_t AppendReference(std::string_view text, size_t pos, std::string* out, RepairLog* log) {
  if (pos + 1 < text.size() && text[pos + 1] == '#') return AppendCharRef(text, pos, out, log);
  return AppendNamedRef(text, pos, out, log);
}

TagEnd AttributeCopier::Copy(std::string_view text, size_t* pos, std::string* out, RepairLog* log) {
  text_ = text;
  pos_ = *pos;
  out_ = out;
  log_ = log;
  names_.clear();
  // clear() would keep, and clear, the buckets of the largest tag so far on every tag.
  if (!name_set_.empty()) std::unordered_set<std::string_view>().swap(name_set_);
  TagEnd end = TagEnd::kEof;
  for (SkipSpaces(); pos_ < text_.size(); SkipSpaces()) {
    char c = text_[pos_];
    if (c == '>' || (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '>')) {
      end = c == '>' ? TagEnd::kOpen : TagEnd::kSelfClosed;
      pos_ += c == '>' ? 1 : 2;
      break;
    }
    if (c == '<') {  // An unterminated tag: the '<' starts the next one.
      log_->Note(Repair::kBadAttribute, pos_);
      end = TagEnd::kOpen;
      break;
    }
    if (c == '/') {
      ++pos_;
    } else if (NameEnd(text_, pos_) > pos_) {
      CopyAttribute();
    } else {
      SkipJunk();
    }
  }
  *pos = pos_;
  return end;
}

void AttributeCopier::CopyAttribute() {
  size_t begin = pos_;
  pos_ = NameEnd(text_, pos_);
  std::string_view name = text_.substr(begin, pos_ - begin);
  SkipSpaces();
  bool has_value = pos_ < text_.size() && text_[pos_] == '=';
  size_t value_begin = pos_, value_end = pos_;
  if (!has_value) {
    log_->Note(Repair::kValuelessAttribute, begin, "", name);
  } else {
    ++pos_;
    SkipSpaces();
    value_begin = pos_;
    value_end = ValueEnd(pos_);
    if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
      ++value_begin;
      pos_ = value_end == text_.size() ? value_end : value_end + 1;
    } else {
      log_->Note(Repair::kUnquotedAttribute, begin);
      pos_ = value_end;
    }
  }
  if (IsDuplicate(name)) {
    log_->Note(Repair::kDuplicateAttribute, begin, "", name);
    return;
  }
  out_->push_back(' ');
  out_->append(name);
  out_->append("=\"");
  if (!has_value) {
    out_->append(name);  // <input disabled> means disabled="disabled".
  } else {
    CopyValue(value_begin, value_end);
  }
  out_->push_back('"');
}

void AttributeCopier::CopyValue(size_t begin, size_t end) {
  std::string_view bounded = text_.substr(0, end);
  size_t i = begin;
  while (i < end) {
    size_t run = i;
    while (run < end && !kValueStops[static_cast<unsigned char>(text_[run])]) ++run;
    out_->append(text_.substr(i, run - i));
    if (run >= end) break;
    i = run;
    char c = text_[i];
    if (c == '&') {
      i += AppendReference(bounded, i, out_, log_);
      continue;
    }
    size_t length = c == '<' || c == '"' ? 1 : ForbiddenCharLength(bounded, i);
    if (c == '<') {
      log_->Note(Repair::kStrayLt, i);
      out_->append("&lt;");
    } else if (c == '"') {
      out_->append("&quot;");  // From a single-quoted or unquoted value.
    } else if (length > 0) {
      log_->Note(Repair::kForbiddenChar, i);
    } else {
      out_->push_back(c);
      length = 1;
    }
    i += length;
  }
}

// Something in a tag that is no attribute ("@click=x", a stray quote): dropped with its value.
void AttributeCopier::SkipJunk() {
  log_->Note(Repair::kBadAttribute, pos_);
  ++pos_;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (IsSpace(c) || c == '>' || c == '/' || c == '<' || c == '=') break;
    ++pos_;
  }
  if (pos_ >= text_.size() || text_[pos_] != '=') return;
  ++pos_;
  SkipSpaces();
  size_t end = ValueEnd(pos_);
  bool quoted = pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'');
  pos_ = quoted && end < text_.size() ? end + 1 : end;
}

// The end of the value at `pos`: its closing quote, or for an unquoted value (as in HTML) the
// next space or '>'. text_.size() when the text ends first.
size_t AttributeCopier::ValueEnd(size_t pos) const {
  if (pos < text_.size() && (text_[pos] == '"' || text_[pos] == '\'')) {
    size_t close = text_.find(text_[pos], pos + 1);
    return close == kNpos ? text_.size() : close;
  }
  while (pos < text_.size() && !IsSpace(text_[pos]) && text_[pos] != '>') ++pos;
  return pos;
}

bool AttributeCopier::IsDuplicate(std::string_view name) {
  if (!name_set_.empty()) return !name_set_.insert(name).second;
  if (std::find(names_.begin(), names_.end(), name) != names_.end()) return true;
  names_.push_back(name);
  if (names_.size() >= kLinearAttributeLimit) name_set_.insert(names_.begin(), names_.end());
  return false;
}

void AttributeCopier::SkipSpaces() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
}

}  // namespace tidings::feed::repair
