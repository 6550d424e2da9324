#!/bin/sh
# Checks the man pages against the sources, so they cannot fall behind:
#   lint      mandoc -Tlint -W warning is clean on both pages
#   render    man-db's `man -l` renders both with nothing on stderr
#   commands  every command of cmd_table (src/ui/cmd.c) is an item of
#             starling.1 COMMANDS, its alias is named, and the commands that
#             are not available yet say so
#   keys      every default binding of keymap_defaults (src/config/keymap.c)
#             is in starling.1 KEYS, under its context, with its command
#   config    every key of the option tables config_sections lists
#             (src/config/config.c) is an item of its subsection of
#             starling.5, and every allowed value (statuses, and from the
#             network registry's rows: networks, sources, column types and
#             channels, notification kinds) is named there
#   theme     every element of THEME_ELEMENTS (include/starling/theme.h),
#             every theme key, attribute and colour name is in starling.5
#   options   every long option of longopts (src/main.c), with its short
#             letter, is an item of starling.1 OPTIONS
#   examples  the configurations and theme in starling.5 EXAMPLES pass
#             `starling --check-config` (needs ./starling; skipped without)
# Names are read from the C tables, never listed here. Prints one ok/FAIL
# line per check naming what is missing, appends "man <passed> <failed>" to
# build/results, and exits 0 so the suite goes on. Run from the repo root.

m1=man/starling.1
m5=man/starling.5
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

ok() {
	printf 'ok   %-8s %s\n' man "$1"
	passed=$((passed + 1))
}

# fail SUMMARY FILE: FILE holds the missing items, one a line.
fail() {
	printf 'FAIL %-8s %s\n' man "$1"
	if [ -s "$2" ]; then sed 's/^/       /' "$2"; fi
	failed=$((failed + 1))
}

# Fields of rows() and items() are separated by the ASCII unit separator, so
# that empty fields survive `read` (tabs and spaces would collapse).
us=$(printf '\037')

# rows REGEX FILE: the rows of each C initializer starting where REGEX
# matches, one a line. Strings (and 'c' characters) lose their quotes and
# escapes; other fields are kept as written (NULL, 0, cmd_quit). A list of
# plain strings gives one line per string. Comments are skipped.
rows() {
	awk -v re="$1" -v us="$us" '
	function add(ch) { field = field ch; got = 1 }
	function flush() {
		sub(/[ \t]+$/, "", field)
		row = row sep field; sep = us; field = ""; got = 0
	}
	{
		start = 1
		if (depth == 0) {
			if (!match($0, re)) next
			start = RSTART
		}
		line = $0
		for (i = start; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (incomment) {
				if (c == "*" && substr(line, i + 1, 1) == "/") {
					incomment = 0; i++
				}
				continue
			}
			if (instr) {
				if (c == "\\") { i++; add(substr(line, i, 1)) }
				else if (c == q) instr = 0
				else add(c)
				continue
			}
			if (c == "/" && substr(line, i + 1, 1) == "*") {
				incomment = 1; i++; continue
			}
			if (c == "/" && substr(line, i + 1, 1) == "/")
				break
			if (depth == 0) {
				if (c == "{") { depth = 1; field = ""; got = 0; str = 0 }
				continue
			}
			if (c == "\"" || c == "\047") {
				instr = 1; q = c; got = 1
				if (depth == 1) str = 1
				continue
			}
			if (c == "(") paren++
			if (c == ")") paren--
			if (c == "{") {
				if (++depth == 2) { row = ""; sep = ""; field = ""; got = 0 }
				continue
			}
			if (c == "}") {
				if (depth == 2) {
					if (got || sep == "") flush()
					print row
				} else if (depth == 1 && str)
					print field
				if (--depth == 1) { field = ""; got = 0; str = 0 }
				if (depth == 0) break
				continue
			}
			if (c == "," && paren == 0) {
				if (depth == 1) {
					if (str) print field
					field = ""; got = 0; str = 0
				} else if (depth == 2)
					flush()
				continue
			}
			if ((c == " " || c == "\t") && !got) continue
			add(c)
		}
	}' "$2"
}

# items PAGE SECTION: the .It entries of a section (.Sh), one a line:
# SUBSECTION, IT-LINE, BODY: the subsection title lowercased, the .It line
# as written, the body up to the next .It, .El or heading, joined.
items() {
	awk -v want="$2" -v us="$us" '
	function out() {
		if (it != "") print ss us it us body
		it = ""; body = ""
	}
	/^\.Sh / { out(); sh = substr($0, 5); ss = ""; next }
	sh != want { next }
	/^\.Ss / { out(); ss = tolower(substr($0, 5)); next }
	/^\.It/ { out(); it = $0; next }
	/^\.El/ { out(); next }
	it != "" { body = body " " $0 }
	END { out() }' "$1"
}

