// Human-readable tables for the CLI: columns sized to the content and shrunk to fit the terminal.
//
//   Table t({{"ID", Align::kRight}, {"TITLE"}, {"FEED"}, {"DATE"}});
//   t.AddRow({"42", "Quantum error correction ...", "Ars Technica", "2026-11-27"});
//   std::fputs(t.Render(TerminalWidth(stdout)).c_str(), stdout);
//
// Widths count terminal cells, not bytes: CJK and other wide characters take two cells, combining
// marks none (ICU's East Asian Width). When the table is wider than the terminal, the widest
// shrinkable column is cut first, each cut cell ending in "…"; a column never shrinks below its
// header. Cells are one line: newlines and tabs become spaces. No colours or escapes ever; output
// is the same whether or not it goes to a TTY, except for the width.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace tidings::cli {

enum class Align { kLeft, kRight };

struct Column {
  std::string header;
  Align align = Align::kLeft;
  bool shrinkable = true;  // false for ids and dates: cut other columns first
};

class Table {
 public:
  explicit Table(std::vector<Column> columns);
  // A row with fewer cells than columns is padded with empty cells; extra cells are ignored.
  void AddRow(std::vector<std::string> cells);
  // The header line, then one line per row, each ending in '\n'; columns separated by two spaces.
  // `width` 0 means unlimited.
  std::string Render(int width) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// The terminal's width in cells when `stream` is a TTY; else $COLUMNS if set and numeric; else 0
// (unlimited: pipes and files get whole cells).
int TerminalWidth(std::FILE* stream);

// Number of terminal cells `utf8` occupies (wide characters 2, combining marks and controls 0).
int DisplayWidth(const std::string& utf8);

}  // namespace tidings::cli
