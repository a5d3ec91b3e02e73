// Scheduled digests: when they are due (driven by a clock the test sets), what one run writes
// and sends, and the command runner that pipes the mail.
#include <fcntl.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "base/time.h"
#include "daemon/digest_job.h"
#include "daemon/digest_plan.h"
#include "daemon/run_command.h"
#include "storage/topics.h"
#include "storage_fixtures.h"

namespace tidings::daemon {
namespace {

using namespace std::chrono_literals;
using storage::testing::IngestOk;
using storage::testing::MakeFeed;
using storage::testing::MakeItem;
using storage::testing::OpenArchive;
using storage::testing::TempDir;

// Sets TZ for the scope (the plan reads local time through the C library).
class TimeZone {
 public:
  explicit TimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~TimeZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

config::DigestConfig Daily(std::vector<int> at) {
  config::DigestConfig digest;
  digest.name = "daily";
  digest.at = std::move(at);
  return digest;
}

constexpr int kSeven = 7 * 60;

TEST_CASE("the next run is the next listed local time on a listed day", "[daemon][digest]") {
  TimeZone utc("UTC0");
  config::DigestConfig digest = Daily({kSeven, 19 * 60 + 30});
  const std::int64_t sunday_noon = UnixSeconds(2026, 11, 29, 12, 0, 0);  // a Sunday
  CHECK(NextDigestRun(digest, sunday_noon) == UnixSeconds(2026, 11, 29, 19, 30, 0));
  CHECK(NextDigestRun(digest, UnixSeconds(2026, 11, 29, 19, 30, 0)) ==
        UnixSeconds(2026, 11, 30, 7, 0, 0));  // strictly after
  CHECK(NextDigestRun(digest, UnixSeconds(2026, 12, 31, 20, 0, 0)) ==
        UnixSeconds(2027, 1, 1, 7, 0, 0));  // over the year's end

  digest.days = 1u << 1;  // Mondays only
  CHECK(NextDigestRun(digest, UnixSeconds(2026, 11, 30, 20, 0, 0)) ==
        UnixSeconds(2026, 12, 7, 7, 0, 0));
  CHECK(LatestDigestRun(digest, UnixSeconds(2026, 12, 3, 0, 0, 0)) ==
        UnixSeconds(2026, 11, 30, 19, 30, 0));
  digest.days = 0;
  CHECK_FALSE(NextDigestRun(digest, sunday_noon));
}

TEST_CASE("local times follow the time zone and its DST changes", "[daemon][digest]") {
  // New York rules, spelled out so that no tz database is needed: EST (UTC-5), EDT (UTC-4) from
  // the second Sunday of March to the first Sunday of November, changing at 02:00.
  TimeZone new_york("EST5EDT,M3.2.0,M11.1.0");
  CHECK(NextDigestRun(Daily({kSeven}), UnixSeconds(2026, 1, 10, 0, 0, 0)) ==
        UnixSeconds(2026, 1, 10, 12, 0, 0));  // 07:00 EST
  CHECK(NextDigestRun(Daily({kSeven}), UnixSeconds(2026, 7, 10, 0, 0, 0)) ==
        UnixSeconds(2026, 7, 10, 11, 0, 0));  // 07:00 EDT
  // 02:30 does not exist on 8 March 2026: it runs an hour later by the clock, 03:30 EDT.
  const config::DigestConfig skipped = Daily({2 * 60 + 30});
  CHECK(NextDigestRun(skipped, UnixSeconds(2026, 3, 8, 5, 0, 0)) ==
        UnixSeconds(2026, 3, 8, 7, 30, 0));
  // 01:30 happens twice on 1 November 2026; it runs once that day.
  const config::DigestConfig twice = Daily({60 + 30});
  std::optional<std::int64_t> first = NextDigestRun(twice, UnixSeconds(2026, 11, 1, 4, 0, 0));
  REQUIRE(first);
  std::optional<std::int64_t> next = NextDigestRun(twice, *first);
  REQUIRE(next);
  CHECK(*next - *first > 23 * 3600);
}

std::optional<std::int64_t> Never(const std::string&) { return std::nullopt; }

TEST_CASE("the plan catches up one missed run and never repeats one", "[daemon][digest]") {
  TimeZone utc("UTC0");
  const std::int64_t now = UnixSeconds(2026, 11, 29, 12, 0, 0);
  std::vector<config::DigestConfig> digests = {Daily({kSeven})};

  DigestPlan fresh;  // never ran: nothing is due until the next 07:00
  fresh.Set(digests, Never, now);
  CHECK(fresh.TakeDue(now).empty());
  CHECK(fresh.NextRun() == UnixSeconds(2026, 11, 30, 7, 0, 0));
  CHECK(fresh.TakeDue(UnixSeconds(2026, 11, 30, 6, 59, 59)).empty());
  std::vector<DigestPlan::Due> due = fresh.TakeDue(UnixSeconds(2026, 11, 30, 7, 0, 3));
  REQUIRE(due.size() == 1);
  CHECK(due[0].slot == UnixSeconds(2026, 11, 30, 7, 0, 0));
  CHECK(fresh.TakeDue(UnixSeconds(2026, 11, 30, 7, 0, 4)).empty());
  CHECK(fresh.NextRun() == UnixSeconds(2026, 12, 1, 7, 0, 0));

  // Down for three days: one catch-up run at start, standing for this morning's slot.
  DigestPlan back;
  back.Set(
      digests, [](const std::string&) { return UnixSeconds(2026, 11, 26, 7, 0, 0); }, now);
  due = back.TakeDue(now);
  REQUIRE(due.size() == 1);
  CHECK(due[0].slot == UnixSeconds(2026, 11, 29, 7, 0, 0));
  CHECK(back.TakeDue(now + 60).empty());

  // A reload with the same settings keeps the plan; a changed digest is planned afresh, and a
  // disabled one is dropped.
  back.Set(
      digests, [](const std::string&) { return UnixSeconds(2026, 11, 26, 7, 0, 0); }, now + 120);
  CHECK(back.TakeDue(now + 180).empty());
  digests[0].at = {13 * 60};
  back.Set(digests, Never, now + 240);
  CHECK(back.NextRun() == UnixSeconds(2026, 11, 29, 13, 0, 0));
  digests[0].enabled = false;
  back.Set(digests, Never, now + 300);
  CHECK(back.size() == 0);
  CHECK_FALSE(back.NextRun());
}

// An archive with two matched stories and one item that did not match, around `kNow`.
constexpr std::int64_t kPublished = 1'790'000'000;
constexpr std::int64_t kNow = kPublished + 3600;

void FillArchive(storage::Archive& archive) {
  IngestOk(archive, "https://a.example/feed", MakeFeed({MakeItem(1), MakeItem(2), MakeItem(3)}),
           kNow);
  auto score = [&](std::int64_t id, double value, bool matched) {
    REQUIRE(
        storage::StoreTopicScores(archive, id, {{"sci-tech", value, matched, {"quantum"}}}, kNow)
            .ok());
  };
  score(1, 0.9, true);
  score(2, 0.8, true);
  score(3, 0.1, false);
}

std::vector<std::string> Names(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("a run writes each format, keeps the newest files and records itself",
          "[daemon][digest]") {
  TimeZone utc("UTC0");
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  FillArchive(*archive);
  config::DigestConfig digest = Daily({kSeven});
  digest.formats = {"markdown", "atom"};
  digest.keep = 2;
  const std::string state = dir.File("state");
  CHECK_FALSE(LastDigestRun(state, "daily"));

  for (int day = 0; day < 3; ++day) {
    const std::int64_t slot = kNow - 600 + day * 86400;
    Result<DigestRun> run = RunScheduledDigest(digest, *archive, state, slot, kNow + day * 86400);
    INFO(run.status().ToString());
    REQUIRE(run.ok());
    CHECK(run->files.size() == 2);
    CHECK_FALSE(run->command);
    CHECK(LastDigestRun(state, "daily") == slot);
  }
  const std::string folder = DigestFolder(state, "daily");
  // kNow - 600 is 2026-09-21 15:03 UTC; two days kept per format.
  CHECK(Names(folder) == std::vector<std::string>{"2026-09-22T1503.md", "2026-09-22T1503.xml",
                                                  "2026-09-23T1503.md", "2026-09-23T1503.xml",
                                                  "last-run", "latest.md", "latest.xml"});
  // The latest run's window held no items (they are two days old by then).
  CHECK(ReadFile(folder + "/latest.md")->find("Story number") == std::string::npos);
  CHECK(ReadFile(folder + "/2026-09-22T1503.md").ok());

  // The first run's window did hold them: the digest lists the matched stories only.
  Result<DigestRun> again = RunScheduledDigest(digest, *archive, state, kNow, kNow);
  REQUIRE(again.ok());
  CHECK(again->items == 2);
  std::string markdown = *ReadFile(folder + "/latest.md");
  CHECK(markdown.find("Story number 1 about quantum computers") != std::string::npos);
  CHECK(markdown.find("Story number 3") == std::string::npos);
}

TEST_CASE("a run pipes a MIME message to its command", "[daemon][digest]") {
  TimeZone utc("UTC0");
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  FillArchive(*archive);
  config::DigestConfig digest = Daily({kSeven});
  const std::string mailbox = dir.File("mailbox");
  digest.command = {"/bin/sh", "-c", "cat > '" + mailbox + "'"};
  digest.mail_to = "me@example.org";
  digest.mail_from = "News <news@example.org>";
  const std::string state = dir.File("state");

  Result<DigestRun> run = RunScheduledDigest(digest, *archive, state, kNow, kNow);
  REQUIRE(run.ok());
  REQUIRE(run->command);
  CHECK(run->command->Succeeded());
  std::string mail = *ReadFile(mailbox);
  CHECK(mail.find("From: News <news@example.org>\r\n") != std::string::npos);
  CHECK(mail.find("To: me@example.org\r\n") != std::string::npos);
  CHECK(mail.find("Subject: tidings digest: sci-tech") == std::string::npos);  // all topics
  CHECK(mail.find("Subject: tidings digest") != std::string::npos);
  CHECK(mail.find("Content-Type: multipart/alternative") != std::string::npos);
  CHECK(mail.find("Story number 1 about quantum computers") != std::string::npos);

  SECTION("an empty digest is not sent unless asked for") {
    std::filesystem::remove(mailbox);
    Result<DigestRun> empty =
        RunScheduledDigest(digest, *archive, state, kNow + 86400 * 5, kNow + 86400 * 5);
    REQUIRE(empty.ok());
    CHECK(empty->entries == 0);
    CHECK_FALSE(empty->command);
    CHECK_FALSE(std::filesystem::exists(mailbox));
    digest.send_empty = true;
    empty = RunScheduledDigest(digest, *archive, state, kNow + 86400 * 6, kNow + 86400 * 6);
    REQUIRE(empty.ok());
    CHECK(empty->command);
    CHECK(std::filesystem::exists(mailbox));
  }
  SECTION("a failing command is reported; the files are written and the run recorded") {
    digest.command = {"/bin/sh", "-c", "cat >/dev/null; echo 'no route to host' >&2; exit 75"};
    Result<DigestRun> failed = RunScheduledDigest(digest, *archive, state, kNow + 60, kNow + 60);
    REQUIRE(failed.ok());
    REQUIRE(failed->command);
    CHECK_FALSE(failed->command->Succeeded());
    CHECK(failed->command->exit_code == 75);
    CHECK(failed->command->output == "no route to host\n");
    CHECK(failed->command->Describe() == "exited with status 75");
    CHECK(LastDigestRun(state, "daily") == kNow + 60);
  }
  SECTION("a command that cannot start is reported") {
    digest.command = {"/nonexistent/sendmail", "-t"};
    Result<DigestRun> failed = RunScheduledDigest(digest, *archive, state, kNow, kNow);
    REQUIRE(failed.ok());
    CHECK_FALSE(failed->command);
    CHECK_THAT(failed->command_error, Catch::Contains("cannot run /nonexistent/sendmail"));
  }
}

TEST_CASE("a run that cannot write its files fails whole and is not recorded", "[daemon][digest]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  FillArchive(*archive);
  const std::string state = dir.File("state");
  std::filesystem::create_directories(state + "/digests");
  std::ofstream(state + "/digests/daily") << "a file where the folder should be";
  Result<DigestRun> run = RunScheduledDigest(Daily({kSeven}), *archive, state, kNow, kNow);
  CHECK(run.status().code() == StatusCode::kIO);
  CHECK_THAT(run.status().message(), Catch::Contains("digests/daily"));
  CHECK_FALSE(LastDigestRun(state, "daily"));
}

TEST_CASE("an atomic write replaces a file whole or leaves it alone", "[daemon][digest]") {
  TempDir dir;
  const std::string path = dir.File("f.txt");
  REQUIRE(WriteFileAtomically(path, "first").ok());
  REQUIRE(WriteFileAtomically(path, "second").ok());
  CHECK(*ReadFile(path) == "second");
  CHECK(Names(dir.File("")).size() == 1);  // no temporary file left
  CHECK(WriteFileAtomically(dir.File("missing/f.txt"), "x").code() == StatusCode::kIO);
}

TEST_CASE("commands get their input, give their output and are bounded in time",
          "[daemon][digest]") {
  Result<CommandResult> echo = RunCommand({"/bin/sh", "-c", "tr a-z A-Z; exit 3"}, "hello\n", 10s);
  REQUIRE(echo.ok());
  CHECK(echo->exit_code == 3);
  CHECK(echo->output == "HELLO\n");

  // Input and output far larger than a pipe's buffer, at once: no deadlock; output capped.
  std::string big(1 << 20, 'x');
  Result<CommandResult> cat = RunCommand({"/bin/cat"}, big, 20s);
  REQUIRE(cat.ok());
  CHECK(cat->Succeeded());
  CHECK(cat->output.size() == 64 * 1024);

  // A program that stops reading and fails: reported, and no SIGPIPE kills the test.
  Result<CommandResult> quits = RunCommand({"/bin/sh", "-c", "exit 1"}, big, 10s);
  REQUIRE(quits.ok());
  CHECK(quits->exit_code == 1);
  CHECK_FALSE(quits->Succeeded());

  Result<CommandResult> slow = RunCommand({"/bin/sleep", "30"}, "", 300ms);
  REQUIRE(slow.ok());
  CHECK(slow->timed_out);
  CHECK(slow->Describe() == "timed out and was killed");

  CHECK(RunCommand({"/nonexistent"}, "", 1s).status().code() == StatusCode::kIO);
  CHECK(RunCommand({}, "", 1s).status().code() == StatusCode::kInvalid);
}

}  // namespace
}  // namespace tidings::daemon
