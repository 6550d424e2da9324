/* test_lineedit.c — the shared text editor: grapheme steps, words, lines,
 * kills, the length cap, and key tables. */
#include <locale.h>
#include <string.h>

#include "harness.h"
#include "starling/lineedit.h"

#define FLAG	"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"	/* 🇫🇷: two codepoints */
#define E_ACUTE	"e\xcc\x81"				/* e + combining acute */
#define FAMILY	"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"	/* 👩‍👧 */

static void
typed(struct lineedit *le, const char *s)
{
	lineedit_insert(le, s, strlen(s));
}

TEST(insert_and_cursor)
{
	struct lineedit	le;

	lineedit_init(&le, 100, false);
	CHECK_STR_EQ(le.text, "");
	CHECK_INT_EQ(le.cursor, 0);
	typed(&le, "hello");
	CHECK_STR_EQ(le.text, "hello");
	CHECK_INT_EQ(le.cursor, 5);
	lineedit_do(&le, LINEEDIT_HOME);
	CHECK(lineedit_insert_char(&le, 0xe9));	/* é, two bytes */
	CHECK_STR_EQ(le.text, "\xc3\xa9hello");
	CHECK_INT_EQ(le.cursor, 2);
	CHECK_INT_EQ(le.len, 7);
	lineedit_do(&le, LINEEDIT_END);
	CHECK_INT_EQ(le.cursor, 7);
	lineedit_free(&le);
	CHECK(le.text == NULL);
}

TEST(moves_and_deletes_whole_graphemes)
{
	struct lineedit	le;

	lineedit_init(&le, 100, false);
	typed(&le, "a" FLAG E_ACUTE FAMILY "z");
	lineedit_do(&le, LINEEDIT_LEFT);		/* before z */
	lineedit_do(&le, LINEEDIT_LEFT);		/* before the family */
	CHECK_INT_EQ(le.cursor, 1 + 8 + 3);
	lineedit_do(&le, LINEEDIT_LEFT);		/* before é */
	CHECK_INT_EQ(le.cursor, 1 + 8);
	CHECK(lineedit_do(&le, LINEEDIT_DELETE_BACK));	/* the whole flag */
	CHECK_STR_EQ(le.text, "a" E_ACUTE FAMILY "z");
	CHECK_INT_EQ(le.cursor, 1);
	CHECK(lineedit_do(&le, LINEEDIT_DELETE_FORWARD));	/* e and its accent */
	CHECK_STR_EQ(le.text, "a" FAMILY "z");
	lineedit_do(&le, LINEEDIT_RIGHT);		/* over the family */
	CHECK_INT_EQ(le.cursor, 1 + 11);
	CHECK(lineedit_do(&le, LINEEDIT_DELETE_BACK));
	CHECK_STR_EQ(le.text, "az");
	/* At the ends nothing happens. */
	lineedit_do(&le, LINEEDIT_END);
	CHECK(!lineedit_do(&le, LINEEDIT_DELETE_FORWARD));
	lineedit_do(&le, LINEEDIT_RIGHT);
	CHECK_INT_EQ(le.cursor, 2);
	lineedit_do(&le, LINEEDIT_HOME);
	CHECK(!lineedit_do(&le, LINEEDIT_DELETE_BACK));
	lineedit_do(&le, LINEEDIT_LEFT);
	CHECK_INT_EQ(le.cursor, 0);
	CHECK_STR_EQ(le.text, "az");
	lineedit_free(&le);
}

TEST(words)
{
	struct lineedit	le;

	lineedit_init(&le, 100, false);
	typed(&le, "tag  comp" E_ACUTE "lain  ");
	CHECK(lineedit_do(&le, LINEEDIT_KILL_WORD_BACK));	/* spaces too */
	CHECK_STR_EQ(le.text, "tag  ");
	typed(&le, "caf" E_ACUTE " now");
	lineedit_do(&le, LINEEDIT_WORD_LEFT);
	CHECK_INT_EQ(le.cursor, strlen("tag  caf" E_ACUTE " "));
	lineedit_do(&le, LINEEDIT_WORD_LEFT);
	CHECK_INT_EQ(le.cursor, 5);
	lineedit_do(&le, LINEEDIT_WORD_LEFT);
	CHECK_INT_EQ(le.cursor, 0);
	lineedit_do(&le, LINEEDIT_WORD_LEFT);
	CHECK_INT_EQ(le.cursor, 0);
	lineedit_do(&le, LINEEDIT_WORD_RIGHT);
	CHECK_INT_EQ(le.cursor, 3);
	lineedit_do(&le, LINEEDIT_WORD_RIGHT);
	CHECK_INT_EQ(le.cursor, strlen("tag  caf" E_ACUTE));
	lineedit_do(&le, LINEEDIT_WORD_RIGHT);
	CHECK_INT_EQ(le.cursor, le.len);
	/* C-w in the middle of a word takes its start only. */
	lineedit_do(&le, LINEEDIT_LEFT);
	CHECK(lineedit_do(&le, LINEEDIT_KILL_WORD_BACK));
	CHECK_STR_EQ(le.text, "tag  caf" E_ACUTE " w");
	CHECK_INT_EQ(le.cursor, strlen("tag  caf" E_ACUTE " "));
	lineedit_free(&le);
}

