// `tidings match` (score JSON lines against a topic, no daemon or archive needed) and
// `tidings topics train` (build a topic model from labelled JSON lines). See docs/topics.md.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/topic_train_data.h"
#include "daemon/topic_set.h"
#include "match/builtin.h"
#include "match/model.h"
#include "match/text.h"
#include "match/train.h"
#include "storage/topics.h"

namespace tidings::cli {
namespace {

using nlohmann::json;

// Items whose id hashes below this (of 100) are held out of training; bench/topics_split.py
// computes the same split.
constexpr std::uint64_t kDefaultHoldoutPercent = 20;

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// FNV-1a (64-bit) of the id, percent: the deterministic held-out split.
std::uint64_t IdBucket(std::string_view id) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h % 100;
}

// The id of a JSON line as text (strings as they are, numbers printed), or empty.
std::string IdOf(const json& item) {
  const auto id = item.find("id");
  if (id == item.end()) return {};
  if (id->is_string()) return id->get<std::string>();
  if (id->is_number_integer()) return id->dump();
  return {};
}

std::string StringField(const json& item, const char* name) {
  const auto field = item.find(name);
  return field != item.end() && field->is_string() ? field->get<std::string>() : std::string();
}

// Reads `stream` line by line, calling `on_line(number, text)` for each non-blank line.
template <typename OnLine>
void ForEachLine(std::FILE* stream, OnLine on_line) {
  char* buffer = nullptr;
  std::size_t capacity = 0;
  std::size_t number = 0;
  for (ssize_t size; (size = ::getline(&buffer, &capacity, stream)) >= 0;) {
    ++number;
    std::string_view line(buffer, static_cast<std::size_t>(size));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    on_line(number, line);
  }
  std::free(buffer);  // allocated by getline()
}

// The topic as the daemon would score it: the config's definition (or the built-in one), with
// the archive's example items and `tidings mark` labels when there is an archive. Without one
// (or when it cannot be opened, which is said on stderr) a topic with example items given by id
// cannot be built and says so.
Result<std::shared_ptr<const daemon::TopicSet>> LoadTopic(const ArchiveOptions& options,
                                                          const std::string& topic) {
  Result<config::Config> config = LoadConfigFor(options);
  if (!config.ok()) return config.status();
  Result<std::unique_ptr<storage::Archive>> archive = OpenIfExists(config->database_path);
  if (!archive.ok()) {
    fmt::print(stderr, "tidings match: scoring without the archive's examples and labels: {}\n",
               archive.status().message());
  }
  std::vector<Status> skipped;
  Result<std::shared_ptr<const daemon::TopicSet>> topics =
      daemon::TopicSet::Load(*config, archive.ok() ? archive->get() : nullptr, &skipped);
  if (!topics.ok()) return topics.status();
  if ((*topics)->Find(topic) != nullptr) return topics;
  for (const Status& problem : skipped) {
    if (problem.message().starts_with("topic " + topic + ":")) return problem;
  }
  std::string known;
  for (const match::TopicMatcher& t : (*topics)->topics()) {
    known += (known.empty() ? "" : ", ") + t.definition().name;
  }
  return InvalidError(fmt::format("unknown topic '{}' (topics: {})", topic, known));
}

int RunMatch(const std::string& topic_name, const ArchiveOptions& options) {
  Result<std::shared_ptr<const daemon::TopicSet>> topics = LoadTopic(options, topic_name);
  if (!topics.ok()) return Fail(topics.status());
  const match::TopicMatcher& topic = *(*topics)->Find(topic_name);
  std::size_t failed = 0;
  std::string out;
  ForEachLine(stdin, [&](std::size_t number, std::string_view line) {
    const json item = json::parse(line, nullptr, false);
    const std::string id = item.is_object() ? IdOf(item) : std::string();
    if (id.empty()) {
      ++failed;
      fmt::print(stderr, "tidings match: line {}: {}\n", number,
                 item.is_discarded() ? "not valid JSON"
                 : item.is_object()  ? "no \"id\" (a string or an integer)"
                                     : "not a JSON object");
      return;
    }
    const match::TopicScore score =
        topic.Score(match::Analyze(StringField(item, "title"), StringField(item, "summary")));
    json result = {{"id", *item.find("id")},  // as given: a number stays a number
                   {"score", score.score},
                   {"matched", score.matched},
                   {"why", score.why}};
    out = Dump(result);
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
  });
  std::fflush(stdout);
  if (failed > 0) {
    fmt::print(stderr, "tidings match: {} line(s) not scored\n", failed);
    return 2;
  }
  return 0;
}

struct TrainArgs {
  std::string topic;
  std::vector<std::string> data;
  std::string out;
  std::string holdout_out;
  std::uint64_t holdout_percent = kDefaultHoldoutPercent;
  match::TrainOptions options;
  ArchiveOptions archive;  // where the user's `tidings mark` labels are
  bool no_labels = false;
};

// The user's judgements count more than one item of bulk data each: there are few of them and
// they say what this user means by the topic.
constexpr double kLabelWeight = 3.0;

// Adds the archive's labels for the topic; an absent archive simply has none. Returns how many.
Result<std::size_t> AddLabels(const TrainArgs& args, std::vector<match::LabelledText>* examples) {
  Result<std::string> path = ArchivePath(args.archive);
  if (!path.ok()) return path.status();
  if (!std::filesystem::exists(*path)) return std::size_t{0};
  Result<std::unique_ptr<storage::Archive>> archive =
      storage::Archive::Open(*path, storage::OpenMode::kReadOnly);
  if (!archive.ok()) return archive.status();
  Result<std::vector<storage::TopicLabel>> labels = storage::ListTopicLabels(**archive, args.topic);
  if (!labels.ok()) return labels.status();
  for (storage::TopicLabel& label : *labels) {
    examples->push_back(
        {std::move(label.title), std::move(label.text), label.relevant, kLabelWeight});
  }
  return labels->size();
}

// "en_train.jsonl" -> "en_heldout.jsonl"; other names get "_heldout" before the extension.
std::string HeldOutName(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (const auto dot = name.rfind(".jsonl"); dot != std::string::npos) name.resize(dot);
  if (name.size() > 6 && name.ends_with("_train")) name.resize(name.size() - 6);
  return name + "_heldout.jsonl";
}

// Reads labelled items from `path`: the training part into `examples`, the held-out part
// (raw lines) into `held_out`.
Status ReadExamples(const std::string& path, const TrainArgs& args,
                    std::vector<match::LabelledText>* examples, std::string* held_out) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  std::string label = args.topic;
  for (char& c : label) c = c == '-' ? '_' : c;
  std::size_t number = 0;
  for (std::string_view rest = *bytes; !rest.empty();) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == rest.npos ? rest.size() : newline + 1);
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const json item = json::parse(line, nullptr, false);
    const std::string id = item.is_object() ? IdOf(item) : std::string();
    const auto relevant = item.is_object() ? item.find(label) : item.end();
    if (id.empty() || relevant == item.end() || !relevant->is_boolean()) {
      return InvalidError(
          fmt::format("{}:{}: expected {{\"id\", \"title\", \"summary\", \"{}\": "
                      "true|false}}",
                      path, number, label));
    }
    if (IdBucket(id) < args.holdout_percent) {
      held_out->append(line).push_back('\n');
      continue;
    }
    // An optional "weight" lets a few hand-written items count more than the bulk data.
    const auto weight = item.find("weight");
    const double w = weight != item.end() && weight->is_number() ? weight->get<double>() : 1.0;
    if (!(w > 0 && w <= 100)) {
      return InvalidError(fmt::format("{}:{}: \"weight\" must be in (0, 100]", path, number));
    }
    examples->push_back(
        {StringField(item, "title"), StringField(item, "summary"), relevant->get<bool>(), w});
  }
  return Status::Ok();
}

