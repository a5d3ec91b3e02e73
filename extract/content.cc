#include "extract/content.h"

#include <algorithm>
#include <string>

#include "base/ascii.h"
#include "extract/hints.h"

namespace tidings::extract {
namespace {

constexpr std::uint32_t kMinParagraphChars = 25;
constexpr int kAncestorLevels = 5;
constexpr std::size_t kTopCandidates = 5;
// Climbing stops at text that is not at least 4/5 prose, beyond a heading's worth of slack.
constexpr std::uint32_t kClimbSlackChars = 50;
constexpr std::uint32_t kClimbProseRatio = 4;

bool IsFormControl(GumboTag tag) {
  return tag == GUMBO_TAG_INPUT || tag == GUMBO_TAG_SELECT || tag == GUMBO_TAG_TEXTAREA ||
         tag == GUMBO_TAG_BUTTON;
}
bool IsEmbed(GumboTag tag) {
  return tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_EMBED ||
         tag == GUMBO_TAG_VIDEO;
}
bool IsHeading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

bool IsHidden(const GumboNode* node) {
  return HasAttr(node, "hidden") || EqualsAsciiLower(Attr(node, "aria-hidden"), "true") ||
         IsHiddenStyle(Attr(node, "style"));
}

bool SaysArticleBody(const GumboNode* node) {
  std::string_view itemprop = Attr(node, "itemprop");
  return !itemprop.empty() && itemprop.find("articleBody") != std::string_view::npos;
}

bool ShouldDrop(const GumboNode* node, unsigned flags, std::string* buffer) {
  GumboTag tag = TagOf(node);
  if (IsNonContentTag(tag)) return true;
  // Only the last resort keeps hidden content: streaming renderers (React) send the article
  // inside <div hidden> and let a script reveal it.
  if ((flags & kDropHidden) && (IsHidden(node) || IsHiddenClass(Attr(node, "class")))) {
    return true;
  }
  if (!(flags & kStripUnlikely)) return false;
  if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER) return true;
  if (IsUnlikelyRole(Attr(node, "role"))) return true;
  if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_A ||
      tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN || SaysArticleBody(node)) {
    return false;
  }
  std::string_view names = ClassAndId(node, buffer);
  return IsUnlikelyCandidate(names) || IsBoilerplate(names);
}

// Commas that separate clauses: followed by a space (a list of names "a.org,b.org" is not
// prose), or the ideographic and fullwidth commas of CJK text.
std::uint32_t CountCommas(std::string_view text) {
  std::uint32_t count = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == ',' && IsAsciiSpace(text[i + 1])) {
      ++count;
    } else if (text[i] == '\xEF' && text.substr(i, 3) == "\xEF\xBC\x8C") {
      ++count;
    } else if (text[i] == '\xE3' && text.substr(i, 3) == "\xE3\x80\x81") {
      ++count;
    }
  }
  return count;
}

void MarkDropped(PageModel& model, unsigned flags) {
  std::string buffer;
  const auto& nodes = model.dom.nodes();
  for (std::uint32_t i = 0; i < nodes.size();) {
    const GumboNode* node = nodes[i].node;
    if (!IsElement(node)) {
      ++i;
      continue;
    }
    if (ShouldDrop(node, flags, &buffer)) {
      for (std::uint32_t j = i; j < nodes[i].end; ++j) model.stats[j].dropped = true;
      i = nodes[i].end;
      continue;
    }
    if (TagOf(node) == GUMBO_TAG_BODY && model.body < 0) model.body = static_cast<std::int32_t>(i);
    ++i;
  }
}

// Children are after their parent in the array: one backwards sweep sums every subtree.
void Aggregate(PageModel& model) {
  const auto& nodes = model.dom.nodes();
  for (std::size_t i = nodes.size(); i-- > 1;) {
    const GumboNode* node = nodes[i].node;
    NodeStats& s = model.stats[i];
    NodeStats& parent = model.stats[static_cast<std::size_t>(nodes[i].parent)];
    GumboTag tag = TagOf(node);
    if (s.dropped) {
      // Dropped controls and embeds still tell the cleaner what a block holds.
      if (IsFormControl(tag)) ++parent.inputs;
      if (IsEmbed(tag)) ++parent.embeds;
      continue;
    }
    if (IsText(node)) {
      if (node->type == GUMBO_NODE_WHITESPACE) continue;
      s.text = s.own_text = VisibleChars(TextOf(node));
      s.commas = s.own_commas = CountCommas(TextOf(node));
    } else if (tag == GUMBO_TAG_A) {
      s.link_text = s.text;
      s.own_link_text = s.own_text;
    } else if (IsHeading(tag)) {
      s.heading_text = s.text;
    }
    parent.text += s.text;
    parent.link_text += s.link_text;
    parent.commas += s.commas;
    parent.paragraphs += s.paragraphs + (tag == GUMBO_TAG_P ? 1U : 0U);
    parent.images += s.images + (tag == GUMBO_TAG_IMG ? 1U : 0U);
    parent.list_items += s.list_items + (tag == GUMBO_TAG_LI ? 1U : 0U);
    parent.inputs += s.inputs;
    parent.embeds += s.embeds;
    parent.heading_text += s.heading_text;
    parent.prose += s.prose;
    if (IsBlockTag(tag) && s.own_text >= kMinParagraphChars &&
        s.own_link_text * 10 < s.own_text * 3) {
      parent.prose += s.own_text - s.own_link_text;
    }
    if (!IsBlockTag(tag)) {
      parent.own_text += s.own_text;
      parent.own_commas += s.own_commas;
      parent.own_link_text += s.own_link_text;
    }
  }
}

