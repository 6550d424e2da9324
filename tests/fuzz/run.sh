#!/bin/sh
# Builds each tests/fuzz/fuzz_*.c with libFuzzer against build/fuzz/libstarling.a
# and runs it for a bounded time. Crashes are saved under build/fuzz/ and fail
# the run; each one found belongs in a unit test.
seconds=${1:-30}
libs=$(pkg-config --libs ncursesw libcurl jansson yaml-0.1 sqlite3 libpq libutf8proc libxml-2.0 libcrypto)
cflags=$(pkg-config --cflags ncursesw libcurl jansson yaml-0.1 sqlite3 libpq libutf8proc libxml-2.0 libcrypto)
status=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin=build/fuzz/$name
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	[ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	clang -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -g -O1 -Iinclude $cflags \
		-fsanitize=fuzzer,address,undefined -o "$bin" "$src" \
		build/fuzz/libstarling.a $libs -lpthread -lm || { status=1; continue; }
	case $name in
	fuzz_config|fuzz_theme) dict=-dict=tests/fuzz/yaml.dict ;;
	*) dict= ;;
	esac
	echo "fuzz: $name for ${seconds}s"
	if ! "$bin" $dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=build/fuzz/"$name"- "$corpus" >build/fuzz/"$name".log 2>&1; then
		tail -n 30 build/fuzz/"$name".log
		echo "fuzz: $name FAILED (artifacts in build/fuzz/)"
		status=1
	else
		tail -n 1 build/fuzz/"$name".log
	fi
done
exit $status
