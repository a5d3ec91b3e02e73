// The real tidingsd against real HTTP servers on 127.0.0.1: readiness and status through a fake
// NOTIFY_SOCKET, polling into the archive, reload on SIGHUP (good and bad configs), one daemon
// per archive, and a graceful stop on SIGTERM.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/archive.h"
#include "storage/feeds.h"
#include "storage/items.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace tidings {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::HttpResponse;
using testing::HttpTestServer;
using testing::NotifySocket;

std::string Rss(const std::string& prefix, int items) {
  std::string xml = "<rss version=\"2.0\"><channel><title>" + prefix + " feed</title>";
  for (int i = 0; i < items; ++i) {
    xml += "<item><guid>" + prefix + std::to_string(i) + "</guid><title>" + prefix + " story " +
           std::to_string(i) + "</title><link>https://example.org/" + prefix + "/" +
           std::to_string(i) + "</link><pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate></item>";
  }
  return xml + "</channel></rss>";
}

HttpResponse Ok(std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse response;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

class DaemonFixture {
 public:
  DaemonFixture() {
    dir_ = std::filesystem::temp_directory_path() / ("tidingsd-test-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~DaemonFixture() { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  void WriteConfig(const std::vector<std::string>& feed_urls, const std::string& extra = "") {
    std::ofstream out(Path("tidings.toml"));
    out << "[daemon]\nstate_directory = \"" << Path("state") << "\"\nlog_level = \"debug\"\n"
        << "[fetch]\nallow_private_networks = true\nper_host_spacing_ms = 0\n"
        // The feeds' items link to example.org, which a test must never contact: no article
        // fetches here (daemon_article_test.cc serves articles from 127.0.0.1).
        << "[articles]\nfull_text = \"none\"\n"
        << extra;
    for (const std::string& url : feed_urls) out << "[[feed]]\nurl = \"" << url << "\"\n";
  }

  std::unique_ptr<ChildProcess> Start(NotifySocket* notify) {
    std::vector<std::string> env = {"JOURNAL_STREAM="};
    if (notify) env.push_back("NOTIFY_SOCKET=" + notify->path());
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{TIDINGSD, "--config", Path("tidings.toml")}, env, Path("log"));
  }

  // Items in the archive once it holds at least `count` (bounded wait), else what it has.
  std::size_t WaitForItems(std::size_t count) {
    std::size_t found = 0;
    for (int i = 0; i < 200 && found < count; ++i) {
      auto archive = storage::Archive::Open(Path("state/archive.db"), storage::OpenMode::kReadOnly);
      if (archive.ok()) {
        storage::ItemFilter all;
        all.limit = 0;
        auto items = storage::ListItems(**archive, all);
        if (items.ok()) found = items->size();
      }
      if (found < count) std::this_thread::sleep_for(50ms);
    }
    return found;
  }

  std::string Log() const { return testing::ReadText(Path("log")); }

 private:
  std::filesystem::path dir_;
};

TEST_CASE("tidingsd polls, reports to systemd, reloads and stops gracefully", "[daemon]") {
  HttpTestServer server;
  server.Route("/a.xml", Ok(Rss("a", 3), {{"ETag", "\"a1\""}}));
  server.Route("/b.xml", Ok(Rss("b", 2)));
  DaemonFixture fixture;
  fixture.WriteConfig({server.Url("/a.xml")});
  NotifySocket notify(fixture.Path("notify.sock"));
  auto daemon = fixture.Start(&notify);

  REQUIRE(notify.WaitFor("READY=1", 10s));
  CHECK(fixture.WaitForItems(3) == 3);
  auto status = notify.WaitFor("STATUS=", 10s);
  REQUIRE(status);
  CHECK(status->find("1 feeds, 0 failing") != std::string::npos);

  // A reload with a broken config keeps the running one.
  { std::ofstream(fixture.Path("tidings.toml"), std::ios::app) << "[fetch]\nconcurency = 3\n"; }
  daemon->Signal(SIGHUP);
  REQUIRE(notify.WaitFor("RELOADING=1", 10s));
  REQUIRE(notify.WaitFor("READY=1", 10s));
  CHECK_FALSE(daemon->Wait(100ms));  // still running
  CHECK(fixture.Log().find("keeping the running config") != std::string::npos);

  // A good reload adds a feed without losing the first one's state.
  fixture.WriteConfig({server.Url("/a.xml"), server.Url("/b.xml")});
  daemon->Signal(SIGHUP);
  auto reloading = notify.WaitFor("RELOADING=1", 10s);
  REQUIRE(reloading);
  CHECK(reloading->find("MONOTONIC_USEC=") != std::string::npos);
  REQUIRE(notify.WaitFor("READY=1", 10s));
  CHECK(fixture.WaitForItems(5) == 5);
  CHECK(server.RequestCount("/a.xml") == 1);  // not refetched: its schedule survived the reload

  daemon->Signal(SIGTERM);
  REQUIRE(notify.WaitFor("STOPPING=1", 10s));
  CHECK(daemon->Wait(10s) == 0);
}

TEST_CASE("a second tidingsd on the same archive names the first and exits", "[daemon]") {
  HttpTestServer server;
  server.Route("/a.xml", Ok(Rss("a", 1)));
  DaemonFixture fixture;
  fixture.WriteConfig({server.Url("/a.xml")});
  NotifySocket notify(fixture.Path("notify.sock"));
  auto first = fixture.Start(&notify);
  REQUIRE(notify.WaitFor("READY=1", 10s));
  auto second = fixture.Start(nullptr);
  CHECK(second->Wait(10s) == 1);
  CHECK(fixture.Log().find("another tidingsd (pid " + std::to_string(first->pid()) + ")") !=
        std::string::npos);
  first->Signal(SIGTERM);
  CHECK(first->Wait(10s) == 0);
}

TEST_CASE("tidingsd refuses to start on an invalid config, naming file, line and column",
          "[daemon]") {
  DaemonFixture fixture;
  fixture.WriteConfig({"ftp://example.org/feed"});
  auto daemon = fixture.Start(nullptr);
  CHECK(daemon->Wait(10s) == 1);
  CHECK(fixture.Log().find(fixture.Path("tidings.toml") + ":") != std::string::npos);
  CHECK(fixture.Log().find("only http and https") != std::string::npos);
}

}  // namespace
}  // namespace tidings