float BaseScore(const GumboNode* node, unsigned flags) {
  float score = 0;
  switch (TagOf(node)) {
    case GUMBO_TAG_DIV:
      score = 5;
      break;
    case GUMBO_TAG_ARTICLE:
      score = 10;
      break;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      score = 3;
      break;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
      score = -3;
      break;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      score = -5;
      break;
    default:
      break;
  }
  if (flags & kWeightClasses) score += static_cast<float>(ClassWeight(node));
  if (SaysArticleBody(node)) score += 25;
  return score;
}

// A paragraph's tag whose score goes to its container (others hold their text themselves).
bool ScoresParent(GumboTag tag) {
  return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TD ||
         tag == GUMBO_TAG_BLOCKQUOTE || tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD ||
         IsHeading(tag);
}

void ScoreParagraphs(PageModel& model, unsigned flags) {
  const auto& nodes = model.dom.nodes();
  for (std::uint32_t i = 0; i < nodes.size(); ++i) {
    const NodeStats& s = model.stats[i];
    GumboTag tag = TagOf(nodes[i].node);
    if (s.dropped || !IsBlockTag(tag) || s.own_text < kMinParagraphChars) continue;
    float links = static_cast<float>(s.own_link_text) / static_cast<float>(s.own_text);
    float score = (1.0F + static_cast<float>(s.own_commas) +
                   static_cast<float>(std::min<std::uint32_t>(s.own_text / 100, 3))) *
                  (1.0F - std::min(links, 1.0F));
    std::int32_t at = ScoresParent(tag) ? nodes[i].parent : static_cast<std::int32_t>(i);
    for (int level = 0; level < kAncestorLevels && at > 0; ++level) {
      auto index = static_cast<std::size_t>(at);
      NodeStats& target = model.stats[index];
      if (!target.scored) {
        target.scored = true;
        target.score = BaseScore(nodes[index].node, flags);
      }
      float divider = level == 0 ? 1.0F : level == 1 ? 2.0F : static_cast<float>(level) * 3.0F;
      target.score += score / divider;
      at = nodes[index].parent;
    }
  }
}

bool IsAncestor(const PageModel& model, std::uint32_t ancestor, std::uint32_t node) {
  return ancestor < node && node < model.dom[ancestor].end;
}

}  // namespace

void BuildModel(PageModel& model, unsigned flags) {
  MarkDropped(model, flags);
  Aggregate(model);
}

namespace {

std::uint32_t TopCandidate(PageModel& model, std::vector<std::uint32_t>* runners_up) {
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t i = 0; i < model.stats.size(); ++i) {
    NodeStats& s = model.stats[i];
    if (!s.scored || s.dropped) continue;
    s.score *= 1.0F - model.LinkDensity(i);
    candidates.push_back(i);
  }
  if (candidates.empty()) return 0;
  std::size_t keep = std::min(candidates.size(), kTopCandidates);
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                    candidates.end(), [&model](std::uint32_t a, std::uint32_t b) {
                      return model.stats[a].score > model.stats[b].score;
                    });
  runners_up->assign(candidates.begin() + 1,
                     candidates.begin() + static_cast<std::ptrdiff_t>(keep));
  return candidates.front();
}

// Several near-best candidates inside one ancestor of the best: the article is that ancestor.
std::uint32_t CommonAncestor(const PageModel& model, std::uint32_t top,
                             const std::vector<std::uint32_t>& runners_up) {
  constexpr std::size_t kMinAlternatives = 3;
  std::vector<std::uint32_t> close;
  for (std::uint32_t other : runners_up) {
    if (model.stats[other].score >= 0.75F * model.stats[top].score) close.push_back(other);
  }
  if (close.size() < kMinAlternatives) return top;
  for (std::int32_t at = model.dom[top].parent; at > model.body && at > 0;
       at = model.dom[static_cast<std::size_t>(at)].parent) {
    auto ancestor = static_cast<std::uint32_t>(at);
    std::size_t inside = 0;
    for (std::uint32_t other : close) inside += IsAncestor(model, ancestor, other) ? 1U : 0U;
    if (inside >= kMinAlternatives) return ancestor;
  }
  return top;
}

