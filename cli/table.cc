#include "cli/table.h"

#include <sys/ioctl.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <utility>

namespace tidings::cli {
namespace {

constexpr std::string_view kEllipsis = "\u2026";  // one cell, by the contract
constexpr std::string_view kSeparator = "  ";
constexpr int kSeparatorWidth = 2;
constexpr std::string_view kReplacementCharacter = "\uFFFD";
constexpr UChar32 kSoftHyphen = 0xAD;

// Calls `visit(code_point, begin, end)` for each code point of `text`, byte offsets [begin, end).
// An ill-formed sequence comes as one negative code point, which callers treat as U+FFFD.
template <typename Visit>
void ForEachCodePoint(std::string_view text, Visit&& visit) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  // ICU indexes with int32_t; a cell of 2 GiB is not a table cell.
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  std::int32_t i = 0;
  while (i < length) {
    std::int32_t begin = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (!visit(c, static_cast<std::size_t>(begin), static_cast<std::size_t>(i))) return;
  }
}

int CodePointWidth(UChar32 c) {
  if (c < 0) return 1;  // shown as U+FFFD
  if (c < 0x7F) return c >= 0x20 ? 1 : 0;
  auto category = static_cast<UCharCategory>(u_charType(c));
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
      category == U_CONTROL_CHAR || (category == U_FORMAT_CHAR && c != kSoftHyphen)) {
    return 0;  // joins the previous character, or is invisible (zero width space, joiners)
  }
  int east_asian_width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return east_asian_width == U_EA_WIDE || east_asian_width == U_EA_FULLWIDTH ? 2 : 1;
}

// `text` as one line of well-formed UTF-8: newlines and tabs become spaces, ill-formed bytes
// U+FFFD. Other controls are dropped: text from feeds must not reach the terminal as escape
// sequences (ESC, CSI), which could recolour it, move the cursor or retitle the window.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](UChar32 c, std::size_t begin, std::size_t end) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out.push_back(' ');
    } else if (c < 0) {
      out.append(kReplacementCharacter);
    } else if (u_charType(c) != U_CONTROL_CHAR) {
      out.append(text.substr(begin, end - begin));
    }
    return true;
  });
  return out;
}

int Width(std::string_view utf8) {
  int width = 0;
  ForEachCodePoint(utf8, [&](UChar32 c, std::size_t, std::size_t) {
    width += CodePointWidth(c);
    return true;
  });
  return width;
}

// The longest prefix of `text` that fits in `width` - 1 cells, then "…". Cuts fall between code
// points, so neither a UTF-8 sequence nor a wide character is split; combining marks stay with
// their base character.
std::string Truncate(std::string_view text, int width) {
  if (width <= 0) return {};
  int used = 0;
  std::size_t kept = 0;
  ForEachCodePoint(text, [&](UChar32 c, std::size_t, std::size_t end) {
    int cells = CodePointWidth(c);
    if (used + cells > width - 1) return false;
    used += cells;
    kept = end;
    return true;
  });
  std::string out(text.substr(0, kept));
  out.append(kEllipsis);
  return out;
}

// Narrows `widths` until the line fits `limit`: the widest shrinkable column first, down to the
// next widest, then the other columns the same way; none below its `minimum` (its header).
void ShrinkToFit(const std::vector<Column>& columns, const std::vector<int>& minimum, int limit,
                 std::vector<int>& widths) {
  long long total = kSeparatorWidth * (static_cast<long long>(widths.size()) - 1);
  for (int width : widths) total += width;
  long long excess = total - limit;
  for (bool shrinkable : {true, false}) {
    while (excess > 0) {
      auto can_shrink = [&](std::size_t i) {
        return columns[i].shrinkable == shrinkable && widths[i] > minimum[i];
      };
      std::size_t widest = widths.size();
      for (std::size_t i = 0; i < widths.size(); ++i) {
        if (can_shrink(i) && (widest == widths.size() || widths[i] > widths[widest])) widest = i;
      }
      if (widest == widths.size()) break;
      int floor = minimum[widest];  // cut down to the next widest column in one step
      for (std::size_t i = 0; i < widths.size(); ++i) {
        if (i != widest && can_shrink(i)) floor = std::max(floor, widths[i]);
      }
      int cut = std::max(1, static_cast<int>(std::min<long long>(excess, widths[widest] - floor)));
      widths[widest] -= cut;
      excess -= cut;
    }
  }
}

void AppendCell(std::string_view text, int text_width, int width, Align align, std::string& out) {
  std::string truncated;
  if (text_width > width) {
    truncated = Truncate(text, width);
    text = truncated;
    text_width = Width(text);
  }
  auto padding = static_cast<std::size_t>(std::max(0, width - text_width));
  if (align == Align::kRight) out.append(padding, ' ');
  out.append(text);
  if (align == Align::kLeft) out.append(padding, ' ');
}

}  // namespace

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {
  for (Column& column : columns_) column.header = OneLine(column.header);
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (std::string& cell : cells) cell = OneLine(cell);
  rows_.push_back(std::move(cells));
}

std::string Table::Render(int width) const {
  const std::size_t column_count = columns_.size();
  std::vector<int> minimum(column_count);
  for (std::size_t i = 0; i < column_count; ++i) minimum[i] = Width(columns_[i].header);
  std::vector<int> widths = minimum;
  std::vector<int> cell_widths;  // row-major, so that each cell is measured once
  cell_widths.reserve(rows_.size() * column_count);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < column_count; ++i) {
      cell_widths.push_back(Width(row[i]));
      widths[i] = std::max(widths[i], cell_widths.back());
    }
  }
  if (width > 0) ShrinkToFit(columns_, minimum, width, widths);

  std::string out;
  auto end_line = [&out] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out.push_back('\n');
  };
  for (std::size_t i = 0; i < column_count; ++i) {
    if (i > 0) out.append(kSeparator);
    AppendCell(columns_[i].header, minimum[i], widths[i], columns_[i].align, out);
  }
  end_line();
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    for (std::size_t i = 0; i < column_count; ++i) {
      if (i > 0) out.append(kSeparator);
      AppendCell(rows_[r][i], cell_widths[r * column_count + i], widths[i], columns_[i].align, out);
    }
    end_line();
  }
  return out;
}

int TerminalWidth(std::FILE* stream) {
  if (stream != nullptr) {
    int fd = fileno(stream);
    winsize size{};
    if (fd >= 0 && isatty(fd) != 0 && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
      return size.ws_col;
    }
  }
  const char* columns = std::getenv("COLUMNS");
  if (columns == nullptr) return 0;
  std::string_view text(columns);
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return 0;
  return value;
}

int DisplayWidth(const std::string& utf8) { return Width(utf8); }

}  // namespace tidings::cli
