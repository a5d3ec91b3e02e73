// Who may change the daemon's state through the control socket.
//
//   Result<AuthPolicy> policy = AuthPolicy::ForDaemon(config.control_group);
//   PeerCredentials peer = ...;                   // SO_PEERCRED of the connection
//   if (!policy->MayChangeState(peer)) -> 403
//
// Reading (digests, items, search, status, metrics, events) is open to whoever can connect: the
// socket file's mode (0660) and group already decide that. Changing state (poll, reload, marking
// items) is for root, the daemon's own user, and members of the configured control group. The
// peer's credentials come from the kernel (SO_PEERCRED), never from the request. Membership counts
// the peer's primary group (from SO_PEERCRED) and the supplementary groups the group database
// lists for the peer's user (the kernel does not hand those over a socket).
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace tidings::daemon {

struct PeerCredentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};

// SO_PEERCRED of a connected AF_UNIX socket; kIO if the kernel would not say.
Result<PeerCredentials> ReadPeerCredentials(int fd);

class AuthPolicy {
 public:
  // Supplementary groups of a user (uid, primary gid); a seam for tests.
  using GroupsOf = std::function<std::vector<gid_t>(uid_t, gid_t)>;

  // `daemon_uid`: our own uid; `control_gid`: the group allowed to change state, if any.
  AuthPolicy(uid_t daemon_uid, std::optional<gid_t> control_gid, GroupsOf groups_of = {});

  // The policy for this process and the [daemon] control_group of the config ("" = none).
  // kNotFound when the group does not exist.
  static Result<AuthPolicy> ForDaemon(const std::string& control_group);

  bool MayChangeState(const PeerCredentials& peer) const;

  std::optional<gid_t> control_gid() const { return control_gid_; }

 private:
  uid_t daemon_uid_;
  std::optional<gid_t> control_gid_;
  GroupsOf groups_of_;
};

// The supplementary groups of user `uid` from the group database (getgrouplist), `gid` included;
// just {gid} for a uid the user database does not know.
std::vector<gid_t> GroupsFromDatabase(uid_t uid, gid_t gid);

// The gid of group `name` (getgrnam_r); kNotFound when there is none.
Result<gid_t> LookUpGroup(const std::string& name);

}  // namespace tidings::daemon
