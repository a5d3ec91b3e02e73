# Shared set-up for scripts/run and scripts/test: installs the Debian packages that are missing,
# then configures and builds into build/<type>. Source it; it defines tidings_build.
set -euo pipefail

tidings_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Every library and tool the build, the tests and the benchmarks use, by Debian package name.
tidings_packages=(
  cmake make g++ clang pkg-config python3
  libpugixml-dev libicu-dev nlohmann-json3-dev libfmt-dev libcli11-dev catch2
  libsqlitecpp-dev libsqlite3-dev libtomlplusplus-dev
  libcurl4-openssl-dev libboost-dev libsystemd-dev zlib1g-dev
  libstemmer-dev libgumbo-dev libmimalloc-dev
)

tidings_install_deps() {
  local missing=()
  for p in "${tidings_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "tidings: installing missing Debian packages: ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# tidings_build NAME TYPE [extra cmake args...]: configures and builds into build/NAME, prints that folder.
# With TIDINGS_BUILD_TARGETS set ("tidingsd tidings"), builds only those targets.
tidings_build() {
  local dir="$tidings_root/build/$1" type="$2"; shift 2
  local werror=OFF targets=()
  [ "${CI:-}" = "true" ] && werror=ON
  [ -n "${TIDINGS_BUILD_TARGETS:-}" ] && read -r -a targets <<< "$TIDINGS_BUILD_TARGETS"
  cmake -S "$tidings_root" -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DTIDINGS_WERROR="$werror" "$@" >&2
  cmake --build "$dir" -j "$(nproc)" ${targets[@]+--target "${targets[@]}"} >&2
  echo "$dir"
}
