// tidingsd as systemd runs it: the watchdog's progress rules on a fake clock, then the real
// daemon under a fake NOTIFY_SOCKET (READY, STATUS, WATCHDOG, RELOADING + MONOTONIC_USEC,
// STOPPING), found through $CONFIGURATION_DIRECTORY / $STATE_DIRECTORY as the unit sets them,
// and adopting its control socket from systemd-socket-activate.
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "daemon/watchdog.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace tidings {
namespace {

using namespace std::chrono_literals;
using daemon::Watchdog;
using daemon::WatchdogLimits;
using testing::ChildProcess;
using testing::HttpResponse;
using testing::HttpTestServer;
using testing::NotifySocket;

// --- The watchdog's rules, on a fake clock ---------------------------------------------------

const WatchdogLimits kLimits{std::chrono::seconds(180), std::chrono::seconds(240)};
const Watchdog::TimePoint kStart{std::chrono::hours(1000)};

TEST_CASE("an idle daemon whose scheduler keeps checking stays healthy", "[systemd][watchdog]") {
  Watchdog watchdog(kLimits, kStart);
  Watchdog::TimePoint now = kStart;
  for (int minute = 0; minute < 24 * 60; ++minute) {
    now += 60s;
    watchdog.DueCheckDone(now);
    REQUIRE_FALSE(watchdog.Stall(now + 30s));
  }
}

TEST_CASE("the pings stop when the scheduler stops looking for due feeds", "[systemd][watchdog]") {
  Watchdog watchdog(kLimits, kStart);
  watchdog.DueCheckDone(kStart + 60s);
  CHECK_FALSE(watchdog.Stall(kStart + 60s + 180s));
  std::optional<std::string> stall = watchdog.Stall(kStart + 60s + 181s);
  REQUIRE(stall);
  CHECK(stall->find("not looked for due feeds for 181 s") != std::string::npos);
  watchdog.DueCheckDone(kStart + 300s);  // the scheduler came back
  CHECK_FALSE(watchdog.Stall(kStart + 300s));
}

TEST_CASE("the pings stop when polls are in flight and none finishes", "[systemd][watchdog]") {
  Watchdog watchdog(kLimits, kStart);
  Watchdog::TimePoint now = kStart + 10s;
  watchdog.PollStarted(now);
  watchdog.PollStarted(now);
  // The due checks go on (the loop turns) but the pipeline is stuck.
  for (int i = 1; i <= 4; ++i) watchdog.DueCheckDone(now + i * 60s);
  CHECK_FALSE(watchdog.Stall(now + 240s));
  std::optional<std::string> stall = watchdog.Stall(now + 241s);
  REQUIRE(stall);
  CHECK(stall->find("no poll has finished for 241 s with 2 in flight") != std::string::npos);

  watchdog.PollFinished(now + 250s);  // it moves again
  CHECK_FALSE(watchdog.Stall(now + 250s));
  CHECK(watchdog.in_flight() == 1);
}

TEST_CASE("a busy pipeline that keeps finishing polls stays healthy", "[systemd][watchdog]") {
  Watchdog watchdog(kLimits, kStart);
  Watchdog::TimePoint now = kStart;
  watchdog.PollStarted(now);
  for (int i = 0; i < 1000; ++i) {  // always one in flight, one finishing every 100 s
    now += 100s;
    watchdog.PollStarted(now);
    watchdog.PollFinished(now);
    watchdog.DueCheckDone(now);
    REQUIRE_FALSE(watchdog.Stall(now + 99s));
  }
  CHECK(watchdog.in_flight() == 1);
}

TEST_CASE("silence is counted from when the pipeline became busy, not from an idle stretch",
          "[systemd][watchdog]") {
  Watchdog watchdog(kLimits, kStart);
  watchdog.PollStarted(kStart);
  watchdog.PollFinished(kStart + 5s);
  Watchdog::TimePoint later = kStart + 2h;  // idle for two hours, due checks on time
  watchdog.DueCheckDone(later);
  watchdog.PollStarted(later);
  CHECK_FALSE(watchdog.Stall(later + 1s));
  watchdog.DueCheckDone(later + 200s);
  CHECK_FALSE(watchdog.Stall(later + 240s));
  CHECK(watchdog.Stall(later + 241s));
}

TEST_CASE("waiting on a host paused by Retry-After is excused", "[systemd][watchdog]") {
  Watchdog watchdog(kLimits, kStart);
  watchdog.PollStarted(kStart);
  watchdog.DueCheckDone(kStart + 200s);
  REQUIRE(watchdog.Stall(kStart + 241s));
  watchdog.Excuse(kStart + 241s);
  CHECK_FALSE(watchdog.Stall(kStart + 241s));
  // An excuse does not cover a scheduler that stopped checking.
  CHECK(watchdog.Stall(kStart + 200s + 181s));
}

// --- The real daemon under a fake systemd ----------------------------------------------------

std::uint64_t MonotonicMicroseconds() {
  std::timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000u +
         static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
}

// The value of `key=` in a notify message, or "" when absent.
std::string Field(const std::string& message, const std::string& key) {
  std::size_t at = message.find(key + "=");
  if (at == std::string::npos) return "";
  at += key.size() + 1;
  return message.substr(at, message.find('\n', at) - at);
}

// As systemd starts the service: config in $CONFIGURATION_DIRECTORY, archive in
// $STATE_DIRECTORY, no --config.
class ServiceFixture {
 public:
  ServiceFixture() {
    dir_ = std::filesystem::temp_directory_path() / ("tidings-systemd-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "etc");
    std::filesystem::create_directories(dir_ / "state");
    server_.Route("/feed.xml", Feed());
    std::ofstream(Path("etc/tidings.toml"))
        << "[daemon]\nlog_level = \"debug\"\n"
        << "[fetch]\nallow_private_networks = true\nper_host_spacing_ms = 0\n"
        << "[[feed]]\nurl = \"" << server_.Url("/feed.xml") << "\"\n";
  }
  ~ServiceFixture() { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::vector<std::string> Environment(const NotifySocket& notify,
                                       const std::string& watchdog_usec) const {
    std::vector<std::string> env = {
        "JOURNAL_STREAM=", "TIDINGS_CONFIG=", "CONFIGURATION_DIRECTORY=" + Path("etc"),
        "STATE_DIRECTORY=" + Path("state"), "NOTIFY_SOCKET=" + notify.path()};
    env.push_back("WATCHDOG_USEC=" + watchdog_usec);
    return env;
  }

  std::unique_ptr<ChildProcess> Start(const NotifySocket& notify,
                                      const std::string& watchdog_usec) {
    return std::make_unique<ChildProcess>(std::vector<std::string>{TIDINGSD},
                                          Environment(notify, watchdog_usec), Path("log"));
  }

  std::string Log() const { return testing::ReadText(Path("log")); }

 private:
  static HttpResponse Feed() {
    HttpResponse response;
    response.body =
        "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>one</title>"
        "<link>https://example.org/1</link></item></channel></rss>";
    return response;
  }

  std::filesystem::path dir_;
  HttpTestServer server_;
};

int CountContaining(const std::vector<std::string>& messages, const std::string& needle) {
  int count = 0;
  for (const std::string& message : messages) count += message.find(needle) != std::string::npos;
  return count;
}

TEST_CASE("tidingsd speaks the systemd protocol as a Type=notify service", "[systemd]") {
  ServiceFixture fixture;
  NotifySocket notify(fixture.Path("notify.sock"));
  auto daemon = fixture.Start(notify, "400000");  // 0.4 s: a ping every 0.2 s

  // READY=1 comes first: nothing else before the daemon is ready.
  std::optional<std::string> first = notify.Receive(10s);
  REQUIRE(first);
  CHECK(first->find("READY=1") != std::string::npos);
  std::optional<std::string> status = notify.WaitFor("STATUS=", 10s);
  REQUIRE(status);
  CHECK(Field(*status, "STATUS").find("1 feeds") != std::string::npos);

  // The config and archive came from the unit's directories.
  CHECK(fixture.Log().find(fixture.Path("etc/tidings.toml")) != std::string::npos);
  CHECK(std::filesystem::exists(fixture.Path("state/archive.db")));

  // Pings at half of WATCHDOG_USEC while the scheduler makes progress.
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) REQUIRE(notify.WaitFor("WATCHDOG=1", 5s));
  CHECK(std::chrono::steady_clock::now() - start < 3s);

  // Reload: RELOADING=1 with the monotonic clock of now, then READY=1 again.
  std::uint64_t before = MonotonicMicroseconds();
  daemon->Signal(SIGHUP);
  std::optional<std::string> reloading = notify.WaitFor("RELOADING=1", 10s);
  REQUIRE(reloading);
  std::string usec = Field(*reloading, "MONOTONIC_USEC");
  REQUIRE_FALSE(usec.empty());
  std::uint64_t stamp = std::stoull(usec);
  CHECK(stamp >= before);
  CHECK(stamp <= MonotonicMicroseconds());
  REQUIRE(notify.WaitFor("READY=1", 10s));
  REQUIRE(notify.WaitFor("WATCHDOG=1", 5s));  // still alive after the reload

  daemon->Signal(SIGTERM);
  REQUIRE(notify.WaitFor("STOPPING=1", 10s));
  CHECK(daemon->Wait(10s) == 0);
}

TEST_CASE("without WATCHDOG_USEC tidingsd sends no watchdog pings", "[systemd]") {
  ServiceFixture fixture;
  NotifySocket notify(fixture.Path("notify.sock"));
  auto daemon = fixture.Start(notify, "");
  REQUIRE(notify.WaitFor("READY=1", 10s));
  while (notify.Receive(1500ms)) {
  }
  CHECK(CountContaining(notify.seen(), "WATCHDOG=1") == 0);
  daemon->Signal(SIGTERM);
  CHECK(daemon->Wait(10s) == 0);
}

// --- Socket activation -----------------------------------------------------------------------

// Connects to the Unix socket at `path` (retrying while it does not exist yet), sends `request`
// and returns what comes back until the peer closes or `timeout` passes.
std::optional<std::string> Exchange(const std::string& path, const std::string& request,
                                    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int fd = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) break;
    close(fd);
    fd = -1;
    std::this_thread::sleep_for(20ms);
  }
  if (fd < 0) return std::nullopt;
  timeval wait{static_cast<time_t>(timeout.count() / 1000), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  std::string reply;
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
      static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    ssize_t n = 0;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) {
      reply.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return reply;
}

TEST_CASE("tidingsd adopts the control socket systemd passes it", "[systemd][activation]") {
  ServiceFixture fixture;
  NotifySocket notify(fixture.Path("notify.sock"));
  std::string socket_path = fixture.Path("control.sock");
  // systemd-socket-activate binds the socket, waits for the first connection, then execs
  // tidingsd with LISTEN_FDS=1 and the socket as fd 3, exactly as tidings.socket would.
  // It does not pass NOTIFY_SOCKET on by itself.
  ChildProcess activator({"/usr/bin/systemd-socket-activate", "-l", socket_path, "-E",
                          "NOTIFY_SOCKET=" + notify.path(), TIDINGSD},
                         fixture.Environment(notify, ""), fixture.Path("log"));

  std::optional<std::string> reply = Exchange(
      socket_path, "GET /v1/status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 10s);
  REQUIRE(reply);
  CHECK(reply->rfind("HTTP/1.1 200", 0) == 0);
  REQUIRE(notify.WaitFor("READY=1", 10s));
  // The daemon serves the socket it was given, not one it bound itself.
  CHECK_FALSE(std::filesystem::exists(fixture.Path("state/tidings.sock")));

  activator.Signal(SIGTERM);  // the activator exec'd: this is tidingsd now
  REQUIRE(notify.WaitFor("STOPPING=1", 10s));
  CHECK(activator.Wait(10s) == 0);
}

}  // namespace
}  // namespace tidings
