// Shared helpers of the storage tests: a temporary folder that removes itself, archives opened in
// it, and feed documents built in code (so each test shows exactly what it ingests).
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "feed/feed.h"
#include "storage/archive.h"
#include "storage/connection.h"
#include "storage/ingest.h"
#include "storage/search.h"

namespace tidings::storage::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidings-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<Archive> OpenArchive(const std::string& path,
                                            OpenMode mode = OpenMode::kReadWrite) {
  Result<std::unique_ptr<Archive>> archive = Archive::Open(path, mode);
  INFO(archive.status().ToString());
  REQUIRE(archive.ok());
  return std::move(*archive);
}

// An item whose id, link, title and text all derive from `n`, with enough text to be a story.
inline feed::Item MakeItem(int n, const std::string& site = "https://news.example.org") {
  feed::Item item;
  item.id = "tag:example.org,2026:item-" + std::to_string(n);
  item.link = site + "/story/" + std::to_string(n);
  item.title = "Story number " + std::to_string(n) + " about quantum computers";
  item.content = "<p>Researchers report item " + std::to_string(n) +
                 ": a superconducting processor ran an error-corrected circuit for longer than "
                 "ever before.</p>";
  item.published = 1'790'000'000 + n;
  return item;
}

inline feed::Feed MakeFeed(std::vector<feed::Item> items, const std::string& title = "Example") {
  feed::Feed f;
  f.title = title;
  f.link = "https://news.example.org/";
  f.language = "en";
  f.items = std::move(items);
  return f;
}

inline constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15

inline IngestReport IngestOk(Archive& archive, const std::string& url, const feed::Feed& f,
                             std::int64_t now = kNow) {
  FeedDocument doc;
  doc.feed_url = url;
  doc.poll.polled_at = now;
  doc.poll.http_status = 200;
  doc.poll.next_poll = now + 900;
  doc.feed = &f;
  Result<IngestReport> report = Ingest(archive, doc);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return *report;
}

// The ids Search() finds for `query` (REQUIREs that it succeeds), best first.
inline std::vector<std::int64_t> SearchIds(Archive& archive, const std::string& query,
                                           std::int64_t now = kNow) {
  SearchRequest request;
  request.query = query;
  Result<std::vector<SearchHit>> hits = Search(archive, request, now);
  INFO(query << ": " << hits.status().ToString());
  REQUIRE(hits.ok());
  std::vector<std::int64_t> ids;
  for (const SearchHit& hit : *hits) ids.push_back(hit.item.id);
  return ids;
}

// One integer from `sql` (tests may look inside; the product goes through the storage API).
inline std::int64_t Scalar(Archive& archive, const std::string& sql) {
  return archive.connection().db().execAndGet(sql).getInt64();
}

}  // namespace tidings::storage::testing
