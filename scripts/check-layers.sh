#!/bin/sh
# Folders are layers: every #include in src/ and include/starling/ must be
# allowed by the matrix in scripts/layers. Fails listing each violation as
# FILE:LINE: what it includes and why that is not allowed.
cd "$(dirname "$0")/.." || exit 1
mkdir -p build
out=$(find src include -name '*.[ch]' | sort | xargs grep -nE \
	'^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' /dev/null |
awk -v matrix=scripts/layers '
BEGIN {
	while ((getline line < matrix) > 0) {
		n = split(line, w, /[[:space:]]+/)
		if (n == 0 || w[1] ~ /^#/ || w[1] == "")
			continue
		if (w[1] == "header")
			for (i = 3; i <= n; i++) layer[w[i]] = w[2]
		else if (w[1] == "allow") {
			for (i = 3; i <= n; i++) allow[w[2] SUBSEP w[i]] = 1
			dirlayer[w[2]] = 1
		} else if (w[1] == "system") {
			sys[w[2]] = 1
			for (i = 3; i <= n; i++) sysok[w[2] SUBSEP w[i]] = 1
		}
	}
	bad = 0
}
# The layer a file stands in: src/DIR/x.c is in DIR, include/starling/x.h is
# in the layer the matrix gives x, and src/main.c stands above everything.
function where(file,    d, base) {
	if (file == "src/main.c")
		return "main"
	if (file ~ /^include\/starling\//) {
		base = file; sub(/^include\/starling\//, "", base); sub(/\.h$/, "", base)
		if (!(base in layer)) {
			print file ": not in scripts/layers (add a \"header\" line)"
			bad++
			return "?"
		}
		return "src/" layer[base]
	}
	d = file; sub(/\/[^\/]*$/, "", d)
	return d
}
{
	file = $0; sub(/:.*/, "", file)
	rest = $0; sub(/^[^:]*:/, "", rest)
	lineno = rest; sub(/:.*/, "", lineno)
	inc = rest; sub(/^[^<"]*[<"]/, "", inc); sub(/[>"].*/, "", inc)
	dir = where(file)
	if (dir == "?" || dir == "main")
		next
	if (inc ~ /^starling\//) {
		name = inc; sub(/^starling\//, "", name); sub(/\.h$/, "", name)
		if (!(name in layer)) {
			print file ":" lineno ": includes " inc ", which is not in scripts/layers"
			bad++
			next
		}
		l = layer[name]
		if ("src/" l == dir || (dir SUBSEP l) in allow)
			next
		print file ":" lineno ": " dir " may not include " inc " (layer " l ")"
		bad++
		next
	}
	s = inc; sub(/\.h$/, "", s)
	if (s in sys) {
		if ((s SUBSEP dir) in sysok || (s SUBSEP file) in sysok)
			next
		print file ":" lineno ": " dir " may not include <" inc ">"
		bad++
	}
}
END { exit bad > 0 }
')
rc=$?
if [ $rc -ne 0 ]; then
	echo "check-layers: includes the layer matrix (scripts/layers) does not allow:"
	echo "$out" | sed 's/^/  /'
	echo "layers 0 1" >> build/results
	exit 1
fi
echo "ok   layers   every include allowed by scripts/layers"
echo "layers 1 0" >> build/results