// A parent that scores better than the candidate holds more of the article.
std::uint32_t ClimbToBetterParent(const PageModel& model, std::uint32_t top) {
  float last = model.stats[top].score;
  float threshold = last / 3.0F;
  for (std::int32_t at = model.dom[top].parent; at > model.body && at > 0;
       at = model.dom[static_cast<std::size_t>(at)].parent) {
    const NodeStats& s = model.stats[static_cast<std::size_t>(at)];
    if (!s.scored) continue;
    if (s.score < threshold) break;
    if (s.score > last) return static_cast<std::uint32_t>(at);
    last = s.score;
  }
  return top;
}

// Articles split over many small containers (page builders put each paragraph in a widget):
// while the parent adds text that is mostly prose, the parent is the article.
std::uint32_t ClimbWhileProse(const PageModel& model, std::uint32_t top) {
  const NodeStats& start = model.stats[top];
  for (std::int32_t at = model.dom[top].parent; at > model.body && at > 0;
       at = model.dom[static_cast<std::size_t>(at)].parent) {
    const NodeStats& parent = model.stats[static_cast<std::size_t>(at)];
    std::uint32_t extra_prose = parent.prose - start.prose;
    std::uint32_t extra_other = parent.text - start.text - extra_prose;
    if (extra_other > kClimbSlackChars && extra_other * kClimbProseRatio > extra_prose) break;
    top = static_cast<std::uint32_t>(at);
  }
  return top;
}

std::uint32_t ElementChildren(const PageModel& model, std::uint32_t node) {
  std::uint32_t count = 0;
  for (std::uint32_t c = node + 1; c < model.dom[node].end; c = model.dom[c].end) {
    count += IsElement(model.dom[c].node) ? 1U : 0U;
  }
  return count;
}

bool EndsSentence(const PageModel& model, std::uint32_t node) {
  std::string text;
  for (std::uint32_t i = node; i < model.dom[node].end; ++i) {
    if (IsText(model.dom[i].node)) text.append(TextOf(model.dom[i].node));
  }
  std::string_view trimmed = TrimAsciiSpace(text);
  return !trimmed.empty() && (trimmed.back() == '.' || trimmed.find(". ") != std::string::npos);
}

bool SiblingBelongs(const PageModel& model, std::uint32_t sibling, std::uint32_t top,
                    float threshold) {
  const NodeStats& s = model.stats[sibling];
  if (s.dropped) return false;
  float bonus = 0;
  std::string_view top_class = Attr(model.dom[top].node, "class");
  if (!top_class.empty() && Attr(model.dom[sibling].node, "class") == top_class) {
    bonus = model.stats[top].score * 0.2F;
  }
  if (s.scored && s.score + bonus >= threshold) return true;
  if (TagOf(model.dom[sibling].node) != GUMBO_TAG_P) return false;
  float links = model.LinkDensity(sibling);
  if (s.text > 80) return links < 0.25F;
  return s.text > 0 && links == 0 && EndsSentence(model, sibling);
}

}  // namespace

std::vector<std::uint32_t> ChooseContent(PageModel& model, unsigned flags) {
  ScoreParagraphs(model, flags);
  std::vector<std::uint32_t> runners_up;
  std::uint32_t top = TopCandidate(model, &runners_up);
  if (top == 0) {
    if (model.body > 0) return {static_cast<std::uint32_t>(model.body)};
    return {};
  }
  top = CommonAncestor(model, top, runners_up);
  top = ClimbToBetterParent(model, top);
  while (model.dom[top].parent > model.body && model.dom[top].parent > 0 &&
         ElementChildren(model, static_cast<std::uint32_t>(model.dom[top].parent)) == 1) {
    top = static_cast<std::uint32_t>(model.dom[top].parent);
  }
  top = ClimbWhileProse(model, top);
  if (!model.stats[top].scored) model.stats[top].score = BaseScore(model.dom[top].node, flags);
  std::int32_t parent = model.dom[top].parent;
  if (parent < 0 || static_cast<std::uint32_t>(parent) == 0 ||
      TagOf(model.dom[top].node) == GUMBO_TAG_BODY) {
    return {top};
  }
  float threshold = std::max(10.0F, model.stats[top].score * 0.2F);
  std::vector<std::uint32_t> roots;
  auto p = static_cast<std::uint32_t>(parent);
  for (std::uint32_t c = p + 1; c < model.dom[p].end; c = model.dom[c].end) {
    if (c == top || (IsElement(model.dom[c].node) && SiblingBelongs(model, c, top, threshold))) {
      roots.push_back(c);
    }
  }
  return roots;
}

}  // namespace tidings::extract
