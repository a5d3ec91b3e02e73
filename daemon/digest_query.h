// A digest from the archive: the matched items of a window read with storage::ListMatched, then
// clustered and ranked by digest::BuildDigest. Shared by GET /v1/digest, `tidings digest
// --offline` (through the API handler) and the scheduled digests.
//
//   DigestQuery query;
//   query.topics = {"sci-tech"};
//   query.since = now - 86400;
//   query.now = now;
//   Result<digest::Digest> d = QueryDigest(archive, query);
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"
#include "storage/archive.h"

namespace tidings::daemon {

struct DigestQuery {
  std::vector<std::string> topics;  // empty: every topic
  std::int64_t since = 0;
  std::optional<std::int64_t> until;
  std::int64_t now = 0;
  std::size_t limit = 50;  // entries
  std::string title;       // "" -> digest::BuildDigest's default
  std::string self_url;    // the Atom feed's rel="self", "" when none
};

// Reads at most kMaxDigestItems matched items (every version of a story is needed to cluster,
// so this is far more than the entries shown).
Result<digest::Digest> QueryDigest(storage::Archive& archive, const DigestQuery& query);

inline constexpr std::size_t kMaxDigestItems = 20000;

}  // namespace tidings::daemon
