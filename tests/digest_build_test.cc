#include <catch2/catch.hpp>

#include <string>

#include "digest/digest.h"
#include "digest_fixtures.h"

namespace tidings::digest {
namespace {

using testing::Item;
using testing::kNow;
using testing::NewsItems;

DigestOptions Options() {
  DigestOptions options;
  options.topics = {"tech"};
  options.since = kNow - 24 * 3600;
  options.now = kNow;
  return options;
}

TEST_CASE("a digest lists each story once, headed by its best-scoring version", "[digest]") {
  const Digest digest = BuildDigest(NewsItems(), Options());
  CHECK(digest.item_count == 8);
  REQUIRE(digest.entries.size() == 5);
  const Entry& iphone = digest.entries[0];
  CHECK(iphone.lead.id == 1);  // score 0.9 beats 0.8 and 0.7
  REQUIRE(iphone.sources.size() == 3);
  CHECK(iphone.sources[0].item_id == 1);  // the lead first, then newest first
  CHECK(iphone.sources[1].item_id == 2);
  CHECK(iphone.sources[2].item_id == 3);
  CHECK(iphone.sources[1].feed_title == "Ars Technica");
  CHECK(iphone.sources[1].link == "https://arstechnica.com/gadgets/iphone-16");
  CHECK(iphone.why ==
        std::vector<std::string>{"rule: The Verge", "rule: Ars Technica", "rule: Reuters Tech"});
  CHECK(iphone.extract.starts_with("Apple on Monday announced the iPhone 16"));
  CHECK(digest.title == "tidings digest: tech");
  CHECK(digest.until == kNow);
}

TEST_CASE("entries rank by score, freshness and coverage", "[digest]") {
  std::vector<DigestItem> items = {
      Item(1, "A", "Postgres 17 beta", "Databases get faster.", "https://a.x/1", 0.3, 0),
      Item(2, "B", "GCC 14 ships", "Compilers improve diagnostics.", "https://b.x/2", 0.9, 20),
      Item(3, "C", "Linux 6.9 out", "Kernel drivers updated.", "https://c.x/3", 0.9, 0),
      Item(4, "D", "Firefox 126 arrives", "Browser adds features.", "https://d.x/4", 0.9, 6),
  };
  const Digest digest = BuildDigest(items, Options());
  REQUIRE(digest.entries.size() == 4);
  CHECK(digest.entries[0].lead.id == 3);  // strong and fresh
  CHECK(digest.entries[1].lead.id == 4);  // as strong, six hours older
  CHECK(digest.entries[2].lead.id == 2);  // strong but a day old still beats weak and fresh
  CHECK(digest.entries[3].lead.id == 1);

  // A story several outlets carry outranks a single-source story of the same score and age.
  std::vector<DigestItem> covered = {
      Item(1, "A", "Single source story on robots", "robots", "https://a.x/1", 0.5, 1),
      Item(2, "B", "Widely carried story", "x", "https://b.x/s", 0.5, 1),
      Item(3, "C", "Widely carried story again", "y", "https://c.x/s", 0.5, 1),
  };
  covered[1].story_id = covered[2].story_id = 9;
  const Digest wide = BuildDigest(covered, Options());
  REQUIRE(wide.entries.size() == 2);
  CHECK(wide.entries[0].sources.size() == 2);
  CHECK(wide.entries[0].rank > wide.entries[1].rank);
}

TEST_CASE("the window and the limit bound the digest", "[digest]") {
  DigestOptions options = Options();
  options.since = kNow - 3 * 3600;  // keeps items at most 3 hours old
  options.until = kNow - 2 * 3600;  // ... and at least 2 hours old
  Digest digest = BuildDigest(NewsItems(), options);
  CHECK(digest.item_count == 4);  // ids 1, 3, 6, 8
  CHECK(digest.until == kNow - 2 * 3600);
  for (const Entry& entry : digest.entries) {
    for (const Source& source : entry.sources) {
      CHECK(source.time >= options.since);
      CHECK(source.time <= *options.until);
    }
  }
  options = Options();
  options.limit = 2;
  digest = BuildDigest(NewsItems(), options);
  CHECK(digest.entries.size() == 2);
  CHECK(digest.item_count == 8);
  CHECK(BuildDigest({}, Options()).entries.empty());
}

TEST_CASE("an item without a title gets one from its text", "[digest]") {
  DigestItem item = Item(1, "A", "", "Fallback headline from the text. More follows.", "");
  item.title.reset();
  const Digest digest = BuildDigest({item}, Options());
  REQUIRE(digest.entries.size() == 1);
  CHECK(digest.entries[0].lead.title == "Fallback headline from the text. More follows.");
}

TEST_CASE("the lead is the first sentences of the text, up to about 300 bytes", "[digest]") {
  CHECK(ExtractLead("One.  Two!\n Three? Four.") == "One. Two! Three?");
  CHECK(ExtractLead("Dr. Smith met Mr. Jones in the U.S. on Monday. Then they left.") ==
        "Dr. Smith met Mr. Jones in the U.S. on Monday. Then they left.");
  CHECK(ExtractLead("Version 3.5 of example.com shipped. It is fast.", 40) ==
        "Version 3.5 of example.com shipped.");
  CHECK(ExtractLead("第一句话。第二句话！第三句话？第四句话。") ==
        "第一句话。第二句话！第三句话？");
  CHECK(ExtractLead("他说：“好。”然后走了。") == "他说：“好。”然后走了。");
  CHECK(ExtractLead("") == "");
  CHECK(ExtractLead("No final stop here") == "No final stop here");

  // One long sentence: cut at a word, marked with an ellipsis.
  std::string long_sentence;
  for (int i = 0; i < 100; ++i) long_sentence += "word ";
  const std::string cut = ExtractLead(long_sentence);
  CHECK(cut.size() <= 300);
  CHECK(cut.ends_with("word\xE2\x80\xA6"));

  // Text without spaces is cut at a character, never inside a UTF-8 sequence.
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "长";
  const std::string chinese_cut = ExtractLead(chinese, 100);
  CHECK(chinese_cut.size() <= 100);
  CHECK(chinese_cut == std::string(chinese.substr(0, 96)) + "\xE2\x80\xA6");
}

}  // namespace
}  // namespace tidings::digest
