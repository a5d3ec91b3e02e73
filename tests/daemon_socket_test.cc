// The control socket of the real tidingsd, through a real Unix socket: every endpoint on a test
// archive, the CLI commands that use it, hostile clients (oversized, malformed, slow, too many)
// with the daemon staying up, and the /v1/events stream resuming with Last-Event-ID.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon/control_client.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace tidings {
namespace {

using namespace std::chrono_literals;
using daemon::CallDaemon;
using Json = nlohmann::json;
using testing::ChildProcess;
using testing::HttpResponse;
using testing::HttpTestServer;

std::string Rss(const std::string& prefix, int items) {
  std::string xml = "<rss version=\"2.0\"><channel><title>" + prefix + " feed</title>";
  for (int i = 0; i < items; ++i) {
    xml += "<item><guid>" + prefix + std::to_string(i) + "</guid><title>" + prefix +
           " story number " + std::to_string(i) + "</title><link>https://example.org/" + prefix +
           "/" + std::to_string(i) + "</link><description>The " + prefix +
           " story text.</description></item>";
  }
  return xml + "</channel></rss>";
}

// A connected Unix socket speaking raw bytes, for requests no well-behaved client sends.
class RawClient {
 public:
  explicit RawClient(const std::string& path) {
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size());
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() { close(fd_); }
  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t sent = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // Reads what arrives within `timeout`; stops at end of stream or once `enough` says so.
  std::string Read(std::chrono::milliseconds timeout,
                   const std::function<bool(const std::string&)>& enough = {}) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!(enough && enough(received_))) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd entry{fd_, POLLIN, 0};
      if (left.count() <= 0 || poll(&entry, 1, static_cast<int>(left.count())) <= 0) break;
      char chunk[8192];
      ssize_t got = recv(fd_, chunk, sizeof chunk, 0);
      if (got <= 0) {
        closed_ = true;
        break;
      }
      received_.append(chunk, static_cast<std::size_t>(got));
    }
    return received_;
  }
  // One whole response (headers and Content-Length body), consumed from what was received.
  std::string Response(std::chrono::milliseconds timeout = 10s) {
    auto complete = [](const std::string& text) {
      std::size_t end = text.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      std::size_t at = text.find("Content-Length: ");
      std::size_t length = at < end ? std::stoul(text.substr(at + 16)) : 0;
      return text.size() >= end + 4 + length;
    };
    Read(timeout, complete);
    if (!complete(received_)) return std::exchange(received_, "");
    std::size_t end = received_.find("\r\n\r\n");
    std::size_t at = received_.find("Content-Length: ");
    std::size_t size = end + 4 + (at < end ? std::stoul(received_.substr(at + 16)) : 0);
    std::string response = received_.substr(0, size);
    received_.erase(0, size);
    return response;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string received_;
};

class SocketFixture {
 public:
  SocketFixture() {
    dir_ = std::filesystem::path("/tmp") / ("tidings-sock-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    server_.Route("/a.xml", FeedResponse(Rss("alpha", 3)));
  }
  ~SocketFixture() { std::filesystem::remove_all(dir_); }

  static HttpResponse FeedResponse(std::string body) {
    HttpResponse response;
    response.body = std::move(body);
    return response;
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string socket() const { return Path("ctl.sock"); }
  HttpTestServer& server() { return server_; }

  void WriteConfig(const std::string& extra = "") {
    std::ofstream out(Path("tidings.toml"));
    out << "[daemon]\nstate_directory = \"" << Path("state") << "\"\ncontrol_socket = \""
        << socket() << "\"\nlog_level = \"debug\"\n"
        << "[fetch]\nallow_private_networks = true\nper_host_spacing_ms = 0\n"
        // Every item matches "stories" and links to example.org, which a test must never
        // contact: no article fetches here (daemon_article_test.cc serves articles locally).
        << "[articles]\nfull_text = \"none\"\n"
        << "[[topic]]\nname = \"stories\"\nthreshold = 0.5\n"
        << "rules = [{ match = 'story', weight = 10 }]\n"
        << "[[feed]]\nurl = \"" << server_.Url("/a.xml") << "\"\n"
        << extra;
  }

  void Start() {
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{TIDINGSD, "--config", Path("tidings.toml")},
        std::vector<std::string>{"JOURNAL_STREAM="}, Path("log"));
    REQUIRE(WaitUntil([&] { return Get("/v1/status").status == 200; }));
  }
  ChildProcess& daemon() { return *daemon_; }
  void Kill() { daemon_.reset(); }

  daemon::ControlReply Call(std::string_view method, const std::string& target,
                            std::string_view body = {}) {
    Result<daemon::ControlReply> reply = CallDaemon(socket(), method, target, body, 20s);
    return reply.ok() ? *reply : daemon::ControlReply{};
  }
  daemon::ControlReply Get(const std::string& target) { return Call("GET", target); }
  Json GetJson(const std::string& target) {
    daemon::ControlReply reply = Get(target);
    INFO(target << " -> " << reply.status << " " << reply.body);
    REQUIRE(reply.status == 200);
    return Json::parse(reply.body);
  }

  static bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds max = 15s) {
    for (auto end = std::chrono::steady_clock::now() + max; std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(50ms)) {
      if (done()) return true;
    }
    return false;
  }

