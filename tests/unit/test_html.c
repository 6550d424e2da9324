/* test_html.c — HTML of posts to text and spans: Mastodon's markup, blocks,
 * entities, broken and hostile input, every fixture's "content". */
#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "starling/html.h"
#include "starling/post.h"

#define FIXTURES	"tests/fixtures/mastodon"

static const char *mention_gargron =
    "<span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon."
    "social/@Gargron\" class=\"u-url mention\">@<span>Gargron</span></a>"
    "</span>";
static const char *hashtag_cats =
    "<a href=\"https://mastodon.social/tags/cats\" class=\"mention hashtag\" "
    "rel=\"tag\">#<span>cats</span></a>";
static const char *link_long =
    "<a href=\"https://example.com/long/path\" target=\"_blank\" "
    "rel=\"nofollow noopener noreferrer\"><span class=\"invisible\">"
    "https://</span><span class=\"ellipsis\">example.com/long/pa</span>"
    "<span class=\"invisible\">th</span></a>";

/* Whether s[0..len) is valid UTF-8 with no control but '\n'. */
static bool
clean_utf8(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 cp;

	while (i < len) {
		if (u[i] < 0x80) {
			if ((u[i] < 0x20 && u[i] != '\n') || u[i] == 0x7f)
				return false;
			i++;
			continue;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xdf) {
			n = 2;
			cp = u[i] & 0x1f;
		} else if (u[i] >= 0xe0 && u[i] <= 0xef) {
			n = 3;
			cp = u[i] & 0x0f;
		} else if (u[i] >= 0xf0 && u[i] <= 0xf4) {
			n = 4;
			cp = u[i] & 0x07;
		} else
			return false;
		if (i + n > len)
			return false;
		for (k = 1; k < n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (u[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp < 0xa0))
			return false;
		i += n;
	}
	return true;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* What every result must be, whatever the input. */
static void
check_wellformed(const struct html_text *t)
{
	size_t	 i;

	CHECK(t->text != NULL);
	if (t->text == NULL)
		return;
	CHECK_INT_EQ(strlen(t->text), t->len);
	CHECK(clean_utf8(t->text, t->len));
	if (t->len > 0) {
		CHECK(!is_ws(t->text[0]));
		CHECK(!is_ws(t->text[t->len - 1]));
	}
	CHECK(t->nspans == 0 || t->spans != NULL);
	for (i = 0; i < t->nspans; i++) {
		CHECK(t->spans[i].start < t->spans[i].end);
		CHECK(t->spans[i].end <= t->len);
		if (i > 0)
			CHECK(t->spans[i].start >= t->spans[i - 1].end);
	}
}

/* Converts s and checks it is well formed; free with html_text_free. */
static struct html_text
conv(const char *s)
{
	struct html_text	 t;

	html_to_text(s, strlen(s), &t);
	check_wellformed(&t);
	return t;
}

/* Converts s, compares the text, frees. */
static void
check_text(const char *html, const char *want)
{
	struct html_text	 t = conv(html);

	CHECK_STR_EQ(t.text, want);
	if (strcmp(t.text, want) != 0)
		printf("    from: \"%s\"\n", html);
	html_text_free(&t);
}

/* The text a span covers. */
static const char *
span_text(const struct html_text *t, size_t i)
{
	static char	 buf[256];
	size_t		 n;

	if (i >= t->nspans)
		return "(no span)";
	n = t->spans[i].end - t->spans[i].start;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, t->text + t->spans[i].start, n);
	buf[n] = '\0';
	return buf;
}

static void
check_span(const struct html_text *t, size_t i, enum post_span_kind kind,
    unsigned start, unsigned end, const char *text, const char *url)
{
	CHECK(i < t->nspans);
	if (i >= t->nspans)
		return;
	CHECK_INT_EQ(t->spans[i].kind, kind);
	CHECK_INT_EQ(t->spans[i].start, start);
	CHECK_INT_EQ(t->spans[i].end, end);
	CHECK_STR_EQ(span_text(t, i), text);
	CHECK_STR_EQ(t->spans[i].url, url);
}

TEST(empty_input)
{
	struct html_text	 t;

	html_to_text(NULL, 0, &t);
	check_wellformed(&t);
	CHECK_STR_EQ(t.text, "");
	CHECK_INT_EQ(t.len, 0);
	CHECK_INT_EQ(t.nspans, 0);
	html_text_free(&t);
	CHECK(t.text == NULL && t.spans == NULL);
	html_text_free(&t);		/* twice is harmless */

	html_to_text(NULL, 10, &t);	/* NULL with a length */
	CHECK_STR_EQ(t.text, "");
	html_text_free(&t);
	html_to_text("<p>x</p>", 0, &t);
	CHECK_STR_EQ(t.text, "");
	html_text_free(&t);

	check_text("", "");
	check_text("   \n\t ", "");
	check_text("<p></p>", "");
	check_text("<p> </p><p>\n</p><br><br />", "");
	check_text("<!-- only a comment -->", "");
}

TEST(plain_text_is_itself)
{
	check_text("hello & goodbye", "hello & goodbye");
	check_text("hello", "hello");
	check_text("5 > 3 & 2 > 1", "5 > 3 & 2 > 1");
	check_text("fish & chips &c.", "fish & chips &c.");
	check_text("AT&T", "AT&T");
	/* Without a single tag, spaces and newlines are meant; only the
	 * ends are trimmed. */
	check_text("  two  spaces\nand a line\r\nend \n", "two  spaces\n"
	    "and a line\nend");
	/* Entities are still decoded. */
	check_text("x &amp; y &lt;3", "x & y <3");
	check_text("caf\xc3\xa9 \xf0\x9f\x98\xba", "caf\xc3\xa9 \xf0\x9f\x98\xba");
}

TEST(paragraphs_and_breaks)
{
	check_text("<p>a</p><p>b</p>", "a\n\nb");
	check_text("<p>a</p>\n<p>b</p>\n<p>c</p>", "a\n\nb\n\nc");
	check_text("<p>a</p>\n\n  \n<p>b</p>", "a\n\nb");
	check_text("<p>a<br />b</p>", "a\nb");
	check_text("<p>a<br>b<br/>c</p>", "a\nb\nc");
	check_text("<p>a<br><br>b</p>", "a\n\nb");
	check_text("<p>a<br></p><p>b</p>", "a\n\nb");
	check_text("<p>a<br> b</p>", "a\nb");
	check_text("<p>a <br>b</p>", "a\nb");
	check_text("<p>cats<br>cats never change</p>", "cats\ncats never change");
	/* Nothing leads or trails. */
	check_text("<br><br><p>a</p><br><br>", "a");
	check_text("<p><br>a<br></p>", "a");
	check_text("\n\n<p>\n a \n</p>\n\n", "a");
}

TEST(whitespace_collapses)
{
	check_text("<p>  a \n\t b  </p>\n<p> c </p>", "a b\n\nc");
	check_text("<p>a<b> b </b>c</p>", "a b c");
	check_text("<p>a <b>b</b> c</p>", "a b c");
	check_text("<p>a<b>b</b>c</p>", "abc");
	check_text("<p>a  <span> </span>  b</p>", "a b");
	check_text("<div>a</div><div>b</div>", "a\nb");
	check_text("<span>a</span>\n<span>b</span>", "a b");
	/* &nbsp; is a plain space (and collapses like one). */
	check_text("<p>a&nbsp;b</p>", "a b");
	check_text("<p>&nbsp;a&nbsp;&nbsp;b&nbsp;</p>", "a b");
	check_text("<p>a\xc2\xa0" "b</p>", "a b");
}

TEST(entities)
{
	check_text("<p>&lt; 6 &amp;&amp; 7 &gt;</p>", "< 6 && 7 >");
	check_text("<p>it&#39;s</p>", "it's");
	check_text("<p>&quot;q&quot; &apos;a&apos;</p>", "\"q\" 'a'");
	check_text("<p>&#x1F600; &#128512; &eacute;&copy;</p>",
	    "\xf0\x9f\x98\x80 \xf0\x9f\x98\x80 \xc3\xa9\xc2\xa9");
	check_text("<p>&hellip;&mdash;&rarr;</p>",
	    "\xe2\x80\xa6\xe2\x80\x94\xe2\x86\x92");
	/* Unknown or bare ampersands survive as text. */
	check_text("<p>&foo; & x &c</p>", "&foo; & x &c");
	check_text("<p>a &amp;lt; b</p>", "a &lt; b");
}

TEST(controls_are_dropped)
{
	struct html_text	 t;

	/* An entity cannot smuggle an escape (the whole sequence goes), a C1
	 * CSI or a NUL. */
	check_text("<p>&#27;[31mred&#27;[0m</p>", "red");
	check_text("<p>a&#155;31mb &#x9b;c &#128;d &#7;e &#0;f</p>",
	    "ab d e f");
	check_text("<p>a&#x7f;b&#x85;c</p>", "ab c");
	/* Raw control bytes too. */
	check_text("<p>a\x1b[2Jb\x07" "c\x01" "d</p>", "abcd");
	check_text("<p>a\xc2\x9b" "31m b</p>", "a b");
	/* NULs inside the length. */
	html_to_text("<p>a\0b</p>", 10, &t);
	check_wellformed(&t);
	CHECK(memchr(t.text, '\0', t.len) == NULL);
	html_text_free(&t);
	/* Spans stay on what was written. */
	t = conv("&#27;<a href=\"https://x.example/\x1b[1m\">x&#27;[1my</a>");
	CHECK_STR_EQ(t.text, "xy");
	check_span(&t, 0, POST_SPAN_LINK, 0, 2, "xy",
	    "https://x.example/[1m");
	html_text_free(&t);
}

TEST(escapes_are_dropped_whole)
{
	struct html_text	 t;

	/* Raw, the way a post carried them: the whole sequence goes. */
	check_text("<p>Title \x1b]0;pwned\x07 set</p>", "Title set");
	check_text("<p>Clear \x1b[2J\x1b[H screen</p>", "Clear screen");
	check_text("<p>a\x1bP1$r\x1b\\b\x1b_x\x1b\\c\x1bNxd\x1bOye</p>", "abcde");
	/* As entities, decimal and hex, 7- and 8-bit. */
	check_text("<p>Clear &#27;[2J&#27;[H screen</p>", "Clear screen");
	check_text("<p>Title &#x1b;]0;pwned&#7; set</p>", "Title set");
	check_text("<p>Title &#x1B;]0;pwned&#x1b;\\ set</p>", "Title set");
	check_text("<p>a&#155;2Jb &#x9d;0;t&#x9c;c &#x8e;xd</p>", "ab c d");
	check_text("<p>a&#x1b;P1$r&#x1b;\\b &#x9f;apc&#x9c;c</p>", "ab c");
	/* A two-byte sequence takes its final byte (ESC y); a literal "<",
	 * an "&" and "&#60;" stay text. */
	check_text("<p>x&#27;y z</p>", "x z");
	check_text("<p>a < b &amp; &#60;c&#62; d&#27;</p>", "a < b & <c> d");
	/* A sequence stops short of markup: the tag stays a tag. */
	t = conv("<p>&#27;<a href=\"https://x.example/\">l</a> &#x9d;0;<b>b</b></p>");
	CHECK_STR_EQ(t.text, "l b");
	check_span(&t, 0, POST_SPAN_LINK, 0, 1, "l", "https://x.example/");
	html_text_free(&t);
}

TEST(invalid_utf8_stays_valid)
{
	struct html_text	 t;

	t = conv("<p>a\xff" "b \xc3 \xed\xa0\x80 \xf8\x88\x80\x80\x80</p>");
	CHECK(t.len > 0);
	html_text_free(&t);
	t = conv("\xc3");
	html_text_free(&t);
	t = conv("<p>ok</p>\xe2\x82");
	CHECK(strncmp(t.text, "ok", 2) == 0);
	html_text_free(&t);
}

TEST(mention)
{
	struct html_text	 t = conv(mention_gargron);

	CHECK_STR_EQ(t.text, "@Gargron");
	CHECK_INT_EQ(t.nspans, 1);
	check_span(&t, 0, POST_SPAN_MENTION, 0, 8, "@Gargron",
	    "https://mastodon.social/@Gargron");
	html_text_free(&t);

	/* Pleroma's order of attributes, text after. */
	t = conv("<span class=\"h-card\"><a class=\"u-url mention\" href=\"https"
	    "://pl.nulled.red/users/disarray\" rel=\"nofollow noopener noreferr"
	    "er\" target=\"_blank\">@<span>disarray</span></a></span> glad i "
	    "was able to help");
	CHECK_STR_EQ(t.text, "@disarray glad i was able to help");
	CHECK_INT_EQ(t.nspans, 1);
	check_span(&t, 0, POST_SPAN_MENTION, 0, 9, "@disarray",
	    "https://pl.nulled.red/users/disarray");
	html_text_free(&t);
}

TEST(hashtag_is_not_a_mention)
{
	struct html_text	 t = conv(hashtag_cats);

	CHECK_STR_EQ(t.text, "#cats");
	CHECK_INT_EQ(t.nspans, 1);
	check_span(&t, 0, POST_SPAN_HASHTAG, 0, 5, "#cats",
	    "https://mastodon.social/tags/cats");
	html_text_free(&t);

	/* The class order does not matter, nor does rel alone. */
	t = conv("<a href=\"u1\" class=\"hashtag mention\">#a</a> "
	    "<a href=\"u2\" rel=\"nofollow tag\">#b</a> "
	    "<a href=\"u3\" class=\"mention\">@c</a> "
	    "<a href=\"u4\" class=\"mentions hashtags\">d</a>");
	CHECK_STR_EQ(t.text, "#a #b @c d");
	CHECK_INT_EQ(t.nspans, 4);
	check_span(&t, 0, POST_SPAN_HASHTAG, 0, 2, "#a", "u1");
	check_span(&t, 1, POST_SPAN_HASHTAG, 3, 5, "#b", "u2");
	check_span(&t, 2, POST_SPAN_MENTION, 6, 8, "@c", "u3");
	check_span(&t, 3, POST_SPAN_LINK, 9, 10, "d", "u4");
	html_text_free(&t);

	/* Pleroma: class "hashtag" and the text whole. */
	t = conv("I just <a class=\"hashtag\" data-tag=\"love\" href=\"https://m"
	    ".iamkonstantin.eu/tag/love\">#love</a> <a class=\"hashtag\" data-"
	    "tag=\"coffee\" href=\"https://m.iamkonstantin.eu/tag/coffee\">#cof"
	    "fee</a> :heart_cup:  There is no better way to start the day.");
	CHECK_STR_EQ(t.text, "I just #love #coffee :heart_cup: There is no "
	    "better way to start the day.");
	CHECK_INT_EQ(t.nspans, 2);
	check_span(&t, 0, POST_SPAN_HASHTAG, 7, 12, "#love",
	    "https://m.iamkonstantin.eu/tag/love");
	check_span(&t, 1, POST_SPAN_HASHTAG, 13, 20, "#coffee",
	    "https://m.iamkonstantin.eu/tag/coffee");
	html_text_free(&t);
}

TEST(link_shortened)
{
	struct html_text	 t = conv(link_long);

	CHECK_STR_EQ(t.text, "example.com/long/pa\xe2\x80\xa6");
	CHECK_INT_EQ(t.nspans, 1);
	check_span(&t, 0, POST_SPAN_LINK, 0, 22, "example.com/long/pa\xe2\x80\xa6",
	    "https://example.com/long/path");
	html_text_free(&t);

	/* Short link: no ellipsis, empty invisible tail. */
	t = conv("<p><a href=\"http://example.org/\" target=\"_blank\" rel=\"nof"
	    "ollow noopener\" translate=\"no\"><span class=\"invisible\">http:/"
	    "/</span><span class=\"\">example.org/</span><span class=\"invisi"
	    "ble\"></span></a></p>");
	CHECK_STR_EQ(t.text, "example.org/");
	check_span(&t, 0, POST_SPAN_LINK, 0, 12, "example.org/",
	    "http://example.org/");
	html_text_free(&t);

	/* The href is trimmed; a link without one is just text. */
	t = conv("<a href=\"  https://a.example/x \n\">a</a> "
	    "<a name=\"top\">anchor</a> <a href=\"\">empty</a>");
	CHECK_STR_EQ(t.text, "a anchor empty");
	CHECK_INT_EQ(t.nspans, 1);
	check_span(&t, 0, POST_SPAN_LINK, 0, 1, "a", "https://a.example/x");
	html_text_free(&t);

	/* A mention without href still marks the mention. */
	t = conv("hi <a class=\"mention\">@x</a>");
	CHECK_STR_EQ(t.text, "hi @x");
	check_span(&t, 0, POST_SPAN_MENTION, 3, 5, "@x", NULL);
	html_text_free(&t);

	/* Whitespace owed at the link's edges stays outside it. */
	t = conv("<p>see<a href=\"u\"> foo </a>bar</p>");
	CHECK_STR_EQ(t.text, "see foo bar");
	check_span(&t, 0, POST_SPAN_LINK, 4, 7, "foo", "u");
	html_text_free(&t);

	/* A link with no visible text makes no span. */
	t = conv("<p>a <a href=\"u\"><span class=\"invisible\">x</span></a> b"
	    "<a href=\"v\"> </a></p>");
	CHECK_STR_EQ(t.text, "a b");
	CHECK_INT_EQ(t.nspans, 0);
	html_text_free(&t);
}

TEST(status_with_every_kind)
{
	char			 html[2048];
	struct html_text	 t;

	snprintf(html, sizeof html, "<p>%s hi %s &amp; <a href=\"https://"
	    "mastodon.social/tags/dogs\" class=\"mention hashtag\" rel=\"tag\">"
	    "#<span>dogs</span></a></p><p>see %s, it&#39;s &lt;great&gt;</p>",
	    mention_gargron, hashtag_cats, link_long);
	t = conv(html);
	CHECK_STR_EQ(t.text, "@Gargron hi #cats & #dogs\n\nsee "
	    "example.com/long/pa\xe2\x80\xa6, it's <great>");
	CHECK_INT_EQ(t.nspans, 4);
	check_span(&t, 0, POST_SPAN_MENTION, 0, 8, "@Gargron",
	    "https://mastodon.social/@Gargron");
	check_span(&t, 1, POST_SPAN_HASHTAG, 12, 17, "#cats",
	    "https://mastodon.social/tags/cats");
	check_span(&t, 2, POST_SPAN_HASHTAG, 20, 25, "#dogs",
	    "https://mastodon.social/tags/dogs");
	check_span(&t, 3, POST_SPAN_LINK, 31, 53,
	    "example.com/long/pa\xe2\x80\xa6", "https://example.com/long/path");
	html_text_free(&t);
}

TEST(quote_inline_dropped)
{
	struct html_text	 t;

	t = conv("<p class=\"quote-inline\">RE: <a href=\"https://icosahedron.w"
	    "ebsite/@halcy/101256876982565163\" target=\"_blank\" rel=\"nofollo"
	    "w noopener\" translate=\"no\"><span class=\"invisible\">https://</s"
	    "pan><span class=\"ellipsis\">icosahedron.website/@halcy/101</span"
	    "><span class=\"invisible\">256876982565163</span></a></p><p>not th"
	    "at <b>most</b> people</p>");
	CHECK_STR_EQ(t.text, "not that most people");
	CHECK_INT_EQ(t.nspans, 0);
	html_text_free(&t);
	check_text("<p>a</p><p class=\"quote-inline\">RE: x</p>", "a");
	check_text("<p>a <span class=\"quote-inline\">RE: x</span>b</p>",
	    "a b");
}

TEST(custom_emoji_kept)
{
	check_text("<p>edit: fields filled :trans_heart: yes</p>",
	    "edit: fields filled :trans_heart: yes");
	check_text("<img class=\"emoji\" alt=\":blob:\" src=\"x\"> hi",
	    ":blob: hi");
	check_text("<p>a<img src=\"x\">b</p>", "ab");
}

TEST(lists)
{
	check_text("<ul><li>a</li><li>b</li></ul>",
	    "\xe2\x80\xa2 a\n\xe2\x80\xa2 b");
	check_text("<ol><li>a</li><li>b</li><li>c</li></ol>", "1. a\n2. b\n3. c");
	check_text("<ol start=\"9\"><li>a</li><li>b</li></ol>", "9. a\n10. b");
	check_text("<p>intro</p><ul><li>a</li></ul><p>outro</p>",
	    "intro\n\n\xe2\x80\xa2 a\n\noutro");
	/* Nested: indented, numbered per list. */
	check_text("<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>",
	    "\xe2\x80\xa2 a\n  \xe2\x80\xa2 b\n  \xe2\x80\xa2 c\n\xe2\x80\xa2 d");
	check_text("<ol><li>a<ol><li>b</li><li>c</li></ol></li><li>d<ul><li>e"
	    "</li></ul></li></ol>", "1. a\n  1. b\n  2. c\n2. d\n"
	    "  \xe2\x80\xa2 e");
	/* Paragraphs inside items (loose, as a browser spaces them), empty
	 * items, unclosed items. */
	check_text("<ol><li><p>a</p></li><li><p>b</p><p>c</p></li></ol>",
	    "1. a\n\n2. b\n\nc");
	check_text("<ul><li></li><li>b</li></ul>", "\xe2\x80\xa2 b");
	check_text("<ul><li>a<li>b</ul>x", "\xe2\x80\xa2 a\n\xe2\x80\xa2 b\n\nx");
	check_text("<li>stray</li>", "\xe2\x80\xa2 stray");
	/* A nested list first: no indent leads the text (fuzz). */
	check_text("<ul><li><ul><li>a</li><li>b</li></ul></li></ul>",
	    "\xe2\x80\xa2 a\n  \xe2\x80\xa2 b");
	check_text("<ul><li\xb3" "a<ol start=\"3\"><lix-stli></ol></<ul><li"
	    "\xb3" "a<ol sta&nbsp;rt=\"3\">quote>", "\xe2\x80\xa2 quote>");
	/* A span over an item's text leaves the marker out. */
	{
		struct html_text t = conv("<ul><li><a href=\"u\">x</a></li></ul>");

		CHECK_STR_EQ(t.text, "\xe2\x80\xa2 x");
		check_span(&t, 0, POST_SPAN_LINK, 4, 5, "x", "u");
		html_text_free(&t);
	}
}

TEST(blockquote)
{
	check_text("<blockquote>a</blockquote>", "> a");
	check_text("<p>x</p><blockquote><p>a</p><p>b<br>c</p></blockquote>"
	    "<p>y</p>", "x\n\n> a\n>\n> b\n> c\n\ny");
	check_text("<blockquote>a<blockquote>b</blockquote>c</blockquote>",
	    "> a\n>\n> > b\n>\n> c");
	check_text("<blockquote><ul><li>a</li><li>b</li></ul></blockquote>",
	    "> \xe2\x80\xa2 a\n> \xe2\x80\xa2 b");
	check_text("<blockquote><pre>a\n  b</pre></blockquote>", "> a\n>   b");
	check_text("<blockquote>unclosed", "> unclosed");
}

TEST(pre)
{
	check_text("<p>x</p><pre>\n  a  b\n    c\n</pre><p>y</p>",
	    "x\n\n  a  b\n    c\n\ny");
	check_text("<pre>int\tmain(void)\n{\n\treturn 0;\n}\n</pre>",
	    "int main(void)\n{\n return 0;\n}");
	check_text("<pre>\n\na</pre>", "a");
	check_text("<p>x</p><pre>\n\na</pre>", "x\n\n\na");
	check_text("<pre><code>a &lt;b&gt;\n  c</code></pre>", "a <b>\n  c");
	check_text("<pre>a&nbsp;&nbsp;b</pre>", "a  b");
	check_text("<pre>  lead\ntrail  \n\n</pre>", "lead\ntrail");
	check_text("<pre>a\r\nb\rc</pre>", "a\nb\nc");
	/* Whitespace collapses again after it. */
	check_text("<pre>a  b</pre><p>c  d</p>", "a  b\n\nc d");
}

TEST(dropped_elements)
{
	check_text("<p>a<script>alert('x')</script>b</p>", "ab");
	check_text("<style>p { color: red }</style><p>a</p>", "a");
	check_text("<p>a<!-- secret -->b</p>", "ab");
	check_text("<p>a<template>t</template>b</p>", "ab");
	check_text("<html><head><title>T</title><style>x</style></head>"
	    "<body><p>b</p></body></html>", "b");
	check_text("<p>a<?php echo 1 ?>b</p>", "ab");
	check_text("<script>unclosed <p>x</p>", "");
}

TEST(other_blocks)
{
	check_text("<h1>Title</h1>para", "Title\n\npara");
	check_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr>"
	    "</table>", "a b\nc");
	check_text("<p>a</p><hr><p>b</p>", "a\n\nb");
	check_text("<div><div>a</div></div><div>b</div>", "a\nb");
}

