// Full-text archiving end to end: `tidings poll` (the daemon's loop, one round) against a real
// local HTTP server whose feed links to article pages, then the archive as `tidings show` and
// `tidings search` see it.
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "storage/archive.h"
#include "storage/articles.h"
#include "storage/items.h"
#include "storage/topics.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace tidings {
namespace {

using namespace std::chrono_literals;
using testing::HttpResponse;
using testing::HttpTestServer;

HttpResponse Page(std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse response;
  response.body = std::move(body);
  response.headers = std::move(headers);
  response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  return response;
}

std::string ArticleHtml(const std::string& word, const std::string& head = "") {
  std::string paragraphs;
  for (int i = 0; i < 6; ++i) {
    paragraphs += "<p>Field researchers counted the " + word +
                  " on the island again this spring, walking the same transects as in every "
                  "survey since the first one, and found the colonies larger than they had "
                  "feared after the dry winter. Paragraph " +
                  std::to_string(i) + " of the report goes on.</p>\n";
  }
  return "<!DOCTYPE html><html><head><title>Counting " + word + "</title>" + head +
         "<meta property=\"og:site_name\" content=\"Island News\">"
         "<meta name=\"author\" content=\"Ada Field\"></head><body>"
         "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
         "<article><h1>Counting " +
         word + "</h1>" + paragraphs + "</article><footer>Copyright</footer></body></html>";
}

const std::string kConsentHtml =
    "<!DOCTYPE html><html><head><title>Before you continue</title></head><body>"
    "<div class=\"consent\"><h1>Before you continue</h1><p>We use cookies and data to deliver our "
    "services. If you choose Accept all, we and our partners will also use cookies for "
    "personalised ads. Choose Reject all or Manage options. See our privacy policy.</p>"
    "<button>Reject all</button><button>Accept all</button></div></body></html>";

class ArticleFixture {
 public:
  explicit ArticleFixture(HttpTestServer& server) : server_(server) {
    dir_ =
        std::filesystem::temp_directory_path() / ("tidings-articles-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~ArticleFixture() { std::filesystem::remove_all(dir_); }

  void Config(const std::string& feed_url) {
    std::ofstream out((dir_ / "t.toml").string());
    out << "[daemon]\nstate_directory = \"" << (dir_ / "state").string() << "\"\n"
        << "[fetch]\nper_host_spacing_ms = 0\nallow_private_networks = true\n"
        << "max_response_bytes = 150000\n"
        << "[articles]\nfull_text = \"all\"\n"
        << "[[feed]]\nurl = \"" << feed_url << "\"\n"
        << "[[topic]]\nname = \"wildlife\"\nrules = [{ match = 'quokka*', weight = 6 }]\n";
  }

  int Poll() {
    testing::ChildProcess child(
        {TIDINGS_CLI, "poll", "--all", "--config", (dir_ / "t.toml").string()}, {"JOURNAL_STREAM="},
        (dir_ / "log").string());
    return child.Wait(60s).value_or(-1);
  }
  std::string log() const { return testing::ReadText((dir_ / "log").string()); }

  // Runs `tidings ARGS... --config t.toml` and returns its stdout.
  std::string Tidings(const std::vector<std::string>& args) {
    std::string command = std::string("env COLUMNS=200 ") + TIDINGS_CLI;
    for (const std::string& arg : args) command += " '" + arg + "'";
    command += " --config '" + (dir_ / "t.toml").string() + "' 2>/dev/null </dev/null";
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    pclose(pipe);
    return out;
  }

  std::unique_ptr<storage::Archive> Archive() {
    auto archive =
        storage::Archive::Open((dir_ / "state/archive.db").string(), storage::OpenMode::kReadOnly);
    REQUIRE(archive.ok());
    return std::move(*archive);
  }

  // Each item's id by the path of its link.
  std::map<std::string, std::int64_t> Items() {
    auto archive = Archive();
    storage::ItemFilter filter;
    filter.limit = 0;
    auto items = storage::ListItems(*archive, filter);
    REQUIRE(items.ok());
    std::map<std::string, std::int64_t> ids;
    for (const storage::ItemSummary& item : *items) {
      ids[item.link->substr(server_.Url("").size())] = item.id;
    }
    return ids;
  }

  storage::ItemDetail Item(std::int64_t id) {
    auto archive = Archive();
    auto item = storage::GetItem(*archive, id);
    REQUIRE(item.ok());
    return *item;
  }

 private:
  HttpTestServer& server_;
  std::filesystem::path dir_;
};

std::string Rss(HttpTestServer& server, const std::vector<std::string>& paths) {
  std::string rss = "<rss version=\"2.0\"><channel><title>Island News</title>";
  for (const std::string& path : paths) {
    rss += "<item><guid>" + path + "</guid><title>Item " + path + "</title><link>" +
           server.Url(path) + "</link><description>Short.</description></item>";
  }
  return rss + "</channel></rss>";
}

TEST_CASE("tidings poll archives each linked article per robots.txt, noarchive and page kind",
          "[daemon][articles]") {
  HttpTestServer server;
  const std::vector<std::string> paths = {"/news/good",   "/private/secret", "/news/meta-noarchive",
                                          "/news/header", "/news/consent",   "/news/moved",
                                          "/news/big"};
  HttpResponse feed;
  feed.body = Rss(server, paths);
  server.Route("/feed", feed);
  HttpResponse robots;
  robots.body = "User-agent: *\nDisallow: /private/\n";
  server.Route("/robots.txt", robots);
  const std::string good = ArticleHtml("quokkas");
  server.Route("/news/good", Page(good));
  server.Route("/private/secret", Page(ArticleHtml("secrets")));
  server.Route("/news/meta-noarchive",
               Page(ArticleHtml("wombats", "<meta name=\"robots\" content=\"noarchive\">")));
  server.Route("/news/header", Page(ArticleHtml("echidnas"), {{"X-Robots-Tag", "noarchive"}}));
  server.Route("/news/consent", Page(kConsentHtml));
  HttpResponse moved;
  moved.status = 302;
  moved.headers = {{"Location", "/news/target"}};
  server.Route("/news/moved", moved);
  server.Route("/news/target", Page(ArticleHtml("numbats")));
  server.Route("/news/big", Page(ArticleHtml("bilbies") + std::string(200000, ' ')));

  ArticleFixture fixture(server);
  fixture.Config(server.Url("/feed"));
  REQUIRE(fixture.Poll() == 0);
  INFO(fixture.log());
  std::map<std::string, std::int64_t> ids = fixture.Items();
  REQUIRE(ids.size() == paths.size());

  auto outcome = [&](const std::string& path) {
    storage::ItemDetail item = fixture.Item(ids[path]);
    return item.article ? item.article->outcome : std::string("(not tried)");
  };
  CHECK(outcome("/news/good") == "article");
  CHECK(outcome("/private/secret") == "robots_denied");
  CHECK(outcome("/news/meta-noarchive") == "noarchive");
  CHECK(outcome("/news/header") == "noarchive");
  CHECK(outcome("/news/consent") == "consent_wall");
  CHECK(outcome("/news/moved") == "article");
  CHECK(outcome("/news/big") == "too_large");
  CHECK(server.RequestCount("/private/secret") == 0);
  CHECK(server.RequestCount("/robots.txt") == 1);  // cached for the site

  storage::ItemDetail archived = fixture.Item(ids["/news/good"]);
  REQUIRE(archived.full_text);
  CHECK(archived.full_text->find("Field researchers counted the quokkas") != std::string::npos);
  CHECK(archived.full_text->find("Copyright") == std::string::npos);
  {
    // The feed said only "Short."; the archived article is what the topics score now.
    auto archive = fixture.Archive();
    auto scores = storage::GetTopicScores(*archive, ids["/news/good"]);
    REQUIRE(scores.ok());
    auto wildlife = std::find_if(scores->begin(), scores->end(),
                                 [](const auto& row) { return row.topic == "wildlife"; });
    REQUIRE(wildlife != scores->end());
    CHECK(wildlife->matched);
  }
  CHECK(archived.article->final_url == server.Url("/news/good"));
  CHECK(archived.article->html->find("<p>") != std::string::npos);
  {
    auto archive = fixture.Archive();
    auto page = storage::GetPage(*archive, ids["/news/good"]);
    REQUIRE(page.ok());
    CHECK(page->body == good);  // the raw page, as served
    CHECK(storage::GetPage(*archive, ids["/news/meta-noarchive"]).status().code() ==
          StatusCode::kNotFound);
  }
  CHECK_FALSE(fixture.Item(ids["/news/meta-noarchive"]).full_text);
  CHECK_FALSE(fixture.Item(ids["/news/header"]).full_text);
  CHECK(fixture.Item(ids["/news/moved"]).article->final_url == server.Url("/news/target"));
  storage::ItemDetail walled = fixture.Item(ids["/news/consent"]);
  CHECK_FALSE(walled.full_text);
  CHECK(walled.article->attempts == 1);
  CHECK(walled.article->next_attempt);  // tried again later

  // What users see: the full text is searchable, `show` says what happened.
  CHECK(fixture.Tidings({"search", "quokkas"}).find("Item /news/good") != std::string::npos);
  CHECK(fixture.Tidings({"search", "wombats"}).find("Item /news") == std::string::npos);
  nlohmann::json shown = nlohmann::json::parse(
      fixture.Tidings({"show", "--json", std::to_string(ids["/news/good"])}), nullptr, false);
  REQUIRE(shown.is_object());
  CHECK(shown["article"]["outcome"] == "article");
  CHECK(shown["article"]["metadata"]["site_name"] == "Island News");
  std::string human = fixture.Tidings({"show", std::to_string(ids["/news/consent"])});
  CHECK(human.find("Article: consent_wall") != std::string::npos);
  CHECK(human.find("next try") != std::string::npos);

  // A second round fetches nothing again: outcomes are recorded, the retry is not due yet.
  REQUIRE(fixture.Poll() == 0);
  CHECK(server.RequestCount("/news/good") == 1);
  CHECK(server.RequestCount("/news/consent") == 1);
}

}  // namespace
}  // namespace tidings
