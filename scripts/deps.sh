#!/bin/sh
# Installs what starling needs to build and test, from Debian's packages.
# As root it runs apt-get; otherwise it prints the one line to run and fails.
# Quiet when everything is already there.
pkgs="build-essential pkg-config libncurses-dev libcurl4-openssl-dev libjansson-dev
      libyaml-dev libsqlite3-dev libutf8proc-dev libxml2-dev libssl-dev tmux mandoc man-db python3 curl
      clang libclang-rt-14-dev ncurses-term locales
      postgresql libpq-dev faketime"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# The live Bluesky tests install Node 22 and @atproto/dev-env with npm
# (tests/bluesky/net.sh); any npm will do, Debian's if there is none. g++ and
# make (build-essential) and python3 build better-sqlite3 for it.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
# Tests and the deck need a UTF-8 locale; C.UTF-8 ships with libc on Debian 12.
if [ -z "$missing" ]; then exit 0; fi
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; install the equivalents of:$missing" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages. Run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "deps: apt-get update failed" >&2; exit 1; }
apt-get install -y -q --no-install-recommends $missing >/dev/null ||
	{ echo "deps: apt-get install failed:$missing" >&2; exit 1; }
