#!/bin/sh
# Sums build/results ("<name> <passed> <failed>" lines) into the closing line.
f=${1:-build/results}
[ -f "$f" ] || { echo "0 passed, 1 failed"; exit 1; }
awk '{ p += $2; q += $3; if ($3 > 0) print "failed: " $1 }
     END { printf "%d passed, %d failed\n", p, q; exit (q > 0 || NR == 0) }' "$f"