# word_in WORD MACRO: reads mdoc lines; succeeds if one has the macro MACRO
# (with or without its dot) followed by WORD.
word_in() {
	awk -v w="$1" -v m="$2" '
	{
		gsub(/\\&/, ""); gsub(/\\e/, "\\")
		n = split($0, t, /[ \t]+/)
		for (i = 1; i < n; i++)
			if ((t[i] == m || t[i] == "." m) && t[i + 1] == w) {
				found = 1; exit
			}
	}
	END { exit !found }'
}

# token_in WORD: reads mdoc lines; succeeds if WORD is one of their words.
token_in() {
	awk -v w="$1" '
	{
		gsub(/\\&/, ""); gsub(/\\e/, "\\")
		n = split($0, t, /[ \t]+/)
		for (i = 1; i <= n; i++)
			if (t[i] == w) { found = 1; exit }
	}
	END { exit !found }'
}

for f in "$m1" "$m5"; do
	if [ ! -f "$f" ]; then
		printf 'FAIL %-8s %s is missing\n' man "$f"
		mkdir -p build; echo "man 0 1" >> build/results
		exit 0
	fi
done

# --- lint ------------------------------------------------------------------
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint -W warning "$m1" "$m5" > "$tmp/lint" 2>&1
	if [ -s "$tmp/lint" ]; then
		fail "lint: mandoc -Tlint -W warning reports:" "$tmp/lint"
	else
		ok "lint: mandoc -Tlint -W warning is clean on both pages"
	fi
else
	echo "mandoc is not installed (apt-get install mandoc)" > "$tmp/lint"
	fail "lint: cannot run" "$tmp/lint"
fi

# --- render ----------------------------------------------------------------
: > "$tmp/render"
if command -v man >/dev/null 2>&1; then
	for f in "$m1" "$m5"; do
		for loc in C C.UTF-8; do
			LC_ALL=$loc MANWIDTH=80 man -l "$f" > "$tmp/out" 2> "$tmp/err"
			rc=$?
			if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ] || [ ! -s "$tmp/out" ]; then
				echo "$f (LC_ALL=$loc, exit $rc):" >> "$tmp/render"
				sed 's/^/  /' "$tmp/err" >> "$tmp/render"
			fi
		done
	done
else
	echo "man-db is not installed (apt-get install man-db)" > "$tmp/render"
fi
if [ -s "$tmp/render" ]; then
	fail "render: man -l wrote to stderr or failed:" "$tmp/render"
else
	ok "render: man -l renders both pages quietly (C and UTF-8 locales)"
fi

