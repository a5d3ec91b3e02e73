#include "match/builtin.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

namespace tidings::match {

bool IsBuiltinTopic(std::string_view name) { return name == "sci-tech"; }

std::vector<std::string> BuiltinModelDirs() {
  std::vector<std::string> dirs;
  if (const char* dir = std::getenv("TIDINGS_MODEL_DIR"); dir != nullptr && *dir != '\0') {
    dirs.emplace_back(dir);
  }
  dirs.emplace_back(TIDINGS_MODEL_INSTALL_DIR);
  dirs.emplace_back(TIDINGS_MODEL_SOURCE_DIR);
  return dirs;
}

Result<std::string> FindBuiltinModel(std::string_view topic) {
  if (!IsBuiltinTopic(topic)) {
    return NotFoundError(fmt::format("'{}' is not a built-in topic", topic));
  }
  std::string looked;
  for (const std::string& dir : BuiltinModelDirs()) {
    std::string path = fmt::format("{}/{}.model", dir, topic);
    if (::access(path.c_str(), R_OK) == 0) return path;
    looked += (looked.empty() ? "" : ", ") + path;
  }
  return NotFoundError(
      fmt::format("no model file for the built-in topic '{}' (looked for {})", topic, looked));
}

Result<std::shared_ptr<const Model>> LoadBuiltinModel(std::string_view topic) {
  Result<std::string> path = FindBuiltinModel(topic);
  if (!path.ok()) return path.status();
  Result<Model> model = Model::Load(*path);
  if (!model.ok()) return model.status();
  return std::shared_ptr<const Model>(std::make_shared<Model>(std::move(*model)));
}

}  // namespace tidings::match
