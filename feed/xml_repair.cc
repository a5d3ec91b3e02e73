#include "feed/xml_repair.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "feed/xml_repair_scan.h"

namespace tidings::feed {
namespace {

using repair::kNpos;
using repair::Repair;
using repair::RepairLog;

// The declaration is rewritten: the caller has already converted the text to UTF-8, so the
// original encoding label would now be wrong.
constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kEmptyDocument = "<document/>\n";
// Bytes that end a run of text copied as it is: markup, references, '>' (for "]]>") and the
// first bytes of the characters XML forbids.
constexpr std::array<bool, 256> MakeTextStops() {
  std::array<bool, 256> stops{};
  for (size_t c = 0; c < 0x20; ++c) stops[c] = c != '\t' && c != '\n' && c != '\r';
  stops['<'] = stops['&'] = stops['>'] = stops[0xEF] = true;
  return stops;
}
constexpr std::array<bool, 256> kTextStops = MakeTextStops();

size_t TextRunEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && !kTextStops[static_cast<unsigned char>(text[pos])]) ++pos;
  return pos;
}

// Removing a forbidden character can join "]]" and ">" inside a CDATA section, or "?" and ">"
// inside a PI: splits every `terminator` written since `from` by inserting `separator` before its
// last byte.
void SplitTerminators(std::string* out, size_t from, std::string_view terminator,
                      std::string_view separator) {
  size_t found = out->find(terminator, from);
  if (found == kNpos) return;
  std::string written = out->substr(from);
  out->resize(from);
  size_t copied = 0;
  for (found -= from; found != kNpos; found = written.find(terminator, copied)) {
    size_t split = found + terminator.size() - 1;
    out->append(written, copied, split - copied);
    out->append(separator);
    copied = split;
  }
  out->append(written, copied);
}

