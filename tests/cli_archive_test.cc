// The archive commands as users run them: the real `tidings` binary on a real archive file.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/file.h"

namespace {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

// Quotes `arg` for /bin/sh.
std::string ShellQuote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class CliTest {
 public:
  CliTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidings-cli-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
  }
  ~CliTest() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Db() const { return dir_ + "/archive.db"; }

  // Runs `tidings ARGS... --db <archive>` (no --db when `with_db` is false).
  Run Tidings(std::vector<std::string> args, bool with_db = true) {
    std::string command = "env COLUMNS=200 " + ShellQuote(TIDINGS_CLI);
    for (const std::string& arg : args) command += " " + ShellQuote(arg);
    if (with_db) command += " --db " + ShellQuote(Db());
    command += " 2>" + ShellQuote(dir_ + "/stderr") + " </dev/null";
    Run run;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    tidings::Result<std::string> err = tidings::ReadFile(dir_ + "/stderr");
    if (err.ok()) run.err = *err;
    return run;
  }

  void Import(const std::string& fixture, const std::string& url) {
    Run run = Tidings(
        {"db", "import", std::string(TIDINGS_TEST_DATA) + "/feeds/" + fixture, "--url", url});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
  }

 private:
  std::string dir_;
};

TEST_CASE("a missing archive is one clear line and exit 1", "[cli]") {
  CliTest cli;
  Run run = cli.Tidings({"items"});
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "tidings: " + cli.Db() + ": no archive here (tidingsd creates it; or pass --db)\n");
}

TEST_CASE("import, search, show, star and list through the CLI", "[cli]") {
  CliTest cli;
  cli.Import("formats/atom10_youtube.xml", "https://www.youtube.com/feeds/videos.xml");
  Run search = cli.Tidings({"search", "moon", "--json"});
  REQUIRE(search.exit_code == 0);
  nlohmann::json hits = nlohmann::json::parse(search.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["title"] == "The myth of the moon's dark side");
  CHECK(hits[0]["feed"]["url"] == "https://www.youtube.com/feeds/videos.xml");
  std::string id = std::to_string(hits[0]["id"].get<int>());

  Run table = cli.Tidings({"search", "moon"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("The myth of the moon") != std::string::npos);
  CHECK(table.out.rfind("ID", 0) == 0);  // a header line first

  CHECK(cli.Tidings({"star", id}).exit_code == 0);
  CHECK(cli.Tidings({"label", id, "astronomy"}).exit_code == 0);
  Run starred = cli.Tidings({"items", "--starred", "--json"});
  REQUIRE(starred.exit_code == 0);
  nlohmann::json items = nlohmann::json::parse(starred.out);
  REQUIRE(items.size() == 1);
  CHECK(items[0]["labels"] == nlohmann::json::array({"astronomy"}));

  Run show = cli.Tidings({"show", id, "--json"});
  REQUIRE(show.exit_code == 0);
  nlohmann::json detail = nlohmann::json::parse(show.out);
  CHECK(detail["starred"] == true);
  CHECK(detail.contains("content_html"));
}

TEST_CASE("a malformed query is exit 2 with the reason", "[cli]") {
  CliTest cli;
  cli.Import("formats/atom10_youtube.xml", "https://www.youtube.com/feeds/videos.xml");
  Run run = cli.Tidings({"search", "moon OR"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.rfind("tidings: search: \"OR\" at column 6", 0) == 0);
}

TEST_CASE("export writes CSV and JSON lines; feeds, stats and db check report", "[cli]") {
  CliTest cli;
  cli.Import("formats/atom10_youtube.xml", "https://www.youtube.com/feeds/videos.xml");
  Run csv = cli.Tidings({"export", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("id,feed,time,title,link,author,text\r\n", 0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);
  Run jsonl = cli.Tidings({"export"});
  REQUIRE(jsonl.exit_code == 0);
  CHECK(std::count(jsonl.out.begin(), jsonl.out.end(), '\n') == 2);
  Run feeds = cli.Tidings({"feeds", "--json"});
  REQUIRE(feeds.exit_code == 0);
  CHECK(nlohmann::json::parse(feeds.out)[0]["items"] == 2);
  Run stats = cli.Tidings({"stats", "--json"});
  REQUIRE(stats.exit_code == 0);
  CHECK(nlohmann::json::parse(stats.out)["items"] == 2);
  Run check = cli.Tidings({"db", "check"});
  CHECK(check.exit_code == 0);
  CHECK(check.out == cli.Db() + ": ok\n");
}

}  // namespace
