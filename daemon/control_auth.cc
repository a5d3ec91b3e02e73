#include "daemon/control_auth.h"

#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace tidings::daemon {

Result<PeerCredentials> ReadPeerCredentials(int fd) {
  ucred credentials{};
  socklen_t size = sizeof credentials;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) {
    return IOError(fmt::format("SO_PEERCRED: {}", std::strerror(errno)));
  }
  return PeerCredentials{credentials.pid, credentials.uid, credentials.gid};
}

AuthPolicy::AuthPolicy(uid_t daemon_uid, std::optional<gid_t> control_gid, GroupsOf groups_of)
    : daemon_uid_(daemon_uid),
      control_gid_(control_gid),
      groups_of_(groups_of ? std::move(groups_of) : GroupsOf(GroupsFromDatabase)) {}

Result<AuthPolicy> AuthPolicy::ForDaemon(const std::string& control_group) {
  std::optional<gid_t> gid;
  if (!control_group.empty()) {
    Result<gid_t> found = LookUpGroup(control_group);
    if (!found.ok()) return found.status();
    gid = *found;
  }
  return AuthPolicy(geteuid(), gid);
}

bool AuthPolicy::MayChangeState(const PeerCredentials& peer) const {
  if (peer.uid == 0 || peer.uid == daemon_uid_) return true;
  if (!control_gid_) return false;
  if (peer.gid == *control_gid_) return true;
  std::vector<gid_t> groups = groups_of_(peer.uid, peer.gid);
  return std::find(groups.begin(), groups.end(), *control_gid_) != groups.end();
}

std::vector<gid_t> GroupsFromDatabase(uid_t uid, gid_t gid) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return {gid};
  }
  int count = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  while (getgrouplist(entry.pw_name, gid, groups.data(), &count) < 0) {
    if (count <= static_cast<int>(groups.size()) || count > 65536) return {gid};
    groups.resize(static_cast<std::size_t>(count));
  }
  groups.resize(static_cast<std::size_t>(count));
  return groups;
}

Result<gid_t> LookUpGroup(const std::string& name) {
  std::vector<char> buffer(16384);
  group entry{};
  group* found = nullptr;
  int error = getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (error != 0 || found == nullptr) {
    return NotFoundError(fmt::format("control_group \"{}\": no such group", name));
  }
  return entry.gr_gid;
}

}  // namespace tidings::daemon
