/* test_keymap.c — key names, default bindings, bubbling, rebinding. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "starling/keymap.h"

static const char *
name_of(int32_t key)
{
	static char	buf[32];

	return keymap_key_name(key, buf, sizeof buf);
}

TEST(parse_named_keys)
{
	static const struct {
		const char	*name;
		int32_t		 key;
	} cases[] = {
		{ "j", 'j' }, { "G", 'G' }, { "?", '?' }, { "#", '#' },
		{ "-", '-' }, { "é", 0xe9 }, { "€", 0x20ac }, { "😀", 0x1f600 },
		{ "C-a", 1 }, { "C-A", 1 }, { "C-z", 26 }, { "C-d", 4 },
		{ "Enter", 13 }, { "Return", 13 }, { "C-m", 13 },
		{ "Esc", 27 }, { "Escape", 27 }, { "C-[", 27 },
		{ "Tab", 9 }, { "C-i", 9 }, { "Space", ' ' }, { " ", ' ' },
		{ "C-Space", 0 }, { "C-@", 0 }, { "C-?", 127 },
		{ "BTab", KEYC_BTAB }, { "Backspace", KEYC_BACKSPACE },
		{ "Up", KEYC_UP }, { "Down", KEYC_DOWN }, { "Left", KEYC_LEFT },
		{ "Right", KEYC_RIGHT }, { "PgUp", KEYC_PPAGE },
		{ "PgDn", KEYC_NPAGE }, { "Home", KEYC_HOME }, { "End", KEYC_END },
		{ "Delete", KEYC_DC }, { "Insert", KEYC_IC },
		{ "F1", KEYC_F1 }, { "F12", KEYC_F12 }, { "f5", KEYC_F1 + 4 },
		{ "enter", 13 }, { "pgdn", KEYC_NPAGE },
		{ "M-x", KEYC_META | 'x' }, { "M-C-x", KEYC_META | 24 },
		{ "C-M-x", KEYC_META | 24 }, { "M-Enter", KEYC_META | 13 },
		{ "M-Up", KEYC_META | KEYC_UP }, { "M--", KEYC_META | '-' },
		{ "M", 'M' }, { "C", 'C' },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (keymap_parse_key(cases[i].name) != cases[i].key)
			printf("  key %s\n", cases[i].name);
		CHECK_INT_EQ(keymap_parse_key(cases[i].name), cases[i].key);
	}
}

TEST(parse_bad_keys)
{
	static const char *const bad[] = {
		"", "C-", "M-", "jj", "C-1", "C-Up", "C-C-a", "M-M-a", "F0",
		"F13", "Enterr", "\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80",
		NULL
	};
	size_t	i;

	for (i = 0; bad[i] != NULL; i++) {
		if (keymap_parse_key(bad[i]) != -1)
			printf("  key \"%s\"\n", bad[i]);
		CHECK_INT_EQ(keymap_parse_key(bad[i]), -1);
	}
	CHECK_INT_EQ(keymap_parse_key(NULL), -1);
}

TEST(canonical_names)
{
	CHECK_STR_EQ(name_of(13), "Enter");
	CHECK_STR_EQ(name_of(27), "Esc");
	CHECK_STR_EQ(name_of(9), "Tab");
	CHECK_STR_EQ(name_of(' '), "Space");
	CHECK_STR_EQ(name_of(4), "C-d");
	CHECK_STR_EQ(name_of(0), "C-Space");
	CHECK_STR_EQ(name_of(28), "C-\\");
	CHECK_STR_EQ(name_of(127), "C-?");
	CHECK_STR_EQ(name_of('G'), "G");
	CHECK_STR_EQ(name_of(0xe9), "é");
	CHECK_STR_EQ(name_of(KEYC_NPAGE), "PgDn");
	CHECK_STR_EQ(name_of(KEYC_F1 + 9), "F10");
	CHECK_STR_EQ(name_of(KEYC_META | 1), "M-C-a");
	CHECK_STR_EQ(name_of(KEYC_META | KEYC_LEFT), "M-Left");
	CHECK_STR_EQ(name_of(-5), "?");
}

/* Every key there is: all of ASCII, samples of Unicode, every special key,
 * with and without Alt. */
