// Internal to storage/: writing topic scores inside a transaction the caller holds (Ingest).
#pragma once

#include <cstdint>
#include <vector>

#include "storage/connection.h"
#include "storage/topics.h"

namespace tidings::storage {

// Replaces item `id`'s rows for the topics in `scores`. Throws SQLite::Exception (run in Guard).
void WriteTopicScores(Connection& conn, std::int64_t id, const std::vector<TopicScoreRow>& scores,
                      std::int64_t now);

}  // namespace tidings::storage
