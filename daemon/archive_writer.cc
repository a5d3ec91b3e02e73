#include "daemon/archive_writer.h"

namespace tidings::daemon {

ArchiveWriter::ArchiveWriter(std::unique_ptr<storage::Archive> archive, std::size_t max_queued)
    : archive_(std::move(archive)), pool_(1, max_queued) {}

ArchiveWriter::~ArchiveWriter() { pool_.Shutdown(); }

bool ArchiveWriter::Submit(std::function<void(storage::Archive&)> task) {
  storage::Archive* archive = archive_.get();
  return pool_.TrySubmit([archive, task = std::move(task)] { task(*archive); });
}

}  // namespace tidings::daemon
