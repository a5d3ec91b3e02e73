// A fixed set of threads running tasks from a bounded queue: where the daemon parses documents
// (and, with one thread, where it writes the archive) so the event loop never blocks.
//
//   WorkerPool parsers(2, 64);
//   if (!parsers.TrySubmit([doc] { ... })) { /* full: wait before fetching more (back-pressure) */
//   }
//
// Tasks must not throw. A task reports back by posting to the io_context itself. Shutdown() lets
// running tasks finish and drops the ones still queued (their work is redone on the next poll:
// nothing was written for them); the destructor calls it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tidings::daemon {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (task not taken) when max_queued tasks are already waiting or the pool
  // is shutting down.
  bool TrySubmit(std::function<void()> task);

  // Tasks queued or running.
  std::size_t busy() const;
  bool full() const;

  // Waits for running tasks, drops queued ones, joins the threads. Idempotent.
  void Shutdown();

 private:
  void Run();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tidings::daemon
