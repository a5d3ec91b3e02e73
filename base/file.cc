#include "base/file.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace tidings {
namespace {

// Appends everything left in `stream` to `data`.
Status AppendStream(std::FILE* stream, const std::string& name, std::string* data) {
  char chunk[1 << 16];
  while (true) {
    std::size_t got = std::fread(chunk, 1, sizeof chunk, stream);
    data->append(chunk, got);
    if (got < sizeof chunk) break;
  }
  if (std::ferror(stream)) {
    return IOError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadStream(std::FILE* stream, const std::string& name) {
  std::string data;
  Status status = AppendStream(stream, name, &data);
  if (!status.ok()) return status;
  return data;
}

Result<std::string> ReadFile(const std::string& path) {
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    std::string message = fmt::format("cannot open {}: {}", path, std::strerror(errno));
    if (errno == ENOENT) return NotFoundError(std::move(message));
    return IOError(std::move(message));
  }
  std::string data;
  // Size the string once for a regular file; a pipe or device just grows it.
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    long size = std::ftell(file.get());
    if (size > 0) data.reserve(static_cast<std::size_t>(size));
    std::rewind(file.get());
  }
  Status status = AppendStream(file.get(), path, &data);
  if (!status.ok()) return status;
  return data;
}

}  // namespace tidings

namespace tidings {
namespace {

Status Errno(std::string_view what, const std::string& path) {
  return IOError(fmt::format("cannot {} {}: {}", what, path, std::strerror(errno)));
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t wrote = ::write(fd, data.data(), data.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return Errno("write", path);
    data.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return Status::Ok();
}

// The folder part of `path` ("." when it has none), for flushing the rename.
std::string Folder(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view data, unsigned mode) {
  std::string temporary = path + ".XXXXXX";
  int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return Errno("create a temporary file for", path);
  Status status = WriteAll(fd, data, path);
  if (status.ok() && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) status = Errno("chmod", path);
  if (status.ok() && ::fsync(fd) != 0) status = Errno("flush", path);
  if (::close(fd) != 0 && status.ok()) status = Errno("close", path);
  if (status.ok() && ::rename(temporary.c_str(), path.c_str()) != 0)
    status = Errno("replace", path);
  if (!status.ok()) {
    ::unlink(temporary.c_str());
    return status;
  }
  // The rename is durable once the folder is flushed; failing that is not worth failing for.
  int folder = ::open(Folder(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
  return Status::Ok();
}

}  // namespace tidings
