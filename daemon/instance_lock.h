// One daemon per archive: an exclusive lock on "<archive>.lock", holding the owner's pid.
//
//   Result<InstanceLock> lock = InstanceLock::Acquire("/var/lib/tidings/archive.db");
//   if (!lock.ok()) { /* "another tidingsd (pid 812) is using /var/lib/tidings/archive.db" */ }
//
// The lock is an flock(2) on an open file, so the kernel releases it when the process dies, however
// it dies: a stale lock file never blocks a restart.
#pragma once

#include <string>

#include "base/result.h"

namespace tidings::daemon {

class InstanceLock {
 public:
  // kBusy naming the holder's pid when another process holds it; kIO when the lock file cannot be
  // created.
  static Result<InstanceLock> Acquire(const std::string& archive_path);

  InstanceLock(InstanceLock&& other) noexcept;
  InstanceLock& operator=(InstanceLock&& other) noexcept;
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace tidings::daemon
