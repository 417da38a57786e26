#!/usr/bin/env bash
# Installs what the lab, browser and demo suites drive (Debian/Ubuntu). Idempotent and quiet: installs
# only what is missing and says what it did. Used by CI and by `sudo npm run setup:test`.
set -euo pipefail

PACKAGES=(openvpn wireguard-tools wireguard-go iproute2 nftables iputils-ping chromium curl procps)

if [[ "$(id -u)" != 0 ]]; then
  echo "setup-test: needs root to install packages; run: sudo npm run setup:test" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-test: apt-get not found; install these packages with your system's package manager: ${PACKAGES[*]}" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup-test: all test packages already installed (${PACKAGES[*]})"
  exit 0
fi

echo "setup-test: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-test: installed ${missing[*]}"
