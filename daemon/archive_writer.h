// The one thread that writes the archive. SQLite allows one writer at a time and a write
// transaction must not run on the event loop (it may wait on the disk), so every write the daemon
// makes (ingest, prune) is queued here, in order.
//
//   writer.Submit([doc](storage::Archive& a) { auto r = storage::Ingest(a, doc); ... post back });
//
// Tasks run one at a time on the writer's thread and must not throw; a task reports back by
// posting to the io_context. Shutdown() finishes the task in progress (its transaction commits or
// rolls back as a whole) and drops the queued ones: nothing of theirs was written, so their feeds
// are simply polled again after a restart.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "daemon/worker_pool.h"
#include "storage/archive.h"

namespace tidings::daemon {

class ArchiveWriter {
 public:
  // Takes the archive; it is used only on the writer's thread from now on.
  ArchiveWriter(std::unique_ptr<storage::Archive> archive, std::size_t max_queued);
  ~ArchiveWriter();

  // Queues `task`; false when the queue is full (back-pressure) or shutting down.
  bool Submit(std::function<void(storage::Archive&)> task);
  // Tasks queued or running.
  std::size_t busy() const { return pool_.busy(); }

  void Shutdown() { pool_.Shutdown(); }

 private:
  std::unique_ptr<storage::Archive> archive_;
  WorkerPool pool_;  // one thread; declared last so it stops before the archive closes
};

}  // namespace tidings::daemon