TEST(round_trip_every_key)
{
	int32_t		key, k, base[600];
	size_t		n = 0, i;
	char		buf[32];
	int		bad = 0, meta;

	for (k = 0; k < 0x80; k++)
		base[n++] = k;
	for (k = 0x80; k < 0x110000; k += 0x1111)
		if (k < 0xd800 || k > 0xdfff)
			base[n++] = k;
	base[n++] = 0x10ffff;
	for (k = KEYC_UP; k <= KEYC_F12; k++)
		base[n++] = k;
	for (i = 0; i < n; i++) {
		for (meta = 0; meta < 2; meta++) {
			key = base[i] | (meta ? KEYC_META : 0);
			keymap_key_name(key, buf, sizeof buf);
			if (keymap_parse_key(buf) != key) {
				printf("  0x%x -> \"%s\" -> 0x%x\n", key, buf,
				    keymap_parse_key(buf));
				bad++;
			}
		}
	}
	CHECK_INT_EQ(bad, 0);
}

TEST(contexts)
{
	CHECK_STR_EQ(keymap_context_name(KEYMAP_DECK), "deck");
	CHECK_INT_EQ(keymap_context_find("detail"), KEYMAP_DETAIL);
	CHECK_INT_EQ(keymap_context_find("nope"), -1);
	CHECK_INT_EQ(keymap_context_parent(KEYMAP_DETAIL), KEYMAP_DECK);
	CHECK_INT_EQ(keymap_context_parent(KEYMAP_DECK), KEYMAP_GLOBAL);
	CHECK_INT_EQ(keymap_context_parent(KEYMAP_HELP), KEYMAP_GLOBAL);
	CHECK_INT_EQ(keymap_context_parent(KEYMAP_GLOBAL), KEYMAP_NCONTEXTS);
	CHECK_INT_EQ(keymap_context_parent(KEYMAP_PROMPT), KEYMAP_NCONTEXTS);
}

TEST(defaults)
{
	struct keymap	*km = keymap_new();
	static const struct {
		enum keymap_context	 ctx;
		const char		*key, *command;
	} want[] = {
		{ KEYMAP_DECK, "h", "column-left" },
		{ KEYMAP_DECK, "Left", "column-left" },
		{ KEYMAP_DECK, "l", "column-right" },
		{ KEYMAP_DECK, "Right", "column-right" },
		{ KEYMAP_DECK, "j", "down" }, { KEYMAP_DECK, "Down", "down" },
		{ KEYMAP_DECK, "k", "up" }, { KEYMAP_DECK, "Up", "up" },
		{ KEYMAP_DECK, "g", "top" }, { KEYMAP_DECK, "Home", "top" },
		{ KEYMAP_DECK, "G", "bottom" }, { KEYMAP_DECK, "End", "bottom" },
		{ KEYMAP_DECK, "PgUp", "page-up" },
		{ KEYMAP_DECK, "C-b", "page-up" },
		{ KEYMAP_DECK, "PgDn", "page-down" },
		{ KEYMAP_DECK, "C-f", "page-down" },
		{ KEYMAP_DECK, "Space", "page-down" },
		{ KEYMAP_DECK, "C-u", "half-page-up" },
		{ KEYMAP_DECK, "C-d", "half-page-down" },
		{ KEYMAP_DECK, "Enter", "open" },
		{ KEYMAP_DECK, "1", "column 1" },
		{ KEYMAP_DECK, "9", "column 9" },
		{ KEYMAP_DECK, "/", "filter" },
		{ KEYMAP_DECK, "r", "reply" }, { KEYMAP_DECK, "t", "repost" },
		{ KEYMAP_DECK, "f", "like" }, { KEYMAP_DECK, "a", "assign" },
		{ KEYMAP_DECK, "#", "tag" }, { KEYMAP_DECK, "d", "done" },
		{ KEYMAP_DECK, "?", "help" },
		{ KEYMAP_DECK, ":", "command-prompt" },
		{ KEYMAP_DECK, "q", "quit" },
		{ KEYMAP_DECK, "C-l", "redraw" },
		{ KEYMAP_DETAIL, "Esc", "close" },
		{ KEYMAP_DETAIL, "q", "close" },
		{ KEYMAP_DETAIL, "j", "scroll-down" },
		{ KEYMAP_DETAIL, "Down", "scroll-down" },
		{ KEYMAP_DETAIL, "k", "scroll-up" },
		{ KEYMAP_DETAIL, "Up", "scroll-up" },
		{ KEYMAP_DETAIL, "h", "column-left" },	/* bubbles to deck */
		{ KEYMAP_DETAIL, "?", "help" },		/* ... and global */
		{ KEYMAP_HELP, "Esc", "close" },
		{ KEYMAP_HELP, "q", "close" },
		{ KEYMAP_HELP, "?", "close" },
		{ KEYMAP_HELP, "j", "scroll-down" },
		{ KEYMAP_HELP, "k", "scroll-up" },
		{ KEYMAP_HELP, ":", "command-prompt" },
		{ KEYMAP_GLOBAL, "q", "quit" },
	};
	size_t	i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		CHECK_STR_EQ(keymap_lookup(km, want[i].ctx,
		    keymap_parse_key(want[i].key)), want[i].command);
	}
	/* Help does not bubble through the deck; prompt bubbles nowhere. */
	CHECK(keymap_lookup(km, KEYMAP_HELP, 'h') == NULL);
	CHECK(keymap_lookup(km, KEYMAP_PROMPT, 'q') == NULL);
	CHECK(keymap_lookup(km, KEYMAP_GLOBAL, 'j') == NULL);
	CHECK(keymap_lookup(km, KEYMAP_DECK, 'z') == NULL);
	keymap_free(km);
}