TEST(unclosed_and_garbage)
{
	struct html_text	 t;
	static const char	*garbage[] = {
		"<", ">", "<>", "</", "<<<>>><p<a", "<p", "<a href=", "<a href=\"",
		"&", "&#", "&#x", "&#99999999999;", "&#xD800;", "<!--", "<![CDATA[x",
		"</p></p></a></span>", "<p><p><p><p>", "<a><a><a>x", "<br/<br/>",
		"<p class=\"quote-inline\">", "<span class=\"ellipsis\">",
		"<span class=\"ellipsis\"></span>", "<x-starling>a</x-starling>b",
		"</x-starling>", "<?xml version=\"1.0\"?><p>x</p>", "<!DOCTYPE html>x",
		"<a href=\"&#0;\">x</a>", "&amp &#; &#x; &#xZ;",
		"<ol start=\"-5\"><li>x", "<ol start=\"99999999999999999\"><li>x",
	};
	size_t			 i;

	check_text("<p>a<p>b", "a\n\nb");
	check_text("x</p>y", "xy");
	check_text("<b>bold <i>both</b> italic</i>", "bold both italic");
	t = conv("<a href=x>unterminated");
	CHECK_STR_EQ(t.text, "unterminated");
	check_span(&t, 0, POST_SPAN_LINK, 0, 12, "unterminated", "x");
	html_text_free(&t);
	/* A link opened inside another: libxml2 closes the first. */
	t = conv("a<a href=1>b<a href=2>c</a>d</a>e");
	CHECK_STR_EQ(t.text, "abcde");
	CHECK_INT_EQ(t.nspans, 2);
	check_span(&t, 0, POST_SPAN_LINK, 1, 2, "b", "1");
	check_span(&t, 1, POST_SPAN_LINK, 2, 3, "c", "2");
	html_text_free(&t);
	check_text("if a < b and c > d", "if a < b and c > d");
	for (i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
		t = conv(garbage[i]);
		html_text_free(&t);
	}
	check_text("<span class=\"ellipsis\">x", "x\xe2\x80\xa6");
	check_text("<ol start=\"-5\"><li>x", "1. x");
}

