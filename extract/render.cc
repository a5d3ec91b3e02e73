#include "extract/render.h"

#include "base/ascii.h"

namespace tidings::extract {
namespace {

class TextWriter {
 public:
  explicit TextWriter(std::string* out) : out_(out) {}
  // Requests a line break (1) or a paragraph break (2) before the next text. 0 (the end of an
  // inline element) asks for nothing: the space before it, as in "At <b>Scratch</b>", stays.
  void Break(int lines) {
    if (lines <= 0) return;
    if (lines > pending_break_) pending_break_ = lines;
    pending_space_ = false;
  }
  void Space() { pending_space_ = true; }
  void Text(std::string_view text, bool preformatted);

 private:
  void Flush();
  std::string* out_;
  int pending_break_ = 0;
  bool pending_space_ = false;
};

void TextWriter::Flush() {
  if (out_->empty()) {
    pending_break_ = 0;
    pending_space_ = false;
    return;
  }
  if (pending_break_ > 0) {
    while (!out_->empty() && out_->back() == ' ') out_->pop_back();
    out_->append(pending_break_ > 1 ? "\n\n" : "\n");
  } else if (pending_space_ && out_->back() != '\n' && out_->back() != ' ') {
    out_->push_back(' ');
  }
  pending_break_ = 0;
  pending_space_ = false;
}

void TextWriter::Text(std::string_view text, bool preformatted) {
  if (preformatted) {
    if (text.empty()) return;
    Flush();
    out_->append(text);
    return;
  }
  std::size_t i = 0;
  while (i < text.size()) {
    if (IsAsciiSpace(text[i])) {
      pending_space_ = true;
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !IsAsciiSpace(text[end])) ++end;
    Flush();
    out_->append(text.substr(i, end - i));
    i = end;
  }
}

int BreakAround(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return 0;
    case GUMBO_TAG_TR:
    case GUMBO_TAG_DT:
      return 1;
    default:
      return IsBlockTag(tag) ? 2 : 0;
  }
}

}  // namespace

std::string RenderText(const PageModel& model, const std::vector<std::uint32_t>& roots,
                       const std::vector<std::uint8_t>& cut) {
  std::string out;
  TextWriter writer(&out);
  struct Open {
    std::uint32_t end;
    int lines;
    bool pre;
  };
  std::vector<Open> open;
  int pre_depth = 0;
  for (std::uint32_t root : roots) {
    writer.Break(2);
    for (std::uint32_t i = root, end = model.dom[root].end; i <= end; ++i) {
      while (!open.empty() && open.back().end <= i) {
        writer.Break(open.back().lines);
        pre_depth -= open.back().pre ? 1 : 0;
        open.pop_back();
      }
      if (i == end) break;
      const GumboNode* node = model.dom[i].node;
      if (model.stats[i].dropped || cut[i]) {
        i = model.dom[i].end - 1;
        continue;
      }
      if (IsText(node)) {
        writer.Text(TextOf(node), pre_depth > 0);
        continue;
      }
      GumboTag tag = TagOf(node);
      if (tag == GUMBO_TAG_BR) {
        writer.Break(1);
      } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
        writer.Space();
      }
      bool pre = tag == GUMBO_TAG_PRE;
      int lines = BreakAround(tag);
      if (lines > 0) writer.Break(lines);
      if (model.dom[i].end > i + 1) {
        open.push_back({model.dom[i].end, lines, pre});
        pre_depth += pre ? 1 : 0;
      }
    }
  }
  while (!out.empty() && IsAsciiSpace(out.back())) out.pop_back();
  return out;
}

}  // namespace tidings::extract
