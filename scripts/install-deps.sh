#!/usr/bin/env bash
# Installs the Debian 12 packages kinlink needs to build, test, benchmark and run its demo.
# Idempotent: when every package is already installed it does not touch apt at all.
# Usage: scripts/install-deps.sh            (as root, or with sudo available)
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build make pkg-config git
  # libraries
  libcli11-dev nlohmann-json3-dev libfmt-dev libtomlplusplus-dev
  libsqlite3-dev libsodium-dev libutf8proc-dev libicu-dev libcpp-httplib-dev
  # the web dashboard's build and browser tests (front-end packages come from npm: web/)
  nodejs chromium
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 python3-simpy3 wrk
  # format and lint
  clang-format clang-tidy
)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

# Debian's nodejs ships npm separately; a nodejs from elsewhere may already bundle it.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

# The dashboard's front-end packages (web/package-lock.json) come from npm at set-up; skipped
# when web/node_modules is already at the lock file's state.
install_web_packages() {
  local web_dir
  web_dir="$(cd "$(dirname "$0")/.." && pwd)/web"
  [[ -f "$web_dir/package-lock.json" ]] || return 0
  if [[ -f "$web_dir/node_modules/.package-lock.json" &&
        "$web_dir/node_modules/.package-lock.json" -nt "$web_dir/package-lock.json" ]]; then
    return 0
  fi
  echo "install-deps: npm ci in web/" >&2
  npm ci --prefix "$web_dir" --no-audit --no-fund --loglevel=error >/dev/null ||
    echo "install-deps: npm ci failed (no registry?); the browser tests will report themselves skipped" >&2
}

if [[ ${#missing[@]} -eq 0 ]]; then
  install_web_packages
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
install_web_packages