/* 1 MB of one opening tag repeated, then text. */
static struct html_text
conv_repeated(const char *tag, const char *tail)
{
	size_t			 n = strlen(tag), count = (1u << 20) / n, i;
	size_t			 tl = strlen(tail);
	char			*s = malloc(count * n + tl + 1);
	struct html_text	 t;

	for (i = 0; i < count; i++)
		memcpy(s + i * n, tag, n);
	memcpy(s + count * n, tail, tl + 1);
	html_to_text(s, count * n + tl, &t);
	check_wellformed(&t);
	free(s);
	return t;
}

TEST(deep_nesting)
{
	static const char	*tags[] = {
		"<div>", "<div>a", "<blockquote>", "<blockquote>q", "<ul><li>",
		"<ol><li>x", "<a href=\"u\">", "<pre>", "<span class=\"ellipsis\">",
		"<p class=\"quote-inline\">", "<b><i>", "<script>", "<li>", "<a>",
	};
	struct html_text	 t;
	size_t			 i;

	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		t = conv_repeated(tags[i], "end");
		html_text_free(&t);
	}
	/* The shallow part is kept (libxml2 stops at 256 levels). */
	t = conv_repeated("<div>a", "");
	CHECK(t.len >= 200 && strncmp(t.text, "a\na\na", 5) == 0);
	html_text_free(&t);
	/* Wide rather than deep. */
	t = conv_repeated("<p>x</p>", "");
	CHECK_INT_EQ(t.len, 3 * ((1u << 20) / 8) - 2);
	html_text_free(&t);
	t = conv_repeated("<br>", "x");
	CHECK_STR_EQ(t.text, "x");
	html_text_free(&t);
	t = conv_repeated("<a href=\"https://e.example/\">#</a> ", "");
	CHECK(t.nspans > 20000);
	html_text_free(&t);
}

