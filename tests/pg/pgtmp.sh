#!/bin/sh
# A throw-away PostgreSQL for the tests: Debian's server, initdb into a fresh
# folder, listening on 127.0.0.1 only (on a free port) and on a socket in that
# folder. As root the server runs as the postgres user (initdb refuses root).
#
#   tests/pg/pgtmp.sh start DIR   prints shell lines to eval:
#                                 PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
#                                 PGTMP_DIR STARLING_PG_URL
#   tests/pg/pgtmp.sh pause DIR   stops the server, keeping DIR
#   tests/pg/pgtmp.sh resume DIR  starts it again on the same port
#   tests/pg/pgtmp.sh stop DIR    stops the server and removes DIR
#
# The superuser "starling" has the password "starling-test"; host connections
# need it (scram-sha-256), so a wrong password is a real refusal.
set -e
cmd=$1 dir=$2
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|pause|resume|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pgtmp: PostgreSQL server not installed (postgresql)" >&2; exit 1; }

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	chmod 700 "$dir"
	printf 'starling-test\n' > "$dir.pw"
	[ "$(id -u)" = 0 ] && chown postgres "$dir.pw"
	as_pg "$bin/initdb" -D "$dir/data" -U starling --pwfile="$dir.pw" \
		--auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	rm -f "$dir.pw"
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	echo "$port" > "$dir/port"
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "PGHOST=127.0.0.1; export PGHOST"
	echo "PGPORT=$port; export PGPORT"
	echo "PGUSER=starling; export PGUSER"
	echo "PGPASSWORD=starling-test; export PGPASSWORD"
	echo "PGDATABASE=postgres; export PGDATABASE"
	echo "PGTMP_DIR=$dir; export PGTMP_DIR"
	echo "STARLING_PG_URL=postgresql://starling@127.0.0.1:$port/postgres; export STARLING_PG_URL"
	;;
pause)
	as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
resume)
	port=$(cat "$dir/port")
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*) echo "usage: $0 start|pause|resume|stop DIR" >&2; exit 2 ;;
esac
