// tidings extract, as users run it: the launcher's own path (a file or standard input), the full
// CLI's (a URL, fetched from a real local server), and that both print the same thing.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/http_test_server.h"
#include "support/process.h"

namespace {

using tidings::testing::HttpResponse;
using tidings::testing::HttpTestServer;
using tidings::testing::ReadText;

const std::string kPage = std::string(TIDINGS_TEST_DATA) + "/extract/news_article.html";

struct ExtractFixture {
  ExtractFixture() {
    dir = std::filesystem::temp_directory_path() / ("tidings-extract-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "tidings.toml") << "[fetch]\nallow_private_networks = true\n";
  }
  ~ExtractFixture() { std::filesystem::remove_all(dir); }

  // Runs `program arguments` through the shell; the exit status, with stdout in out and stderr
  // in err.
  int Run(const std::string& program, const std::string& arguments) {
    std::string command = program + " " + arguments + " > " + (dir / "out").string() + " 2> " +
                          (dir / "err").string();
    int status = std::system(command.c_str());
    out = ReadText((dir / "out").string());
    err = ReadText((dir / "err").string());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Config() const { return (dir / "tidings.toml").string(); }

  std::filesystem::path dir;
  std::string out, err;
};

const std::string kLauncher = TIDINGS_CLI;
const std::string kFullCli = (std::filesystem::path(TIDINGS_CLI).parent_path() / "tidings-cli");

TEST_CASE("extract prints a local page's main text, the same from either program",
          "[cli][extract]") {
  ExtractFixture fixture;
  for (const char* format : {"text", "html", "json"}) {
    const std::string arguments = std::string("extract --format ") + format + " --url " +
                                  "https://courier.example/news/bridge '" + kPage + "'";
    REQUIRE(fixture.Run(kLauncher, arguments) == 0);
    const std::string launched = fixture.out;
    CHECK(fixture.err.empty());
    REQUIRE(fixture.Run(kFullCli, arguments) == 0);
    CHECK(fixture.out == launched);
  }
  REQUIRE(fixture.Run(kLauncher, "extract '" + kPage + "'") == 0);
  CHECK_THAT(fixture.out, Catch::Contains("bridge"));
  CHECK_THAT(fixture.out, !Catch::Contains("not text"));  // the script's string

  // Standard input, and the JSON metadata.
  REQUIRE(fixture.Run(kLauncher, "extract --format=json - < '" + kPage + "'") == 0);
  nlohmann::json json = nlohmann::json::parse(fixture.out);
  CHECK(json["kind"] == "article");
  CHECK(json["title"] == "Town council approves new bridge");
  CHECK(json["byline"] == "Maria Lopez");
  CHECK(json["site_name"] == "The Riverside Courier");
}

TEST_CASE("extract says what is wrong in one line", "[cli][extract]") {
  ExtractFixture fixture;
  CHECK(fixture.Run(kLauncher, "extract /nonexistent/page.html") == 1);
  CHECK_THAT(fixture.err,
             Catch::StartsWith("tidings: ") && Catch::Contains("/nonexistent/page.html"));
  CHECK(fixture.Run(kLauncher, "extract '" + std::string(TIDINGS_TEST_DATA) +
                                   "/extract/consent_wall.html'") == 1);
  CHECK_THAT(fixture.err, Catch::Contains("not an article: consent_wall"));
  // Usage errors come from the full CLI's parser, with its usual message.
  CHECK(fixture.Run(kLauncher, "extract --format pdf '" + kPage + "'") != 0);
  CHECK_THAT(fixture.err, Catch::Contains("--format"));
  CHECK(fixture.Run(kLauncher, "extract") != 0);
  CHECK_THAT(fixture.err, Catch::Contains("input"));
  // Every other command reaches the full CLI.
  CHECK(fixture.Run(kLauncher, "--help") == 0);
  CHECK_THAT(fixture.out, Catch::Contains("extract"));
  CHECK_THAT(fixture.out, Catch::Contains("digest"));
}

TEST_CASE("extract fetches a URL with the daemon's fetcher and settings", "[cli][extract]") {
  ExtractFixture fixture;
  HttpTestServer server;
  HttpResponse page;
  page.body = ReadText(kPage);
  page.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  server.Route("/news/bridge", page);
  HttpResponse missing;
  missing.status = 404;
  server.Route("/gone", missing);

  const std::string url = server.Url("/news/bridge");
  REQUIRE(fixture.Run(kLauncher, "extract --format json --config '" + fixture.Config() + "' '" +
                                     url + "'") == 0);
  nlohmann::json json = nlohmann::json::parse(fixture.out);
  CHECK(json["url"] == url);
  CHECK(json["title"] == "Town council approves new bridge");
  CHECK_THAT(json["text"].get<std::string>(), Catch::Contains("bridge"));

  CHECK(fixture.Run(kLauncher, "extract --config '" + fixture.Config() + "' '" +
                                   server.Url("/gone") + "'") == 1);
  CHECK_THAT(fixture.err, Catch::Contains("HTTP 404"));
  // Without allow_private_networks the fetcher's guard refuses a loopback address.
  std::ofstream(fixture.dir / "strict.toml") << "[fetch]\n";
  CHECK(fixture.Run(kLauncher, "extract --config '" + (fixture.dir / "strict.toml").string() +
                                   "' '" + url + "'") == 2);
  CHECK_THAT(fixture.err, Catch::Contains("refused by the SSRF guard"));
}

}  // namespace
