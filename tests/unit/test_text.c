/* test_text.c — UTF-8, clusters, widths, wrapping and sanitising. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

#include "harness.h"
#include "starling/text.h"

/* Clusters of s as "len:width" words, newline clusters as "NL". */
static const char *
clusters(const char *s)
{
	static char		 buf[1024];
	struct text_cluster	 c;
	size_t			 len = strlen(s), i = 0, n = 0;

	buf[0] = '\0';
	while (i < len && n + 32 < sizeof buf) {
		i += text_cluster_next(s + i, len - i, &c);
		if (c.newline)
			n += snprintf(buf + n, sizeof buf - n, "%sNL",
			    n ? " " : "");
		else
			n += snprintf(buf + n, sizeof buf - n, "%s%zu:%d",
			    n ? " " : "", c.len, c.width);
	}
	return buf;
}

/* The draw of the first cluster of s. */
static const char *
draw(const char *s)
{
	static struct text_cluster	 c;

	text_cluster_next(s, strlen(s), &c);
	return c.draw;
}

/* Wrapped lines joined with '|'; checks each line's width against
 * text_width and the width limit on the way. */
static const char *
wrap(const char *s, int width)
{
	static char		 buf[2048];
	struct text_line	 lines[64];
	size_t			 len = strlen(s), n, i, o = 0;

	n = text_wrap(s, len, width, lines, 64);
	buf[0] = '\0';
	for (i = 0; i < n && i < 64; i++) {
		size_t	 l = lines[i].end - lines[i].start;
		int	 w = text_width(s + lines[i].start, l);

		CHECK(lines[i].start <= lines[i].end && lines[i].end <= len);
		CHECK_INT_EQ(lines[i].width, w);
		if (lines[i].width > width)
			CHECK(text_cluster_next(s + lines[i].start, l,
			    &(struct text_cluster){ 0 }) == l);
		if (o + l + 2 < sizeof buf) {
			if (i > 0)
				buf[o++] = '|';
			memcpy(buf + o, s + lines[i].start, l);
			o += l;
			buf[o] = '\0';
		}
	}
	return buf;
}

static char *
san(const char *s, int multiline)
{
	static char	*last;

	free(last);
	last = text_sanitize(s, multiline);
	return last;
}