// The command that rebuilds the model, for the model file's header.
std::string RebuildCommand(const TrainArgs& args) {
  std::string command = "tidings topics train " + args.topic;
  if (!args.data.empty()) command += " --data";
  for (const std::string& path : args.data) command += " " + ShellWord(path);
  if (args.holdout_percent != kDefaultHoldoutPercent) {
    command += fmt::format(" --holdout-percent {}", args.holdout_percent);
  }
  if (args.options.epochs > 0) command += fmt::format(" --epochs {}", args.options.epochs);
  if (args.options.l2 > 0) command += fmt::format(" --l2 {}", args.options.l2);
  if (args.options.min_count > 0) command += fmt::format(" --min-count {}", args.options.min_count);
  if (args.options.max_features > 0) {
    command += fmt::format(" --max-features {}", args.options.max_features);
  }
  if (args.options.seed != 1) command += fmt::format(" --seed {}", args.options.seed);
  if (args.no_labels) command += " --no-labels";
  return command + " --out " + ShellWord(args.out);
}

// With no --data, the topic is retrained from the data its current model was trained from (the
// model file's header names it): the base data plus the labels. Fills args->data, or fails
// saying which file is missing. A topic without a model has no base data: labels only.
Status UseBaseData(TrainArgs* args) {
  Result<config::Config> config = LoadConfigFor(args->archive);
  if (!config.ok()) return config.status();
  Result<std::string> model = ModelPathOf(*config, args->topic);
  if (!model.ok()) return model.status();
  if (model->empty()) {
    fmt::print("topic {} has no model to start from: training on the archive's labels only\n",
               args->topic);
    return Status::Ok();
  }
  Result<std::vector<std::string>> data = TrainingDataOf(*model);
  if (!data.ok()) {
    return InvalidError(
        fmt::format("{}; name the training data with --data FILE...", data.status().message()));
  }
  for (const std::string& path : *data) {
    Result<std::string> found = FindTrainingData(path);
    if (!found.ok()) {
      return NotFoundError(
          fmt::format("{} was trained from {}, and {}; name the training data with --data FILE...",
                      *model, path, found.status().message()));
    }
    args->data.push_back(*found);
  }
  fmt::print("base data, as {} was trained: {}\n", *model, fmt::join(args->data, " "));
  return Status::Ok();
}