TEST(rebind_and_unbind)
{
	struct keymap	*km = keymap_new();

	CHECK_INT_EQ(keymap_bind(km, KEYMAP_DECK, "j", "up"), 0);
	CHECK_STR_EQ(keymap_lookup(km, KEYMAP_DECK, 'j'), "up");
	CHECK_STR_EQ(keymap_lookup(km, KEYMAP_DETAIL, 'j'), "scroll-down");

	/* Unbinding in deck uncovers nothing; in detail it uncovers deck. */
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_DETAIL, "j", NULL), 0);
	CHECK_STR_EQ(keymap_lookup(km, KEYMAP_DETAIL, 'j'), "up");
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_DECK, "q", NULL), 0);
	CHECK_STR_EQ(keymap_lookup(km, KEYMAP_DECK, 'q'), "quit");
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_GLOBAL, "q", NULL), 0);
	CHECK(keymap_lookup(km, KEYMAP_DECK, 'q') == NULL);
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_GLOBAL, "q", NULL), 0);

	CHECK_INT_EQ(keymap_bind(km, KEYMAP_DECK, "M-C-x", "column 3"), 0);
	CHECK_STR_EQ(keymap_lookup(km, KEYMAP_DECK, KEYC_META | 24),
	    "column 3");
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_DECK, "C-", "up"), -1);
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_NCONTEXTS, "j", "up"), -1);
	CHECK_INT_EQ(keymap_bind(km, KEYMAP_PROMPT, "C-a", "start"), 0);
	CHECK_STR_EQ(keymap_lookup(km, KEYMAP_PROMPT, 1), "start");
	keymap_free(km);
}

TEST(each_sorted_by_command_then_key)
{
	struct keymap	*km = keymap_new();
	const char	*command, *prev = "";
	int32_t		 key, prevkey = -1;
	size_t		 i = 0, n = 0;
	char		 buf[32];
	int		 sorted = 1;

	while (keymap_each(km, KEYMAP_DETAIL, &i, &key, &command)) {
		n++;
		if (strcmp(prev, command) > 0 ||
		    (strcmp(prev, command) == 0 && prevkey >= key))
			sorted = 0;
		prev = command;
		prevkey = key;
	}
	CHECK(sorted);
	CHECK_INT_EQ(n, 15);	/* close x2, open-url 1..9, scroll x4 */

	i = 0;
	CHECK(keymap_each(km, KEYMAP_DETAIL, &i, &key, &command));
	CHECK_STR_EQ(command, "close");
	CHECK_STR_EQ(keymap_key_name(key, buf, sizeof buf), "Esc");
	CHECK(keymap_each(km, KEYMAP_DETAIL, &i, &key, &command));
	CHECK_STR_EQ(keymap_key_name(key, buf, sizeof buf), "q");

	/* The order follows changes. */
	keymap_bind(km, KEYMAP_DETAIL, "a", "aaa");
	i = 0;
	CHECK(keymap_each(km, KEYMAP_DETAIL, &i, &key, &command));
	CHECK_STR_EQ(command, "aaa");

	i = 0;
	CHECK_INT_EQ(keymap_each(km, KEYMAP_PROMPT, &i, &key, &command), 0);
	keymap_free(km);
}

