// What the user adds to items: stars, labels and notes. Starred, labelled or annotated items are
// never pruned. These write, so they need an archive opened kReadWrite; they commit at once and
// may run while the daemon ingests (SQLite serialises the writers; see the busy timeout).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "storage/archive.h"

namespace tidings::storage {

// kNotFound when there is no item `id`. Setting what is already set is not an error.
Status SetStarred(Archive& archive, std::int64_t id, bool starred, std::int64_t now);
// `name`: 1-64 bytes of UTF-8 without control characters (kInvalid otherwise).
Status AddLabel(Archive& archive, std::int64_t id, const std::string& name, std::int64_t now);
Status RemoveLabel(Archive& archive, std::int64_t id, const std::string& name);
// nullopt or "" removes the note.
Status SetNote(Archive& archive, std::int64_t id, const std::optional<std::string>& note,
               std::int64_t now);

}  // namespace tidings::storage
