// What the archive derives from a parsed item: plain text, content hash, item time, guid.
#include <catch2/catch.hpp>

#include "storage/ingest.h"
#include "storage/item_row.h"

namespace tidings::storage {
namespace {

TEST_CASE("the content hash ignores case and white space, not words", "[storage][row]") {
  CHECK(ContentHash("Quantum  Leap", "A new\n chip.") ==
        ContentHash("quantum leap", "a new chip."));
  CHECK(ContentHash("Quantum Leap", "A new chip.") != ContentHash("Quantum Leap", "A new chips."));
  CHECK(ContentHash("a", "b c") != ContentHash("a b", "c"));  // the title boundary counts
}

TEST_CASE("an item's time is its date unless that is missing or in the future", "[storage][row]") {
  CHECK(ItemTime(100, 200, 1000) == 100);
  CHECK(ItemTime(std::nullopt, 200, 1000) == 200);
  CHECK(ItemTime(std::nullopt, std::nullopt, 1000) == 1000);
  CHECK(ItemTime(1000 + 3 * 86400, std::nullopt, 1000) == 1000);    // a broken clock
  CHECK(ItemTime(1000 + 3600, std::nullopt, 1000) == 1000 + 3600);  // time zones: allowed
}

TEST_CASE("the row keeps a real guid, not the parser's fallbacks", "[storage][row]") {
  feed::Feed f;
  f.language = "de";
  feed::Item item;
  item.id = "https://example.org/a";
  item.link = "https://example.org/a?utm_source=x";
  item.title = "Titel";
  item.summary = "<p>Hallo <b>Welt</b></p>";
  ItemRow row = MakeItemRow(item, f, 5000);
  CHECK(row.guid == "https://example.org/a");
  CHECK(row.canonical_link == "https://example.org/a");
  CHECK(row.text == "Hallo Welt");
  CHECK(row.language == "de");
  CHECK(row.item_time == 5000);
  item.id = *item.link;
  CHECK_FALSE(MakeItemRow(item, f, 5000).guid);
  item.id = "hash:0123456789abcdef";
  CHECK_FALSE(MakeItemRow(item, f, 5000).guid);
}

TEST_CASE("an item's text is its content, else its summary, without the HTML", "[storage][row]") {
  feed::Item item;
  CHECK(ItemText(item).empty());
  item.summary = "<p>Qubits &amp; <b>errors</b></p>";
  CHECK(ItemText(item) == "Qubits & errors");
  item.content = "<div>The whole <i>article</i></div>";
  CHECK(ItemText(item) == "The whole article");
  feed::Feed f;
  CHECK(MakeItemRow(item, f, 0).text == "The whole article");
  CHECK(MakeItemRow(item, f, 0, "made earlier").text == "made earlier");
}

TEST_CASE("categories and enclosures are stored as JSON", "[storage][row]") {
  feed::Feed f;
  feed::Item item;
  item.id = "x";
  item.categories = {"Science", "Space \"station\""};
  item.enclosures.push_back({"https://example.org/a.mp3", "audio/mpeg", 1234});
  ItemRow row = MakeItemRow(item, f, 0);
  CHECK(row.categories == R"(["Science","Space \"station\""])");
  CHECK(row.enclosures ==
        R"([{"url":"https://example.org/a.mp3","type":"audio/mpeg","length":1234}])");
}

}  // namespace
}  // namespace tidings::storage
