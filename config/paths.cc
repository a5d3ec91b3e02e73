// Default locations (XDG base directories, systemd's StateDirectory=), "~" and relative paths,
// and reading the config file with plain POSIX calls.
#include "config/paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

#include "config/config.h"

namespace tidings::config {
namespace {

namespace fs = std::filesystem;

// An environment variable that names a folder. The XDG spec says relative values are invalid
// and must be ignored; we treat every folder variable that way, so that the defaults are always
// absolute whatever the working directory is.
std::optional<fs::path> FolderFromEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  fs::path folder(value);
  if (!folder.is_absolute()) return std::nullopt;
  return folder;
}

bool Exists(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

std::string ErrnoMessage(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<std::string> FindConfigFile() {
  // An explicit $TIDINGS_CONFIG is returned even if it does not exist: Load() then says so,
  // instead of the daemon silently running on defaults.
  if (const char* explicit_path = std::getenv("TIDINGS_CONFIG");
      explicit_path != nullptr && *explicit_path != '\0') {
    return std::string(explicit_path);
  }
  std::optional<fs::path> config_home = FolderFromEnv("XDG_CONFIG_HOME");
  if (!config_home) {
    if (std::optional<fs::path> home = FolderFromEnv("HOME")) config_home = *home / ".config";
  }
  if (config_home) {
    fs::path user_file = (*config_home / "tidings" / "tidings.toml").lexically_normal();
    if (Exists(user_file)) return user_file.string();
  }
  const fs::path system_file("/etc/tidings/tidings.toml");
  if (Exists(system_file)) return system_file.string();
  return std::nullopt;
}

std::string DefaultDatabasePath() {
  // systemd joins several StateDirectory= entries with ':'; ours is the first.
  if (const char* state = std::getenv("STATE_DIRECTORY"); state != nullptr) {
    const std::string_view all(state);
    const fs::path first(all.substr(0, all.find(':')));
    if (first.is_absolute()) return (first / "archive.db").lexically_normal().string();
  }
  if (std::optional<fs::path> state_home = FolderFromEnv("XDG_STATE_HOME")) {
    return (*state_home / "tidings" / "archive.db").lexically_normal().string();
  }
  if (std::optional<fs::path> home = FolderFromEnv("HOME")) {
    return (*home / ".local" / "state" / "tidings" / "archive.db").lexically_normal().string();
  }
  // No usable $HOME: a system service started without StateDirectory=. /var/lib/tidings is
  // where StateDirectory=tidings would have put it.
  return "/var/lib/tidings/archive.db";
}

namespace internal {

Result<std::string> ResolvePath(std::string_view written, const std::string& source_name) {
  fs::path path;
  if (written == "~" || written.starts_with("~/")) {
    std::optional<fs::path> home = FolderFromEnv("HOME");
    if (!home) return InvalidError("\"~\" needs $HOME, which is not set to an absolute path");
    path = *home / written.substr(written.size() == 1 ? 1 : 2);
  } else if (written.starts_with("~")) {
    return InvalidError("\"~user\" paths are not supported; write the full path");
  } else {
    path = fs::path(source_name).parent_path() / written;  // no-op when `written` is absolute
  }
  if (!path.is_absolute()) {
    std::error_code error;
    path = fs::absolute(path, error);
    if (error) return InvalidError("cannot make the path absolute: " + error.message());
  }
  path = path.lexically_normal();
  if (!path.has_filename()) return InvalidError("expected a file path, got a folder");
  return path.string();
}

Result<std::string> ReadConfigFile(const std::string& path) {
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return NotFoundError(path + ": no such file");
    return IOError(path + ": " + ErrnoMessage(error));
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return IOError(path + ": " + ErrnoMessage(errno));
  if (S_ISDIR(info.st_mode)) return IOError(path + ": " + ErrnoMessage(EISDIR));
  const auto too_large = [&path] {
    return InvalidError(path + ": larger than 1 MB, which is too large for a config file");
  };
  // st_size is 0 for pipes ("--config <(...)"), so the limit is also checked while reading.
  if (info.st_size > static_cast<off_t>(kMaxConfigFileSize)) return too_large();
  std::string text;
  std::size_t size = 0;
  // +1 to see the end of the file without a second pass.
  text.resize(std::max<std::size_t>(static_cast<std::size_t>(info.st_size) + 1, 4096));
  for (;;) {
    if (size == text.size()) text.resize(std::min(text.size() * 2, kMaxConfigFileSize + 1));
    const ssize_t got = ::read(file.get(), text.data() + size, text.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return IOError(path + ": " + ErrnoMessage(errno));
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
    if (size > kMaxConfigFileSize) return too_large();
  }
  text.resize(size);
  return text;
}

}  // namespace internal
}  // namespace tidings::config
