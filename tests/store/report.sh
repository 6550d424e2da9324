#!/bin/sh
# `starling report` end to end: 30 inbox posts recorded through the store
# API as the collector does, replies by alice and bob, carol closing some;
# then the JSON's six keys and its figures, the text and the CSV, and the
# errors for a bad format or date. Appends its tally to build/results.
#   sh tests/store/report.sh      (from the repository; STARLING_STORE_URL
#   runs it on another store, as tests/pg/check.sh may)
build=build/${BUILD:-normal}
passed=0 failed=0
driver=$build/tests/store_driver
make --no-print-directory BUILD="${BUILD:-normal}" "$driver" starling >/dev/null || exit 1

dir=$(mktemp -d /tmp/starling-report-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=${STARLING_STORE_URL:-$dir/triage.db}
label=${STORE_LABEL:-store/report}

check() {	# check WHAT COMMAND...
	what=$1; shift
	if "$@" >"$dir/check.out" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $label: $what"
		sed 's/^/  /' "$dir/check.out" | head -n 20
	fi
}

"$driver" inbox "$db" 30 || { echo "FAIL $label: store_driver inbox"; echo "$label 0 1" >>build/results; exit 1; }
cat >"$dir/config.yaml" <<YAML
me: alice
store: $db
sla: 30m
columns:
  - { title: Mentions, source: demo, channel: mentions, sla: 1h }
  - { title: Brand, source: demo, channel: search }
YAML

./starling report --format json --config "$dir/config.yaml" >"$dir/report.json" 2>"$dir/err"
check "report --format json exits 0" test $? -eq 0
check "the JSON's figures" python3 - "$dir/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert list(r) == ["volume", "first_response", "agents", "authors", "tags", "sla"], list(r)
v = r["volume"]
assert (v["recorded"], v["open"], v["replied"], v["done"], v["ignored"]) == (30, 12, 12, 6, 0), v
cols = {c["column"]: c for c in v["columns"]}
assert cols["Mentions"]["total"] == 20 and cols["Brand"]["total"] == 10, cols
assert sum(b["count"] for b in cols["Mentions"]["buckets"]) == 20
fr = r["first_response"]
assert fr["count"] == 15 and fr["median_seconds"] is not None and fr["median_seconds"] < 120, fr
per = {a["agent"]: a["count"] for a in fr["agents"]}
assert per == {"alice": 10, "bob": 5}, per
ag = {a["agent"]: (a["assigned"], a["done"], a["replied"]) for a in r["agents"]}
assert ag == {"alice": (0, 0, 10), "bob": (0, 0, 5), "carol": (0, 6, 0)}, ag
assert r["tags"] == [{"tag": "inbox", "count": 30}], r["tags"]
vol = r["authors"]["by_volume"]
assert vol[0]["posts"] == 8 and len(vol) == 4, vol
assert r["authors"]["by_reach"][0]["followers"] == 300
sla = {c["column"]: c["sla_seconds"] for c in r["sla"]["columns"]}
assert sla == {"Mentions": 3600, "Brand": 1800}, sla
assert r["sla"]["breached"] == 0 and r["sla"]["checked"] == 30, r["sla"]
PY
./starling report --config "$dir/config.yaml" >"$dir/report.txt" 2>&1
check "report (text) exits 0" test $? -eq 0
check "the text names the agents" grep -q "^  carol  *0  *6  *0$" "$dir/report.txt"
check "the text's first response" grep -Eq "^  everyone .* 15$" "$dir/report.txt"
./starling report --format csv --since 1d --config "$dir/config.yaml" >"$dir/report.csv" 2>&1
check "report --format csv exits 0" test $? -eq 0
check "the CSV's agent table" grep -q "^carol,0,6,0.$" "$dir/report.csv"
check "the CSV's lines end in CRLF" sh -c "head -n 1 '$dir/report.csv' | od -c | grep -q '\\\\r  *\\\\n'"
./starling report --format json --since 1d --config "$dir/config.yaml" >"$dir/day.json" 2>&1
check "a day is counted by the hour" python3 -c "import json; r=json.load(open('$dir/day.json')); v=r['volume']; assert v['unit'] == 'hour' and len(v['columns'][0]['buckets']) in (24, 25) and v['recorded'] == 30, v['unit']"
./starling report --format xml --config "$dir/config.yaml" >"$dir/out" 2>&1
check "a bad format is refused" test $? -eq 1
check "and said" grep -q "text, json or csv" "$dir/out"
./starling report --since yesterdayish --config "$dir/config.yaml" >"$dir/out" 2>&1
check "a bad date is refused" test $? -eq 1
# Nothing recorded in a range before any of it.
./starling report --format json --since 2020-01-01 --until 2020-01-02 --config "$dir/config.yaml" >"$dir/old.json" 2>&1
check "an empty range" python3 -c "import json,sys; r=json.load(open('$dir/old.json')); assert r['volume']['recorded'] == 0 and r['volume']['unit'] == 'hour' and r['first_response']['median_seconds'] is None"

if [ "$failed" -ne 0 ]; then
	printf 'FAIL %-8s %-22s %s passed, %s failed\n' "${label%%/*}" "${label#*/}" "$passed" "$failed"
else
	printf 'ok   %-8s %-22s %s passed\n' "${label%%/*}" "${label#*/}" "$passed"
fi
echo "$label $passed $failed" >>build/results
[ "$failed" -eq 0 ]