  // Runs the CLI; its exit code, with stdout and stderr in `output`.
  int Cli(const std::string& arguments, std::string& output) {
    std::string command =
        std::string(TIDINGS_CLI) + " " + arguments + " > " + Path("cli.out") + " 2>&1";
    int status = std::system(command.c_str());
    output = testing::ReadText(Path("cli.out"));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string Log() const { return testing::ReadText(Path("log")); }

 private:
  std::filesystem::path dir_;
  HttpTestServer server_;
  std::unique_ptr<ChildProcess> daemon_;
};

bool Contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

TEST_CASE("every read endpoint answers over the Unix socket", "[daemon][socket]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  fixture.Start();
  REQUIRE(fixture.WaitUntil([&] { return fixture.GetJson("/v1/items")["items"].size() == 3; }));

  struct stat info {};
  REQUIRE(stat(fixture.socket().c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0660);

  Json status = fixture.GetJson("/v1/status");
  CHECK(status["feeds"]["total"] == 1);
  CHECK(status["daemon"]["pid"] == fixture.daemon().pid());
  CHECK(status["polls"]["fetched"].get<int>() >= 1);

  Json items = fixture.GetJson("/v1/items?limit=2");
  REQUIRE(items["items"].size() == 2);
  std::int64_t id = items["items"][0]["id"];
  Json item = fixture.GetJson("/v1/items/" + std::to_string(id));
  CHECK(Contains(item["title"].get<std::string>(), "alpha story number"));
  CHECK(item["text"] == "The alpha story text.");
  CHECK(fixture.Get("/v1/items/99999999").status == 404);
  CHECK(fixture.Get("/v1/items/abc").status == 404);
  CHECK(fixture.Get("/v1/items?limit=0").status == 400);
  CHECK(fixture.Get("/v1/items?since=yesterday-ish").status == 400);

  Json hits = fixture.GetJson("/v1/search?q=title%3Anumber+alpha&limit=5");
  CHECK(hits["hits"].size() == 3);
  CHECK(fixture.Get("/v1/search").status == 400);
  CHECK(fixture.Get("/v1/search?q=%22unclosed").status == 400);

  Json feeds = fixture.GetJson("/v1/feeds");
  REQUIRE(feeds["feeds"].size() == 1);
  CHECK(feeds["feeds"][0]["url"] == fixture.server().Url("/a.xml"));
  // The same object as `tidings feeds --json` prints for that feed.
  std::string cli_output;
  REQUIRE(fixture.Cli("feeds --json --db " + fixture.Path("state/archive.db"), cli_output) == 0);
  Json cli_feeds = Json::parse(cli_output);
  REQUIRE(cli_feeds.size() == 1);
  CHECK(cli_feeds[0]["key"] == feeds["feeds"][0]["key"]);
  CHECK(cli_feeds[0].size() == feeds["feeds"][0].size());

  daemon::ControlReply metrics = fixture.Get("/metrics");
  CHECK(metrics.status == 200);
  CHECK(Contains(metrics.content_type, "text/plain; version=0.0.4"));
  CHECK(Contains(metrics.body, "# TYPE tidings_polls_total counter"));
  CHECK(Contains(metrics.body, "tidings_polls_total{result=\"fetched\"} 1"));
  CHECK(Contains(metrics.body, "tidings_items_ingested_total 3"));
  CHECK(Contains(metrics.body, "# TYPE tidings_write_queue_depth gauge"));

  daemon::ControlReply unknown = fixture.Get("/v2/nothing");
  CHECK(unknown.status == 404);
  CHECK(Json::parse(unknown.body).contains("error"));
  daemon::ControlReply wrong = fixture.Call("DELETE", "/v1/items");
  CHECK(wrong.status == 405);
}

TEST_CASE("digests come in every format", "[daemon][socket][digest]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  fixture.Start();
  REQUIRE(fixture.WaitUntil([&] { return fixture.GetJson("/v1/items")["items"].size() == 3; }));
  daemon::ControlReply json = fixture.Get("/v1/digest?topic=stories&since=7d");
  CHECK(json.status == 200);
  CHECK(Contains(json.content_type, "application/json"));
  CHECK(Json::parse(json.body, nullptr, false).is_object());
  daemon::ControlReply atom = fixture.Get("/v1/digest?format=atom");
  CHECK(atom.status == 200);
  CHECK(Contains(atom.body, "http://www.w3.org/2005/Atom"));
  for (const char* format : {"markdown", "html", "text"}) {
    CHECK(fixture.Get(std::string("/v1/digest?format=") + format).status == 200);
  }
  CHECK(fixture.Get("/v1/digest?format=pdf").status == 400);
  CHECK(fixture.Get("/v1/digest?since=never").status == 400);
}

// The daemon was down at 07:00: at start it makes the missed digest once, writes its file and
// pipes the mail to the configured command.
TEST_CASE("a scheduled digest missed while the daemon was down runs at start",
          "[daemon][socket][digest]") {
  SocketFixture fixture;
  const std::string mailbox = fixture.Path("mailbox");
  fixture.WriteConfig(
      "[[digest]]\nname = \"daily\"\nat = \"07:00\"\ntopics = \"stories\"\n"
      "formats = [\"markdown\", \"html\"]\nsend_empty = true\n"
      "mail_to = \"me@example.org\"\ncommand = \"cat > '" +
      mailbox + "'\"\n");
  const std::string folder = fixture.Path("state/digests/daily");
  std::filesystem::create_directories(folder);
  const std::string stale = std::to_string(std::time(nullptr) - 3 * 86400) + "\n";
  std::ofstream(folder + "/last-run") << stale;
  fixture.Start();
  // The run is recorded after its files are written and its command has finished; the loop
  // logs it and updates the status a moment later, on its own thread.
  REQUIRE(fixture.WaitUntil([&] {
    std::string last = testing::ReadText(folder + "/last-run");
    return !last.empty() && last != stale &&
           Contains(fixture.Log(), "digest daily: piped to its command");
  }));
  CHECK(Contains(testing::ReadText(folder + "/latest.md"), "tidings digest: stories"));
  CHECK(Contains(testing::ReadText(folder + "/latest.html"), "<html"));
  std::string mail = testing::ReadText(mailbox);
  CHECK(Contains(mail, "To: me@example.org\r\n"));
  CHECK(Contains(mail, "Subject: tidings digest: stories"));
  Json status = fixture.GetJson("/v1/status");
  REQUIRE(status["digests"].size() == 1);
  CHECK(status["digests"][0]["name"] == "daily");
  CHECK(status["digests"][0]["next_run"].is_string());
  CHECK(status["digests"][0]["last_run"].is_string());
  CHECK(status["digests"][0]["last_error"].is_null());
}

TEST_CASE("poll, reload and mark change state and check their input", "[daemon][socket]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  fixture.Start();
  REQUIRE(fixture.WaitUntil([&] { return fixture.GetJson("/v1/items")["items"].size() == 3; }));
  std::size_t before = fixture.server().RequestCount("/a.xml");

  daemon::ControlReply poll = fixture.Call("POST", "/v1/poll?feed=a.xml");
  CHECK(poll.status == 202);
  CHECK(Json::parse(poll.body)["feeds"].size() == 1);
  CHECK(fixture.WaitUntil([&] { return fixture.server().RequestCount("/a.xml") > before; }));
  CHECK(fixture.Call("POST", "/v1/poll?feed=nothing-like-it").status == 404);
  CHECK(fixture.Get("/v1/poll").status == 405);

  std::int64_t id = fixture.GetJson("/v1/items?limit=1")["items"][0]["id"];
  std::string mark = "/v1/items/" + std::to_string(id) + "/mark";
  CHECK(fixture.Call("POST", mark, R"({"topic": "stories", "relevant": false})").status == 200);
  CHECK(fixture.Call("POST", mark, R"({"topic": "stories"})").status == 400);
  CHECK(fixture.Call("POST", mark, "not json").status == 400);
  CHECK(fixture.Call("POST", "/v1/items/99999999/mark", R"({"topic":"stories","relevant":true})")
            .status == 404);

  CHECK(fixture.Call("POST", "/v1/reload").status == 200);
  { std::ofstream(fixture.Path("tidings.toml"), std::ios::app) << "[fetch]\nconcurency = 3\n"; }
  daemon::ControlReply bad = fixture.Call("POST", "/v1/reload");
  CHECK(bad.status == 409);
  INFO(bad.body);
  CHECK(Contains(bad.body, "problem(s); the running config is kept"));
  CHECK(Contains(bad.body, "tidings.toml:"));
  CHECK(fixture.Get("/v1/status").status == 200);
}

TEST_CASE("the CLI talks to the daemon, and says how to start it when it is not running",
          "[daemon][socket][cli]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  const std::string config = "--config " + fixture.Path("tidings.toml");
  std::string out;
  CHECK(fixture.Cli("status " + config, out) == 1);
  CHECK(Contains(out, "tidingsd is not running"));
  CHECK(Contains(out, "systemctl start tidings"));
  CHECK(fixture.Cli("reload " + config, out) == 1);
  CHECK(Contains(out, "not running"));

  fixture.Start();
  REQUIRE(fixture.WaitUntil([&] { return fixture.GetJson("/v1/items")["items"].size() == 3; }));
  CHECK(fixture.Cli("status " + config, out) == 0);
  CHECK(Contains(out, "tidingsd is running"));
  CHECK(Contains(out, "feeds: 1"));
  CHECK(fixture.Cli("status --json " + config, out) == 0);
  CHECK(Json::parse(out, nullptr, false)["feeds"]["total"] == 1);
  CHECK(fixture.Cli("reload " + config, out) == 0);
  CHECK(fixture.Cli("poll " + config, out) == 0);
  CHECK(Contains(out, "tidingsd is polling 1 feed(s)"));
  CHECK(fixture.Cli("poll nosuchfeed " + config, out) == 1);
  CHECK(fixture.Cli("digest --format json --since 7d " + config, out) == 0);
  CHECK(Json::parse(out, nullptr, false).is_object());
  CHECK(fixture.Cli("digest --format nonsense " + config, out) == 2);

  // A mark goes through the daemon, which takes it as an example at once.
  const std::int64_t id = fixture.GetJson("/v1/items?limit=1")["items"][0]["id"];
  CHECK(fixture.Cli("mark " + std::to_string(id) + " --topic stories --irrelevant " + config,
                    out) == 0);
  CHECK(Contains(out, "tidingsd counts it as an example from now on"));
  CHECK(fixture.WaitUntil(
      [&] { return Contains(fixture.Log(), "a topic label was recorded: reloading the topics"); }));
  CHECK(fixture.Cli("mark 99999999 --topic stories --relevant " + config, out) == 1);
  CHECK(Contains(out, "no item 99999999"));
}

TEST_CASE("hostile requests get an error or the door, and the daemon keeps serving",
          "[daemon][socket][hostile]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  fixture.Start();
  const std::string path = fixture.socket();
  auto status_of = [](const std::string& response) { return response.substr(0, 12); };

  SECTION("oversized headers") {
    RawClient client(path);
    client.Send("GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                "\r\n\r\n");
    CHECK(status_of(client.Response()) == "HTTP/1.1 431");
  }
  SECTION("a thousand headers") {
    RawClient client(path);
    std::string request = "GET /v1/status HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 1000; ++i) request += "X-" + std::to_string(i) + ": 1\r\n";
    client.Send(request + "\r\n");
    CHECK(status_of(client.Response()) == "HTTP/1.1 431");
  }
  SECTION("an oversized body") {
    RawClient client(path);
    client.Send("POST /v1/items/1/mark HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
    client.Send(std::string(70000, '{'));
    CHECK(status_of(client.Response()) == "HTTP/1.1 413");
  }
  SECTION("a malformed request line") {
    RawClient client(path);
    client.Send("GARBAGE\r\n\r\n");
    CHECK(status_of(client.Response()) == "HTTP/1.1 400");
  }
  SECTION("binary junk") {
    RawClient client(path);
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
    client.Send(junk);
    std::string response = client.Response();
    CHECK((response.empty() || status_of(response) == "HTTP/1.1 400"));
  }
  SECTION("a bad percent-escape") {
    RawClient client(path);
    client.Send("GET /v1/items?since=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(client.Response()) == "HTTP/1.1 400");
  }
  SECTION("a client sending a byte per second is cut off") {
    RawClient client(path);
    const std::string request = "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n";
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < request.size() && client.Send(request.substr(i, 1)); ++i) {
      client.Read(1s);
      if (client.closed()) break;
    }
    CHECK(client.closed());
    CHECK(std::chrono::steady_clock::now() - start < 15s);
  }
  SECTION("keep-alive: several requests on one connection") {
    RawClient client(path);
    for (int i = 0; i < 3; ++i) {
      client.Send("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
      CHECK(status_of(client.Response()) == "HTTP/1.1 200");
    }
  }
  SECTION("the 65th connection is turned away while 64 are open") {
    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 64; ++i) open.push_back(std::make_unique<RawClient>(path));
    // Make sure the daemon has accepted them all before the one too many.
    open.back()->Send("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(open.back()->Response()) == "HTTP/1.1 200");
    RawClient extra(path);
    CHECK(status_of(extra.Response()) == "HTTP/1.1 503");
    open.clear();
  }
  // Whatever happened above, the daemon is up and answers.
  CHECK(fixture.WaitUntil([&] { return fixture.Get("/v1/status").status == 200; }, 5s));
  CHECK_FALSE(fixture.daemon().Wait(10ms));
}

TEST_CASE("a stale socket left by a crash is replaced", "[daemon][socket]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  fixture.Start();
  fixture.daemon().Signal(SIGKILL);
  fixture.daemon().Wait(5s);
  REQUIRE(std::filesystem::exists(fixture.socket()));  // nobody removed it
  fixture.Start();
  CHECK(fixture.Get("/v1/status").status == 200);
  fixture.daemon().Signal(SIGTERM);
  CHECK(fixture.daemon().Wait(10s) == 0);
  CHECK_FALSE(std::filesystem::exists(fixture.socket()));  // removed on a clean stop
}

TEST_CASE("/v1/events streams new matches and resumes after Last-Event-ID",
          "[daemon][socket][sse]") {
  SocketFixture fixture;
  fixture.WriteConfig();
  fixture.Start();
  REQUIRE(fixture.WaitUntil([&] { return fixture.GetJson("/v1/items")["items"].size() == 3; }));

  RawClient stream(fixture.socket());
  stream.Send("GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(stream.Read(5s, [](const std::string& s) { return Contains(s, "retry: 3000\n\n"); })
            .starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"));
  // Two new stories appear; a poll brings them in.
  fixture.server().Route("/a.xml", SocketFixture::FeedResponse(Rss("alpha", 5)));
  REQUIRE(fixture.Call("POST", "/v1/poll").status == 202);
  std::string events = stream.Read(15s, [](const std::string& s) {
    return Contains(s, "alpha story number 3") && Contains(s, "alpha story number 4");
  });
  REQUIRE(Contains(events, "event: match\ndata: {"));
  std::size_t at = events.find("id: ");
  REQUIRE(at != std::string::npos);
  std::uint64_t first = std::stoull(events.substr(at + 4));

  RawClient resumed(fixture.socket());
  resumed.Send("GET /v1/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: " + std::to_string(first) +
               "\r\n\r\n");
  std::string later = resumed.Read(5s, [&](const std::string& s) {
    return Contains(s, "id: " + std::to_string(first + 1) + "\n");
  });
  CHECK(Contains(later, "id: " + std::to_string(first + 1) + "\n"));
  CHECK_FALSE(Contains(later, "id: " + std::to_string(first) + "\n"));
}

}  // namespace
}  // namespace tidings
