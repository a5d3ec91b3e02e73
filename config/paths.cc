// Default locations (XDG base directories, systemd's StateDirectory=), "~" and relative paths,
// and reading the config file with plain POSIX calls.
#include "config/paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

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

// systemd joins several StateDirectory= (RuntimeDirectory= ...) folders with ':'; ours is the
// first.
std::optional<fs::path> FirstFolderFromEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  const std::string_view all(value);
  fs::path first(all.substr(0, all.find(':')));
  if (!first.is_absolute()) return std::nullopt;
  return first;
}

// Lexically normal, without a trailing separator.
std::string Normal(const fs::path& path) {
  fs::path normal = path.lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path()) {
    normal = normal.parent_path();
  }
  return normal.string();
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
  std::vector<fs::path> candidates;
  if (std::optional<fs::path> folder = FirstFolderFromEnv("CONFIGURATION_DIRECTORY")) {
    candidates.push_back(*folder / "tidings.toml");
  }
  std::optional<fs::path> config_home = FolderFromEnv("XDG_CONFIG_HOME");
  if (!config_home) {
    if (std::optional<fs::path> home = FolderFromEnv("HOME")) config_home = *home / ".config";
  }
  if (config_home) candidates.push_back(*config_home / "tidings" / "tidings.toml");
  candidates.emplace_back("/etc/tidings/tidings.toml");
  // Last, the file of a source checkout run from its root (scripts/run).
  std::error_code error;
  const fs::path cwd = fs::current_path(error);
  if (!error) candidates.push_back(cwd / "config" / "tidings.toml");
  for (const fs::path& candidate : candidates) {
    fs::path file = candidate.lexically_normal();
    if (Exists(file)) return file.string();
  }
  return std::nullopt;
}

std::string DefaultStateDirectory() {
  if (std::optional<fs::path> state = FirstFolderFromEnv("STATE_DIRECTORY")) {
    return Normal(*state);
  }
  if (std::optional<fs::path> state_home = FolderFromEnv("XDG_STATE_HOME")) {
    return Normal(*state_home / "tidings");
  }
  if (std::optional<fs::path> home = FolderFromEnv("HOME")) {
    return Normal(*home / ".local" / "state" / "tidings");
  }
  // No usable $HOME: a system service started without StateDirectory=. /var/lib/tidings is
  // where StateDirectory=tidings would have put it.
  return "/var/lib/tidings";
}

std::string DefaultDatabasePath() {
  return Normal(fs::path(DefaultStateDirectory()) / "archive.db");
}

std::string DefaultControlSocket(const std::string& state_directory) {
  if (std::optional<fs::path> runtime = FirstFolderFromEnv("RUNTIME_DIRECTORY")) {
    return Normal(*runtime / "tidings.sock");
  }
  return Normal(fs::path(state_directory) / "tidings.sock");
}

namespace internal {
namespace {

// `written` made absolute and lexically normal (see ResolvePath); may end in a separator.
Result<fs::path> Absolute(std::string_view written, const std::string& source_name) {
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
  return path.lexically_normal();
}

}  // namespace

Result<std::string> ResolvePath(std::string_view written, const std::string& source_name) {
  Result<fs::path> path = Absolute(written, source_name);
  if (!path.ok()) return path.status();
  if (!path->has_filename()) return InvalidError("expected a file path, got a folder");
  return path->string();
}

Result<std::string> ResolveFolder(std::string_view written, const std::string& source_name) {
  Result<fs::path> path = Absolute(written, source_name);
  if (!path.ok()) return path.status();
  return Normal(*path);
}

Result<std::string> ReadConfigFile(const std::string& path) {
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return NotFoundError("no such file");
    return IOError(ErrnoMessage(error));
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return IOError(ErrnoMessage(errno));
  if (S_ISDIR(info.st_mode)) return IOError(ErrnoMessage(EISDIR));
  const auto too_large = [] {
    return InvalidError("larger than 1 MB, which is too large for a config file");
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
    if (got < 0) return IOError(ErrnoMessage(errno));
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
    if (size > kMaxConfigFileSize) return too_large();
  }
  text.resize(size);
  return text;
}

std::string FragmentFolder(const std::string& path) {
  return (fs::path(path).parent_path() / "conf.d").string();
}

Result<std::vector<std::string>> ListFragments(const std::string& folder) {
  const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(folder.c_str()), ::closedir);
  if (dir == nullptr) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return std::vector<std::string>();
    return IOError(ErrnoMessage(error));
  }
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) return IOError(ErrnoMessage(errno));
      break;
    }
    const std::string_view name(entry->d_name);
    if (name.starts_with('.') || !name.ends_with(".toml")) continue;
    // A folder named x.toml is no fragment; anything else (a broken link included) is read,
    // so that a problem with it is reported instead of the file being skipped silently.
    struct stat info {};
    const std::string path = (fs::path(folder) / name).string();
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) continue;
    names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  paths.reserve(names.size());
  for (const std::string& name : names) paths.push_back((fs::path(folder) / name).string());
  return paths;
}

}  // namespace internal
}  // namespace tidings::config
