#include "base/file.h"

#include <fmt/format.h>

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