# --- commands ----------------------------------------------------------------
rows 'cmd_table\[\][ \t]*=' src/ui/cmd.c > "$tmp/cmds"
items "$m1" COMMANDS > "$tmp/m1cmds"
: > "$tmp/miss"
n=0
while IFS="$us" read -r name alias min max usage help later rest; do
	n=$((n + 1))
	entry=$(awk -F "$us" -v w="$name" '
	    { s = $2; gsub(/\\&/, "", s); split(s, t, /[ \t]+/)
	      if (t[2] == "Ic" && t[3] == w) { print; exit } }' "$tmp/m1cmds")
	if [ -z "$entry" ]; then
		echo "command $name: no \".It Ic $name\" in COMMANDS" >> "$tmp/miss"
		continue
	fi
	if [ "$alias" != NULL ] && ! printf '%s\n' "$entry" | word_in "$alias" Ic
	then
		echo "command $name: alias \"$alias\" not named (Ic $alias)" >> "$tmp/miss"
	fi
	if [ "$later" != NULL ] &&
	    ! printf '%s\n' "$entry" | grep -qi 'not yet available'; then
		echo "command $name: not marked \"Not yet available\"" >> "$tmp/miss"
	fi
	# Usage says TEXT, the page says Ar text: compare in lower case.
	for a in $usage; do
		a=$(printf '%s' "$a" | tr -d '[]' | tr 'A-Z' 'a-z')
		if ! printf '%s\n' "$entry" | cut -d "$us" -f2 | tr 'A-Z' 'a-z' |
		    word_in "$a" ar; then
			echo "command $name: argument $a not on its .It line (Ar $a)" >> "$tmp/miss"
		fi
	done
done < "$tmp/cmds"
if [ "$n" -eq 0 ]; then
	echo "no commands read from src/ui/cmd.c cmd_table" >> "$tmp/miss"
fi
if [ -s "$tmp/miss" ]; then
	fail "commands: starling.1 COMMANDS misses:" "$tmp/miss"
else
	ok "commands: all $n commands of cmd_table in starling.1 COMMANDS"
fi

# --- keys ----------------------------------------------------------------------
rows 'keymap_defaults\[\][ \t]*=' src/config/keymap.c > "$tmp/keys"
items "$m1" KEYS > "$tmp/m1keys"
: > "$tmp/miss"
n=0
while IFS="$us" read -r ctx key cmd; do
	n=$((n + 1))
	first=${cmd%% *}
	# The items of the subsection whose title starts with the context name.
	awk -F "$us" -v c="$ctx" 'index($1, c) == 1' "$tmp/m1keys" > "$tmp/ctx"
	if [ ! -s "$tmp/ctx" ]; then
		echo "$ctx: no subsection of KEYS titled \"$ctx ...\"" >> "$tmp/miss"
		continue
	fi
	found=
	while IFS="$us" read -r ss it body; do
		if printf '%s\n' "$it" | token_in "$key" &&
		    printf '%s\n' "$body" | word_in "$first" Ic; then
			found=1
			break
		fi
	done < "$tmp/ctx"
	if [ -z "$found" ]; then
		echo "$ctx: key $key -> $cmd (an .It with $key and \"Ic $first\")" >> "$tmp/miss"
	fi
done < "$tmp/keys"
if [ "$n" -eq 0 ]; then
	echo "no bindings read from src/config/keymap.c keymap_defaults" >> "$tmp/miss"
fi
if [ -s "$tmp/miss" ]; then
	fail "keys: starling.1 KEYS misses default bindings:" "$tmp/miss"
else
	ok "keys: all $n default bindings in starling.1 KEYS, per context"
fi

# --- config ------------------------------------------------------------------
# config_sections pairs each section (NULL: the top level) with its table.
rows 'config_sections\[\][ \t]*=' src/config/config.c > "$tmp/sections"
items "$m5" DESCRIPTION > "$tmp/m5desc"
: > "$tmp/miss"
n=0
while IFS="$us" read -r section table rest; do
	if [ "$section" = NULL ]; then ss=top-level; else ss=$section; fi
	rows "^static const struct config_opt $table\\[\\]" src/config/config.c |
	    cut -d "$us" -f1 > "$tmp/opts"
	if [ ! -s "$tmp/opts" ]; then
		echo "table $table: no keys read from src/config/config.c" >> "$tmp/miss"
	fi
	while read -r key; do
		n=$((n + 1))
		if ! awk -F "$us" -v s="$ss" 'index($1, s) == 1 { print $2 }' \
		    "$tmp/m5desc" | word_in "$key" Ic; then
			echo "$ss: key $key (\".It Ic $key\" in subsection \"$ss...\")" >> "$tmp/miss"
		fi
	done < "$tmp/opts"
done < "$tmp/sections"
[ "$n" -eq 0 ] && echo "no keys read from config_sections" >> "$tmp/miss"
# Allowed values: the NULL-ended string lists of config.c, and what the
# network registry's rows (src/sources/*.c) allow: each network's name, its
# column types and its notification kinds.
v=0
{
	for list in $(sed -n 's/^static const char \*const \(config_[a-z_]*\)\[\].*/\1/p' \
	    src/config/config.c); do
		rows "$list\\[\\][ \\t]*=" src/config/config.c | sed "s/^/$list /"
	done
	for src in $(grep -l '^const struct network [a-z_]* = {' src/sources/*.c); do
		sed -n 's/^[[:space:]]*\.name = "\([^"]*\)",.*/network_name \1/p' "$src"
		for list in $(sed -n 's/^static const struct network_column \([a-z_]*\)\[\].*/\1/p' "$src"); do
			rows "$list\\[\\][ \\t]*=" "$src" | cut -d "$us" -f1 |
			    sed "s/^/$list /"
		done
		for list in $(sed -n 's/^static const char \*const \([a-z_]*_notification_kinds\)\[\].*/\1/p' "$src"); do
			rows "$list\\[\\][ \\t]*=" "$src" | sed "s/^/$list /"
		done
	done
} > "$tmp/values"
while read -r list value; do
	[ "$value" = NULL ] && continue
	v=$((v + 1))
	if ! word_in "$value" Cm < "$m5"; then
		echo "value $value of $list (Cm $value)" >> "$tmp/miss"
	fi
done < "$tmp/values"
grep -q '^network_name ' "$tmp/values" ||
	echo "no network rows read from src/sources/*.c" >> "$tmp/miss"
if [ -s "$tmp/miss" ]; then
	fail "config: starling.5 misses:" "$tmp/miss"
else
	ok "config: all $n config keys and $v allowed values in starling.5"
fi

# --- theme -------------------------------------------------------------------
: > "$tmp/miss"
items "$m5" THEMES > "$tmp/m5theme"
sed -n 's/^[[:space:]]*X([A-Z_]*,[[:space:]]*"\([^"]*\)").*/\1/p' \
    include/starling/theme.h > "$tmp/elems"
n=0
while read -r e; do
	n=$((n + 1))
	if ! awk -F "$us" 'index($1, "elements") == 1 { print $2 }' \
	    "$tmp/m5theme" | word_in "$e" Cm; then
		echo "element $e (\".It Cm $e\" in subsection Elements)" >> "$tmp/miss"
	fi
done < "$tmp/elems"
[ "$n" -eq 0 ] && echo "no elements read from THEME_ELEMENTS" >> "$tmp/miss"
for k in $(rows 'theme_top_keys\[\][ \t]*=' src/config/theme.c) \
    $(rows 'theme_style_keys\[\][ \t]*=' src/config/theme.c); do
	if ! cut -d "$us" -f2 "$tmp/m5theme" | word_in "$k" Ic; then
		echo "theme key $k (.It Ic $k)" >> "$tmp/miss"
	fi
done
for w in $(rows 'theme_attrs\[\][ \t]*=' src/config/theme.c | cut -d "$us" -f1) \
    $(rows 'theme_colors\[\][ \t]*=' src/config/theme.c) default; do
	if ! word_in "$w" Cm < "$m5"; then
		echo "attribute or colour $w (Cm $w)" >> "$tmp/miss"
	fi
done
if [ -s "$tmp/miss" ]; then
	fail "theme: starling.5 misses:" "$tmp/miss"
else
	ok "theme: all $n elements, theme keys, attributes and colours in starling.5"
fi

# --- options -----------------------------------------------------------------
: > "$tmp/miss"
items "$m1" OPTIONS | cut -d "$us" -f2 > "$tmp/m1opts"
n=0
rows 'longopts\[\][ \t]*=' src/main.c > "$tmp/longopts"
while IFS="$us" read -r name has flag val; do
	[ "$name" = NULL ] && continue
	n=$((n + 1))
	line=$(sed 's/\\-/-/g' "$tmp/m1opts" | awk -v w="-$name" '
	    { n = split($0, t, /[ \t]+/)
	      for (i = 1; i < n; i++) if (t[i] == "Fl" && t[i + 1] == w) { print; exit } }')
	if [ -z "$line" ]; then
		echo "--$name (\".It ... Fl \\-$name\" in OPTIONS)" >> "$tmp/miss"
		continue
	fi
	case $val in
	?) if ! printf '%s\n' "$line" | word_in "$val" Fl; then
		echo "--$name: short option -$val not on its .It line" >> "$tmp/miss"
	   fi ;;
	esac
done < "$tmp/longopts"
[ "$n" -eq 0 ] && echo "no long options read from src/main.c longopts" >> "$tmp/miss"
if [ -s "$tmp/miss" ]; then
	fail "options: starling.1 OPTIONS misses:" "$tmp/miss"
else
	ok "options: all $n long options (and short letters) in starling.1 OPTIONS"
fi

# --- examples ----------------------------------------------------------------
if [ -x ./starling ]; then
	: > "$tmp/miss"
	awk -v dir="$tmp" '
	/^\.Sh / { ex = ($0 == ".Sh EXAMPLES") }
	ex && /^\.Bd -literal/ { n++; on = 1; next }
	on && /^\.Ed/ { on = 0; next }
	on { gsub(/\\e/, "\\"); gsub(/\\&/, ""); print > (dir "/ex" n ".yaml") }
	' "$m5"
	mkdir -p "$tmp/home"
	n=0
	for f in "$tmp"/ex*.yaml; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		cfg=$f
		if grep -q '^elements:' "$f"; then
			cfg=$tmp/theme-test.yaml
			echo "theme: $f" > "$cfg"
		fi
		if ! HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config \
		    ./starling --check-config --config "$cfg" > "$tmp/out" 2>&1; then
			echo "example $n of EXAMPLES:" >> "$tmp/miss"
			sed "s|$tmp/||; s/^/  /" "$tmp/out" >> "$tmp/miss"
		fi
	done
	[ "$n" -eq 0 ] && echo "no .Bd -literal examples in starling.5 EXAMPLES" >> "$tmp/miss"
	if [ -s "$tmp/miss" ]; then
		fail "examples: starling --check-config rejects:" "$tmp/miss"
	else
		ok "examples: the $n examples of starling.5 pass starling --check-config"
	fi
else
	printf 'skip %-8s %s\n' man "examples: no ./starling (make starling first)"
fi

mkdir -p build
echo "man $passed $failed" >> build/results
exit 0