TEST(kills_and_clear)
{
	struct lineedit	le;

	lineedit_init(&le, 100, false);
	typed(&le, "column 12");
	lineedit_do(&le, LINEEDIT_LEFT);
	lineedit_do(&le, LINEEDIT_LEFT);
	CHECK(lineedit_do(&le, LINEEDIT_KILL_END));
	CHECK_STR_EQ(le.text, "column ");
	CHECK(!lineedit_do(&le, LINEEDIT_KILL_END));
	lineedit_do(&le, LINEEDIT_LEFT);
	CHECK(lineedit_do(&le, LINEEDIT_KILL_START));
	CHECK_STR_EQ(le.text, " ");
	CHECK_INT_EQ(le.cursor, 0);
	CHECK(lineedit_do(&le, LINEEDIT_CLEAR));
	CHECK_STR_EQ(le.text, "");
	CHECK(!lineedit_do(&le, LINEEDIT_CLEAR));
	lineedit_free(&le);
}

TEST(multiline_lines)
{
	struct lineedit	le;

	lineedit_init(&le, 100, true);
	typed(&le, "@bob hi\nsecond line\nthird");
	CHECK_STR_EQ(le.text, "@bob hi\nsecond line\nthird");
	lineedit_do(&le, LINEEDIT_HOME);
	CHECK_INT_EQ(le.cursor, 20);
	lineedit_do(&le, LINEEDIT_LEFT);	/* onto the end of line two */
	CHECK_INT_EQ(le.cursor, 19);
	lineedit_do(&le, LINEEDIT_HOME);
	CHECK_INT_EQ(le.cursor, 8);
	lineedit_do(&le, LINEEDIT_END);
	CHECK_INT_EQ(le.cursor, 19);
	/* At a line's end, C-k joins the next line. */
	CHECK(lineedit_do(&le, LINEEDIT_KILL_END));
	CHECK_STR_EQ(le.text, "@bob hi\nsecond linethird");
	lineedit_do(&le, LINEEDIT_LEFT);
	CHECK(lineedit_do(&le, LINEEDIT_KILL_END));
	CHECK_STR_EQ(le.text, "@bob hi\nsecond lin");
	CHECK(lineedit_do(&le, LINEEDIT_KILL_START));
	CHECK_STR_EQ(le.text, "@bob hi\n");
	CHECK_INT_EQ(le.cursor, 8);
	CHECK(lineedit_do(&le, LINEEDIT_DELETE_BACK));	/* the newline */
	CHECK_STR_EQ(le.text, "@bob hi");
	lineedit_free(&le);

	/* A single-line box turns newlines into spaces. */
	lineedit_init(&le, 100, false);
	typed(&le, "two\nlines");
	CHECK_STR_EQ(le.text, "two lines");
	lineedit_free(&le);
}

TEST(length_cap)
{
	struct lineedit	le;
	char		big[300];

	lineedit_init(&le, 6, false);
	typed(&le, "abcd");
	CHECK(!lineedit_insert_char(&le, 0x1f600));	/* 4 bytes: no room */
	CHECK_STR_EQ(le.text, "abcd");
	CHECK(lineedit_insert_char(&le, 0xe9));
	CHECK_STR_EQ(le.text, "abcd\xc3\xa9");
	CHECK(!lineedit_insert_char(&le, 'x'));
	CHECK_INT_EQ(le.len, 6);
	/* Deleting always works; a replacement that fits does too. */
	CHECK(lineedit_replace(&le, 0, 2, "XY", 2));
	CHECK_STR_EQ(le.text, "XYcd\xc3\xa9");
	CHECK(!lineedit_replace(&le, 0, 1, "123", 3));
	CHECK(!lineedit_replace(&le, 4, 2, "", 0));	/* not a range */
	CHECK(!lineedit_replace(&le, 0, 99, "", 0));
	CHECK_STR_EQ(le.text, "XYcd\xc3\xa9");
	/* Set cuts at the cap, never inside a codepoint. */
	lineedit_set(&le, "abcde\xc3\xa9", 7);
	CHECK_STR_EQ(le.text, "abcde");
	CHECK_INT_EQ(le.cursor, 5);
	lineedit_free(&le);

	/* The buffer grows past its first allocation. */
	lineedit_init(&le, 1000, false);
	memset(big, 'x', sizeof big);
	CHECK(lineedit_insert(&le, big, sizeof big));
	CHECK(lineedit_insert(&le, big, sizeof big));
	CHECK_INT_EQ(le.len, 600);
	CHECK_INT_EQ(strlen(le.text), 600);
	lineedit_free(&le);
}