int RunTrain(TrainArgs args) {
  if (args.holdout_percent > 99) return Fail(InvalidError("--holdout-percent must be 0..99"));
  // Training takes seconds: a folder that is not there is said before, not after.
  const std::filesystem::path out_folder = std::filesystem::path(args.out).parent_path();
  if (std::error_code e; !out_folder.empty() && !std::filesystem::is_directory(out_folder, e)) {
    return Fail(
        IOError(fmt::format("cannot write {}: no folder {}", args.out, out_folder.string())));
  }
  if (args.data.empty()) {
    if (Status s = UseBaseData(&args); !s.ok()) return Fail(s);
  }
  std::vector<match::LabelledText> examples;
  for (const std::string& path : args.data) {
    std::string held_out;
    if (Status s = ReadExamples(path, args, &examples, &held_out); !s.ok()) return Fail(s);
    if (args.holdout_out.empty()) continue;
    const std::string target = args.holdout_out + "/" + HeldOutName(path);
    if (Status s = WriteFileAtomically(target, held_out); !s.ok()) return Fail(s);
  }
  std::string summary;
  if (!args.no_labels) {
    Result<std::size_t> labels = AddLabels(args, &examples);
    if (!labels.ok()) return Fail(labels.status());
    summary += fmt::format("{} labels from the archive (`tidings mark`), weight {}\n", *labels,
                           kLabelWeight);
  }
  match::TrainReport report;
  Result<match::Model> model = match::Train(examples, args.options, &report);
  if (!model.ok()) {
    return Fail(Status(
        model.status().code(),
        fmt::format("{} (from {} labelled items)", model.status().message(), examples.size())));
  }
  for (const auto& l : report.languages) {
    summary +=
        fmt::format("{}: {} examples ({} relevant), {} features, cross-validated F1 {:.3f}\n",
                    match::LanguageCode(l.language), l.examples, l.relevant, l.features, l.cv_f1);
  }
  const std::string comment = fmt::format(
      "The {} topic model of tidings (docs/topics.md), trained on the items whose id is not in "
      "the held-out {}%.\n{}Rebuild from the source tree's root:\n  {}",
      args.topic, args.holdout_percent, summary, RebuildCommand(args));
  const std::string bytes = model->Serialize(comment);
  // Whole or not at all: --out may be the model a running daemon reloads.
  if (Status s = WriteFileAtomically(args.out, bytes); !s.ok()) return Fail(s);
  fmt::print("{}wrote {} ({} bytes)\n", summary, args.out, bytes.size());
  std::error_code error;
  fmt::print("to score {} with it: model = \"{}\" in its [[topic]] entry, then `tidings reload`\n",
             args.topic, std::filesystem::absolute(args.out, error).string());
  return 0;
}

}  // namespace

