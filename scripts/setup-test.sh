#!/usr/bin/env bash
# Installs a Debian package for every program the test suites run (the one list in
# scripts/lab-prerequisites.mjs, printed by scripts/test-packages.mjs), then checks the result with the same gate
# the suites use. Debian 12 and 13 (and Ubuntu). Idempotent and quiet: installs only what is missing and says
# what it did. Used by CI and by `sudo npm run setup:test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "$(id -u)" != 0 ]]; then
  echo "setup-test: needs root to install packages; run: sudo npm run setup:test" >&2
  exit 1
fi

# One line per need; alternatives on a line, in order (a package one release renamed or dropped).
mapfile -t NEEDS < <(node scripts/test-packages.mjs)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-test: apt-get not found; install these with your system's package manager: ${NEEDS[*]}" >&2
  exit 1
fi

# Output is captured before matching: with pipefail, `grep -q` closing the pipe early turns a found package into
# a SIGPIPE failure whenever apt-cache writes more than one chunk.
installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *'install ok installed'* ]]; }
available() { [[ "$(apt-cache policy "$1" 2>/dev/null)" =~ Candidate:\ [^\(] ]]; }

unmet=()
for need in "${NEEDS[@]}"; do
  done_already=0
  for pkg in $need; do
    if installed "$pkg"; then done_already=1 && break; fi
  done
  [[ $done_already == 1 ]] || unmet+=("$need")
done

if [[ ${#unmet[@]} -gt 0 ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  missing=()
  for need in "${unmet[@]}"; do
    chosen=""
    for pkg in $need; do
      if available "$pkg"; then chosen="$pkg" && break; fi
    done
    if [[ -z "$chosen" ]]; then
      echo "setup-test: no package of '$need' is available from this system's sources" >&2
      exit 1
    fi
    missing+=("$chosen")
  done
  echo "setup-test: installing ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup-test: installed ${missing[*]}"
else
  echo "setup-test: every test package is already installed"
fi

# The same gate the suites run: proves that each program is now on this machine.
node scripts/require-lab.mjs --all --programs-only
