/* html.c — the HTML of a post to plain text with spans, over libxml2's
 * forgiving HTML parser.
 *
 * The tree is walked iteratively (parent and sibling pointers), so no depth
 * of nesting can exhaust the stack. Output goes through one writer that owes
 * whitespace rather than writing it: a run of spaces, a line break or a
 * paragraph gap is only written when text follows, so the text never starts
 * or ends with whitespace and blocks never stack blank lines. Line prefixes
 * (blockquote "> ", list markers) are written at the start of each line the
 * same way.
 */
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "starling/html.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

#define HTML_OPTIONS	(HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | \
			 HTML_PARSE_NOWARNING | HTML_PARSE_NONET | \
			 HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT)

#define HTML_QUOTE_MAX	8	/* "> " levels drawn; deeper quotes share */
#define HTML_LIST_MAX	8	/* list levels indented and numbered */
#define HTML_NOSPAN	SIZE_MAX

/*
 * The fragment is parsed inside an element of its own. With
 * HTML_PARSE_NOIMPLIED and nothing open, libxml2 wraps top-level text in an
 * implied <p> (so "@a</span> hi" would become two paragraphs) and misreads
 * "</p>" (nesting the next <p> in the last). An unknown name, so no tag of
 * a post closes it early.
 */
#define HTML_ROOT	"<x-starling>"

enum html_tag_kind {
	HTML_TAG_INLINE,	/* just its text */
	HTML_TAG_SKIP,		/* nothing of it */
	HTML_TAG_BLOCK,		/* its text on lines of its own */
	HTML_TAG_BR,
	HTML_TAG_A,
	HTML_TAG_LIST,		/* ul */
	HTML_TAG_OLIST,		/* ol */
	HTML_TAG_ITEM,		/* li */
	HTML_TAG_QUOTE,		/* blockquote */
	HTML_TAG_PRE,
	HTML_TAG_IMG,		/* its alt text (custom emoji) */
	HTML_TAG_CELL		/* td, th: a space between cells */
};

struct html_tag {
	const char		*name;
	enum html_tag_kind	 kind;
	unsigned		 gap;	/* newlines around a block: 1 or 2 */
};

/* Elements that are not plain inline text, sorted by name for a binary
 * search. Names come lower-cased from libxml2's HTML parser. */
static const struct html_tag html_tags[] = {
	{ "a",		HTML_TAG_A,	0 },
	{ "address",	HTML_TAG_BLOCK,	1 },
	{ "article",	HTML_TAG_BLOCK,	1 },
	{ "aside",	HTML_TAG_BLOCK,	1 },
	{ "blockquote",	HTML_TAG_QUOTE,	2 },
	{ "br",		HTML_TAG_BR,	0 },
	{ "caption",	HTML_TAG_BLOCK,	1 },
	{ "dd",		HTML_TAG_BLOCK,	1 },
	{ "details",	HTML_TAG_BLOCK,	1 },
	{ "div",	HTML_TAG_BLOCK,	1 },
	{ "dl",		HTML_TAG_BLOCK,	2 },
	{ "dt",		HTML_TAG_BLOCK,	1 },
	{ "figcaption",	HTML_TAG_BLOCK,	1 },
	{ "figure",	HTML_TAG_BLOCK,	2 },
	{ "footer",	HTML_TAG_BLOCK,	1 },
	{ "h1",		HTML_TAG_BLOCK,	2 },
	{ "h2",		HTML_TAG_BLOCK,	2 },
	{ "h3",		HTML_TAG_BLOCK,	2 },
	{ "h4",		HTML_TAG_BLOCK,	2 },
	{ "h5",		HTML_TAG_BLOCK,	2 },
	{ "h6",		HTML_TAG_BLOCK,	2 },
	{ "head",	HTML_TAG_SKIP,	0 },
	{ "header",	HTML_TAG_BLOCK,	1 },
	{ "hr",		HTML_TAG_BLOCK,	2 },
	{ "img",	HTML_TAG_IMG,	0 },
	{ "li",		HTML_TAG_ITEM,	1 },
	{ "main",	HTML_TAG_BLOCK,	1 },
	{ "nav",	HTML_TAG_BLOCK,	1 },
	{ "ol",		HTML_TAG_OLIST,	2 },
	{ "p",		HTML_TAG_BLOCK,	2 },
	{ "pre",	HTML_TAG_PRE,	2 },
	{ "script",	HTML_TAG_SKIP,	0 },
	{ "section",	HTML_TAG_BLOCK,	1 },
	{ "style",	HTML_TAG_SKIP,	0 },
	{ "summary",	HTML_TAG_BLOCK,	1 },
	{ "table",	HTML_TAG_BLOCK,	2 },
	{ "td",		HTML_TAG_CELL,	0 },
	{ "template",	HTML_TAG_SKIP,	0 },
	{ "th",		HTML_TAG_CELL,	0 },
	{ "title",	HTML_TAG_SKIP,	0 },
	{ "tr",		HTML_TAG_BLOCK,	1 },
	{ "ul",		HTML_TAG_LIST,	2 }
};