void AddTopicCommands(CLI::App& app, std::function<int()>& run) {
  // Owned by the callback: CLI11 writes into these after this function returns.
  struct MatchArgs {
    std::string topic;
    bool jsonl = false;
    ArchiveOptions archive;
  };
  auto match_args = std::make_shared<MatchArgs>();
  CLI::App* match_command =
      app.add_subcommand("match",
                         "Score JSON lines {\"id\",\"title\",\"summary\"} from stdin "
                         "against a topic; writes {\"id\",\"score\",\"matched\",\"why\"}");
  match_command
      ->add_option("--topic", match_args->topic,
                   "The topic: built-in sci-tech, or one from the config")
      ->required();
  match_command->add_flag("--jsonl", match_args->jsonl,
                          "Input and output are JSON lines (the only format)");
  match_command->add_option("--config", match_args->archive.config,
                            "The config file (default: as tidingsd finds it)");
  match_command->callback([&run, match_args] {
    run = [match_args] { return RunMatch(match_args->topic, match_args->archive); };
  });

  CLI::App* topics = app.add_subcommand("topics", "Topic models");
  topics->require_subcommand(1);
  auto args = std::make_shared<TrainArgs>();
  CLI::App* train = topics->add_subcommand("train", "Train a topic model from labelled items");
  train->add_option("topic", args->topic, "The topic (sci-tech)")->required();
  train->add_option(
      "--data", args->data,
      "JSON lines {\"id\",\"title\",\"summary\",\"<topic>\": true|false, \"weight\"?}, "
      "the topic's '-' written '_' (default: the data the topic's model was trained from)");
  train->add_flag("--no-labels", args->no_labels,
                  "Leave out the labels recorded with `tidings mark` (default: use them)");
  AddArchiveOptions(train, args->archive);
  train->add_option("--out", args->out, "The model file to write")->required();
  train->add_option("--holdout-out", args->holdout_out,
                    "Write the held-out items of each data file to this directory");
  train->add_option("--holdout-percent", args->holdout_percent,
                    "Percent of items (by a hash of their id) never trained on (default 20)");
  train->add_option("--epochs", args->options.epochs, "SGD passes (default 24)");
  train->add_option("--l2", args->options.l2, "L2 regularization (default 3e-5)");
  train->add_option("--min-count", args->options.min_count,
                    "Drop features seen in fewer items (default 2)");
  train->add_option("--max-features", args->options.max_features,
                    "Keep at most this many features per language (default 250000)");
  train->add_option("--seed", args->options.seed, "Shuffling seed (default 1)");
  train->callback([&run, args] { run = [args] { return RunTrain(*args); }; });
  AddTopicFeedbackCommands(app, topics, run);
  AddTopicListCommand(topics, run);
}

}  // namespace tidings::cli
