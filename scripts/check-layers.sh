#!/bin/sh
# Only src/ui/ and src/main.c may include curses: every other layer stays
# testable and thread-safe without a screen. Fails listing the violations.
bad=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](n?cursesw?/)?(n?curses|term|panel|menu|form)\.h[>"]' \
	$(find src include -name '*.[ch]' | grep -v -e '^src/ui/' -e '^src/main\.c$' -e '^include/starling/ui') 2>/dev/null)
if [ -n "$bad" ]; then
	echo "check-layers: curses included outside src/ui and src/main.c:"
	echo "$bad" | sed 's/^/  /'
	echo "layers 0 1" >> build/results
	exit 1
fi
echo "ok   layers   curses only in src/ui/ and src/main.c"
mkdir -p build; echo "layers 1 0" >> build/results