static const struct html_tag html_tag_inline = { "", HTML_TAG_INLINE, 0 };

struct html_writer {
	char			*p;
	size_t			 len, cap;
	struct post_span	*spans;
	size_t			 nspans, capspans;

	/* Owed before the next text. */
	unsigned		 breaks;	/* newlines */
	bool			 space;
	bool			 bol;		/* at a line start: prefix due */
	char			 marker[16];	/* list marker, "" when none */
	unsigned		 gap_quote;	/* least quote depth since text */

	unsigned		 quote;		/* blockquote depth */
	unsigned		 lists;		/* list depth */
	unsigned		 pre;		/* <pre> depth; whitespace kept */
	bool			 pre_fresh;	/* at a <pre>'s first text */
	bool			 ordered[HTML_LIST_MAX];
	long			 number[HTML_LIST_MAX];

	/* The open link: only the outermost <a> makes a span. */
	const xmlNode		*link;
	size_t			 link_start;	/* HTML_NOSPAN until text */
	enum post_span_kind	 link_kind;
	char			*link_url;
};

static const struct html_tag *
html_tag_find(const xmlNode *n)
{
	const char	*name = (const char *)n->name;
	size_t		 lo = 0, hi = sizeof html_tags / sizeof html_tags[0];
	int		 c;

	if (name == NULL)
		return &html_tag_inline;
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		c = strcmp(name, html_tags[mid].name);
		if (c == 0)
			return &html_tags[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &html_tag_inline;
}

/* An attribute's value without copying, when it is one text node (as the
 * HTML parser makes them); NULL when absent. */
static const char *
html_attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->name == NULL || strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children == NULL)
			return "";
		if (a->children->type != XML_TEXT_NODE ||
		    a->children->content == NULL)
			return NULL;
		return (const char *)a->children->content;
	}
	return NULL;
}

static bool
html_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether the whitespace-separated list s (a class or rel) holds word. */
static bool
html_has_word(const char *s, const char *word)
{
	size_t	 wl = strlen(word), n;

	if (s == NULL)
		return false;
	while (*s != '\0') {
		while (html_is_space(*s))
			s++;
		for (n = 0; s[n] != '\0' && !html_is_space(s[n]); n++)
			;
		if (n == wl && strncmp(s, word, wl) == 0)
			return true;
		s += n;
	}
	return false;
}

/* One UTF-8 codepoint at s (n > 0 bytes); an invalid, overlong or
 * surrogate sequence is one byte of U+FFFD. */
static size_t
html_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	 c, min;
	size_t		 len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

static void
html_reserve(struct html_writer *w, size_t n)
{
	if (w->len + n + 1 <= w->cap)
		return;
	while (w->len + n + 1 > w->cap)
		w->cap = w->cap < 64 ? 64 : w->cap * 2;
	w->p = xrealloc(w->p, w->cap);
}

