// The daemon's log: one line per event on stderr.
//
//   Log log(LogLevel::kInfo);
//   log.Info("poll {}: {} new items", url, n);
//
// Under systemd ($JOURNAL_STREAM set) each line starts with a syslog priority prefix ("<3>" error
// ... "<7>" debug) that journald turns into the entry's priority, and carries no timestamp (the
// journal has one). Otherwise each line starts with an ISO 8601 UTC timestamp and the level.
// Control characters in the message (from feed data: titles, URLs, server errors) are escaped as
// \xNN so that one event is always one line and no escape sequence reaches a terminal.
// Thread-safe: lines from different threads never interleave.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tidings::daemon {

enum class LogLevel { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };

// "error", "warning", "notice", "info", "debug" -> level; nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(std::string_view name);

// Escapes control characters (and DEL) as \xNN; everything else, UTF-8 included, passes.
std::string EscapeControl(std::string_view text);

class Log {
 public:
  // `journal`: use syslog prefixes (true under journald; see ForEnvironment()).
  Log(LogLevel level, bool journal, std::FILE* out = stderr);

  // A log for this process: journal prefixes when $JOURNAL_STREAM is set.
  static Log ForEnvironment(LogLevel level);

  void set_level(LogLevel level) { level_ = level; }
  bool Enabled(LogLevel level) const { return level <= level_; }

  void Write(LogLevel level, std::string_view message);

  template <typename... Args>
  void Error(fmt::format_string<Args...> f, Args&&... args) {
    Emit(LogLevel::kError, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Warning(fmt::format_string<Args...> f, Args&&... args) {
    Emit(LogLevel::kWarning, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Notice(fmt::format_string<Args...> f, Args&&... args) {
    Emit(LogLevel::kNotice, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Info(fmt::format_string<Args...> f, Args&&... args) {
    Emit(LogLevel::kInfo, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Debug(fmt::format_string<Args...> f, Args&&... args) {
    Emit(LogLevel::kDebug, f, std::forward<Args>(args)...);
  }

 private:
  template <typename... Args>
  void Emit(LogLevel level, fmt::format_string<Args...> f, Args&&... args) {
    if (Enabled(level)) Write(level, fmt::format(f, std::forward<Args>(args)...));
  }

  LogLevel level_;
  bool journal_;
  std::FILE* out_;
  std::mutex mutex_;
};

}  // namespace tidings::daemon
