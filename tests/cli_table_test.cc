#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "cli/table.h"

using tidings::cli::Align;
using tidings::cli::Column;
using tidings::cli::DisplayWidth;
using tidings::cli::Table;
using tidings::cli::TerminalWidth;

namespace {

// Every line of `text` (each ending in '\n'), to check widths line by line.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    REQUIRE(end != std::string::npos);  // every line, the last too, ends in '\n'
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Sets or unsets $COLUMNS for one test, restoring the old value afterwards.
class ScopedColumns {
 public:
  explicit ScopedColumns(const char* value) {
    if (const char* old = std::getenv("COLUMNS")) old_ = old;
    if (value != nullptr) {
      setenv("COLUMNS", value, 1);
    } else {
      unsetenv("COLUMNS");
    }
  }
  ~ScopedColumns() {
    if (old_) {
      setenv("COLUMNS", old_->c_str(), 1);
    } else {
      unsetenv("COLUMNS");
    }
  }
  ScopedColumns(const ScopedColumns&) = delete;
  ScopedColumns& operator=(const ScopedColumns&) = delete;

 private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("display width counts terminal cells", "[table]") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("café") == 4);
  CHECK(DisplayWidth("cafe\u0301") == 4);          // combining acute accent: no cell
  CHECK(DisplayWidth("\u65e5\u672c\u8a9e") == 6);  // 日本語: wide
  CHECK(DisplayWidth("\uff21") == 2);              // fullwidth A
  CHECK(DisplayWidth("\U0001F600") == 2);          // emoji: wide
  CHECK(DisplayWidth("\uc548\ub155") == 4);        // Hangul
  CHECK(DisplayWidth("a\u20ddb") == 2);            // enclosing mark: no cell
  CHECK(DisplayWidth("a\x1b[31mb") == 6);          // ESC is a control: "[31m" are plain text
  CHECK(DisplayWidth("a\u200bb") == 2);            // zero width space
  CHECK(DisplayWidth("\u2026") == 1);              // the ellipsis used for cuts
  CHECK(DisplayWidth("a\xff\xfe") == 3);           // ill-formed bytes show as U+FFFD each
}

TEST_CASE("columns are sized to their content and separated by two spaces", "[table]") {
  Table table({{"ID", Align::kRight}, {"TITLE"}, {"FEED"}});
  table.AddRow({"7", "Short", "Ars Technica"});
  table.AddRow({"1234", "A longer title", "LWN"});
  CHECK(table.Render(0) ==
        "  ID  TITLE           FEED\n"
        "   7  Short           Ars Technica\n"
        "1234  A longer title  LWN\n");
}

TEST_CASE("wide characters are padded by cells, not bytes", "[table]") {
  Table table({{"TITLE"}, {"FEED"}});
  table.AddRow({"\u65e5\u672c\u8a9e", "x"});  // 6 cells, 9 bytes
  table.AddRow({"cafe\u0301", "y"});          // 4 cells, 6 bytes
  CHECK(table.Render(0) ==
        "TITLE   FEED\n"
        "\u65e5\u672c\u8a9e  x\n"
        "cafe\u0301    y\n");
}

TEST_CASE("lines never end in spaces", "[table]") {
  Table table({{"A"}, {"B"}, {"C", Align::kRight}});
  table.AddRow({"x", "", ""});
  table.AddRow({"longer", "trailing  ", ""});
  for (const std::string& line : Lines(table.Render(0))) {
    INFO(line);
    CHECK((line.empty() || line.back() != ' '));
  }
  CHECK(Lines(table.Render(0))[1] == "x");
}

TEST_CASE("short rows are padded and extra cells ignored", "[table]") {
  Table table({{"A"}, {"B"}});
  table.AddRow({"1"});
  table.AddRow({"2", "b", "ignored"});
  CHECK(table.Render(0) ==
        "A  B\n"
        "1\n"
        "2  b\n");
}

TEST_CASE("cells are one line and carry no terminal escapes", "[table]") {
  Table table({{"TITLE"}, {"X"}});
  table.AddRow({"two\nlines\tand\r tab", "1"});
  table.AddRow({"\x1b]0;owned\x07red\x1b[31m", "2"});
  std::string out = table.Render(0);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  CHECK(Lines(out).size() == 3);
  CHECK(Lines(out)[1] == "two lines and  tab  1");
}