static void
html_put(struct html_writer *w, const char *s, size_t n)
{
	html_reserve(w, n);
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

/* The "> > " of a line at quote depth q; a blank line drops the last
 * space so no line ends in whitespace. */
static void
html_put_quote(struct html_writer *w, unsigned q, bool blank)
{
	unsigned	 i;

	if (q > HTML_QUOTE_MAX)
		q = HTML_QUOTE_MAX;
	for (i = 0; i < q; i++)
		html_put(w, blank && i + 1 == q ? ">" : "> ", blank &&
		    i + 1 == q ? 1 : 2);
}

/* Writes what is owed before text: newlines (blank lines carry the quote
 * prefix of the shallowest quote they separate), then at a line start the
 * quote prefix, list indent and marker, else a space. */
static void
html_flush(struct html_writer *w)
{
	unsigned	 i, indent;

	if (w->len == 0)
		w->bol = true;
	else if (w->breaks > 0) {
		for (i = 0; i < w->breaks; i++) {
			html_put(w, "\n", 1);
			if (i + 1 < w->breaks)
				html_put_quote(w, w->gap_quote, true);
		}
		w->bol = true;
	}
	w->breaks = 0;
	if (w->bol) {
		html_put_quote(w, w->quote, false);
		if (w->marker[0] != '\0') {
			indent = w->lists > HTML_LIST_MAX ? HTML_LIST_MAX :
			    w->lists;
			if (w->len == 0)
				indent = 0;	/* nothing leads */
			for (i = 1; i < indent; i++)
				html_put(w, "  ", 2);
			html_put(w, w->marker, strlen(w->marker));
			w->marker[0] = '\0';
		}
		w->bol = false;
	} else if (w->space)
		html_put(w, " ", 1);
	w->space = false;
	w->gap_quote = w->quote;
}

/* Owes at least n newlines (a block boundary). Right after a list marker
 * a block adds nothing: "<li><p>x" is one item line. */
static void
html_gap(struct html_writer *w, unsigned n)
{
	if (w->marker[0] != '\0')
		n = 1;
	if (w->breaks < n)
		w->breaks = n;
}

/* Text is about to be written: settle what is owed, and start the open
 * link's span here if it has none yet. */
static void
html_begin_text(struct html_writer *w)
{
	html_flush(w);
	if (w->link != NULL && w->link_start == HTML_NOSPAN)
		w->link_start = w->len;
}

/* Appends decoded text. Outside <pre> whitespace runs become one owed
 * space; inside, spaces are kept and newlines are owed line breaks. Escape
 * sequences are dropped whole and other C0 and C1 controls (an entity such
 * as &#27; or &#155; could carry them) alone, invalid UTF-8 becomes U+FFFD, and &nbsp; a plain space. */
static void
html_put_text(struct html_writer *w, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, run, k;
	uint32_t		 cp;
	bool			 ws, nl;

	if (w->pre > 0 && w->pre_fresh) {
		/* A newline right after <pre> is not content. */
		if (n > 0 && u[0] == '\r')
			i++;
		if (i < n && u[i] == '\n')
			i++;
	}
	w->pre_fresh = false;
	while (i < n) {
		/* Printable ASCII in one go. */
		for (run = i; run < n && u[run] > 0x20 && u[run] < 0x7f; run++)
			;
		if (run > i) {
			html_begin_text(w);
			html_put(w, s + i, run - i);
			i = run;
			continue;
		}
		/* An escape sequence goes whole, not just its ESC. */
		if ((k = text_escape_len(s + i, n - i)) > 0) {
			i += k;
			continue;
		}
		k = html_decode(u + i, n - i, &cp);
		nl = cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 ||
		    cp == 0x2029;
		ws = nl || cp == ' ' || cp == '\t' || cp == '\f' ||
		    cp == '\v' || cp == 0xa0;
		if (ws && w->pre == 0)
			w->space = true;
		else if (nl) {
			if (cp == '\r' && i + 1 < n && u[i + 1] == '\n')
				k++;
			w->breaks++;
		} else if (ws) {
			if (w->len > 0) {	/* nothing leads */
				html_begin_text(w);
				html_put(w, " ", 1);
			}
		} else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			/* dropped */
		} else if (cp == 0xfffd && k == 1) {
			html_begin_text(w);
			html_put(w, "\xef\xbf\xbd", 3);
		} else {
			html_begin_text(w);
			html_put(w, s + i, k);
		}
		i += k;
	}
}

static void
html_put_str(struct html_writer *w, const char *s)
{
	html_put_text(w, s, strlen(s));
}

/* A copy of an href without surrounding whitespace or controls; NULL when
 * nothing is left. */
