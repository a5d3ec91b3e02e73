// tidings digest | status | reload: the commands that talk to the running daemon over its control
// socket (docs/api.md). `digest --offline` builds the digest from the archive in this process,
// through the same code the daemon's /v1/digest runs.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "daemon/api.h"
#include "daemon/control_client.h"

namespace tidings::cli {
namespace {

using Json = nlohmann::json;

struct DaemonArgs {
  ArchiveOptions archive;
  std::string socket;  // --socket: overrides the config's control_socket
  // digest
  std::vector<std::string> topics;
  std::string since = "24h", until, format = "text";
  int limit = 50;
  bool offline = false;
};

Result<std::string> SocketPath(const DaemonArgs& args) {
  if (!args.socket.empty()) return args.socket;
  Result<config::Config> config = LoadConfigFor(args.archive);
  if (!config.ok()) return config.status();
  return config->control_socket;
}

// One request to the daemon; prints why on failure (nullopt).
std::optional<daemon::ControlReply> Ask(const DaemonArgs& args, std::string_view method,
                                        const std::string& target, int& exit_code) {
  exit_code = 1;
  Result<std::string> socket = SocketPath(args);
  if (!socket.ok()) {
    exit_code = Fail(socket.status());
    return std::nullopt;
  }
  Result<daemon::ControlReply> reply = daemon::CallDaemon(*socket, method, target);
  if (!reply.ok()) {
    if (daemon::IsNotRunning(reply.status())) {
      fmt::print(stderr, "tidings: {}; start it with `systemctl start tidings` or `tidingsd`\n",
                 reply.status().message());
    } else {
      Fail(reply.status());
    }
    return std::nullopt;
  }
  if (reply->status >= 400) {
    Json json = Json::parse(reply->body, nullptr, false);
    std::string message = json.is_object() && json.contains("error") && json["error"].is_string()
                              ? json["error"].get<std::string>()
                              : reply->body;
    fmt::print(stderr, "tidings: the daemon says: {} (HTTP {})\n", message, reply->status);
    exit_code = reply->status == 400 ? 2 : 1;
    return std::nullopt;
  }
  exit_code = 0;
  return std::move(*reply);
}

std::string DigestQuery(const DaemonArgs& args) {
  std::string query = "format=" + daemon::QueryEscape(args.format) +
                      "&since=" + daemon::QueryEscape(args.since) +
                      "&limit=" + std::to_string(args.limit);
  if (!args.until.empty()) query += "&until=" + daemon::QueryEscape(args.until);
  for (const std::string& topic : args.topics) query += "&topic=" + daemon::QueryEscape(topic);
  return query;
}

int RunDigest(const DaemonArgs& args) {
  if (args.offline) {
    auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
    if (!archive) return 1;
    daemon::api::Request request;
    if (Status parsed = daemon::api::ParseTarget("/v1/digest?" + DigestQuery(args), request);
        !parsed.ok()) {
      return Fail(parsed);
    }
    daemon::api::Response response = daemon::api::HandleDigest(request, *archive, Now());
    if (response.status != 200) {
      Json json = Json::parse(response.body, nullptr, false);
      fmt::print(stderr, "tidings: {}\n",
                 json.is_object() ? json.value("error", response.body) : response.body);
      return response.status == 400 ? 2 : 1;
    }
    std::fputs(response.body.c_str(), stdout);
    return 0;
  }
  int exit_code = 0;
  auto reply = Ask(args, "GET", "/v1/digest?" + DigestQuery(args), exit_code);
  if (reply) std::fputs(reply->body.c_str(), stdout);
  return exit_code;
}

std::string Field(const Json& json, const char* key) {
  return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : "never";
}

int RunStatus(const DaemonArgs& args) {
  int exit_code = 0;
  auto reply = Ask(args, "GET", "/v1/status", exit_code);
  if (!reply) return exit_code;
  if (args.archive.json) {
    std::fputs(reply->body.c_str(), stdout);
    return 0;
  }
  Json status = Json::parse(reply->body, nullptr, false);
  if (!status.is_object()) return Fail(IOError("the daemon's status is not JSON"));
  const Json& d = status["daemon"];
  const Json& feeds = status["feeds"];
  const Json& polls = status["polls"];
  fmt::print("tidingsd is running: pid {}, up {}s, archive {}\n", d.value("pid", 0),
             d.value("uptime_seconds", 0), d.value("archive", ""));
  fmt::print("feeds: {} ({} failing, {} disabled)\n", feeds.value("total", 0),
             feeds.value("failing", 0), feeds.value("disabled", 0));
  fmt::print(
      "polls: {} fetched, {} not modified, {} failed, {} in flight; last success {}; "
      "next {}\n",
      polls.value("fetched", 0), polls.value("not_modified", 0), polls.value("failed", 0),
      polls.value("in_flight", 0), Field(polls, "last_success"), Field(polls, "next"));
  fmt::print("items added since start: {}\n", status["items"].value("added_since_start", 0));
  if (status.contains("digests") && status["digests"].is_array()) {
    for (const Json& digest : status["digests"]) {
      const Json& error = digest["last_error"];
      fmt::print("digest {}: next {}, last {}{}{}\n", digest.value("name", ""),
                 Field(digest, "next_run"), Field(digest, "last_run"),
                 digest.value("running", false) ? " (running now)" : "",
                 error.is_string() ? "; last run failed: " + error.get<std::string>() : "");
    }
  }
  return 0;
}

int RunReload(const DaemonArgs& args) {
  int exit_code = 0;
  auto reply = Ask(args, "POST", "/v1/reload", exit_code);
  if (reply) fmt::print("tidingsd reloaded its config\n");
  return exit_code;
}

void AddCommon(CLI::App* command, DaemonArgs& args) {
  command->add_option("--config", args.archive.config,
                      "The config file naming the control socket (default: as tidingsd finds it)");
  command->add_option("--socket", args.socket, "The control socket (default: from the config)");
}

}  // namespace

void AddDaemonCommands(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<DaemonArgs>();
  CLI::App* digest = app.add_subcommand("digest", "Print a digest of the matched items");
  AddCommon(digest, *args);
  digest->add_option("--db", args->archive.db, "With --offline: the archive file");
  digest->add_option("--topic", args->topics, "Only this topic (repeatable; default: all)");
  digest->add_option("--since", args->since, "Window start: 24h, 7d, a date or RFC 3339 time")
      ->capture_default_str();
  digest->add_option("--until", args->until, "Window end (default: now)");
  digest->add_option("--limit", args->limit, "At most this many entries (1-1000)")
      ->capture_default_str();
  digest->add_option("--format", args->format, "text, markdown, html, json or atom")
      ->capture_default_str();
  digest->add_flag("--offline", args->offline,
                   "Build it from the archive here instead of asking the daemon");
  digest->callback([&run, args] { run = [args] { return RunDigest(*args); }; });

  CLI::App* status = app.add_subcommand("status", "Ask the running daemon how it is doing");
  AddCommon(status, *args);
  status->add_flag("--json", args->archive.json, "Print the daemon's JSON as is");
  status->callback([&run, args] { run = [args] { return RunStatus(*args); }; });

  CLI::App* reload = app.add_subcommand("reload", "Make the running daemon reread its config");
  AddCommon(reload, *args);
  reload->callback([&run, args] { run = [args] { return RunReload(*args); }; });
}

}  // namespace tidings::cli
