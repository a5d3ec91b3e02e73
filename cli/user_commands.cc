// tidings star / unstar / label / note: what the user keeps. These write to the archive (safe while
// the daemon runs: SQLite serialises the writers).
#include <fmt/format.h>

#include <memory>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "storage/user_state.h"

namespace tidings::cli {
namespace {

struct UserArgs {
  ArchiveOptions archive;
  std::int64_t id = 0;
  std::string text;  // label name or note
  bool remove = false;
};

using Action = Status (*)(storage::Archive&, const UserArgs&);

int RunUserAction(const UserArgs& args, Action action) {
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadWrite);
  if (!archive) return 1;
  Status status = action(*archive, args);
  return status.ok() ? 0 : Fail(status);
}

CLI::App* AddUserCommand(CLI::App& app, std::function<int()>& run, const char* name,
                         const char* help, Action action, std::shared_ptr<UserArgs> args) {
  CLI::App* command = app.add_subcommand(name, help);
  command->add_option("id", args->id, "The item's id")->required();
  AddArchiveOptions(command, args->archive);
  command->callback(
      [&run, args, action] { run = [args, action] { return RunUserAction(*args, action); }; });
  return command;
}

}  // namespace

void AddUserCommands(CLI::App& app, std::function<int()>& run) {
  AddUserCommand(
      app, run, "star", "Star an item (starred items are never pruned)",
      [](storage::Archive& a, const UserArgs& args) {
        return storage::SetStarred(a, args.id, true, Now());
      },
      std::make_shared<UserArgs>());
  AddUserCommand(
      app, run, "unstar", "Remove an item's star",
      [](storage::Archive& a, const UserArgs& args) {
        return storage::SetStarred(a, args.id, false, Now());
      },
      std::make_shared<UserArgs>());

  auto label_args = std::make_shared<UserArgs>();
  CLI::App* label = AddUserCommand(
      app, run, "label", "Label an item (labelled items are never pruned)",
      [](storage::Archive& a, const UserArgs& args) {
        return args.remove ? storage::RemoveLabel(a, args.id, args.text)
                           : storage::AddLabel(a, args.id, args.text, Now());
      },
      label_args);
  label->add_option("name", label_args->text, "The label")->required();
  label->add_flag("--remove", label_args->remove, "Remove the label instead");

  auto note_args = std::make_shared<UserArgs>();
  CLI::App* note = AddUserCommand(
      app, run, "note", "Attach a note to an item (\"\" removes it)",
      [](storage::Archive& a, const UserArgs& args) {
        return storage::SetNote(a, args.id, args.text, Now());
      },
      note_args);
  note->add_option("text", note_args->text, "The note")->required();
}

}  // namespace tidings::cli