static char *
html_url(const char *href)
{
	char	*url, *q;
	size_t	 n;

	if (href == NULL)
		return NULL;
	while (html_is_space(*href))
		href++;
	n = strlen(href);
	while (n > 0 && html_is_space(href[n - 1]))
		n--;
	url = q = xmalloc(n + 1);
	for (; n > 0; n--, href++) {
		unsigned char	 c = (unsigned char)*href;

		if (c < 0x20 || c == 0x7f)
			continue;
		if (c == 0xc2 && n > 1 && (unsigned char)href[1] >= 0x80 &&
		    (unsigned char)href[1] < 0xa0) {
			href++;
			n--;
			continue;
		}
		*q++ = (char)c;
	}
	*q = '\0';
	if (*url == '\0') {
		free(url);
		return NULL;
	}
	return url;
}

static void
html_link_open(struct html_writer *w, const xmlNode *n)
{
	const char		*cls, *href;
	enum post_span_kind	 kind;

	if (w->link != NULL)
		return;		/* nested: the outer link's span covers it */
	cls = html_attr(n, "class");
	href = html_attr(n, "href");
	/* Mastodon's hashtags have class "mention hashtag". */
	if (html_has_word(cls, "hashtag") ||
	    html_has_word(html_attr(n, "rel"), "tag"))
		kind = POST_SPAN_HASHTAG;
	else if (html_has_word(cls, "mention"))
		kind = POST_SPAN_MENTION;
	else
		kind = POST_SPAN_LINK;
	w->link_url = html_url(href);
	if (w->link_url == NULL && kind == POST_SPAN_LINK)
		return;		/* an anchor, not a link */
	w->link = n;
	w->link_kind = kind;
	w->link_start = HTML_NOSPAN;
}

static void
html_link_close(struct html_writer *w)
{
	struct post_span	*s;

	if (w->link_start == HTML_NOSPAN || w->link_start >= w->len ||
	    w->len > UINT32_MAX) {
		free(w->link_url);
		goto out;
	}
	if (w->nspans == w->capspans) {
		w->capspans = w->capspans ? 2 * w->capspans : 8;
		w->spans = xreallocarray(w->spans, w->capspans,
		    sizeof *w->spans);
	}
	s = &w->spans[w->nspans++];
	s->kind = w->link_kind;
	s->start = (uint32_t)w->link_start;
	s->end = (uint32_t)w->len;
	s->url = w->link_url;
out:
	w->link = NULL;
	w->link_url = NULL;
	w->link_start = HTML_NOSPAN;
}

static void
html_item(struct html_writer *w)
{
	unsigned	 d = w->lists;

	html_gap(w, 1);
	if (d == 0 || d > HTML_LIST_MAX || !w->ordered[d - 1]) {
		memcpy(w->marker, "\xe2\x80\xa2 ", 5);		/* "• " */
		return;
	}
	snprintf(w->marker, sizeof w->marker, "%ld. ", w->number[d - 1]);
	if (w->number[d - 1] < 999999)
		w->number[d - 1]++;
}

static void
html_list_open(struct html_writer *w, const xmlNode *n, bool ordered)
{
	const char	*start;
	long		 first = 1;
	char		*end;

	/* A list inside an item starts on the item's next line. */
	html_gap(w, w->lists > 0 ? 1 : 2);
	if (w->lists < HTML_LIST_MAX) {
		if (ordered && (start = html_attr(n, "start")) != NULL) {
			first = strtol(start, &end, 10);
			if (end == start || first < 0 || first > 999999)
				first = 1;
		}
		w->ordered[w->lists] = ordered;
		w->number[w->lists] = first;
	}
	w->lists++;
}

/* Starts element n; false when its content is not to be visited (and it
 * is not to be left either). */
