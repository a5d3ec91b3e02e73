// The warnings of the XML repairer: one line per kind of repair, with a count and the line of
// the first one.
#include <algorithm>
#include <cstddef>

#include <fmt/format.h>

#include "feed/xml_repair_scan.h"

namespace tidings::feed::repair {
namespace {

// Details longer than this ("&#000000000000065;", a 5 kB element name) are cut in warnings.
constexpr size_t kMaxDetail = 40;

// How each kind of repair is reported: "<verb> <count> <noun> (first <detail> at line <n>)".
struct Wording {
  std::string_view verb;
  std::string_view one;
  std::string_view many;
};

constexpr std::array<Wording, static_cast<size_t>(Repair::kCount)> kWordings = {{
    {"found", "no element; wrote an empty <document/>", "no element; wrote an empty <document/>"},
    {"dropped", "byte before the root element", "bytes before the root element"},
    {"removed", "misplaced XML declaration", "misplaced XML declarations"},
    {"removed", "DOCTYPE declaration", "DOCTYPE declarations"},
    {"repaired", "undeclared entity", "undeclared entities"},
    {"escaped", "bare '&'", "bare '&'"},
    {"replaced", "invalid character reference", "invalid character references"},
    {"removed", "character that XML forbids", "characters that XML forbids"},
    {"escaped", "stray '<'", "stray '<'"},
    {"quoted", "unquoted attribute value", "unquoted attribute values"},
    {"gave", "attribute without a value its name as value",
     "attributes without a value their names as values"},
    {"dropped", "duplicate attribute", "duplicate attributes"},
    {"dropped", "malformed attribute or stray character in a tag",
     "malformed attributes or stray characters in tags"},
    {"self-closed", "HTML void element", "HTML void elements"},
    {"dropped", "end tag that matched no open element", "end tags that matched no open element"},
    {"closed", "unclosed element", "unclosed elements"},
    {"fixed", "\"--\" inside a comment", "\"--\" inside comments"},
    {"terminated", "unclosed comment, CDATA section or processing instruction",
     "unclosed comments, CDATA sections or processing instructions"},
    {"flattened", "start tag nested deeper than 10000 levels into text",
     "start tags nested deeper than 10000 levels into text"},
    {"dropped", "byte after the root element closed", "bytes after the root element closed"},
    {"", "", ""},  // kTruncated has a sentence of its own.
}};

std::string FormatWarning(Repair kind, size_t count, size_t line, std::string_view detail) {
  const Wording& wording = kWordings[static_cast<size_t>(kind)];
  std::string_view noun = count == 1 ? wording.one : wording.many;
  if (kind == Repair::kNoElement) return fmt::format("{} {}", wording.verb, noun);
  bool bytes = kind == Repair::kJunkBeforeRoot || kind == Repair::kTrailingJunk;
  if (bytes) return fmt::format("{} {} {} (from line {})", wording.verb, count, noun, line);
  if (detail.empty()) {
    return fmt::format("{} {} {} (first at line {})", wording.verb, count, noun, line);
  }
  return fmt::format("{} {} {} (first {} at line {})", wording.verb, count, noun, detail, line);
}

}  // namespace

void RepairLog::Note(Repair kind, size_t offset, std::string_view prefix, std::string_view name,
                     std::string_view suffix) {
  Entry& entry = entries_[static_cast<size_t>(kind)];
  if (entry.count++ != 0) return;
  entry.line = LineAt(offset);
  entry.detail.append(prefix).append(name.substr(0, kMaxDetail)).append(suffix);
}

void RepairLog::NoteBytes(Repair kind, size_t offset, size_t bytes) {
  Entry& entry = entries_[static_cast<size_t>(kind)];
  if (entry.count == 0) entry.line = LineAt(offset);
  entry.count += bytes;
}

void RepairLog::NoteTruncated(size_t offset, size_t closed_elements) {
  Note(Repair::kTruncated, offset);
  truncated_closed_ = closed_elements;
}

void RepairLog::AppendWarnings(std::vector<std::string>* warnings) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (entry.count == 0) continue;
    auto kind = static_cast<Repair>(i);
    if (kind == Repair::kTruncated) {
      warnings->push_back(fmt::format("the document was truncated at line {}; closed {} open {}",
                                      entry.line, truncated_closed_,
                                      truncated_closed_ == 1 ? "element" : "elements"));
    } else {
      warnings->push_back(FormatWarning(kind, entry.count, entry.line, entry.detail));
    }
  }
}

// Counts line feeds from the previous answer, forwards or backwards: repairs are noted in
// document order, except the start of an element closed late, so the total stays linear.
size_t RepairLog::LineAt(size_t offset) {
  offset = std::min(offset, text_.size());
  size_t from = std::min(offset, line_offset_);
  size_t to = std::max(offset, line_offset_);
  size_t lines =
      static_cast<size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(from),
                                     text_.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
  line_ = offset >= line_offset_ ? line_ + lines : line_ - lines;
  line_offset_ = offset;
  return line_;
}

}  // namespace tidings::feed::repair
