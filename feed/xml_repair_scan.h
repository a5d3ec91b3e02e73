// Internals of the XML repairer (feed/xml_repair.cc): character classes, the extents of
// comments, CDATA sections, processing instructions and DOCTYPE declarations, the rewriting of
// character references, text runs and attributes (xml_repair_scan.cc), and the log that turns
// repairs into warning lines (xml_repair_log.cc). Internal to feed/.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tidings::feed::repair {

inline constexpr size_t kNpos = std::string_view::npos;
// Start tags nested deeper than this become text, which bounds the element stack.
inline constexpr size_t kMaxDepth = 10000;

bool IsSpace(char c);
// The end of the XML name that starts at `pos`, or pos when none does. Names start with an ASCII
// letter, '_' or ':'; digits, '-', '.' and the non-ASCII name characters of XML may follow.
size_t NameEnd(std::string_view text, size_t pos);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view text, size_t pos, std::string_view prefix);
// "br", "img" and the other HTML elements that never have content.
bool IsHtmlVoidElement(std::string_view name);
// "rss", "rdf:RDF", "atom:feed", "channel": the elements a feed document starts with.
bool IsFeedRootName(std::string_view name);

// The offset just past the construct that starts at `pos` ("<!--", "<![CDATA[", "<?",
// "<!DOCTYPE"), or kNpos when the text ends before the construct does.
size_t CommentEnd(std::string_view text, size_t pos);
size_t CdataEnd(std::string_view text, size_t pos);
size_t PiEnd(std::string_view text, size_t pos);
size_t DoctypeEnd(std::string_view text, size_t pos);
// True when a processing instruction starts at `pos`: "<?" and a name.
bool IsPiStart(std::string_view text, size_t pos);
// True for a PI whose target is "xml" in any case: an XML declaration, or an invalid PI.
bool IsXmlDeclaration(std::string_view text, size_t pos);

// Tells what markup starts at a '<', for scans that skip from one '<' to a later one (the search
// for the root element, and the prolog before it). Each terminator ("-->", "?>", "]]>") is
// searched for once over the text in all, so that a text full of unterminated "<!--" stays
// linear; positions must not decrease from one call to the next.
class MarkupLexer {
 public:
  enum class Kind { kComment, kCdata, kDoctype, kDeclaration, kPi, kElement, kOther };
  explicit MarkupLexer(std::string_view text) : text_(text) {}
  // The kind of markup at text[pos] == '<', and in *end the offset just past it (kNpos when it
  // is not terminated); for an element, the end of its name.
  Kind At(size_t pos, size_t* end);

 private:
  // The end of the next `terminator` at or after `from`, or kNpos.
  size_t Next(size_t which, std::string_view terminator, size_t from);

  std::string_view text_;
  std::array<size_t, 3> found_ = {0, 0, 0};  // The last match of each terminator, if any.
  std::array<bool, 3> exhausted_ = {false, false, false};
  bool doctype_exhausted_ = false;  // One unterminated DOCTYPE makes all later ones junk.
};

// The kinds of repair, in the order their warnings are written.
enum class Repair {
  kNoElement,
  kJunkBeforeRoot,
  kMisplacedDeclaration,
  kDoctype,
  kUndeclaredEntity,
  kBareAmpersand,
  kBadCharRef,
  kForbiddenChar,
  kStrayLt,
  kUnquotedAttribute,
  kValuelessAttribute,
  kDuplicateAttribute,
  kBadAttribute,
  kVoidElement,
  kStrayEndTag,
  kUnclosedElement,
  kCommentDashes,
  kUnterminated,
  kDepth,
  kTrailingJunk,
  kTruncated,
  kCount,
};

// Counts repairs by kind, remembering the line and a detail ("&nbsp;", "<p>") of the first.
class RepairLog {
 public:
  explicit RepairLog(std::string_view text) : text_(text) {}
  // `detail` is prefix + name + suffix, built only for the first repair of a kind.
  void Note(Repair kind, size_t offset, std::string_view prefix = {}, std::string_view name = {},
            std::string_view suffix = {});
  // For repairs counted in bytes rather than occurrences.
  void NoteBytes(Repair kind, size_t offset, size_t bytes);
  void NoteTruncated(size_t offset, size_t closed_elements);
  void AppendWarnings(std::vector<std::string>* warnings) const;

 private:
  struct Entry {
    size_t count = 0;
    size_t line = 0;
    std::string detail;
  };
  size_t LineAt(size_t offset);

  std::string_view text_;
  size_t line_offset_ = 0;  // LineAt's last answer, so that forward look-ups stay linear.
  size_t line_ = 1;
  size_t truncated_closed_ = 0;
  std::array<Entry, static_cast<size_t>(Repair::kCount)> entries_;
};

// Appends the well-formed form of the reference at text[pos] == '&' and returns the number of
// input bytes it consumed: XML's own references are kept, HTML5 named ones replaced by their
// text, invalid numeric ones by U+FFFD (or nothing, for control characters), and a '&' that
// starts no reference becomes "&amp;".
size_t AppendReference(std::string_view text, size_t pos, std::string* out, RepairLog* log);

// Appends text[begin, end) without the characters XML 1.0 forbids.
void AppendAllowed(std::string_view text, size_t begin, size_t end, std::string* out,
                   RepairLog* log);
// The length of the XML-forbidden character at text[pos] (C0 controls other than tab, line
// feed and carriage return; U+FFFE and U+FFFF), or 0.
size_t ForbiddenCharLength(std::string_view text, size_t pos);

enum class TagEnd { kOpen, kSelfClosed, kEof };

// Copies the attributes of a start tag, from just past its name to its end, as well-formed XML:
// values quoted and escaped, valueless attributes given their name as value, duplicates and
// malformed ones dropped. Writes neither the closing '>' nor "/>". Reused across tags so that
// its buffers are allocated once.
class AttributeCopier {
 public:
  // Advances *pos past the tag's '>' or "/>" (or to a '<' that ends an unterminated tag).
  TagEnd Copy(std::string_view text, size_t* pos, std::string* out, RepairLog* log);

 private:
  void CopyAttribute();
  void CopyValue(size_t begin, size_t end);
  void SkipJunk();
  size_t ValueEnd(size_t pos) const;
  bool IsDuplicate(std::string_view name);
  void SkipSpaces();

  std::string_view text_;
  size_t pos_ = 0;
  std::string* out_ = nullptr;
  RepairLog* log_ = nullptr;
  std::vector<std::string_view> names_;
  std::unordered_set<std::string_view> name_set_;
};

}  // namespace tidings::feed::repair