/* Inputs the fuzzer found, byte for byte. */
static const struct {
	const char	*name;
	size_t		 len;
	const char	*bytes;
} fuzz_found[] = {
	/* A nested list's indent led the text. */
	{ "leading-indent", 255,
	    "<ul><li\xb3" "a<ol start=\"3\"><lix-stli></ol></<ul><li\xb3" "a<ol s"
	    "ta&nbsp;rt=\"3\">quote><p>q</p><pre>\n  \x00\x00``\x00\n\x0c\xa1x"
	    "\x09<y\n</ul><li>a<o</p>l start=\"<img alq=\":e:\">ol></li></ulN<li>"
	    "ckquote><p>q\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	    "\x00\x00\x00\x00\x00\x00\x00\x00ote><p>q</p><\x9e\x8foc\x00\x00" "cl"
	    "asuote=>d</bloc!kquote></blockquote><pr" },
};

TEST(fuzz_regressions)
{
	struct html_text	 t;
	size_t			 i;

	for (i = 0; i < sizeof fuzz_found / sizeof fuzz_found[0]; i++) {
		html_to_text(fuzz_found[i].bytes, fuzz_found[i].len, &t);
		check_wellformed(&t);
		if (harness_current_failed)
			printf("    input: %s\n", fuzz_found[i].name);
		html_text_free(&t);
	}
}

