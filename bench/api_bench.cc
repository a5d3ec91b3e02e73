// The control socket's benchmark, run by bench/run-api-bench:
//
//   api_bench populate ARCHIVE [--items N] [--matched M]   a test archive: N items, M of them
//                                                          matched in the last 24 hours
//   api_bench load SOCKET --pid PID [--clients C] [--seconds S] [--requests R] [--digests D]
//       /v1/status requests per second with C parallel keep-alive clients, the latency of
//       /v1/digest?since=24h, and the daemon's RSS before and after R more status requests.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "daemon/control_client.h"
#include "feed/feed.h"
#include "storage/archive.h"
#include "storage/ingest.h"
#include "storage/topics.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace tidings;

long Flag(int argc, char** argv, const char* name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atol(argv[i + 1]);
  }
  return fallback;
}

// Stories told by several feeds each, so that the digest has clusters to find.
const char* const kSubjects[] = {"quantum processor", "fusion reactor", "mars lander",
                                 "battery chemistry", "gene therapy",   "exoplanet atmosphere",
                                 "chip factory",      "climate model"};

int Populate(const std::string& path, long items, long matched) {
  auto archive = storage::Archive::Open(path, storage::OpenMode::kReadWrite);
  if (!archive.ok()) return fmt::print(stderr, "{}\n", archive.status().message()), 2;
  const std::int64_t now = std::time(nullptr);
  const long per_feed = 500;
  long made = 0;
  for (long f = 0; made < items; ++f) {
    feed::Feed doc;
    doc.title = fmt::format("Feed {}", f);
    std::vector<std::vector<storage::TopicScoreRow>> scores;
    for (long i = 0; i < per_feed && made < items; ++i, ++made) {
      feed::Item item;
      bool recent = made % (items / std::max(matched, 1L) + 1) == 0;
      long story = made / 7;  // about 7 versions of each story across feeds
      item.id = fmt::format("item-{}", made);
      item.title = fmt::format("{} breakthrough {} reported", kSubjects[story % 8], story);
      item.link = fmt::format("https://feed{}.example.org/{}", f, made);
      item.summary = fmt::format(
          "<p>Researchers announced the {} result number {}. It matters "
          "for the field. More details follow.</p>",
          kSubjects[story % 8], story);
      item.published = recent ? now - (made % 86000) : now - 86400 * (2 + made % 300);
      doc.items.push_back(std::move(item));
      scores.push_back({{"sci-tech",
                         recent ? 0.6 + 0.4 * double(made % 10) / 10 : 0.1,
                         recent,
                         {"rule: science"}}});
    }
    storage::FeedDocument document;
    document.feed_url = fmt::format("https://feed{}.example.org/rss", f);
    document.poll.polled_at = now;
    document.poll.http_status = 200;
    document.feed = &doc;
    document.topic_scores = &scores;
    auto report = storage::Ingest(**archive, document);
    if (!report.ok()) return fmt::print(stderr, "{}\n", report.status().message()), 2;
  }
  fmt::print("populated {} with {} items\n", path, made);
  return 0;
}

int Connect(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size());
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// One keep-alive client: status requests back to back until `stop` or `count` are reached.
long StatusClient(const std::string& path, const std::atomic<bool>& stop, long count) {
  int fd = Connect(path);
  if (fd < 0) return 0;
  const std::string request = "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string buffer;
  long done = 0;
  char chunk[16384];
  while (!stop && (count == 0 || done < count)) {
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) <= 0) break;
    buffer.clear();
    std::size_t need = std::string::npos;
    while (need == std::string::npos || buffer.size() < need) {
      ssize_t got = recv(fd, chunk, sizeof chunk, 0);
      if (got <= 0) return close(fd), done;
      buffer.append(chunk, static_cast<std::size_t>(got));
      std::size_t end = buffer.find("\r\n\r\n");
      std::size_t length = buffer.find("Content-Length: ");
      if (end != std::string::npos && length < end) {
        need = end + 4 + std::stoul(buffer.substr(length + 16));
      }
    }
    ++done;
  }
  close(fd);
  return done;
}

long RssKb(long pid) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

double RunClients(const std::string& path, long clients, long seconds, long per_client,
                  long& total) {
  std::atomic<bool> stop{false};
  std::vector<long> counts(static_cast<std::size_t>(clients));
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (long c = 0; c < clients; ++c) {
    threads.emplace_back(
        [&, c] { counts[static_cast<std::size_t>(c)] = StatusClient(path, stop, per_client); });
  }
  if (seconds > 0) {
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
  }
  for (std::thread& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  total = 0;
  for (long count : counts) total += count;
  return elapsed;
}

int Load(int argc, char** argv, const std::string& path) {
  long pid = Flag(argc, argv, "--pid", 0), clients = Flag(argc, argv, "--clients", 8);
  long seconds = Flag(argc, argv, "--seconds", 5),
       requests = Flag(argc, argv, "--requests", 100000);
  long digests = Flag(argc, argv, "--digests", 20);
  long total = 0;
  double elapsed = RunClients(path, clients, seconds, 0, total);
  double rate = double(total) / elapsed;
  fmt::print("status: {} requests in {:.2f} s with {} keep-alive clients: {:.0f} req/s\n", total,
             elapsed, clients, rate);

  std::vector<double> latencies;
  for (long i = 0; i < digests; ++i) {
    auto start = Clock::now();
    auto reply = daemon::CallDaemon(path, "GET", "/v1/digest?since=24h&limit=50");
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!reply.ok() || reply->status != 200) {
      fmt::print(stderr, "digest failed: {}\n",
                 reply.ok() ? reply->body : reply.status().message());
      return 1;
    }
  }
  std::sort(latencies.begin(), latencies.end());
  double median = latencies[latencies.size() / 2], worst = latencies.back();
  fmt::print("digest (24h): median {:.1f} ms, max {:.1f} ms over {} requests\n", median, worst,
             digests);

  long before = RssKb(pid);
  RunClients(path, clients, 0, requests / clients, total);
  long after = RssKb(pid);
  fmt::print("daemon RSS: {} kB before, {} kB after {} more requests ({:+} kB)\n", before, after,
             total, after - before);
  bool ok = rate >= 5000 && median <= 200 && after - before < 2048;
  fmt::print("targets (>= 5000 status req/s, digest <= 200 ms, RSS growth < 2 MB): {}\n",
             ok ? "pass" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "populate") == 0) {
    return Populate(argv[2], Flag(argc, argv, "--items", 100000),
                    Flag(argc, argv, "--matched", 5000));
  }
  if (argc >= 3 && std::strcmp(argv[1], "load") == 0) return Load(argc, argv, argv[2]);
  fmt::print(stderr,
             "usage: api_bench populate ARCHIVE [--items N] [--matched M]\n"
             "       api_bench load SOCKET --pid PID [--clients C] [--seconds S] ...\n");
  return 2;
}
