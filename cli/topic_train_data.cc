#include "cli/topic_train_data.h"

#include <fmt/format.h>

#include <filesystem>

#include "base/file.h"
#include "match/builtin.h"

namespace tidings::cli {
namespace {

bool IsPlainWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._/+-=:,@%").find(c) != std::string_view::npos;
}

// Splits a command line into words as a shell would for what ShellWord writes: white space
// separates them, single quotes keep theirs, a backslash outside quotes keeps the next byte.
std::vector<std::string> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool quoted = false;
  bool escaped = false;
  for (char c : line) {
    if (escaped) {
      word.push_back(c);
      escaped = false;
    } else if (c == '\\' && !quoted) {
      escaped = true;
      in_word = true;
    } else if (c == '\'') {
      quoted = !quoted;
      in_word = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace

std::string ShellWord(std::string_view path) {
  bool plain = !path.empty();
  for (char c : path) plain = plain && IsPlainWordByte(c);
  if (plain) return std::string(path);
  std::string word = "'";
  for (char c : path) word += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return word + "'";
}

Result<std::vector<std::string>> TrainingDataOf(const std::string& model_path) {
  Result<std::string> bytes = ReadFile(model_path);
  if (!bytes.ok()) return bytes.status();
  // The header is the "# " lines before the first other line (match/model.h).
  for (std::string_view rest = *bytes; rest.starts_with("#");) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(1, newline == rest.npos ? rest.npos : newline - 1);
    rest.remove_prefix(newline == rest.npos ? rest.size() : newline + 1);
    const std::vector<std::string> words = SplitWords(line);
    if (words.size() < 3 || words[0] != "tidings" || words[1] != "topics" || words[2] != "train") {
      continue;
    }
    std::vector<std::string> data;
    bool in_data = false;
    for (const std::string& word : words) {
      if (word.starts_with("--")) {
        in_data = word == "--data";
      } else if (in_data) {
        data.push_back(word);
      }
    }
    if (!data.empty()) return data;
  }
  return NotFoundError(fmt::format("{} does not say what data it was trained from", model_path));
}

Result<std::string> ModelPathOf(const config::Config& config, const std::string& topic) {
  std::string model = match::IsBuiltinTopic(topic) ? "builtin" : "";
  for (const config::TopicConfig& t : config.topics) {
    if (t.name == topic) model = t.model;
  }
  if (model == "builtin") return match::FindBuiltinModel(topic);
  return model;
}

Result<std::string> FindTrainingData(const std::string& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) return path;
  if (std::filesystem::path(path).is_absolute()) {
    return NotFoundError(fmt::format("{} does not exist", path));
  }
  const std::string in_source =
      (std::filesystem::path(TIDINGS_SOURCE_DIR) / path).lexically_normal().string();
  if (std::filesystem::exists(in_source, error)) return in_source;
  return NotFoundError(
      fmt::format("{} is neither in the current directory nor at {}", path, in_source));
}

}  // namespace tidings::cli
