// [[topic]] entries: the topics items are matched against (docs/topics.md). Rule expressions are
// parsed here with the matcher's own parser, so a malformed rule is reported at its file:line:col
// by `tidings check-config` instead of failing when the daemon starts scoring.
#include <fmt/format.h>

#include <algorithm>

#include "config/sections.h"
#include "match/builtin.h"
#include "match/rules.h"

namespace tidings::config::internal {
namespace {

constexpr std::size_t kMaxNameBytes = 64;
constexpr std::size_t kMaxDescriptionBytes = 1024;
constexpr std::size_t kMaxRuleBytes = 4096;
constexpr std::size_t kMaxRules = 256;

TopicConfig& Topic(Reader& reader) { return reader.config().topics.back(); }

bool ValidName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameBytes &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

void ReadName(const toml::node& value, Reader& reader) {
  std::string name;
  if (!ReadText(value, reader, kMaxNameBytes, name)) return;
  if (!ValidName(name)) {
    reader.Fail(
        value.source().begin,
        fmt::format("bad topic name {}: use lower-case letters, digits, '-' and '_'", Quote(name)));
    return;
  }
  Topic(reader).name = std::move(name);
}

void ReadDescription(const toml::node& value, Reader& reader) {
  ReadText(value, reader, kMaxDescriptionBytes, Topic(reader).description);
}

void ReadThreshold(const toml::node& value, Reader& reader) {
  std::optional<double> number = value.value<double>();
  if (!number || !(*number > 0.0 && *number < 1.0)) {
    reader.Fail(
        value.source().begin,
        "expected a threshold between 0 and 1 (exclusive), such as 0.5, got " + Describe(value));
    return;
  }
  Topic(reader).threshold = *number;
}

void ReadModel(const toml::node& value, Reader& reader) {
  const toml::value<std::string>* text = value.as_string();
  if (text != nullptr && text->get() == "builtin") {
    Topic(reader).model = "builtin";
    return;
  }
  ReadFilePath(value, reader, Topic(reader).model);
}

void ReadTopicEnabled(const toml::node& value, Reader& reader) {
  ReadBool(value, reader, Topic(reader).enabled);
}

// Where byte `offset` of a string value is, given where the value starts (at its opening quote).
Origin OriginInString(const Origin& start, std::string_view text, std::size_t offset) {
  Origin at = start;
  offset = std::min(offset, text.size());
  const std::size_t newline = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  if (newline == std::string_view::npos || newline >= offset) {
    at.column += 1 + static_cast<int>(offset);  // past the opening quote
  } else {
    at.line +=
        static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    at.column = static_cast<int>(offset - newline);
  }
  return at;
}

// One rule: { match = "...", weight = 2.0 } | { require = "..." } | { veto = "..." }.
void ReadRule(const toml::table& table, Reader& reader) {
  constexpr std::string_view kKinds[] = {"match", "require", "veto"};
  TopicRuleConfig rule;
  const toml::node* expression = nullptr;
  for (const auto& [key, value] : table) {
    auto kind = std::find(std::begin(kKinds), std::end(kKinds), key.str());
    if (kind != std::end(kKinds)) {
      if (expression != nullptr) {
        reader.Fail(key.source().begin, "a rule has one of match, require or veto, not several");
        return;
      }
      expression = &value;
      rule.kind = static_cast<TopicRuleConfig::Kind>(kind - std::begin(kKinds));
    } else if (key.str() == "weight") {
      std::optional<double> weight = value.value<double>();
      if (!weight || !(*weight >= -20.0 && *weight <= 20.0)) {
        reader.Fail(value.source().begin,
                    "expected a weight between -20 and 20, such as 1.5, got " + Describe(value));
        return;
      }
      rule.weight = *weight;
    } else {
      reader.Fail(key.source().begin,
                  fmt::format("unknown rule key {} (a rule has match, require or veto, and "
                              "weight)",
                              Quote(key.str())));
      return;
    }
  }
  if (expression == nullptr) {
    reader.Fail(table.source().begin, "this rule has no match, require or veto expression");
    return;
  }
  if (!ReadText(*expression, reader, kMaxRuleBytes, rule.expression)) return;
  const Origin start = reader.Here(expression->source().begin);
  match::Rule parsed;
  match::RuleError error;
  if (!match::Rule::Parse(rule.expression, &parsed, &error)) {
    reader.Fail(OriginInString(start, rule.expression, error.offset),
                fmt::format("bad rule {}: {}", Quote(rule.expression), error.message));
    return;
  }
  rule.line = start.line;
  rule.column = start.column;
  Topic(reader).rules.push_back(std::move(rule));
}

void ReadRules(const toml::node& value, Reader& reader) {
  const toml::array* rules = value.as_array();
  if (rules == nullptr) {
    reader.Fail(value.source().begin,
                "expected a list of rules such as [{ match = \"robot*\", weight = 2 }], got " +
                    Describe(value));
    return;
  }
  if (rules->size() > kMaxRules) {
    reader.Fail(value.source().begin, fmt::format("at most {} rules per topic", kMaxRules));
    return;
  }
  for (const toml::node& element : *rules) {
    if (const toml::table* table = element.as_table()) {
      ReadRule(*table, reader);
    } else {
      reader.Fail(
          element.source().begin,
          "expected a rule as a table such as { match = \"robot*\" }, got " + Describe(element));
    }
  }
}

// One set of examples: { file = "space.jsonl", relevant = true } | { items = [12, 40] }.
void ReadExampleSet(const toml::table& table, Reader& reader) {
  TopicExamplesConfig examples;
  bool ok = true;
  for (const auto& [key, value] : table) {
    if (key.str() == "file") {
      ok = ReadFilePath(value, reader, examples.file) && ok;
    } else if (key.str() == "relevant") {
      ok = ReadBool(value, reader, examples.relevant) && ok;
    } else if (key.str() == "items") {
      const toml::array* ids = value.as_array();
      if (ids == nullptr) {
        reader.Fail(value.source().begin, "expected a list of item ids, got " + Describe(value));
        return;
      }
      for (const toml::node& id : *ids) {
        std::int64_t n = 0;
        if (ReadInteger(id, reader, 1, INT64_MAX, n)) examples.items.push_back(n);
      }
    } else {
      reader.Fail(key.source().begin,
                  fmt::format("unknown example key {} (examples have file or items, and relevant)",
                              Quote(key.str())));
      return;
    }
  }
  if (examples.file.empty() == examples.items.empty()) {
    if (ok) {
      reader.Fail(table.source().begin, "an example set has either a file or items, not both");
    }
    return;
  }
  if (ok) Topic(reader).examples.push_back(std::move(examples));
}

void ReadExamples(const toml::node& value, Reader& reader) {
  const toml::array* sets = value.as_array();
  if (sets == nullptr) {
    reader.Fail(value.source().begin,
                "expected a list such as [{ file = \"space.jsonl\", relevant = true }], got " +
                    Describe(value));
    return;
  }
  for (const toml::node& element : *sets) {
    if (const toml::table* table = element.as_table()) {
      ReadExampleSet(*table, reader);
    } else {
      reader.Fail(
          element.source().begin,
          "expected examples as a table such as { items = [12] }, got " + Describe(element));
    }
  }
}

constexpr Key kTopicKeys[] = {
    {"name", ReadName},
    {"description", ReadDescription},
    {"threshold", ReadThreshold},
    {"model", ReadModel},
    {"rules", ReadRules},
    {"examples", ReadExamples},
    {"enabled", ReadTopicEnabled},
};

void ReadTopic(const toml::table& table, Reader& reader) {
  {
    TopicConfig& topic = reader.config().topics.emplace_back();
    topic.defined_in = reader.file();
    topic.line = static_cast<int>(table.source().begin.line);
  }
  const std::size_t problems_before = reader.problem_count();
  ReadKeys(table, kTopicKeys, "[[topic]]", "", reader);
  if (table.get("name") == nullptr) {
    reader.Fail(table.source().begin, "this [[topic]] has no name");
    return;
  }
  TopicConfig& topic = Topic(reader);
  if (topic.name.empty()) return;  // reported by ReadName
  // A topic that redefines a built-in one keeps its model unless it names another.
  if (table.get("model") == nullptr && match::IsBuiltinTopic(topic.name)) topic.model = "builtin";
  if (topic.model == "builtin" && !match::IsBuiltinTopic(topic.name)) {
    reader.Fail(table.get("model")->source().begin,
                fmt::format("there is no built-in model for topic {} (built-in: sci-tech); give "
                            "the path of a model file",
                            Quote(topic.name)));
  }
  // Only when nothing was wrong inside: a rule that failed to parse is the problem to report.
  if (topic.model.empty() && topic.rules.empty() && topic.examples.empty() &&
      reader.problem_count() == problems_before) {
    reader.Fail(table.source().begin,
                fmt::format("topic {} has no model, rules or examples: it could never match",
                            Quote(topic.name)));
  }
  const std::string key = "topic " + topic.name;
  if (const Origin* first = reader.Recall(key)) {
    reader.Fail(
        table.get("name")->source().begin,
        fmt::format("duplicate topic {}: already defined at {}", Quote(topic.name), Where(*first)));
    return;
  }
  reader.Remember(key, table.get("name")->source().begin);
}

}  // namespace

void ReadTopics(const toml::node& value, Reader& reader) {
  const toml::array* topics = value.as_array();
  if (topics == nullptr) {
    reader.Fail(value.source().begin,
                "expected a list of topics: write [[topic]] (double brackets) before each one, "
                "got " +
                    Describe(value));
    return;
  }
  for (const toml::node& element : *topics) {
    if (const toml::table* table = element.as_table()) {
      ReadTopic(*table, reader);
    } else {
      reader.Fail(
          element.source().begin,
          "expected a topic as a table such as { name = \"space\" }, got " + Describe(element));
    }
  }
}

}  // namespace tidings::config::internal
