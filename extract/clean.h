// Cleaning the chosen content: what stays out of the article although it sits inside the
// container: the headline (it is metadata), bylines, captions and credits, and blocks that read
// as navigation, link lists, forms or ads (Readability's "clean conditionally" rules: link
// density against class weight, images against paragraphs, inputs, embeds). Internal to extract/.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "extract/content.h"

namespace tidings::extract {

// Marks, in the returned vector (one entry per node), the subtrees to leave out of the roots.
std::vector<std::uint8_t> CleanContent(const PageModel& model,
                                       const std::vector<std::uint32_t>& roots,
                                       std::string_view title, unsigned flags);

// The visible text of node `index` (dropped parts left out), white space collapsed.
std::string NodeText(const PageModel& model, std::uint32_t index);

}  // namespace tidings::extract