/* A few fixtures, exactly. */
TEST(fixture_statuses)
{
	struct html_text	 t;

	t = conv("<p>&quot;I lost my inheritance with one wrong digit on my sort"
	    " code&quot;</p><p><a href=\"https://www.theguardian.com/money/2019"
	    "/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-so"
	    "rt-code\" rel=\"nofollow noopener noreferrer\" target=\"_blank\"><s"
	    "pan class=\"invisible\">https://www.</span><span class=\"ellipsis\""
	    ">theguardian.com/money/2019/dec</span><span class=\"invisible\">/07"
	    "/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code"
	    "</span></a></p>");
	CHECK_STR_EQ(t.text, "\"I lost my inheritance with one wrong digit on "
	    "my sort code\"\n\ntheguardian.com/money/2019/dec\xe2\x80\xa6");
	CHECK_INT_EQ(t.nspans, 1);
	check_span(&t, 0, POST_SPAN_LINK, 62, 95,
	    "theguardian.com/money/2019/dec\xe2\x80\xa6", "https://www.theguard"
	    "ian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-w"
	    "rong-digit-on-my-sort-code");
	html_text_free(&t);

	t = conv("<p><span class=\"h-card\"><a href=\"https://icosahedron.websi"
	    "te/@halcy\" class=\"u-url mention\" rel=\"nofollow noopener\" targe"
	    "t=\"_blank\">@<span>halcy</span></a></span> you're a doo-doo head<"
	    "/p><p>edit: editing this to have the maximum amount of fields fill"
	    "ed :trans_heart: <a href=\"https://icosahedron.website/tags/ThisIs"
	    "AHashtag\" class=\"mention hashtag\" rel=\"nofollow noopener\" targ"
	    "et=\"_blank\">#<span>ThisIsAHashtag</span></a></p>");
	CHECK_STR_EQ(t.text, "@halcy you're a doo-doo head\n\nedit: editing this"
	    " to have the maximum amount of fields filled :trans_heart: "
	    "#ThisIsAHashtag");
	CHECK_INT_EQ(t.nspans, 2);
	check_span(&t, 0, POST_SPAN_MENTION, 0, 6, "@halcy",
	    "https://icosahedron.website/@halcy");
	check_span(&t, 1, POST_SPAN_HASHTAG, 107, 122, "#ThisIsAHashtag",
	    "https://icosahedron.website/tags/ThisIsAHashtag");
	html_text_free(&t);
}

