// [[digest]] entries: digests made on a schedule (docs/digest.md "Scheduled digests"). Times
// are local wall-clock times ("07:00"), checked here so that a typo is reported at its
// file:line:col instead of never firing.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/ascii.h"
#include "config/sections.h"
#include "match/builtin.h"

namespace tidings::config::internal {
namespace {

constexpr std::size_t kMaxNameBytes = 64;
constexpr std::size_t kMaxTextBytes = 1024;
constexpr std::size_t kMaxTimes = 48;
constexpr std::array<std::string_view, 5> kFormats = {"json", "markdown", "text", "html", "atom"};
constexpr std::array<std::string_view, 7> kDays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

DigestConfig& Digest(Reader& reader) { return reader.config().digests.back(); }

// A list of `element`s, or one `element` standing for a list of one.
template <typename ReadOne>
void ReadOneOrMany(const toml::node& value, Reader& reader, std::string_view example,
                   ReadOne read_one) {
  if (const toml::array* array = value.as_array()) {
    if (array->empty()) {
      reader.Fail(value.source().begin,
                  fmt::format("expected at least one value, such as {}", example));
    }
    for (const toml::node& element : *array) read_one(element);
  } else {
    read_one(value);
  }
}

void ReadName(const toml::node& value, Reader& reader) {
  std::string name;
  if (!ReadText(value, reader, kMaxNameBytes, name)) return;
  const bool valid = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (!valid) {
    reader.Fail(value.source().begin,
                fmt::format("bad digest name {}: use lower-case letters, digits, '-' and '_' "
                            "(it names files)",
                            Quote(name)));
    return;
  }
  Digest(reader).name = std::move(name);
}

// "HH:MM", 24-hour clock: minutes after midnight, or nullopt.
std::optional<int> ParseClock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

void ReadAt(const toml::node& value, Reader& reader) {
  std::vector<int>& at = Digest(reader).at;
  at.clear();
  ReadOneOrMany(value, reader, "\"07:00\"", [&](const toml::node& element) {
    const toml::value<std::string>* text = element.as_string();
    std::optional<int> minutes = text ? ParseClock(text->get()) : std::nullopt;
    if (!minutes) {
      reader.Fail(element.source().begin,
                  "expected a local time as \"HH:MM\" (24-hour clock), such as \"07:00\", got " +
                      Describe(element));
      return;
    }
    if (std::find(at.begin(), at.end(), *minutes) == at.end()) at.push_back(*minutes);
  });
  if (at.size() > kMaxTimes) {
    reader.Fail(value.source().begin, fmt::format("at most {} times a day", kMaxTimes));
  }
  std::sort(at.begin(), at.end());
}

void ReadDays(const toml::node& value, Reader& reader) {
  std::uint8_t days = 0;
  ReadOneOrMany(value, reader, "[\"mon\", \"fri\"]", [&](const toml::node& element) {
    const toml::value<std::string>* text = element.as_string();
    const std::string day = text ? AsciiLower(text->get()) : "";
    for (std::size_t i = 0; i < kDays.size(); ++i) {
      // "mon", "Monday", "MONDAY": the first three letters decide, the rest must be the name's.
      static constexpr std::array<std::string_view, 7> kFull = {
          "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
      if (day == kDays[i] || day == kFull[i]) {
        days = static_cast<std::uint8_t>(days | (1u << i));
        return;
      }
    }
    reader.Fail(
        element.source().begin,
        "expected a day of the week such as \"mon\" or \"saturday\", got " + Describe(element));
  });
  if (days != 0) Digest(reader).days = days;
}

void ReadTopicNames(const toml::node& value, Reader& reader) {
  std::vector<std::string>& topics = Digest(reader).topics;
  topics.clear();
  ReadOneOrMany(value, reader, "[\"sci-tech\"]", [&](const toml::node& element) {
    std::string topic;
    if (!ReadText(element, reader, kMaxNameBytes, topic)) return;
    if (std::find(topics.begin(), topics.end(), topic) == topics.end()) {
      topics.push_back(std::move(topic));
    }
  });
}

void ReadWindow(const toml::node& value, Reader& reader) {
  ReadDuration(value, reader, Digest(reader).window);
}

void ReadFormats(const toml::node& value, Reader& reader) {
  std::vector<std::string>& formats = Digest(reader).formats;
  formats.clear();
  ReadOneOrMany(value, reader, "[\"html\", \"markdown\"]", [&](const toml::node& element) {
    std::size_t choice = 0;
    if (!ReadChoice(element, reader, kFormats, choice)) return;
    std::string format(kFormats[choice]);
    if (std::find(formats.begin(), formats.end(), format) == formats.end()) {
      formats.push_back(std::move(format));
    }
  });
}

void ReadLimit(const toml::node& value, Reader& reader) {
  ReadInteger(value, reader, 1, 1000, Digest(reader).limit);
}

void ReadKeep(const toml::node& value, Reader& reader) {
  ReadInteger(value, reader, 0, 100000, Digest(reader).keep);
}

// A string runs through /bin/sh (so "sendmail -t" works as written); an array is the argv.
void ReadCommand(const toml::node& value, Reader& reader) {
  std::vector<std::string> argv;
  if (value.is_string()) {
    std::string line;
    if (!ReadText(value, reader, kMaxTextBytes, line)) return;
    argv = {"/bin/sh", "-c", std::move(line)};
  } else if (const toml::array* array = value.as_array(); array && !array->empty()) {
    for (const toml::node& element : *array) {
      std::string arg;
      if (!ReadText(element, reader, kMaxTextBytes, arg)) return;
      argv.push_back(std::move(arg));
    }
    if (!argv.front().starts_with('/')) {
      reader.Fail(array->front().source().begin,
                  "the program of a command array must be an absolute path, got " +
                      Describe(array->front()) + " (a string command runs through /bin/sh)");
      return;
    }
  } else {
    reader.Fail(value.source().begin,
                "expected a command line such as \"/usr/sbin/sendmail -t\" or an array such as "
                "[\"/usr/bin/msmtp\", \"-t\"], got " +
                    Describe(value));
    return;
  }
  Digest(reader).command = std::move(argv);
}

void ReadMailFrom(const toml::node& value, Reader& reader) {
  ReadText(value, reader, kMaxTextBytes, Digest(reader).mail_from);
}

void ReadMailTo(const toml::node& value, Reader& reader) {
  std::string to;
  if (!ReadText(value, reader, kMaxTextBytes, to)) return;
  if (to.find('@') == std::string::npos) {
    reader.Fail(value.source().begin,
                "expected one or more e-mail addresses, such as \"me@example.org\", got " +
                    Describe(value));
    return;
  }
  Digest(reader).mail_to = std::move(to);
}

void ReadSubject(const toml::node& value, Reader& reader) {
  ReadText(value, reader, kMaxTextBytes, Digest(reader).subject);
}

void ReadSendEmpty(const toml::node& value, Reader& reader) {
  ReadBool(value, reader, Digest(reader).send_empty);
}

void ReadDigestEnabled(const toml::node& value, Reader& reader) {
  ReadBool(value, reader, Digest(reader).enabled);
}

constexpr Key kDigestKeys[] = {
    {"name", ReadName},
    {"at", ReadAt},
    {"days", ReadDays},
    {"topics", ReadTopicNames},
    {"window", ReadWindow},
    {"formats", ReadFormats},
    {"limit", ReadLimit},
    {"keep", ReadKeep},
    {"command", ReadCommand},
    {"mail_from", ReadMailFrom},
    {"mail_to", ReadMailTo},
    {"subject", ReadSubject},
    {"send_empty", ReadSendEmpty},
    {"enabled", ReadDigestEnabled},
};

void ReadDigest(const toml::table& table, Reader& reader) {
  {
    DigestConfig& digest = reader.config().digests.emplace_back();
    digest.defined_in = reader.file();
    digest.line = static_cast<int>(table.source().begin.line);
  }
  ReadKeys(table, kDigestKeys, "[[digest]]", "", reader);
  if (table.get("name") == nullptr) {
    reader.Fail(table.source().begin, "this [[digest]] has no name");
    return;
  }
  if (table.get("at") == nullptr) {
    reader.Fail(table.source().begin,
                "this [[digest]] has no time: add at = \"07:00\" (local time; a list for several)");
  }
  const DigestConfig& digest = Digest(reader);
  if (table.get("command") != nullptr && table.get("mail_to") == nullptr) {
    reader.Fail(table.get("command")->source().begin,
                "a digest with a command is sent as an e-mail message: add mail_to = "
                "\"you@example.org\"");
  }
  if (digest.name.empty()) return;  // reported by ReadName
  const std::string key = "digest " + digest.name;
  if (const Origin* first = reader.Recall(key)) {
    reader.Fail(table.get("name")->source().begin,
                fmt::format("duplicate digest {}: already defined at {}", Quote(digest.name),
                            Where(*first)));
    return;
  }
  reader.Remember(key, table.get("name")->source().begin);
  if (const toml::node* topics = table.get("topics")) {
    reader.Remember(key + ".topics", topics->source().begin);
  }
}

}  // namespace

void ReadDigests(const toml::node& value, Reader& reader) {
  const toml::array* digests = value.as_array();
  if (digests == nullptr) {
    reader.Fail(value.source().begin,
                "expected a list of digests: write [[digest]] (double brackets) before each one, "
                "got " +
                    Describe(value));
    return;
  }
  for (const toml::node& element : *digests) {
    if (const toml::table* table = element.as_table()) {
      ReadDigest(*table, reader);
    } else {
      reader.Fail(element.source().begin,
                  "expected a digest as a table such as { name = \"morning\", at = \"07:00\" }, "
                  "got " +
                      Describe(element));
    }
  }
}

void CheckDigestTopics(Reader& reader) {
  const Config& config = reader.config();
  for (const DigestConfig& digest : config.digests) {
    for (const std::string& topic : digest.topics) {
      auto configured = std::find_if(config.topics.begin(), config.topics.end(),
                                     [&](const TopicConfig& t) { return t.name == topic; });
      const bool known =
          configured != config.topics.end() ? configured->enabled : match::IsBuiltinTopic(topic);
      if (known) continue;
      if (const Origin* at = reader.Recall("digest " + digest.name + ".topics")) {
        reader.Fail(*at, fmt::format("digest {}: no enabled [[topic]] is named {} (built-in: "
                                     "sci-tech)",
                                     Quote(digest.name), Quote(topic)));
      }
    }
  }
}

}  // namespace tidings::config::internal