void LowercaseInto(std::string_view name, std::string* out) {
  out->assign(name);
  for (char& c : *out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// One forward scan over the text, writing well-formed XML; the element stack decides which
// end tags to write.
class Repairer {
 public:
  Repairer(std::string_view text, RepairLog* log) : text_(text), log_(log) {
    out_.reserve(text.size() + text.size() / 16 + 64);
  }

  // Repairs the text with its root element at `root`, or found by FindRoot when kNpos.
  std::string Run(size_t root) {
    bool by_name = root != kNpos;
    if (root == kNpos) root = FindRoot(&by_name);
    if (root == kNpos) {
      log_->Note(Repair::kNoElement, 0);
      return std::string(kEmptyDocument);
    }
    fallback_root_ = !by_name;
    CopyProlog(root);
    pos_ = root;
    CopyStartTag();
    CopyContent();
    if (better_root_ != kNpos) return {};
    if (!open_.empty() || truncated_) {
      log_->NoteTruncated(text_.size(), open_.size());
      while (!open_.empty()) PopElement();
    }
    CopyEpilog();
    RemoveJoinedNoncharacters();
    return std::move(out_);
  }

  // A feed element met inside a root chosen for want of one, which FindRoot missed by not
  // reading tags (a "<!--" in an attribute value hid it): the root to repair with instead.
  size_t better_root() const { return better_root_; }

 private:
  struct OpenElement {
    std::string_view name;
    size_t offset;
    size_t* open_count;  // Its entry in open_counts_ (unordered_map nodes never move).
  };
  size_t FindRoot(bool* by_name) const;
  void CopyProlog(size_t root);
  void CopyContent();
  void CopyMarkup();
  void CopyComment();
  void CopyCdata();
  void CopyPi();
  void CopyStartTag();
  void SkipEndTagOfVoid(std::string_view name);
  void CopyEndTag();
  void CloseElement(std::string_view name, size_t tag);
  void CloseUnclosedSibling(std::string_view name);
  void PushElement(std::string_view name, size_t tag);
  void PopElement();
  void CopyEpilog();
  void RemoveJoinedNoncharacters();

  void EscapeStrayLt() {
    log_->Note(Repair::kStrayLt, pos_);
    out_.append("&lt;");
    ++pos_;
  }
  bool At(std::string_view prefix) const { return text_.compare(pos_, prefix.size(), prefix) == 0; }

  std::string_view text_;
  RepairLog* log_;
  std::string out_;
  size_t pos_ = 0;
  bool truncated_ = false;
  bool fallback_root_ = false;
  size_t better_root_ = kNpos;
  std::vector<OpenElement> open_;
  std::unordered_map<std::string, size_t> open_counts_;  // By lowercased name.
  std::string key_;                                      // Reused for lowercased names.
  repair::AttributeCopier attributes_;
};

// The first element named like a feed root, skipping comments, CDATA, PIs and DOCTYPEs. Failing
// that, the first element that is not an HTML void one; after junk such as PHP warnings, the
// first one after the XML declaration.
size_t Repairer::FindRoot(bool* by_name) const {
  using Kind = repair::MarkupLexer::Kind;
  repair::MarkupLexer lexer(text_);
  size_t first_element = kNpos, first_after_declaration = kNpos, declaration = kNpos;
  *by_name = false;
  for (size_t pos = text_.find('<'); pos != kNpos; pos = text_.find('<', pos)) {
    size_t end = kNpos;
    Kind kind = lexer.At(pos, &end);
    if (kind == Kind::kDeclaration && declaration == kNpos) declaration = pos;
    if (kind == Kind::kDoctype && end == kNpos) break;  // Its unterminated quote hides the rest.
    if (kind == Kind::kElement) {
      std::string_view name = text_.substr(pos + 1, end - pos - 1);
      if (repair::IsFeedRootName(name)) {
        *by_name = true;
        return pos;
      }
      if (!repair::IsHtmlVoidElement(name)) {
        if (first_element == kNpos) first_element = pos;
        if (declaration != kNpos && first_after_declaration == kNpos) {
          first_after_declaration = pos;
        }
      }
    }
    pos = end == kNpos ? pos + 1 : end;  // An unterminated comment must not hide the root.
  }
  bool junk_before_declaration = declaration != kNpos && declaration > 0 &&
                                 first_element < declaration && first_after_declaration != kNpos;
  return junk_before_declaration ? first_after_declaration : first_element;
}

// Keeps a declaration at offset 0, comments and PIs; drops text, elements and DOCTYPEs.
void Repairer::CopyProlog(size_t root) {
  using Kind = repair::MarkupLexer::Kind;
  repair::MarkupLexer lexer(text_);
  size_t junk = 0, first_junk = kNpos;
  while (pos_ < root) {
    if (repair::IsSpace(text_[pos_])) {
      ++pos_;
      continue;
    }
    size_t end = pos_ + 1;
    Kind kind = text_[pos_] == '<' ? lexer.At(pos_, &end) : Kind::kOther;
    bool whole = end != kNpos && end <= root;
    if (whole && kind == Kind::kDeclaration) {
      if (pos_ == 0) {
        out_.append(kDeclaration);
      } else {
        log_->Note(Repair::kMisplacedDeclaration, pos_);
      }
      pos_ = end;
    } else if (whole && kind == Kind::kDoctype) {
      log_->Note(Repair::kDoctype, pos_);
      pos_ = end;
    } else if (whole && (kind == Kind::kComment || kind == Kind::kPi)) {
      kind == Kind::kComment ? CopyComment() : CopyPi();
      out_.push_back('\n');
    } else {
      // Anything else, or a construct that would run into the root, is junk up to the next '<'.
      size_t next = std::min(text_.find('<', pos_ + 1), root);
      if (first_junk == kNpos) first_junk = pos_;
      junk += next - pos_;
      pos_ = next;
    }
  }
  if (junk > 0) log_->NoteBytes(Repair::kJunkBeforeRoot, first_junk, junk);
}

void Repairer::CopyContent() {
  while (!open_.empty() && pos_ < text_.size()) {
    size_t run = TextRunEnd(text_, pos_);
    out_.append(text_.substr(pos_, run - pos_));
    pos_ = run;
    if (pos_ >= text_.size()) break;
    char c = text_[pos_];
    if (c == '<') {
      CopyMarkup();
    } else if (c == '&') {
      pos_ += repair::AppendReference(text_, pos_, &out_, log_);
    } else if (c == '>') {
      out_.append(out_.ends_with("]]") ? "&gt;" : ">");
      ++pos_;
    } else if (size_t length = repair::ForbiddenCharLength(text_, pos_); length > 0) {
      log_->Note(Repair::kForbiddenChar, pos_);
      pos_ += length;
    } else {
      out_.push_back(c);
      ++pos_;
    }
  }
}

void Repairer::CopyMarkup() {
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (next == '/') {
    CopyEndTag();
  } else if (At("<!--")) {
    CopyComment();
  } else if (At("<![CDATA[")) {
    CopyCdata();
  } else if (repair::StartsWithIgnoreCase(text_, pos_, "<!DOCTYPE")) {
    log_->Note(Repair::kDoctype, pos_);
    size_t end = repair::DoctypeEnd(text_, pos_);
    pos_ = end == kNpos ? text_.size() : end;
  } else if (next == '?' && repair::IsPiStart(text_, pos_)) {
    CopyPi();
  } else if (repair::NameEnd(text_, pos_ + 1) > pos_ + 1) {
    CopyStartTag();
  } else {
    EscapeStrayLt();
  }
}

// Comments may not contain "--" nor end with '-': a space goes between the dashes.
void Repairer::CopyComment() {
  size_t end = repair::CommentEnd(text_, pos_);
  size_t body_end = end == kNpos ? text_.size() : end - 3;
  std::string_view body = text_.substr(0, body_end);
  out_.append("<!--");
  size_t body_start = out_.size();
  for (size_t i = pos_ + 4; i < body_end; ++i) {
    if (size_t length = repair::ForbiddenCharLength(body, i); length > 0) {
      log_->Note(Repair::kForbiddenChar, i);
      i += length - 1;
      continue;
    }
    if (body[i] == '-' && out_.size() > body_start && out_.back() == '-') {
      log_->Note(Repair::kCommentDashes, i);
      out_.push_back(' ');
    }
    out_.push_back(body[i]);
  }
  if (out_.size() > body_start && out_.back() == '-') {
    log_->Note(Repair::kCommentDashes, body_end);
    out_.push_back(' ');
  }
  out_.append("-->");
  if (end == kNpos) log_->Note(Repair::kUnterminated, pos_), truncated_ = true;
  pos_ = end == kNpos ? text_.size() : end;
}

void Repairer::CopyCdata() {
  size_t end = repair::CdataEnd(text_, pos_);
  size_t body_end = end == kNpos ? text_.size() : end - 3;
  size_t stop = end == kNpos ? text_.size() : end;
  // A section that never ends (or whose "]]>" belongs to a later section) would swallow every
  // item after it: end it where the element holding it ends instead.
  size_t nested = text_.find("<![CDATA[", pos_ + 9);
  bool unterminated = end == kNpos || (nested != kNpos && nested < end);
  if (unterminated && !open_.empty()) {
    std::string closer = "</" + std::string(open_.back().name);
    size_t close = text_.find(closer, pos_ + 9);
    bool before_next = nested == kNpos || close < nested;
    if (close != kNpos && before_next && (end == kNpos || close < end)) body_end = stop = close;
  }
  out_.append("<![CDATA[");
  size_t body = out_.size();
  repair::AppendAllowed(text_, pos_ + 9, body_end, &out_, log_);
  SplitTerminators(&out_, body, "]]>", "]]><![CDATA[");
  out_.append("]]>");
  if (stop == text_.size() && end == kNpos) truncated_ = true;
  if (end == kNpos || stop != end) log_->Note(Repair::kUnterminated, pos_);
  pos_ = stop;
}

// A processing instruction; an XML declaration here is misplaced and dropped.
void Repairer::CopyPi() {
  size_t end = repair::PiEnd(text_, pos_);
  size_t stop = end == kNpos ? text_.size() : end;
  if (repair::IsXmlDeclaration(text_, pos_)) {
    log_->Note(Repair::kMisplacedDeclaration, pos_);
    pos_ = stop;
    return;
  }
  size_t body_end = end == kNpos ? text_.size() : end - 2;
  size_t target_end = std::min(repair::NameEnd(text_, pos_ + 2), body_end);
  out_.append(text_.substr(pos_, target_end - pos_));
  if (target_end < body_end && !repair::IsSpace(text_[target_end])) out_.push_back(' ');
  size_t body = out_.size();
  repair::AppendAllowed(text_, target_end, body_end, &out_, log_);
  SplitTerminators(&out_, body, "?>", " ");
  out_.append("?>");
  if (end == kNpos) log_->Note(Repair::kUnterminated, pos_), truncated_ = true;
  pos_ = stop;
}

void Repairer::CopyStartTag() {
  size_t tag = pos_;
  size_t name_end = repair::NameEnd(text_, pos_ + 1);
  std::string_view name = text_.substr(pos_ + 1, name_end - pos_ - 1);
  if (fallback_root_ && !open_.empty() && repair::IsFeedRootName(name)) {
    better_root_ = tag;
    pos_ = text_.size();
    return;
  }
  if (open_.size() >= repair::kMaxDepth) {
    // The rest of the tag is copied as text by the caller's loop.
    log_->Note(Repair::kDepth, tag);
    out_.append("&lt;");
    ++pos_;
    return;
  }
  CloseUnclosedSibling(name);
  out_.push_back('<');
  out_.append(name);
  pos_ = name_end;
  repair::TagEnd end = attributes_.Copy(text_, &pos_, &out_, log_);
  if (end != repair::TagEnd::kOpen) {
    if (end == repair::TagEnd::kEof) truncated_ = true;
    out_.append("/>");
  } else if (!open_.empty() && repair::IsHtmlVoidElement(name)) {
    log_->Note(Repair::kVoidElement, tag, "<", name, ">");
    out_.append("/>");
    SkipEndTagOfVoid(name);
  } else {
    out_.push_back('>');
    PushElement(name, tag);
  }
}

// "<br></br>": the end tag of a void element written self-closed goes too.
void Repairer::SkipEndTagOfVoid(std::string_view name) {
  if (!At("</")) return;
  size_t end = repair::NameEnd(text_, pos_ + 2);
  if (!repair::EqualsIgnoreCase(text_.substr(pos_ + 2, end - pos_ - 2), name)) return;
  while (end < text_.size() && repair::IsSpace(text_[end])) ++end;
  if (end < text_.size() && text_[end] == '>') pos_ = end + 1;
}

void Repairer::CopyEndTag() {
  size_t tag = pos_;
  size_t name_end = repair::NameEnd(text_, pos_ + 2);
  if (name_end == pos_ + 2) {  // "</ >", "</3": no end tag at all.
    EscapeStrayLt();
    return;
  }
  std::string_view name = text_.substr(pos_ + 2, name_end - pos_ - 2);
  // Whatever follows the name up to '>' is ignored; a '<' means the '>' is missing.
  size_t close = name_end;
  while (close < text_.size() && text_[close] != '>' && text_[close] != '<') ++close;
  if (close >= text_.size()) truncated_ = true;
  pos_ = close < text_.size() && text_[close] == '>' ? close + 1 : close;
  CloseElement(name, tag);
}

// Like libxml2's recovery: an end tag closes the innermost open element of its name (ignoring
// ASCII case, for HTML's "<P>...</p>") and every element opened after it.
void Repairer::CloseElement(std::string_view name, size_t tag) {
  LowercaseInto(name, &key_);
  auto found = open_counts_.find(key_);
  if (found == open_counts_.end() || found->second == 0) {
    log_->Note(Repair::kStrayEndTag, tag, "</", name, ">");
    return;
  }
  while (!repair::EqualsIgnoreCase(open_.back().name, name)) {
    log_->Note(Repair::kUnclosedElement, open_.back().offset, "<", open_.back().name, ">");
    PopElement();
  }
  PopElement();
}

// Items and entries never nest: an <item> opened while one is open closes the first (and what
// was opened inside it), as an HTML <p> closes the one before. Without this, one missing
// </item> would put every later item inside the first.
void Repairer::CloseUnclosedSibling(std::string_view name) {
  if (!repair::EqualsIgnoreCase(name, "item") && !repair::EqualsIgnoreCase(name, "entry")) return;
  LowercaseInto(name, &key_);
  auto found = open_counts_.find(key_);
  if (found == open_counts_.end() || found->second == 0) return;
  while (!repair::EqualsIgnoreCase(open_.back().name, name)) {
    log_->Note(Repair::kUnclosedElement, open_.back().offset, "<", open_.back().name, ">");
    PopElement();
  }
  log_->Note(Repair::kUnclosedElement, open_.back().offset, "<", open_.back().name, ">");
  PopElement();
}

void Repairer::PushElement(std::string_view name, size_t tag) {
  LowercaseInto(name, &key_);
  size_t& count = open_counts_[key_];
  ++count;
  open_.push_back({name, tag, &count});
}

void Repairer::PopElement() {
  const OpenElement& element = open_.back();
  out_.append("</");
  out_.append(element.name);
  out_.push_back('>');
  --*element.open_count;
  open_.pop_back();
}

// After the root element: comments and PIs are kept; from anything else on, all is dropped.
void Repairer::CopyEpilog() {
  while (pos_ < text_.size()) {
    if (repair::IsSpace(text_[pos_])) {
      ++pos_;
    } else if (At("<!--") && repair::CommentEnd(text_, pos_) != kNpos) {
      out_.push_back('\n');
      CopyComment();
    } else if (repair::IsPiStart(text_, pos_) && !repair::IsXmlDeclaration(text_, pos_) &&
               repair::PiEnd(text_, pos_) != kNpos) {
      out_.push_back('\n');
      CopyPi();
    } else {
      log_->NoteBytes(Repair::kTrailingJunk, pos_, text_.size() - pos_);
      break;
    }
  }
  out_.push_back('\n');
}

// Dropping something between the bytes of an invalid UTF-8 sequence ("\xEF\xBF<?xml?>\xBE")
// can join them into U+FFFE or U+FFFF, which XML forbids: a last pass removes those.
void Repairer::RemoveJoinedNoncharacters() {
  size_t write = out_.find('\xEF');
  if (write == kNpos) return;
  size_t read = write;
  while (read < out_.size()) {  // out_[read] is 0xEF.
    if (size_t length = repair::ForbiddenCharLength(out_, read); length > 0) {
      log_->Note(Repair::kForbiddenChar, text_.size());
      read += length;
    } else {
      out_[write++] = out_[read++];
    }
    size_t next = std::min(out_.find('\xEF', read), out_.size());
    if (write != read) std::memmove(out_.data() + write, out_.data() + read, next - read);
    write += next - read;
    read = next;
  }
  out_.resize(write);
}

}  // namespace

std::string RepairXml(std::string_view text, std::vector<std::string>* warnings) {
  RepairLog log(text);
  Repairer repairer(text, &log);
  std::string repaired = repairer.Run(kNpos);
  if (size_t root = repairer.better_root(); root != kNpos) {
    log = RepairLog(text);
    repaired = Repairer(text, &log).Run(root);
  }
  if (warnings != nullptr) log.AppendWarnings(warnings);
  return repaired;
}

}  // namespace tidings::feed
