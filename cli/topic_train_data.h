// Which labelled data `tidings topics train T` starts from when no --data is given: the files
// T's current model was trained from, as the "Rebuild" line of the model file's header names
// them. So retraining a topic after `tidings mark` keeps its base data and adds the labels.
//
//   tidings topics train sci-tech --data a.jsonl 'my data.jsonl' --out m.model
//     writes "#   tidings topics train sci-tech --data a.jsonl 'my data.jsonl' --out m.model"
//   TrainingDataOf("m.model") -> {"a.jsonl", "my data.jsonl"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/config.h"

namespace tidings::cli {

// `path` as one word of a command line: as it is when it needs no quoting, else in single
// quotes (a quote inside written '\'').
std::string ShellWord(std::string_view path);

// The --data files of the rebuild command in the header of the model file at `model_path`, as
// written there (relative paths are relative to where the command was run). kNotFound when the
// header names none, kIO when the file cannot be read.
Result<std::vector<std::string>> TrainingDataOf(const std::string& model_path);

// The model file topic `topic` is scored with: the config's `model` (the built-in one's path for
// "builtin"), else the built-in model for a built-in topic the config leaves out. Empty when
// the topic has no model (rules and examples only, or not in the config).
Result<std::string> ModelPathOf(const config::Config& config, const std::string& topic);

// Finds `path` as written in a model's header: relative to the current directory, else to the
// source tree tidings was built from (the shipped model's data is named from its root). The
// path that exists, or kNotFound naming where it looked.
Result<std::string> FindTrainingData(const std::string& path);

}  // namespace tidings::cli
