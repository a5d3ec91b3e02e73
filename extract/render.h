// Plain text of the main content: white space collapsed as a browser shows it, one paragraph per
// block element, paragraphs separated by one blank line, <br> as a line break, <pre> kept as is.
// Internal to extract/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "extract/content.h"

namespace tidings::extract {

std::string RenderText(const PageModel& model, const std::vector<std::uint32_t>& roots,
                       const std::vector<std::uint8_t>& cut);

}  // namespace tidings::extract