static bool
html_enter(struct html_writer *w, const xmlNode *n)
{
	const struct html_tag	*t;
	const char		*cls, *alt;

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content != NULL)
			html_put_text(w, (const char *)n->content,
			    strlen((const char *)n->content));
		return false;
	case XML_ELEMENT_NODE:
		break;
	default:
		return false;	/* comments, processing instructions, DTD */
	}

	t = html_tag_find(n);
	if (t->kind == HTML_TAG_SKIP)
		return false;
	/* Mastodon hides a URL's scheme and tail in "invisible" spans, and
	 * marks the "RE: <url>" line of a quote, which is shown apart. */
	if (n->properties != NULL && (cls = html_attr(n, "class")) != NULL &&
	    (html_has_word(cls, "invisible") ||
	    html_has_word(cls, "quote-inline")))
		return false;

	switch (t->kind) {
	case HTML_TAG_BLOCK:
		html_gap(w, t->gap);
		break;
	case HTML_TAG_BR:
		if (w->breaks < UINT_MAX)
			w->breaks++;
		break;
	case HTML_TAG_A:
		html_link_open(w, n);
		break;
	case HTML_TAG_LIST:
	case HTML_TAG_OLIST:
		html_list_open(w, n, t->kind == HTML_TAG_OLIST);
		break;
	case HTML_TAG_ITEM:
		html_item(w);
		break;
	case HTML_TAG_QUOTE:
		html_gap(w, t->gap);
		w->quote++;
		break;
	case HTML_TAG_PRE:
		html_gap(w, t->gap);
		w->pre++;
		w->pre_fresh = true;
		break;
	case HTML_TAG_IMG:
		if ((alt = html_attr(n, "alt")) != NULL)
			html_put_str(w, alt);
		break;
	case HTML_TAG_CELL:
		w->space = true;
		break;
	case HTML_TAG_INLINE:
	case HTML_TAG_SKIP:
		break;
	}
	return true;
}

static void
html_leave(struct html_writer *w, const xmlNode *n)
{
	const struct html_tag	*t = html_tag_find(n);

	if (n == w->link)
		html_link_close(w);
	switch (t->kind) {
	case HTML_TAG_BLOCK:
	case HTML_TAG_ITEM:
		html_gap(w, t->gap);
		break;
	case HTML_TAG_LIST:
	case HTML_TAG_OLIST:
		w->lists--;
		html_gap(w, w->lists > 0 ? 1 : 2);
		break;
	case HTML_TAG_QUOTE:
		w->quote--;
		if (w->gap_quote > w->quote)
			w->gap_quote = w->quote;
		html_gap(w, t->gap);
		break;
	case HTML_TAG_PRE:
		w->pre--;
		w->pre_fresh = false;
		html_gap(w, t->gap);
		break;
	case HTML_TAG_CELL:
		w->space = true;
		break;
	default:
		break;
	}
	/* Mastodon's shortened link: "example.com/long/pa…". */
	if (n->properties != NULL &&
	    html_has_word(html_attr(n, "class"), "ellipsis"))
		html_put_str(w, "\xe2\x80\xa6");
	if (t->kind == HTML_TAG_ITEM)
		w->marker[0] = '\0';	/* an empty item shows nothing */
}

/* Every node in document order, without recursion: enter on the way down,
 * leave on the way back up through the parent pointers. */
static void
html_walk(struct html_writer *w, xmlDoc *doc)
{
	xmlNode	*n = doc->children;

	while (n != NULL) {
		if (html_enter(w, n)) {
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
			html_leave(w, n);
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == (xmlNode *)doc)
				return;
			html_leave(w, n);
		}
		if (n != NULL)
			n = n->next;
	}
}

/* A numeric character reference at s ("&#27;", "&#x9b"; the ';' may be
 * missing, as browsers allow): its length and value, or 0. */
static size_t
html_charref(const char *s, size_t n, uint32_t *cp)
{
	size_t		 i = 2, start;
	uint32_t	 v = 0, d;
	bool		 hex;

	if (n < 3 || s[0] != '&' || s[1] != '#')
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	if (hex)
		i++;
	for (start = i; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = (uint32_t)(s[i] - '0');
		else if (hex && s[i] >= 'a' && s[i] <= 'f')
			d = (uint32_t)(s[i] - 'a' + 10);
		else if (hex && s[i] >= 'A' && s[i] <= 'F')
			d = (uint32_t)(s[i] - 'A' + 10);
		else
			break;
		v = v * (hex ? 16 : 10) + d;
		if (v > 0x10ffff)
			v = 0x110000;	/* stays too big */
	}
	if (i == start)
		return 0;
	if (i < n && s[i] == ';')
		i++;
	*cp = v;
	return i;
}

/* Whether s[i] ('<') opens markup rather than being a literal "<". */
static bool
html_opens_tag(const char *s, size_t n, size_t i)
{
	char	c = i + 1 < n ? s[i + 1] : '\0';

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' ||
	    c == '!' || c == '?';
}

