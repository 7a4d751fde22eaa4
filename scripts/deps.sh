#!/bin/sh
# deps.sh: install the Debian packages mandate needs, if any are missing.
# Usage: sh scripts/deps.sh build|test|bench
# Runs apt-get only when something is missing, so a ready machine is not
# touched; needs root (or sudo) the first time on a fresh Debian 12.
set -e
BUILD="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev libdecaf-dev libjansson-dev libcurl4-openssl-dev libgmime-3.0-dev"
# The browser tests need Debian's chromium and a font to render text in;
# node and npm are added below only when the commands are missing.
TEST="$BUILD clang libclang-rt-14-dev curl sqlite3 jq chromium fonts-dejavu-core python3-aiosmtpd"
BENCH="$BUILD apache2-utils bc curl sqlite3 belenios-tool jq time"
case "$1" in
  build) want=$BUILD
         # npm fetches libsodium's JavaScript build for the voting page
         # (web-assets/package-lock.json); the same rule as for test below.
         command -v node >/dev/null 2>&1 || want="$want nodejs"
         command -v npm >/dev/null 2>&1 || want="$want npm" ;;
  test)  want=$TEST
         # Debian 12's nodejs (Node 18) and npm, but only where the commands
         # are missing: a Node installed another way (e.g. a nodesource
         # nodejs, which bundles npm) conflicts with Debian's npm package.
         command -v node >/dev/null 2>&1 || want="$want nodejs"
         command -v npm >/dev/null 2>&1 || want="$want npm" ;;
  bench) want=$BENCH ;;
  *) echo "usage: sh scripts/deps.sh build|test|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo
  else echo "deps.sh: not root and no sudo; install as root:$missing" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
