// Helpers shared by the config tests: environment variables, the working directory and
// temporary folders that are restored or removed at the end of a test, and the messages of a
// config text that must fail.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"

namespace config_test {

namespace fs = std::filesystem;

// Sets (or unsets, with nullopt) an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// The environment of a user "reader" with no systemd or XDG variables set, so that the
// defaults are predictable: state in /home/reader/.local/state/tidings.
class PlainEnvironment {
 public:
  PlainEnvironment()
      : home_("HOME", "/home/reader"),
        state_("STATE_DIRECTORY", std::nullopt),
        state_home_("XDG_STATE_HOME", std::nullopt),
        runtime_("RUNTIME_DIRECTORY", std::nullopt) {}

 private:
  ScopedEnv home_, state_, state_home_, runtime_;
};

// A fresh folder, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tidings-config-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, ignored);
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }

 private:
  fs::path path_;
};

// Changes the working directory for the life of the object.
class ScopedCwd {
 public:
  explicit ScopedCwd(const fs::path& folder) : old_(fs::current_path()) {
    fs::current_path(folder);
  }
  ScopedCwd(const ScopedCwd&) = delete;
  ScopedCwd& operator=(const ScopedCwd&) = delete;
  ~ScopedCwd() {
    std::error_code ignored;
    fs::current_path(old_, ignored);
  }

 private:
  fs::path old_;
};

inline std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The message of a config text that must fail with kInvalid.
inline std::string InvalidMessage(std::string_view text,
                                  const std::string& source = "/etc/t.toml") {
  tidings::Result<tidings::config::Config> config = tidings::config::Parse(text, source);
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == tidings::StatusCode::kInvalid);
  return config.status().message();
}

// Every problem of a file, as check-config prints them.
inline std::vector<std::string> AllProblems(const std::string& path) {
  std::vector<std::string> lines;
  for (const tidings::config::Problem& problem : tidings::config::Check(path).problems) {
    lines.push_back(problem.ToString());
  }
  return lines;
}

// A parsed config text that must be valid.
inline tidings::config::Config Valid(std::string_view text,
                                     const std::string& source = "/etc/tidings/tidings.toml") {
  tidings::Result<tidings::config::Config> config = tidings::config::Parse(text, source);
  INFO(config.status().message());
  REQUIRE(config.ok());
  return std::move(*config);
}

}  // namespace config_test