struct fixture_tally {
	size_t	 files, contents, empty;
};

/* The checks every real content must pass: no markup or entity left. */
static void
check_content(const char *file, const char *html, struct fixture_tally *ft)
{
	struct html_text	 t;
	const char		*p;
	bool			 ok = true;

	html_to_text(html, strlen(html), &t);
	check_wellformed(&t);
	for (p = t.text; (p = strchr(p, '<')) != NULL; p++)
		if ((p[1] >= 'a' && p[1] <= 'z') ||
		    (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/')
			ok = false;
	if (strstr(t.text, "&amp;") || strstr(t.text, "&lt;") ||
	    strstr(t.text, "&gt;") || strstr(t.text, "&quot;") ||
	    strstr(t.text, "&#"))
		ok = false;
	CHECK(ok);
	if (!ok)
		printf("    %s: \"%s\"\n", file, t.text);
	/* Something of a non-empty post shows. */
	if (strstr(html, "<p>") != NULL && t.len == 0)
		ft->empty++;
	ft->contents++;
	html_text_free(&t);
}

static void
walk_json(const char *file, json_t *v, struct fixture_tally *ft)
{
	const char	*key;
	json_t		*item, *inner;
	size_t		 i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, item) {
			if (strcmp(key, "content") == 0 && json_is_string(item))
				check_content(file, json_string_value(item), ft);
			else if (strcmp(key, "payload") == 0 &&
			    json_is_string(item) &&
			    (inner = json_loads(json_string_value(item), 0,
			    NULL)) != NULL) {
				/* Streaming events carry their status as a
				 * string of JSON. */
				walk_json(file, inner, ft);
				json_decref(inner);
			} else
				walk_json(file, item, ft);
		}
	} else if (json_is_array(v))
		json_array_foreach(v, i, item)
			walk_json(file, item, ft);
}

