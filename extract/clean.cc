#include "extract/clean.h"

#include <string>

#include "base/ascii.h"
#include "extract/hints.h"

namespace tidings::extract {
namespace {

constexpr std::uint32_t kBylineMaxChars = 100;

// Lower-case ASCII letters and digits, other bytes kept, runs of anything else as one space.
std::string Normalize(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool word =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || byte >= 0x80;
    if (!word) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(AsciiLower(c));
  }
  return out;
}

// The headline repeats the page title, give or take the site's name around it.
bool RepeatsTitle(std::string_view heading, std::string_view title) {
  std::string h = Normalize(heading), t = Normalize(title);
  if (h.empty() || t.empty()) return false;
  if (t.find(h) != std::string::npos) return h.size() * 2 >= t.size();
  return h.find(t) != std::string::npos && t.size() * 2 >= h.size();
}

bool IsDataTable(const PageModel& model, std::uint32_t table) {
  const GumboNode* node = model.dom[table].node;
  std::string_view role = Attr(node, "role");
  if (role == "presentation" || Attr(node, "datatable") == "0") return false;
  if (!Attr(node, "summary").empty()) return true;
  for (std::uint32_t i = table + 1; i < model.dom[table].end; ++i) {
    GumboTag tag = TagOf(model.dom[i].node);
    if (tag == GUMBO_TAG_TABLE) return false;  // layout tables nest
    if (tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_THEAD) return true;
  }
  return false;
}

bool HasAncestor(const PageModel& model, std::uint32_t node, GumboTag tag, std::uint32_t stop) {
  for (std::int32_t at = model.dom[node].parent; at >= 0 && static_cast<std::uint32_t>(at) >= stop;
       at = model.dom[static_cast<std::size_t>(at)].parent) {
    if (TagOf(model.dom[static_cast<std::size_t>(at)].node) == tag) return true;
  }
  return false;
}

// Readability's _cleanConditionally, on the subtree statistics.
bool LooksLikeClutter(const PageModel& model, std::uint32_t i, unsigned flags) {
  const GumboNode* node = model.dom[i].node;
  const NodeStats& s = model.stats[i];
  GumboTag tag = TagOf(node);
  if (tag == GUMBO_TAG_TABLE && IsDataTable(model, i)) return false;
  int weight = (flags & kWeightClasses) ? ClassWeight(node) : 0;
  if (weight < 0) return true;
  if (s.commas >= 10) return false;
  // A block that is mostly prose is article text, whatever its links.
  if (s.prose >= 300 && s.prose * 10 >= s.text * 6) return false;
  bool is_list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
  auto p = static_cast<float>(s.paragraphs);
  auto img = static_cast<float>(s.images);
  float links = model.LinkDensity(i);
  float headings =
      s.text == 0 ? 0.0F : static_cast<float>(s.heading_text) / static_cast<float>(s.text);
  bool in_figure = HasAncestor(model, i, GUMBO_TAG_FIGURE, 0);
  if (!in_figure && img > 1 && p / img < 0.5F) return true;
  if (!is_list && s.list_items > s.paragraphs + 100) return true;
  if (s.inputs > s.paragraphs / 3) return true;
  if (!is_list && !in_figure && headings < 0.9F && s.text < 25 && (s.images == 0 || s.images > 2) &&
      links > 0) {
    return true;
  }
  if (!is_list && weight < 25 && links > 0.2F) return true;
  if (weight >= 25 && links > 0.5F) return true;
  if ((s.embeds == 1 && s.text < 75) || s.embeds > 1) return true;
  if (is_list && links > 0.5F) return true;
  return false;
}

bool IsConditionallyCleaned(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
      return true;
    default:
      return false;
  }
}

bool IsByline(const PageModel& model, std::uint32_t i, std::string* buffer) {
  const GumboNode* node = model.dom[i].node;
  if (model.stats[i].text >= kBylineMaxChars) return false;
  std::string_view rel = Attr(node, "rel"), itemprop = Attr(node, "itemprop");
  return rel == "author" || itemprop.find("author") != std::string_view::npos ||
         IsBylineName(ClassAndId(node, buffer));
}

bool ShouldCut(const PageModel& model, std::uint32_t i, std::string_view title, unsigned flags,
               std::string* buffer) {
  const GumboNode* node = model.dom[i].node;
  GumboTag tag = TagOf(node);
  if (tag == GUMBO_TAG_FIGCAPTION || tag == GUMBO_TAG_CAPTION) return true;
  if (tag == GUMBO_TAG_H1) return true;  // the headline: metadata, not body text
  if (tag >= GUMBO_TAG_H2 && tag <= GUMBO_TAG_H3) {
    if ((flags & kWeightClasses) && ClassWeight(node) < 0) return true;
    if (RepeatsTitle(NodeText(model, i), title)) return true;
  }
  if (IsByline(model, i, buffer)) return true;
  if (tag == GUMBO_TAG_HEADER && model.stats[i].text < 300) return true;
  if (!(flags & kCleanConditionally) || !IsConditionallyCleaned(tag)) return false;
  return LooksLikeClutter(model, i, flags);
}

}  // namespace

std::string NodeText(const PageModel& model, std::uint32_t index) {
  std::string out;
  for (std::uint32_t i = index; i < model.dom[index].end; ++i) {
    if (model.stats[i].dropped) {
      i = model.dom[i].end - 1;
      continue;
    }
    if (!IsText(model.dom[i].node)) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(TrimAsciiSpace(TextOf(model.dom[i].node)));
  }
  return out;
}

std::vector<std::uint8_t> CleanContent(const PageModel& model,
                                       const std::vector<std::uint32_t>& roots,
                                       std::string_view title, unsigned flags) {
  std::vector<std::uint8_t> cut(model.dom.size(), 0);
  std::string buffer;
  for (std::uint32_t root : roots) {
    for (std::uint32_t i = root; i < model.dom[root].end;) {
      if (model.stats[i].dropped || !IsElement(model.dom[i].node)) {
        i = model.stats[i].dropped ? model.dom[i].end : i + 1;
        continue;
      }
      if (i != root && ShouldCut(model, i, title, flags, &buffer) &&
          !HasAncestor(model, i, GUMBO_TAG_CODE, root)) {
        cut[i] = 1;
        i = model.dom[i].end;
        continue;
      }
      ++i;
    }
  }
  return cut;
}

}  // namespace tidings::extract