TEST(decode)
{
	int32_t	 cp;

	CHECK_INT_EQ(text_decode("A", 1, &cp), 1);
	CHECK_INT_EQ(cp, 'A');
	CHECK_INT_EQ(text_decode("\xc3\xa9", 2, &cp), 2);
	CHECK_INT_EQ(cp, 0xe9);
	CHECK_INT_EQ(text_decode("\xe6\x97\xa5", 3, &cp), 3);
	CHECK_INT_EQ(cp, 0x65e5);
	CHECK_INT_EQ(text_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	CHECK_INT_EQ(cp, 0x1f600);
	CHECK_INT_EQ(text_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	CHECK_INT_EQ(cp, 0x10ffff);
	CHECK_INT_EQ(text_decode("", 0, &cp), 0);

	/* Ill-formed: one U+FFFD per maximal subpart. */
	CHECK_INT_EQ(text_decode("\xff\xfe", 2, &cp), 1);
	CHECK_INT_EQ(cp, 0xfffd);
	CHECK_INT_EQ(text_decode("\xc0\xaf", 2, &cp), 1);	/* overlong */
	CHECK_INT_EQ(cp, 0xfffd);
	CHECK_INT_EQ(text_decode("\xe0\x80\xaf", 3, &cp), 1);
	CHECK_INT_EQ(text_decode("\xed\xa0\x80", 3, &cp), 1);	/* surrogate */
	CHECK_INT_EQ(cp, 0xfffd);
	CHECK_INT_EQ(text_decode("\xf4\x90\x80\x80", 4, &cp), 1); /* >10FFFF */
	CHECK_INT_EQ(text_decode("\xe2\x82", 2, &cp), 2);	/* truncated */
	CHECK_INT_EQ(cp, 0xfffd);
	CHECK_INT_EQ(text_decode("\xe2\x82x", 3, &cp), 2);
	CHECK_INT_EQ(text_decode("\x80", 1, &cp), 1);
	CHECK_INT_EQ(cp, 0xfffd);
}

TEST(encode)
{
	char	 b[4];
	int32_t	 cp, cps[] = { 0, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000,
	    0x10ffff };
	size_t	 i, n;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = text_encode(cps[i], b);
		CHECK_INT_EQ(text_decode(b, n, &cp), n);
		CHECK_INT_EQ(cp, cps[i]);
	}
	CHECK_INT_EQ(text_encode(0xd800, b), 3);
	CHECK(memcmp(b, "\xef\xbf\xbd", 3) == 0);
	CHECK_INT_EQ(text_encode(0x110000, b), 3);
	CHECK_INT_EQ(text_encode(-1, b), 3);
}

TEST(ascii)
{
	struct text_cluster	 c;

	CHECK_STR_EQ(clusters("hi there"), "1:1 1:1 1:1 1:1 1:1 1:1 1:1 1:1");
	CHECK_INT_EQ(text_width("hello, world", 12), 12);
	CHECK_INT_EQ(text_cluster_next("x", 1, &c), 1);
	CHECK_STR_EQ(c.draw, "x");
	CHECK_INT_EQ(c.draw_len, 1);
	CHECK(!c.newline);
	CHECK_INT_EQ(text_width("", 0), 0);
}

TEST(latin)
{
	/* Precomposed é, then e + COMBINING ACUTE: both one column. */
	CHECK_STR_EQ(clusters("caf\xc3\xa9"), "1:1 1:1 1:1 2:1");
	CHECK_STR_EQ(clusters("cafe\xcc\x81"), "1:1 1:1 1:1 3:1");
	CHECK_STR_EQ(draw("e\xcc\x81"), "e\xcc\x81");
	/* Stacked marks stay with their base. */
	CHECK_STR_EQ(clusters("a\xcc\x81\xcc\xa3z"), "5:1 1:1");
	CHECK_INT_EQ(text_width("na\xc3\xafve r\xc3\xa9sum\xc3\xa9", 14), 12);
}

TEST(cjk)
{
	CHECK_STR_EQ(clusters("日本語"), "3:2 3:2 3:2");
	CHECK_INT_EQ(text_width("日本語", 9), 6);
	CHECK_INT_EQ(text_width("a日b", 5), 4);
	/* Fullwidth forms and the ideographic space are wide too. */
	CHECK_INT_EQ(text_width("\xef\xbc\xa1\xe3\x80\x80", 6), 4);
}

TEST(hangul)
{
	/* Precomposed syllable, and the same as conjoining jamo L V T:
	 * one cluster, the leading consonant's two columns. */
	CHECK_STR_EQ(clusters("한"), "3:2");
	CHECK_STR_EQ(clusters("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"), "9:2");
	CHECK_STR_EQ(draw("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"),
	    "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab");
	/* LV syllable + T jamo joins too. */
	CHECK_STR_EQ(clusters("\xea\xb0\x80\xe1\x86\xa8"), "6:2");
	CHECK_STR_EQ(clusters("한국어"), "3:2 3:2 3:2");
	CHECK_STR_EQ(wrap("한국어 문장", 4), "한국|어|문장");
}

TEST(rtl)
{
	struct text_cluster	 c;
	const char		*ar = "مرحبا", *he = "שלום";

	/* One column a letter, in logical (byte) order: the terminal's
	 * bidi, if any, is its business. */
	CHECK_STR_EQ(clusters(ar), "2:1 2:1 2:1 2:1 2:1");
	CHECK_INT_EQ(text_width(he, strlen(he)), 4);
	text_cluster_next(he, strlen(he), &c);
	CHECK_STR_EQ(c.draw, "ש");
	/* Hebrew points and Arabic harakat attach to their letter. */
	CHECK_STR_EQ(clusters("שָׁלוֹם"), "6:1 2:1 4:1 2:1");
	CHECK_STR_EQ(clusters("بَ"), "4:1");
	CHECK_STR_EQ(wrap("مرحبا بالعالم", 7), "مرحبا|بالعالم");
	CHECK_STR_EQ(wrap("مرحبا بالعالم", 6), "مرحبا|بالعال|م");
}

TEST(emoji_skin_tone)
{
	/* 👍🏽: the modifier is dropped from the draw. */
	CHECK_STR_EQ(clusters("👍🏽"), "8:2");
	CHECK_STR_EQ(draw("👍🏽"), "👍");
	/* A modifier alone is a swatch of its own. */
	CHECK_STR_EQ(clusters("🏽"), "4:2");
	CHECK_STR_EQ(draw("🏽"), "🏽");
	/* Waving hand with tone, then text. */
	CHECK_STR_EQ(clusters("👋🏿hi"), "8:2 1:1 1:1");
}

TEST(emoji_zwj)
{
	const char	*family = "👨\xe2\x80\x8d👩\xe2\x80\x8d👧";

	/* Drawn as its members side by side: 3 x 2 columns. */
	CHECK_STR_EQ(clusters(family), "18:6");
	CHECK_STR_EQ(draw(family), "👨👩👧");
	/* Woman technologist with skin tone: 👩🏽‍💻. */
	CHECK_STR_EQ(draw("👩🏽\xe2\x80\x8d💻"), "👩💻");
	CHECK_INT_EQ(text_width("👩🏽\xe2\x80\x8d💻", 15), 4);
	/* Rainbow flag: 🏳 VS16 ZWJ 🌈 (🏳 is one column in glibc). */
	CHECK_STR_EQ(draw("🏳\xef\xb8\x8f\xe2\x80\x8d🌈"), "🏳🌈");
	CHECK_INT_EQ(text_width("🏳\xef\xb8\x8f\xe2\x80\x8d🌈", 14), 3);
	/* A lone ZWJ draws nothing. */
	CHECK_STR_EQ(clusters("\xe2\x80\x8d"), "3:0");
}

TEST(emoji_flags)
{
	/* Regional indicators pair up; each is as wide as wcwidth says. */
	int	 ri = wcwidth(0x1f1eb);

	CHECK_STR_EQ(clusters("🇫🇷"), ri == 1 ? "8:2" : "8:4");
	CHECK_INT_EQ(text_width("🇫🇷🇩🇪", 16), 4 * ri);
	CHECK_STR_EQ(draw("🇫🇷🇩🇪"), "🇫🇷");
	/* An odd one out stands alone. */
	CHECK_INT_EQ(strchr(clusters("🇫🇷🇩"), ' ') != NULL, 1);
	/* England: black flag + tags, tags dropped. */
	CHECK_STR_EQ(draw("🏴\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5"
	    "\xf3\xa0\x81\xae\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf"), "🏴");
}

TEST(emoji_keycap_vs16)
{
	/* 1️⃣ = '1' VS16 U+20E3: the keycap combines with the digit. */
	CHECK_STR_EQ(clusters("1\xef\xb8\x8f\xe2\x83\xa3"), "7:1");
	CHECK_STR_EQ(draw("1\xef\xb8\x8f\xe2\x83\xa3"), "1\xe2\x83\xa3");
	CHECK_STR_EQ(clusters("#\xef\xb8\x8f\xe2\x83\xa3" "2"), "7:1 1:1");
	/* ❤️: VS16 dropped, so one certain column. */
	CHECK_STR_EQ(draw("\xe2\x9d\xa4\xef\xb8\x8f"), "\xe2\x9d\xa4");
	CHECK_STR_EQ(clusters("\xe2\x9d\xa4\xef\xb8\x8f"), "6:1");
	/* VS15 likewise. */
	CHECK_STR_EQ(draw("\xe2\x98\xba\xef\xb8\x8e"), "\xe2\x98\xba");
}

TEST(zalgo)
{
	char			 s[1 + 2 * 60 + 2];
	struct text_cluster	 c;
	size_t			 i, n = 0;
	int32_t			 cp;

	s[n++] = 'Z';
	for (i = 0; i < 60; i++) {
		s[n++] = (char)0xcc;
		s[n++] = (char)(0x80 + i % 0x30);
	}
	s[n++] = 'a';
	s[n] = '\0';
	CHECK_INT_EQ(text_cluster_next(s, n, &c), n - 1);
	CHECK_INT_EQ(c.width, 1);
	CHECK(c.draw_len <= TEXT_CLUSTER_MAX - 1);
	CHECK_INT_EQ(strlen(c.draw), c.draw_len);
	CHECK(c.draw[0] == 'Z');
	/* The draw is cut between codepoints. */
	for (i = 0; i < c.draw_len; i += text_decode(c.draw + i,
	    c.draw_len - i, &cp))
		CHECK(cp != 0xfffd);
	CHECK_INT_EQ(text_width(s, n), 2);
	/* A ZWJ chain of many emoji keeps what fits, counting only that. */
	{
		char	 z[256] = "";

		for (i = 0; i < 12; i++)
			strcat(z, i ? "\xe2\x80\x8d😀" : "😀");
		text_cluster_next(z, strlen(z), &c);
		CHECK_INT_EQ(c.len, strlen(z));
		CHECK_INT_EQ(c.width, 2 * (int)(c.draw_len / 4));
		CHECK(c.draw_len <= TEXT_CLUSTER_MAX - 1);
	}
}

TEST(zero_width_and_controls)
{
	struct text_cluster	 c;

	/* A combining mark with no base draws nothing, width 0. */
	CHECK_INT_EQ(text_cluster_next("\xcc\x81" "a", 3, &c), 2);
	CHECK_INT_EQ(c.width, 0);
	CHECK_INT_EQ(c.draw_len, 0);
	CHECK_STR_EQ(clusters("\n\xcc\x81x"), "NL 2:0 1:1");
	/* ZWNJ keeps Persian letters apart but takes no column. */
	CHECK_INT_EQ(text_width("\xd9\x85\xe2\x80\x8c\xd9\x8a", 7), 2);
	/* Newlines. */
	CHECK_INT_EQ(text_cluster_next("\nx", 2, &c), 1);
	CHECK(c.newline);
	CHECK_INT_EQ(c.width, 0);
	CHECK_INT_EQ(c.draw_len, 0);
	CHECK_INT_EQ(text_cluster_next("\r\nx", 3, &c), 2);
	CHECK(c.newline);
	/* Controls, unassigned and invalid draw as U+FFFD, one column. */
	CHECK_STR_EQ(draw("\t"), "\xef\xbf\xbd");
	CHECK_STR_EQ(clusters("\r"), "1:1");
	CHECK_INT_EQ(text_cluster_next("\0a", 2, &c), 1);
	CHECK_STR_EQ(c.draw, "\xef\xbf\xbd");
	CHECK_STR_EQ(draw("\xcd\xb8"), "\xef\xbf\xbd");	/* U+0378 */
	CHECK_STR_EQ(clusters("\xcd\xb8"), "2:1");
	CHECK_STR_EQ(clusters("a\xff\xfe" "b"), "1:1 1:1 1:1 1:1");
	CHECK_STR_EQ(clusters("\xe2\x82"), "2:1");
	CHECK_STR_EQ(draw("\xc2\x9b"), "\xef\xbf\xbd");
}

TEST(width_stops_at_newline)
{
	CHECK_INT_EQ(text_width("ab\ncd", 5), 2);
	CHECK_INT_EQ(text_width("日\n日日", 10), 2);
	CHECK_INT_EQ(text_width("\nabc", 4), 0);
	/* len bounds the measure, not a NUL. */
	CHECK_INT_EQ(text_width("abcdef", 3), 3);
}

TEST(fit)
{
	int	 used = -1;

	CHECK_INT_EQ(text_fit("hello", 5, 3, &used), 3);
	CHECK_INT_EQ(used, 3);
	CHECK_INT_EQ(text_fit("hello", 5, 10, &used), 5);
	CHECK_INT_EQ(used, 5);
	/* A wide cluster that would straddle the edge stays out. */
	CHECK_INT_EQ(text_fit("日本語", 9, 5, &used), 6);
	CHECK_INT_EQ(used, 4);
	CHECK_INT_EQ(text_fit("日本語", 9, 1, &used), 0);
	CHECK_INT_EQ(used, 0);
	CHECK_INT_EQ(text_fit("a日", 4, 2, &used), 1);
	CHECK_INT_EQ(used, 1);
	/* Never splits a base from its marks. */
	CHECK_INT_EQ(text_fit("e\xcc\x81" "e\xcc\x81", 6, 1, &used), 3);
	CHECK_INT_EQ(used, 1);
	/* Nor a family from its members. */
	CHECK_INT_EQ(text_fit("👨\xe2\x80\x8d👩\xe2\x80\x8d👧x", 19, 5, &used), 0);
	CHECK_INT_EQ(text_fit("👨\xe2\x80\x8d👩\xe2\x80\x8d👧x", 19, 6, &used), 18);
	CHECK_INT_EQ(text_fit("1\xef\xb8\x8f\xe2\x83\xa3" "2", 8, 1, &used), 7);
	CHECK_INT_EQ(text_fit("🇫🇷🇩🇪", 16, 3, &used), 8);
	/* Stops before a newline; used may be NULL. */
	CHECK_INT_EQ(text_fit("ab\ncd", 5, 10, NULL), 2);
	CHECK_INT_EQ(text_fit("abc", 3, 0, &used), 0);
	CHECK_INT_EQ(used, 0);
	CHECK_INT_EQ(text_fit("abc", 3, -3, &used), 0);
}

TEST(wrap_words)
{
	const char	*s = "the quick brown fox jumps";

	CHECK_STR_EQ(wrap(s, 25), s);
	CHECK_STR_EQ(wrap(s, 24), "the quick brown fox|jumps");
	CHECK_STR_EQ(wrap(s, 10), "the quick|brown fox|jumps");
	CHECK_STR_EQ(wrap(s, 9), "the quick|brown fox|jumps");
	CHECK_STR_EQ(wrap(s, 8), "the|quick|brown|fox|jumps");
	CHECK_STR_EQ(wrap(s, 5), "the|quick|brown|fox|jumps");
	CHECK_STR_EQ(wrap(s, 4), "the|quic|k|brow|n|fox|jump|s");
	CHECK_STR_EQ(wrap(s, 1), "t|h|e|q|u|i|c|k|b|r|o|w|n|f|o|x|j|u|m|p|s");
	/* Width below 1 acts as 1. */
	CHECK_STR_EQ(wrap("ab", 0), "a|b");
	/* Runs of spaces vanish at a break, stay inside a line. */
	CHECK_STR_EQ(wrap("ab    cd  ef", 8), "ab    cd|ef");
	CHECK_STR_EQ(wrap("ab    cd", 3), "ab|cd");
	CHECK_STR_EQ(wrap("ab   ", 3), "ab");
}

TEST(wrap_newlines)
{
	struct text_line	 l[4];

	CHECK_STR_EQ(wrap("one\ntwo three", 5), "one|two|three");
	CHECK_STR_EQ(wrap("a\n\nb", 5), "a||b");
	CHECK_STR_EQ(wrap("a \nb", 5), "a|b");
	CHECK_INT_EQ(text_wrap("a\n", 2, 5, l, 4), 2);
	CHECK_INT_EQ(l[1].start, 2);
	CHECK_INT_EQ(l[1].end, 2);
	CHECK_INT_EQ(text_wrap("\n", 1, 5, l, 4), 2);
	CHECK_INT_EQ(text_wrap("", 0, 5, l, 4), 0);
	CHECK_INT_EQ(text_wrap("x", 1, 5, l, 4), 1);
	CHECK_STR_EQ(wrap("a\r\nb", 5), "a|b");
	/* Indents are kept, unless wider than the line. */
	CHECK_STR_EQ(wrap("  ab cd", 5), "  ab|cd");
	CHECK_STR_EQ(wrap("      ab", 3), "ab");
	CHECK_STR_EQ(wrap("  abcdef", 4), "  ab|cdef");
}

TEST(wrap_max_and_counts)
{
	struct text_line	 l[2];
	const char		*s = "aa bb cc dd";

	/* Returns all lines needed even with room for fewer. */
	CHECK_INT_EQ(text_wrap(s, strlen(s), 2, l, 2), 4);
	CHECK_INT_EQ(l[0].start, 0);
	CHECK_INT_EQ(l[0].end, 2);
	CHECK_INT_EQ(l[0].width, 2);
	CHECK_INT_EQ(l[1].start, 3);
	CHECK_INT_EQ(l[1].end, 5);
	CHECK_INT_EQ(text_wrap(s, strlen(s), 2, NULL, 0), 4);
	CHECK_INT_EQ(text_wrap(s, strlen(s), 100, NULL, 0), 1);
}

TEST(wrap_cjk)
{
	CHECK_STR_EQ(wrap("日本語のテキスト", 6), "日本語|のテキ|スト");
	CHECK_STR_EQ(wrap("日本語のテキスト", 5), "日本|語の|テキ|スト");
	/* A cluster wider than the line goes alone on its line. */
	CHECK_STR_EQ(wrap("日本", 1), "日|本");
	CHECK_STR_EQ(wrap("日 本", 1), "日|本");
	CHECK_STR_EQ(wrap("a日b", 1), "a|日|b");
	/* Mixed: breaks beside wide text, not inside Latin words. */
	CHECK_STR_EQ(wrap("hello日本", 6), "hello|日本");
	CHECK_STR_EQ(wrap("日本hello", 6), "日本|hello");
	/* Closing punctuation never starts a line, opening never ends one. */
	CHECK_STR_EQ(wrap("日本語。日本", 6), "日本|語。日|本");
	CHECK_STR_EQ(wrap("日本語「日本」", 6), "日本語|「日|本」");
	CHECK_STR_EQ(wrap("日本語、日本", 6), "日本|語、日|本");
	/* Emoji are wide clusters too. */
	CHECK_STR_EQ(wrap("👍🏽👍🏽👍🏽", 4), "👍🏽👍🏽|👍🏽");
	CHECK_STR_EQ(wrap("👨\xe2\x80\x8d👩\xe2\x80\x8d👧 hi", 4),
	    "👨\xe2\x80\x8d👩\xe2\x80\x8d👧|hi");
}

TEST(wrap_clusters)
{
	CHECK_STR_EQ(wrap("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2),
	    "e\xcc\x81" "e\xcc\x81|e\xcc\x81");
	CHECK_STR_EQ(wrap("1\xef\xb8\x8f\xe2\x83\xa3" "2\xef\xb8\x8f\xe2\x83\xa3",
	    1), "1\xef\xb8\x8f\xe2\x83\xa3|2\xef\xb8\x8f\xe2\x83\xa3");
	CHECK_STR_EQ(wrap("🇫🇷🇩🇪", wcwidth(0x1f1eb) * 2),
	    "🇫🇷|🇩🇪");
	CHECK_STR_EQ(wrap("\xea\xb0\x80\xe1\x86\xa8\xea\xb0\x80", 3),
	    "\xea\xb0\x80\xe1\x86\xa8|\xea\xb0\x80");
}

TEST(wrap_urls)
{
	const char	*s = "see https://example.com/a/very/long/path?q=1 now";

	CHECK_STR_EQ(wrap(s, 10),
	    "see|https://ex|ample.com/|a/very/lon|g/path?q=1|now");
	CHECK_STR_EQ(wrap(s, 40),
	    "see|https://example.com/a/very/long/path?q=1|now");
	CHECK_STR_EQ(wrap(s, 38),
	    "see|https://example.com/a/very/long/path?q|=1 now");
	CHECK_STR_EQ(wrap("https://example.com/xyz", 8),
	    "https://|example.|com/xyz");
}

TEST(sanitize_plain)
{
	CHECK_STR_EQ(san("hello", 1), "hello");
	CHECK_STR_EQ(san("", 1), "");
	CHECK_STR_EQ(san("caf\xc3\xa9 日本 👨\xe2\x80\x8d👩\xe2\x80\x8d👧", 1),
	    "caf\xc3\xa9 日本 👨\xe2\x80\x8d👩\xe2\x80\x8d👧");
	/* ZWNJ, ZWJ, VS16, combining marks and tags survive. */
	CHECK_STR_EQ(san("\xd9\x85\xe2\x80\x8c\xd9\x8a", 1),
	    "\xd9\x85\xe2\x80\x8c\xd9\x8a");
	CHECK_STR_EQ(san("1\xef\xb8\x8f\xe2\x83\xa3", 1), "1\xef\xb8\x8f\xe2\x83\xa3");
	CHECK_STR_EQ(san("🏴\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf", 1),
	    "🏴\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf");
	/* Nothing else collapses. */
	CHECK_STR_EQ(san("a  b\n\n c", 1), "a  b\n\n c");
}

TEST(sanitize_controls)
{
	CHECK_STR_EQ(san("a\tb", 1), "a b");
	CHECK_STR_EQ(san("a\x01\x02\x7f" "b\x08", 1), "ab");
	CHECK_STR_EQ(san("a\r\nb\rc\n", 1), "a\nb\nc\n");
	CHECK_STR_EQ(san("a\r\nb\rc\nd", 0), "a b c d");
	CHECK_STR_EQ(san("a\n\nb", 0), "a  b");
	CHECK_STR_EQ(san("\r\r\n", 1), "\n\n");
	/* C1 controls, encoded in UTF-8. */
	CHECK_STR_EQ(san("a\xc2\x80\xc2\x8e\xc2\x9c" "b", 1), "ab");
	CHECK_STR_EQ(san("a\xc2\x85" "b", 1), "a\nb");	/* NEL */
	/* Line and paragraph separators. */
	CHECK_STR_EQ(san("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 1), "a\nb\nc");
	CHECK_STR_EQ(san("a\xe2\x80\xa8" "b", 0), "a b");
}

TEST(sanitize_escapes)
{
	CHECK_STR_EQ(san("\x1b[31mred\x1b[0m", 1), "red");
	CHECK_STR_EQ(san("a\x1b[38;2;255;0;0mb", 1), "ab");
	CHECK_STR_EQ(san("a\x1b[?1049hb\x1b[2J\x1b[H", 1), "ab");
	CHECK_STR_EQ(san("\x1b]0;title\x07text", 1), "text");
	CHECK_STR_EQ(san("\x1b]0;title\x1b\\text", 1), "text");
	CHECK_STR_EQ(san("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", 1), "link");
	CHECK_STR_EQ(san("\x1b]52;c;aGk=\x07ok", 1), "ok");
	CHECK_STR_EQ(san("a\x1bPq#0;2;0;0;0\x1b\\b", 1), "ab");	/* DCS */
	CHECK_STR_EQ(san("a\x1b_apc\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d", 1),
	    "abcd");
	CHECK_STR_EQ(san("a\x1b" "cb\x1b" "7c\x1b(Bd\x1b#8e", 1), "abcde");
	/* 8-bit CSI, OSC and ST, as UTF-8 C1 characters. */
	CHECK_STR_EQ(san("a\xc2\x9b" "31mb", 1), "ab");
	CHECK_STR_EQ(san("a\xc2\x9d" "0;t\xc2\x9c" "b", 1), "ab");
	CHECK_STR_EQ(san("a\xc2\x90q\xc2\x9c" "b", 1), "ab");
	/* ESC ESC: the second starts its own sequence. */
	CHECK_STR_EQ(san("a\x1b\x1b[1mb", 1), "ab");
	/* An OSC cut by another sequence, CAN and SUB. */
	CHECK_STR_EQ(san("\x1b]0;t\x1b[1mb", 1), "b");
	CHECK_STR_EQ(san("\x1b]0;t\x18" "b\x1b[1\x1a" "c", 1), "bc");
	/* A CSI broken by a newline: the newline stays. */
	CHECK_STR_EQ(san("\x1b[3\n1mb", 1), "\n1mb");
	/* Unterminated sequences run to the end; a trailing ESC goes. */
	CHECK_STR_EQ(san("ok\x1b]0;never ends", 1), "ok");
	CHECK_STR_EQ(san("ok\x1b[", 1), "ok");
	CHECK_STR_EQ(san("ok\x1b", 1), "ok");
	/* ESC before non-ASCII only drops the ESC. */
	CHECK_STR_EQ(san("\x1b\xc3\xa9", 1), "\xc3\xa9");
	/* SS2 and SS3 take the character they shift, 7- and 8-bit. */
	CHECK_STR_EQ(san("a\x1bNxb\x1bO\xc3\xa9" "c", 1), "abc");
	CHECK_STR_EQ(san("a\xc2\x8ex" "b\xc2\x8fy" "c", 1), "abc");
	CHECK_STR_EQ(san("a\x1bO\nb", 1), "a\nb");
	/* What a post showed before: the rest of the sequence. */
	CHECK_STR_EQ(san("Title \x1b]0;pwned\x07 set", 1), "Title  set");
	CHECK_STR_EQ(san("Clear \x1b[2J\x1b[H screen", 1), "Clear  screen");
}

TEST(escape_len)
{
	CHECK_INT_EQ(text_escape_len("abc", 3), 0);
	CHECK_INT_EQ(text_escape_len("", 0), 0);
	CHECK_INT_EQ(text_escape_len("\xc3\xa9", 2), 0);
	CHECK_INT_EQ(text_escape_len("\xc2\x85", 2), 0);	/* NEL: no sequence */
	CHECK_INT_EQ(text_escape_len("\x1b[2Jx", 5), 4);
	CHECK_INT_EQ(text_escape_len("\x1b]0;t\x07x", 7), 6);
	CHECK_INT_EQ(text_escape_len("\x1b]0;t\x1b\\x", 8), 7);
	CHECK_INT_EQ(text_escape_len("\x1bP1$r\xc2\x9cx", 8), 7);
	CHECK_INT_EQ(text_escape_len("\x1b_a\x1b\\x", 6), 5);
	CHECK_INT_EQ(text_escape_len("\x1bNxy", 4), 3);
	CHECK_INT_EQ(text_escape_len("\xc2\x9b" "31mx", 6), 5);
	CHECK_INT_EQ(text_escape_len("\xc2\x9d" "0;t\x07x", 7), 6);
	CHECK_INT_EQ(text_escape_len("\xc2\x8fPx", 4), 3);
	CHECK_INT_EQ(text_escape_len("\x1b]0;never", 10), 10);
	CHECK_INT_EQ(text_escape_len("\x1b", 1), 1);
}

TEST(sanitize_invisible)
{
	/* Bidi embeddings, overrides, isolates, marks. */
	CHECK_STR_EQ(san("a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac"
	    "d\xe2\x80\xad" "e\xe2\x80\xae" "f", 1), "abcdef");
	CHECK_STR_EQ(san("a\xe2\x81\xa6" "b\xe2\x81\xa7" "c\xe2\x81\xa8"
	    "d\xe2\x81\xa9" "e", 1), "abcde");
	CHECK_STR_EQ(san("a\xe2\x80\x8e" "b\xe2\x80\x8f" "c\xd8\x9c" "d", 1),
	    "abcd");
	/* Trojan Source: RLO reverses what follows on bidi terminals. */
	CHECK_STR_EQ(san("access\xe2\x80\xae" "nimda", 1), "accessnimda");
	/* BOM, soft hyphen, zero width space, word joiner. */
	CHECK_STR_EQ(san("\xef\xbb\xbfhel\xc2\xadlo\xe2\x80\x8b"
	    "w\xe2\x81\xa0orld", 1), "helloworld");
	/* ZWJ kept. */
	CHECK_STR_EQ(san("a\xe2\x80\x8d" "b", 1), "a\xe2\x80\x8d" "b");
}

TEST(sanitize_invalid)
{
	CHECK_STR_EQ(san("\xff\xfe", 1), "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR_EQ(san("a\xc0\xaf" "b", 1), "a\xef\xbf\xbd\xef\xbf\xbd" "b");
	CHECK_STR_EQ(san("\xed\xa0\x80", 1),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR_EQ(san("\xe2\x82", 1), "\xef\xbf\xbd");
	CHECK_STR_EQ(san("\xf4\x90\x80\x80", 1),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* A raw 8-bit CSI byte is not UTF-8: shown, not obeyed. */
	CHECK_STR_EQ(san("\x9b" "31m", 1), "\xef\xbf\xbd" "31m");
	/* Worst-case growth fits. */
	CHECK_STR_EQ(san("\x80\x80\x80", 1), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(sanitize_into)
{
	char	 b[16];

	CHECK_INT_EQ(text_sanitize_into("hello", 5, true, b, sizeof b), 5);
	CHECK_STR_EQ(b, "hello");
	CHECK_INT_EQ(text_sanitize_into("hello", 5, true, b, 3), 2);
	CHECK_STR_EQ(b, "he");
	/* Cut on a codepoint boundary. */
	CHECK_INT_EQ(text_sanitize_into("a\xc3\xa9", 3, true, b, 3), 1);
	CHECK_STR_EQ(b, "a");
	CHECK_INT_EQ(text_sanitize_into("a\xc3\xa9", 3, true, b, 4), 3);
	CHECK_INT_EQ(text_sanitize_into("\xff", 1, true, b, 3), 0);
	CHECK_INT_EQ(text_sanitize_into("\xff", 1, true, b, 4), 3);
	CHECK_INT_EQ(text_sanitize_into("abc", 3, true, b, 1), 0);
	CHECK_STR_EQ(b, "");
	b[0] = 'x';
	CHECK_INT_EQ(text_sanitize_into("abc", 3, true, b, 0), 0);
	CHECK(b[0] == 'x');
	/* len bounds the input, NULs inside it are controls. */
	CHECK_INT_EQ(text_sanitize_into("a\0b", 3, false, b, sizeof b), 2);
	CHECK_STR_EQ(b, "ab");
}

/*
 * Every line of Unicode's GraphemeBreakTest.txt against text_cluster_next,
 * comparing break offsets in bytes. The fixture may be newer than the
 * Unicode data of the utf8proc we link: lines that need a rule it lacks
 * (GB9c, "[9.3]", Unicode 15.1) or a property it has differently (a
 * codepoint assigned since, or reclassified) are counted as skipped. The
 * properties come from the fixture's own comments, so nothing is hard-coded.
 */
static const char *
gbt_path(void)
{
	static const char	*paths[] = {
	    "tests/fixtures/unicode/GraphemeBreakTest.txt",
	};
	size_t			 i;

	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		FILE	*f = fopen(paths[i], "r");

		if (f != NULL) {
			fclose(f);
			return paths[i];
		}
	}
	return NULL;
}

/* The fixture's Grapheme_Cluster_Break names against utf8proc's classes. */
static const struct {
	const char	*name;
	int		 boundclass;
} gbt_classes[] = {
	{ "CR", UTF8PROC_BOUNDCLASS_CR },
	{ "LF", UTF8PROC_BOUNDCLASS_LF },
	{ "Control", UTF8PROC_BOUNDCLASS_CONTROL },
	{ "Extend", UTF8PROC_BOUNDCLASS_EXTEND },
	{ "ZWJ", UTF8PROC_BOUNDCLASS_ZWJ },
	{ "RI", UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR },
	{ "Prepend", UTF8PROC_BOUNDCLASS_PREPEND },
	{ "SpacingMark", UTF8PROC_BOUNDCLASS_SPACINGMARK },
	{ "L", UTF8PROC_BOUNDCLASS_L },
	{ "V", UTF8PROC_BOUNDCLASS_V },
	{ "T", UTF8PROC_BOUNDCLASS_T },
	{ "LV", UTF8PROC_BOUNDCLASS_LV },
	{ "LVT", UTF8PROC_BOUNDCLASS_LVT },
	{ "ExtPict", UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC },
	{ "XX", UTF8PROC_BOUNDCLASS_OTHER },
	{ "LinkingConsonant", UTF8PROC_BOUNDCLASS_OTHER },
};

/* Class named at the start of an annotation like "Extend_ConjunctLinker"
 * or "XXmLinkingConsonantmExtPict" ('m' for minus), or -1. */
static int
gbt_class(const char *prop)
{
	size_t	 i, n;

	for (i = 0; i < sizeof gbt_classes / sizeof gbt_classes[0]; i++) {
		n = strlen(gbt_classes[i].name);
		if (strncmp(prop, gbt_classes[i].name, n) != 0)
			continue;
		if (prop[n] == ')' || prop[n] == '_' ||
		    (prop[n] == 'm' && prop[n + 1] >= 'A' && prop[n + 1] <= 'Z'))
			return gbt_classes[i].boundclass;
	}
	return -1;
}

/* Whether utf8proc knows each codepoint as the fixture's comment describes
 * it: "÷ [0.2] NAME (Prop) × [9.0] NAME (Prop) ÷ [0.3]". */
static int
gbt_same_properties(const char *comment, const int32_t *cps, size_t ncps)
{
	const char	*p, *seg, *next, *q, *open;
	char		 buf[256];
	size_t		 i = 0, n;
	int		 want;

	p = strchr(comment, '[');
	while (p != NULL && i < ncps) {
		if ((seg = strchr(p, ']')) == NULL)
			break;
		seg++;
		if ((next = strchr(seg, '[')) == NULL)
			break;
		open = NULL;
		for (q = seg; q < next; q++)
			if (*q == '(')
				open = q;
		if (open == NULL)
			break;
		n = (size_t)(next - seg) < sizeof buf ?
		    (size_t)(next - seg) : sizeof buf - 1;
		memcpy(buf, seg, n);
		buf[n] = '\0';
		/* Unassigned here but named there: assigned since. */
		if (utf8proc_category(cps[i]) == UTF8PROC_CATEGORY_CN &&
		    strstr(buf, "<reserved-") == NULL)
			return 0;
		want = gbt_class(open + 1);
		if (want != -1 &&
		    utf8proc_get_property(cps[i])->boundclass != want)
			return 0;
		i++;
		p = next;
	}
	return 1;
}

TEST(grapheme_break_test)
{
	const char	*path = gbt_path();
	FILE		*f;
	char		 line[4096], s[512];
	int32_t		 cps[128];
	size_t		 want[128], nwant, got[128], ngot, len, ncps, i;
	int		 total = 0, gb9c = 0, props = 0, failed = 0;
	int		 lineno = 0;

	if (path == NULL) {
		printf("FAIL: tests/fixtures/unicode/GraphemeBreakTest.txt"
		    " not found\n");
		CHECK(path != NULL);
		return;
	}
	f = fopen(path, "r");
	while (fgets(line, sizeof line, f) != NULL) {
		char	*p = line, *hash, *end;
		char	 comment[4096] = "";

		lineno++;
		if ((hash = strchr(line, '#')) != NULL) {
			snprintf(comment, sizeof comment, "%s", hash + 1);
			*hash = '\0';
		}
		len = nwant = ncps = 0;
		while (*p != '\0' && nwant < 128 && ncps < 128 &&
		    len + 4 < sizeof s) {
			if (strncmp(p, "\xc3\xb7", 2) == 0) {	/* ÷ */
				want[nwant++] = len;
				p += 2;
			} else if (strncmp(p, "\xc3\x97", 2) == 0) {	/* × */
				p += 2;
			} else if (*p == ' ' || *p == '\t' || *p == '\n' ||
			    *p == '\r') {
				p++;
			} else {
				long	 cp = strtol(p, &end, 16);

				if (end == p)
					break;
				p = end;
				cps[ncps++] = (int32_t)cp;
				len += text_encode((int32_t)cp, s + len);
			}
		}
		if (len == 0)
			continue;
		total++;
		if (strstr(comment, "[9.3]") != NULL) {
			gb9c++;
			continue;
		}
		if (!gbt_same_properties(comment, cps, ncps)) {
			props++;
			continue;
		}
		ngot = 0;
		got[ngot++] = 0;
		for (i = 0; i < len && ngot < 128; ) {
			struct text_cluster	 c;

			i += text_cluster_next(s + i, len - i, &c);
			got[ngot++] = i;
		}
		if (ngot != nwant || memcmp(got, want, ngot * sizeof *got) != 0) {
			if (failed++ < 10)
				printf("  %s:%d: breaks differ\n", path, lineno);
		}
	}
	fclose(f);
	printf("  GraphemeBreakTest: %d lines, %d skipped (%d need GB9c, %d "
	    "need newer properties than utf8proc's Unicode %s), %d failed\n",
	    total, gb9c + props, gb9c, props, utf8proc_unicode_version(),
	    failed);
	CHECK(total > 500);
	CHECK_INT_EQ(failed, 0);
	CHECK((gb9c + props) * 10 < total);	/* a small minority */
}

TEST(prev_and_next_cluster_step_whole_graphemes)
{
	/* a, é (e + combining acute), 🇯🇵, 👨‍👩‍👧, b, newline, c */
	const char	*s = "a" "e\xcc\x81" "\xf0\x9f\x87\xaf\xf0\x9f\x87\xb5"
			    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
			    "\xe2\x80\x8d\xf0\x9f\x91\xa7" "b\nc";
	size_t		 len = strlen(s), stops[] = { 0, 1, 4, 12, 30, 31, 32, 33 };
	size_t		 i, n = sizeof stops / sizeof stops[0];

	CHECK_INT_EQ(len, 33);
	for (i = 0; i + 1 < n; i++) {
		CHECK_INT_EQ(text_next_cluster(s, len, stops[i]), stops[i + 1]);
		CHECK_INT_EQ(text_prev_cluster(s, stops[i + 1]), stops[i]);
	}
	CHECK_INT_EQ(text_next_cluster(s, len, len), len);
	CHECK_INT_EQ(text_prev_cluster(s, 0), 0);
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		printf("no C.UTF-8 locale\n");
		return 1;
	}
	RUN(decode);
	RUN(encode);
	RUN(ascii);
	RUN(latin);
	RUN(cjk);
	RUN(hangul);
	RUN(rtl);
	RUN(emoji_skin_tone);
	RUN(emoji_zwj);
	RUN(emoji_flags);
	RUN(emoji_keycap_vs16);
	RUN(zalgo);
	RUN(zero_width_and_controls);
	RUN(width_stops_at_newline);
	RUN(fit);
	RUN(wrap_words);
	RUN(wrap_newlines);
	RUN(wrap_max_and_counts);
	RUN(wrap_cjk);
	RUN(wrap_clusters);
	RUN(wrap_urls);
	RUN(sanitize_plain);
	RUN(escape_len);
	RUN(sanitize_controls);
	RUN(sanitize_escapes);
	RUN(sanitize_invisible);
	RUN(sanitize_invalid);
	RUN(sanitize_into);
	RUN(grapheme_break_test);
	RUN(prev_and_next_cluster_step_whole_graphemes);
	return harness_done();
}