TEST(fixtures)
{
	struct fixture_tally	 ft = { 0, 0, 0 };
	struct dirent		*de;
	DIR			*dir;
	json_error_t		 err;
	json_t			*root;
	char			 path[1024];
	size_t			 n;

	if ((dir = opendir(FIXTURES)) == NULL) {
		printf("FAIL: %s missing: the fixture test cannot run\n", FIXTURES);
		CHECK(dir != NULL);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		n = strlen(de->d_name);
		if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", FIXTURES, de->d_name);
		root = json_load_file(path, 0, &err);
		CHECK(root != NULL);
		if (root == NULL) {
			printf("    %s: %s\n", path, err.text);
			continue;
		}
		walk_json(de->d_name, root, &ft);
		json_decref(root);
		ft.files++;
	}
	closedir(dir);
	CHECK(ft.files > 0);
	CHECK(ft.contents >= 40);
	CHECK_INT_EQ(ft.empty, 0);
	if (getenv("HARNESS_VERBOSE"))
		printf("  fixtures: %zu files, %zu contents\n", ft.files,
		    ft.contents);
}

/* Several fetch threads convert at once. */
static void *
convert_many(void *arg)
{
	char			 html[1024];
	struct html_text	 t;
	int			 i;
	long			 bad = 0;

	(void)arg;
	snprintf(html, sizeof html, "<p>%s %s</p><p>%s</p>", mention_gargron,
	    hashtag_cats, link_long);
	for (i = 0; i < 300; i++) {
		html_to_text(html, strlen(html), &t);
		if (strcmp(t.text, "@Gargron #cats\n\nexample.com/long/pa"
		    "\xe2\x80\xa6") != 0 || t.nspans != 3 ||
		    t.spans[2].start != 16)
			bad++;
		html_text_free(&t);
	}
	return (void *)bad;
}

TEST(threads)
{
	pthread_t	 th[6];
	void		*bad;
	int		 i;

	for (i = 0; i < 6; i++)
		CHECK(pthread_create(&th[i], NULL, convert_many, NULL) == 0);
	for (i = 0; i < 6; i++) {
		pthread_join(th[i], &bad);
		CHECK(bad == NULL);
	}
}

int
main(void)
{
	RUN(empty_input);
	RUN(plain_text_is_itself);
	RUN(paragraphs_and_breaks);
	RUN(whitespace_collapses);
	RUN(entities);
	RUN(controls_are_dropped);
	RUN(escapes_are_dropped_whole);
	RUN(invalid_utf8_stays_valid);
	RUN(mention);
	RUN(hashtag_is_not_a_mention);
	RUN(link_shortened);
	RUN(status_with_every_kind);
	RUN(quote_inline_dropped);
	RUN(custom_emoji_kept);
	RUN(lists);
	RUN(blockquote);
	RUN(pre);
	RUN(dropped_elements);
	RUN(other_blocks);
	RUN(unclosed_and_garbage);
	RUN(deep_nesting);
	RUN(fuzz_regressions);
	RUN(fixture_statuses);
	RUN(fixtures);
	RUN(threads);
	return harness_done();
}