TEST_CASE("the widest shrinkable column is cut first, with an ellipsis", "[table]") {
  Table table({{"ID", Align::kRight, false}, {"TITLE"}, {"FEED"}});
  table.AddRow({"42", "Quantum error correction reaches a milestone", "Ars Technica"});
  // Unlimited: 2 + 2 + 44 + 2 + 12 = 62 cells.
  CHECK(Lines(table.Render(0))[1].size() == 62);
  std::string out = table.Render(40);
  CHECK(out ==
        "ID  TITLE                   FEED\n"
        "42  Quantum error correct\u2026  Ars Technica\n");
  for (const std::string& line : Lines(out)) CHECK(DisplayWidth(line) <= 40);
}

TEST_CASE("columns shrink towards each other, never below their header", "[table]") {
  Table table({{"ID", Align::kRight, false}, {"TITLE"}, {"FEED"}});
  table.AddRow({"123456", "abcdefghijklmnopqrst", "abcdefghijklmnop"});
  // 6 + 2 + 20 + 2 + 16 = 46; at 30 both text columns end up 10 cells wide.
  CHECK(table.Render(30) ==
        "    ID  TITLE       FEED\n"
        "123456  abcdefghi\u2026  abcdefghi\u2026\n");
  // Too narrow even for the headers: text columns stop at their header, then the id column is
  // cut too, and the line stays wider than asked rather than lose a header.
  CHECK(table.Render(5) ==
        "ID  TITLE  FEED\n"
        "1\u2026  abcd\u2026  abc\u2026\n");
}

TEST_CASE("non-shrinkable columns are cut only after the others", "[table]") {
  Table table({{"DATE", Align::kLeft, false}, {"T"}});
  table.AddRow({"2026-11-27", "abcdefgh"});
  // 10 + 2 + 8 = 20. At 16 the title alone gives 4 cells.
  CHECK(Lines(table.Render(16))[1] == "2026-11-27  abc\u2026");
  // At 11 the title is down to its header (1 cell) and the date gives the rest.
  CHECK(Lines(table.Render(11))[1] == "2026-11\u2026  \u2026");
}

TEST_CASE("cuts never split a UTF-8 sequence or a wide character", "[table]") {
  Table table({{"N", Align::kLeft, false}, {"T"}});
  table.AddRow({"1", "\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b"});  // 6 wide characters, 12 cells
  table.AddRow({"2", "abcde\u0301fghij"});
  // 1 + 2 + 12 = 15; at 9 the title gets 6 cells: two wide characters and "…" fill 5, then a
  // space pads it.
  std::string out = table.Render(9);
  std::vector<std::string> lines = Lines(out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == "1  \u65e5\u672c\u2026");
  CHECK(lines[2] == "2  abcde\u0301\u2026");  // the accent stays with its "e"
  for (const std::string& line : lines) CHECK(DisplayWidth(line) <= 9);
}

TEST_CASE("terminal width falls back to $COLUMNS, then unlimited", "[table]") {
  std::FILE* file = std::tmpfile();  // not a terminal
  REQUIRE(file != nullptr);
  {
    ScopedColumns columns("132");
    CHECK(TerminalWidth(file) == 132);
  }
  {
    ScopedColumns columns("wide");
    CHECK(TerminalWidth(file) == 0);
  }
  {
    ScopedColumns columns("80x");
    CHECK(TerminalWidth(file) == 0);
  }
  {
    ScopedColumns columns(nullptr);
    CHECK(TerminalWidth(file) == 0);
  }
  std::fclose(file);
}

TEST_CASE("terminal width is the TTY's own when the stream is a terminal", "[table]") {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    if (master >= 0) close(master);
    WARN("no pseudo-terminal here: the TTY path is not exercised");
    return;
  }
  int terminal = open(ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(terminal >= 0);
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 97;
  REQUIRE(ioctl(terminal, TIOCSWINSZ, &size) == 0);
  std::FILE* stream = fdopen(terminal, "w");
  REQUIRE(stream != nullptr);
  {
    ScopedColumns columns("132");  // the terminal's own size wins
    CHECK(TerminalWidth(stream) == 97);
  }
  std::fclose(stream);
  close(master);
}
