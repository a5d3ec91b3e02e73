// The built-in topics: models shipped with tidings that work with no configuration.
//
//   if (match::IsBuiltinTopic("sci-tech")) {
//     Result<std::shared_ptr<const Model>> m = match::LoadBuiltinModel("sci-tech");
//   }
//
// A built-in model file is looked for in $TIDINGS_MODEL_DIR, then in the installed data directory
// (<prefix>/share/tidings/models), then in the source tree (match/models/), so a build works
// before `make install` and a user can point at a rebuilt model.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "match/model.h"

namespace tidings::match {

// Whether `name` is a topic tidings ships a model for ("sci-tech").
bool IsBuiltinTopic(std::string_view name);

// The directories searched for built-in models, in order (the first only when the variable is
// set).
std::vector<std::string> BuiltinModelDirs();

// The path of the built-in model file of `topic`: kNotFound naming every place looked in.
Result<std::string> FindBuiltinModel(std::string_view topic);

// Finds and loads it (kNotFound, or the load's kIO / kCorrupt).
Result<std::shared_ptr<const Model>> LoadBuiltinModel(std::string_view topic);

}  // namespace tidings::match
