#include "daemon/log.h"

#include <cstdlib>
#include <ctime>

namespace tidings::daemon {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kNotice:
      return "notice";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "info";
}

std::string Timestamp() {
  std::timespec now{};
  std::timespec_get(&now, TIME_UTC);
  std::tm utc{};
  gmtime_r(&now.tv_sec, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, now.tv_nsec / 1'000'000);
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (LogLevel level : {LogLevel::kError, LogLevel::kWarning, LogLevel::kNotice, LogLevel::kInfo,
                         LogLevel::kDebug}) {
    if (name == LevelName(level)) return level;
  }
  return std::nullopt;
}

std::string EscapeControl(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

Log::Log(LogLevel level, bool journal, std::FILE* out)
    : level_(level), journal_(journal), out_(out) {}

Log Log::ForEnvironment(LogLevel level) {
  const char* stream = std::getenv("JOURNAL_STREAM");
  return Log(level, stream != nullptr && *stream != '\0');
}

void Log::Write(LogLevel level, std::string_view message) {
  std::string line =
      journal_
          ? fmt::format("<{}>{}\n", static_cast<int>(level), EscapeControl(message))
          : fmt::format("{} {:<7} {}\n", Timestamp(), LevelName(level), EscapeControl(message));
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace tidings::daemon