TEST(key_tables)
{
	static const struct lineedit_key keys[] = {
		{ 2, LINEEDIT_LEFT },
		{ 8, LINEEDIT_DELETE_BACK },
		{ 21, LINEEDIT_CLEAR },
	};
	struct lineedit	le;
	size_t		n = sizeof keys / sizeof keys[0];

	lineedit_init(&le, 100, false);
	typed(&le, "ab");
	CHECK_INT_EQ(lineedit_key(&le, keys, n, 2), 0);
	CHECK_INT_EQ(le.cursor, 1);
	CHECK_INT_EQ(lineedit_key(&le, keys, n, 8), 1);
	CHECK_STR_EQ(le.text, "b");
	CHECK_INT_EQ(lineedit_key(&le, keys, n, 8), 0);	/* nothing before */
	CHECK_INT_EQ(lineedit_key(&le, keys, n, 'x'), -1);
	CHECK_INT_EQ(lineedit_key(&le, keys, n, 21), 1);
	CHECK_STR_EQ(le.text, "");
	lineedit_free(&le);
}

/* Typing a word is one change, a space starts the next, a move ends one;
 * kills and a paste (between marks) are one change each; the cursor goes
 * back where it was. */
TEST(undo)
{
	struct lineedit	le;
	const char	*cjk = "\xe6\x97\xa5\xe6\x9c\xac";	/* 日本 */

	lineedit_init(&le, 100, true);
	CHECK(!lineedit_do(&le, LINEEDIT_UNDO));	/* nothing yet */
	lineedit_insert_char(&le, 'h');
	lineedit_insert_char(&le, 'i');
	lineedit_insert_char(&le, ' ');
	typed(&le, FLAG);
	typed(&le, cjk);
	CHECK_STR_EQ(le.text, "hi " FLAG "\xe6\x97\xa5\xe6\x9c\xac");
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));
	CHECK_STR_EQ(le.text, "hi");
	CHECK_INT_EQ(le.cursor, 2);
	lineedit_do(&le, LINEEDIT_HOME);
	lineedit_insert_char(&le, 'o');
	lineedit_do(&le, LINEEDIT_END);
	lineedit_insert_char(&le, '!');
	CHECK_STR_EQ(le.text, "ohi!");
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));
	CHECK_STR_EQ(le.text, "ohi");
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));
	CHECK_STR_EQ(le.text, "hi");
	CHECK_INT_EQ(le.cursor, 0);
	/* A kill comes back whole, combining marks and all. */
	lineedit_set(&le, "caf" E_ACUTE " ok", strlen("caf" E_ACUTE " ok"));
	lineedit_do(&le, LINEEDIT_HOME);
	CHECK(lineedit_do(&le, LINEEDIT_KILL_END));
	CHECK_STR_EQ(le.text, "");
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));
	CHECK_STR_EQ(le.text, "caf" E_ACUTE " ok");
	CHECK_INT_EQ(le.cursor, 0);
	/* A paste with spaces and newlines: one change. */
	lineedit_do(&le, LINEEDIT_END);
	lineedit_mark(&le, true);
	typed(&le, " a");
	lineedit_insert_char(&le, '\n');
	typed(&le, " b c");
	lineedit_mark(&le, false);
	CHECK_STR_EQ(le.text, "caf" E_ACUTE " ok a\n b c");
	lineedit_insert_char(&le, 'd');
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));
	CHECK_STR_EQ(le.text, "caf" E_ACUTE " ok");
	CHECK(lineedit_do(&le, LINEEDIT_UNDO));	/* the set */
	CHECK_STR_EQ(le.text, "hi");
	lineedit_free(&le);
	CHECK(le.nundo == 0);
}

/* Many changes: the oldest are let go, the text stays right. */
TEST(undo_bounded)
{
	struct lineedit	le;
	int		i, n = 0;

	lineedit_init(&le, 10000, false);
	for (i = 0; i < 1000; i++) {
		lineedit_insert_char(&le, 'x');
		lineedit_do(&le, LINEEDIT_LEFT);
		lineedit_do(&le, LINEEDIT_RIGHT);
	}
	CHECK_INT_EQ(le.len, 1000);
	while (lineedit_do(&le, LINEEDIT_UNDO))
		n++;
	CHECK(n > 0 && n < 1000);
	CHECK_INT_EQ(le.len, (size_t)(1000 - n));
	lineedit_free(&le);
}

int
main(void)
{
	/* Cluster widths come from wcwidth(): a UTF-8 locale. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	RUN(insert_and_cursor);
	RUN(moves_and_deletes_whole_graphemes);
	RUN(words);
	RUN(kills_and_clear);
	RUN(multiline_lines);
	RUN(length_cap);
	RUN(key_tables);
	RUN(undo);
	RUN(undo_bounded);
	return harness_done();
}