/* Every terminal's Home, End, Delete, Insert, PgUp, PgDn, arrows and
 * function keys, with and without modifiers; everything else is a whole
 * sequence to swallow, and a prefix asks for more. */
TEST(terminal_sequences)
{
	static const struct {
		const char	*s;
		int32_t		 key;
	} cases[] = {
		{ "[1~", KEYC_HOME }, { "[7~", KEYC_HOME }, { "[H", KEYC_HOME },
		{ "OH", KEYC_HOME }, { "[1;5H", KEYC_HOME }, { "[1;2H", KEYC_HOME },
		{ "[1;5~", KEYC_HOME }, { "O5H", KEYC_HOME },
		{ "[4~", KEYC_END }, { "[8~", KEYC_END }, { "[F", KEYC_END },
		{ "OF", KEYC_END }, { "[1;5F", KEYC_END },
		{ "[3~", KEYC_DC }, { "[3;5~", KEYC_DC }, { "[2~", KEYC_IC },
		{ "[5~", KEYC_PPAGE }, { "[6~", KEYC_NPAGE },
		{ "[5;3~", KEYC_PPAGE },
		{ "[A", KEYC_UP }, { "OA", KEYC_UP }, { "[1;5A", KEYC_UP },
		{ "[B", KEYC_DOWN }, { "[C", KEYC_RIGHT }, { "[D", KEYC_LEFT },
		{ "OD", KEYC_LEFT }, { "[Z", KEYC_BTAB },
		{ "OP", KEYC_F1 }, { "OS", KEYC_F1 + 3 }, { "[11~", KEYC_F1 },
		{ "[15~", KEYC_F1 + 4 }, { "[24~", KEYC_F12 }, { "[[A", KEYC_F1 },
		{ "OM", KEYC_ENTER },
		/* Whole, and not keys: swallowed. */
		{ "[99~", KEYMAP_SEQ_UNKNOWN }, { "[200~", KEYC_PASTE_START },
		{ "[201~", KEYC_PASTE_END }, { "[202~", KEYMAP_SEQ_UNKNOWN },
		{ "[2d", KEYMAP_SEQ_UNKNOWN }, { "[d", KEYMAP_SEQ_UNKNOWN },
		{ "[2A", KEYMAP_SEQ_UNKNOWN }, { "[?1;2c", KEYMAP_SEQ_UNKNOWN },
		{ "[<0;5;5M", KEYMAP_SEQ_UNKNOWN }, { "[M", KEYMAP_SEQ_UNKNOWN },
		{ "[1$x", KEYMAP_SEQ_UNKNOWN }, { "Ox", KEYMAP_SEQ_UNKNOWN },
		{ "[~", KEYMAP_SEQ_UNKNOWN }, { "[[Z", KEYMAP_SEQ_UNKNOWN },
		{ "[1\x03", KEYMAP_SEQ_UNKNOWN }, { "x", KEYMAP_SEQ_UNKNOWN },
		/* Not complete yet. */
		{ "", KEYMAP_SEQ_MORE }, { "[", KEYMAP_SEQ_MORE },
		{ "O", KEYMAP_SEQ_MORE }, { "[1", KEYMAP_SEQ_MORE },
		{ "[1;", KEYMAP_SEQ_MORE }, { "[1;5", KEYMAP_SEQ_MORE },
		{ "[[", KEYMAP_SEQ_MORE }, { "[1$", KEYMAP_SEQ_MORE },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t got = keymap_sequence(cases[i].s, strlen(cases[i].s));

		if (got != cases[i].key)
			printf("  sequence \"%s\": got %d, want %d\n",
			    cases[i].s, (int)got, (int)cases[i].key);
		CHECK(got == cases[i].key);
	}
}

int
main(void)
{
	RUN(parse_named_keys);
	RUN(parse_bad_keys);
	RUN(canonical_names);
	RUN(round_trip_every_key);
	RUN(contexts);
	RUN(defaults);
	RUN(rebind_and_unbind);
	RUN(each_sorted_by_command_then_key);
	RUN(terminal_sequences);
	return harness_done();
}
