// Digests: the matched items of a time window, near-duplicates clustered, ranked, ready to render.
//
// Pure: items in, a value out (no archive, network or clock access). The caller reads the matched
// items from the archive (storage::ListMatched), copies them into DigestItems and renders the
// result with digest/render.h (or mails it with digest/mail.h):
//
//   digest::DigestOptions options;
//   options.topics = {"science"};
//   options.since = now - 24 * 3600;
//   options.now = now;
//   digest::Digest d = digest::BuildDigest(std::move(items), options);
//   std::string page = digest::Render(d, digest::Format::kHtml);
//
// The same story carried by several sources becomes one Entry listing every source, headed by the
// best-scoring version (see digest/cluster.h for how "the same story" is decided and
// docs/digest.md for the ranking formula).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tidings::digest {

// One matched item: the fields of storage::MatchedItem, without depending on storage/.
struct DigestItem {
  std::int64_t id = 0;
  std::int64_t feed_id = 0;
  std::string feed_title, feed_url;
  std::optional<std::string> title, link, canonical_link;
  std::int64_t time = 0;  // Unix seconds: published, else first seen
  std::string text;       // plain text: full text when extracted, else the summary's text
  std::optional<std::int64_t> story_id;
  std::string topic;
  double score = 0.0;            // the topic's score for this item (higher is better)
  std::vector<std::string> why;  // why it matched, one reason a line
};

struct DigestOptions {
  std::vector<std::string> topics;    // the topics asked for (empty: every topic); shown in titles
  std::int64_t since = 0;             // window start, Unix seconds; items before it are dropped
  std::optional<std::int64_t> until;  // window end (inclusive); none: up to `now`, no cut
  std::int64_t now = 0;               // when the digest is made: freshness and `updated` times
  std::size_t limit = 50;             // most entries kept after ranking (0: no limit)
  std::string title;                  // "" -> "tidings digest: <topics>" / "tidings digest"
  std::string self_url;               // the digest's own address (Atom rel=self); "" when none
};

// One version of a story: an item of the cluster.
struct Source {
  std::int64_t item_id = 0;
  std::string feed_title;
  std::string link;  // the item's link; "" when it has none
  std::int64_t time = 0;
};

struct Entry {
  DigestItem lead;               // the best-scoring version; its title is the headline
  std::vector<Source> sources;   // every version, the lead first, then newest first
  std::string extract;           // lead sentences of lead.text (plain text, <= ~300 chars)
  std::vector<std::string> why;  // why it matched: the lead's reasons, then others', no repeats
  double rank = 0.0;             // higher first; formula in docs/digest.md
};

struct Digest {
  std::string title;
  std::vector<std::string> topics;  // as asked for
  std::int64_t since = 0;
  std::int64_t until = 0;  // options.until, else options.now
  std::int64_t generated = 0;
  std::string self_url;
  std::size_t item_count = 0;  // matched items in the window, before clustering and the limit
  std::vector<Entry> entries;  // best rank first
};

// Drops items outside [since, until], clusters near-duplicates, ranks the clusters and keeps the
// best `limit`. Items without a title get one from their text (or "(untitled)").
Digest BuildDigest(std::vector<DigestItem> items, const DigestOptions& options);

// The first 1-3 sentences of `text`, up to about `max_chars` bytes, cut at a sentence end (".",
// "!", "?" followed by space, or "。", "！", "？") when one falls in range, else at a word
// boundary with "…". Never splits a UTF-8 sequence. White space is collapsed.
std::string ExtractLead(std::string_view text, std::size_t max_chars = 300);

}  // namespace tidings::digest
