// Finding the main content: a Readability-style scoring over a flat copy of the parse tree.
//
// 1. Drop (BuildModel): non-content elements (script, forms' controls, media), hidden ones, and
//    with kStripUnlikely navigation, asides, footers and elements whose class, id or role says
//    boilerplate.
// 2. Measure, bottom up: visible characters, characters inside links, commas, and each block's
//    own text (not inside a nested block).
// 3. Score (ChooseContent): every block holding a paragraph's worth of text (>= 25 characters)
//    adds 1 + commas + length/100 (at most 3), scaled by how little of it is links, to its
//    container and, decaying, to five levels of ancestors. A container's own score starts from
//    its tag and class/id hints; <article>, <main> and itemprop=articleBody add to it. The best
//    container (score x (1 - link density)) wins, moves up to a common ancestor when several
//    near-best candidates share one, and takes in siblings that score well or read as prose.
// Internal to extract/.
#pragma once

#include <cstdint>
#include <vector>

#include "extract/dom.h"

namespace tidings::extract {

enum ExtractFlags : unsigned {
  kStripUnlikely = 1U,       // drop boilerplate-named elements before scoring
  kWeightClasses = 2U,       // let class/id hints weigh candidates
  kCleanConditionally = 4U,  // drop link-heavy and list-heavy blocks from the result
  kDropHidden = 8U,          // drop hidden elements (hidden, display:none, hidden classes)
  kAllFlags = 15U,
};

struct NodeStats {
  std::uint32_t text = 0;       // visible characters in the subtree
  std::uint32_t link_text = 0;  // of which inside <a>
  std::uint32_t commas = 0;
  std::uint32_t own_text = 0;  // characters not inside a nested block (for blocks and inline)
  std::uint32_t own_commas = 0;
  std::uint32_t own_link_text = 0;
  std::uint32_t paragraphs = 0, images = 0, list_items = 0, inputs = 0, embeds = 0;
  std::uint32_t heading_text = 0;
  std::uint32_t prose = 0;  // own text of paragraph-sized, link-poor blocks in the subtree
  float score = 0;
  bool dropped = false;  // not content at all (step 1)
  bool scored = false;   // has a content score (a candidate)
};

struct PageModel {
  explicit PageModel(const GumboNode* root) : dom(root), stats(dom.size()) {}
  DomIndex dom;
  std::vector<NodeStats> stats;
  std::int32_t body = -1;
  float LinkDensity(std::uint32_t i) const {
    return stats[i].text == 0
               ? 0.0F
               : static_cast<float>(stats[i].link_text) / static_cast<float>(stats[i].text);
  }
};

// Steps 1 and 2.
void BuildModel(PageModel& model, unsigned flags);

// Step 3: the content roots, in document order (empty when the page has no scoreable text).
std::vector<std::uint32_t> ChooseContent(PageModel& model, unsigned flags);

}  // namespace tidings::extract
