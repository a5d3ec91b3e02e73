// One run of a scheduled digest ([[digest]], docs/digest.md "Scheduled digests"): the digest of
// the window ending now, written as files into the state folder and, with a command, piped to
// it as an e-mail message.
//
//   Result<DigestRun> run = RunScheduledDigest(digest, archive, state_dir, slot, now);
//
// Files, in <state_directory>/digests/<name>/:
//   2026-11-29T0700.html ...   one per format, named by the local time of the slot
//   latest.html ...            the newest of each format (replaced atomically)
//   last-run                   the slot of the last run, so a restart knows what it missed
// Every file is replaced atomically (base/file.h): a crash or a full disk leaves the previous
// version, never half a file. Dated files beyond `keep` per format are removed, oldest first.
//
// Blocking (archive reads, disk, the command): runs on a worker thread, never the event loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/config.h"
#include "daemon/run_command.h"
#include "storage/archive.h"

namespace tidings::daemon {

struct DigestRun {
  std::int64_t slot = 0;           // the scheduled time it stood for
  std::size_t entries = 0;         // stories in the digest
  std::size_t items = 0;           // matched items in the window
  std::vector<std::string> files;  // the dated files written
  // The command's outcome; nullopt when there is none or it was not run (no entries and
  // send_empty off).
  std::optional<CommandResult> command;
  std::string command_error;  // why the command could not be started ("" when it was)
};

// The folder of a digest's files.
std::string DigestFolder(const std::string& state_directory, const std::string& name);

// The slot recorded by the last successful run, nullopt when there is none (or it is
// unreadable, which is treated as never: the next time comes, no catch-up).
std::optional<std::int64_t> LastDigestRun(const std::string& state_directory,
                                          const std::string& name);

// Builds and delivers one run for `slot` (a scheduled time, <= now); the window is
// [now - window, now]. Fails (kIO) when a file cannot be written: the run is then not recorded.
// A failing command does not fail the run (the files are written); see DigestRun::command.
Result<DigestRun> RunScheduledDigest(
    const config::DigestConfig& digest, storage::Archive& archive,
    const std::string& state_directory, std::int64_t slot, std::int64_t now,
    std::chrono::milliseconds command_timeout = std::chrono::minutes(2));

}  // namespace tidings::daemon