/*
 * Escape sequences in the text, raw or spelled as references (&#27;[2J,
 * &#x1b;]0;...&#7;, &#155;), go whole before libxml2 sees them: it drops a
 * C0 control alone (an ESC but not what follows), which would leave "]0;"
 * or "[2J" on the screen. The controls a sequence is made of are decoded
 * first so a terminator spelled as a reference counts; markup is left as it
 * is, and no sequence runs into a tag. Returns a new buffer of *len bytes.
 */
static char *
html_drop_escapes(const char *s, size_t *len)
{
	char		*d, *o;
	size_t		 n = *len, i, j, k, m;
	uint32_t	 cp;
	bool		 tag = false;

	/* The controls of sequences, decoded, outside markup. */
	d = xmalloc(n + 1);
	for (i = m = 0; i < n; ) {
		if (tag || s[i] != '&') {
			if (s[i] == '<' && !tag && html_opens_tag(s, n, i))
				tag = true;
			else if (s[i] == '>')
				tag = false;
			d[m++] = s[i++];
			continue;
		}
		k = html_charref(s + i, n - i, &cp);
		if (k > 0 && (cp == 0x1b || cp == 0x07 || cp == 0x18 ||
		    cp == 0x1a)) {
			d[m++] = (char)cp;
			i += k;
		} else if (k > 0 && cp >= 0x80 && cp < 0xa0) {
			d[m++] = (char)0xc2;
			d[m++] = (char)cp;
			i += k;
		} else
			d[m++] = s[i++];
	}

	/* The sequences, stopping short of a tag. */
	o = xmalloc(m + 1);
	tag = false;
	for (i = n = 0; i < m; ) {
		if (!tag && (k = text_escape_len(d + i, m - i)) > 0) {
			for (j = i + 1; j < i + k; j++)
				if (d[j] == '<' && html_opens_tag(d, m, j))
					break;
			i = j;
			continue;
		}
		if (d[i] == '<' && !tag && html_opens_tag(d, m, i))
			tag = true;
		else if (d[i] == '>')
			tag = false;
		o[n++] = d[i++];
	}
	free(d);
	*len = n;
	return o;
}

static void
html_init(void)
{
	xmlInitParser();
}

void
html_to_text(const char *html, size_t len, struct html_text *out)
{
	static pthread_once_t	 once = PTHREAD_ONCE_INIT;
	struct html_writer	 w;
	xmlDoc			*doc;
	char			*src, *clean;
	size_t			 i, kept, n = sizeof HTML_ROOT - 1;

	memset(&w, 0, sizeof w);
	w.link_start = HTML_NOSPAN;
	if (html == NULL)
		len = 0;
	if (len > INT_MAX - n)
		len = INT_MAX - n;
	html_reserve(&w, len + 16);

	if (len > 0) {
		pthread_once(&once, html_init);
		/* Text without a single tag is plain text: its spaces and
		 * newlines are meant. */
		if (memchr(html, '<', len) == NULL)
			w.pre = 1;
		clean = html_drop_escapes(html, &len);
		src = xmalloc(n + len);
		memcpy(src, HTML_ROOT, n);
		memcpy(src + n, clean, len);
		free(clean);
		doc = htmlReadMemory(src, (int)(n + len), NULL, "UTF-8",
		    HTML_OPTIONS);
		if (doc != NULL) {
			html_walk(&w, doc);
			xmlFreeDoc(doc);
		}
		free(src);
	}
	if (w.link != NULL)
		html_link_close(&w);	/* unreachable: leave closes it */

	/* Literal spaces of a <pre> may trail; no span reaches past. */
	while (w.len > 0 && (w.p[w.len - 1] == ' ' || w.p[w.len - 1] == '\n'))
		w.len--;
	for (i = kept = 0; i < w.nspans; i++) {
		if (w.spans[i].end > w.len)
			w.spans[i].end = (uint32_t)w.len;
		if (w.spans[i].start < w.spans[i].end)
			w.spans[kept++] = w.spans[i];
		else
			free((char *)w.spans[i].url);
	}
	w.nspans = kept;
	w.p[w.len] = '\0';

	out->text = w.p;
	out->len = w.len;
	out->spans = w.spans;
	out->nspans = w.nspans;
}

void
html_text_free(struct html_text *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nspans; i++)
		free((char *)t->spans[i].url);
	free(t->spans);
	free(t->text);
	memset(t, 0, sizeof *t);
}
