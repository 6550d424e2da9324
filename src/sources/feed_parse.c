/* feed_parse.c — RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0 documents to
 * posts, over libxml2's streaming reader: one entry at a time is expanded,
 * read and let go, so a large document costs its size, not a tree of it.
 * No entity is expanded and nothing is fetched (XML_PARSE_NONET): only
 * text and CDATA count. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "starling/clock.h"
#include "starling/feed.h"
#include "starling/hash.h"
#include "starling/html.h"
#include "starling/post.h"
#include "starling/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define FEED_NS_RDF	"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define FEED_DECODE_MAX	3	/* passes of html_to_text: escaped twice */

/* What one entry says, before it is a post. */
struct feed_entry {
	char	*id, *link, *title, *body, *author, *published, *updated;
	bool	 body_xhtml, title_xhtml;
};

struct feed_parser {
	enum feed_kind	 kind;
	char		*feed_title, *feed_author;
	struct feed_entry *v;
	size_t		 n;
	char		 error[160];
	int		 error_line;
};

static const char *
feed_name(const xmlNode *n)
{
	return (const char *)n->name;
}

static bool
feed_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp(feed_name(n), name) == 0;
}

/* The first child element called name, or NULL. */
static xmlNode *
feed_child(const xmlNode *n, const char *name)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (feed_is(c, name))
			return c;
	return NULL;
}

/* Text and CDATA under n, in order (entity references are not expanded),
 * up to FEED_MAX_FIELD bytes. */
static void
feed_text_into(const xmlNode *n, char **buf, size_t *len)
{
	const xmlNode	*c;
	size_t		 add;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content == NULL)
				continue;
			add = strlen((const char *)c->content);
			if (*len + add > FEED_MAX_FIELD)
				add = FEED_MAX_FIELD - *len;
			*buf = xrealloc(*buf, *len + add + 1);
			memcpy(*buf + *len, c->content, add);
			*len += add;
			(*buf)[*len] = '\0';
		} else if (c->type == XML_ELEMENT_NODE)
			feed_text_into(c, buf, len);
	}
}

static char *
feed_text(const xmlNode *n)
{
	char	*buf = NULL;
	size_t	 len = 0;

	if (n == NULL)
		return NULL;
	feed_text_into(n, &buf, &len);
	return buf;
}

/* Atom's type="xhtml": the markup of the div inside, as HTML. */
static char *
feed_markup(xmlNode *n)
{
	xmlBuffer	*b = xmlBufferCreate();
	xmlNode		*c, *div = feed_child(n, "div");
	char		*s;

	if (b == NULL)
		return NULL;
	for (c = (div != NULL ? div : n)->children; c != NULL; c = c->next) {
		xmlNodeDump(b, n->doc, c, 0, 0);
		if (xmlBufferLength(b) > FEED_MAX_FIELD)
			break;
	}
	s = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

static char *
feed_attr(const xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if (n == NULL || (v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Trims s in place; NULL when nothing is left (and frees it). */
static char *
feed_trim(char *s)
{
	size_t	a, b;

	if (s == NULL)
		return NULL;
	for (a = 0; s[a] != '\0' && isspace((unsigned char)s[a]); a++)
		;
	b = strlen(s);
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	if (a == b) {
		free(s);
		return NULL;
	}
	memmove(s, s + a, b - a);
	s[b - a] = '\0';
	return s;
}

/* An Atom text construct: its text, or its markup for type="xhtml". */
static char *
feed_atom_text(xmlNode *n, bool *xhtml)
{
	char	*type;

	if (n == NULL)
		return NULL;
	type = feed_attr(n, "type");
	*xhtml = type != NULL && strcmp(type, "xhtml") == 0;
	free(type);
	return *xhtml ? feed_markup(n) : feed_text(n);
}

/* RSS's author is an address, "ana@example.org (Ana Lima)": the name. */
static char *
feed_rss_author(char *s)
{
	char	*open, *close;

	if (s == NULL || (open = strchr(s, '(')) == NULL ||
	    (close = strrchr(s, ')')) == NULL || close < open + 2)
		return s;
	memmove(s, open + 1, (size_t)(close - open - 1));
	s[close - open - 1] = '\0';
	return s;
}

static char *
feed_first(char *a, char *b)
{
	if (a != NULL) {
		free(b);
		return a;
	}
	return b;
}

static void
feed_read_rss_item(xmlNode *item, struct feed_entry *e, bool rdf)
{
	xmlNode	*c;

	e->title = feed_trim(feed_text(feed_child(item, "title")));
	e->link = feed_trim(feed_text(feed_child(item, "link")));
	e->body = feed_trim(feed_text(feed_child(item, "encoded")));
	e->body = feed_first(e->body,
	    feed_trim(feed_text(feed_child(item, "description"))));
	e->id = feed_trim(feed_text(feed_child(item, "guid")));
	if (e->id == NULL && rdf) {
		xmlChar *about = xmlGetNsProp(item, (const xmlChar *)"about",
		    (const xmlChar *)FEED_NS_RDF);

		if (about != NULL) {
			e->id = feed_trim(xstrdup((const char *)about));
			xmlFree(about);
		}
	}
	e->author = feed_trim(feed_text(feed_child(item, "creator")));
	e->author = feed_first(e->author,
	    feed_trim(feed_rss_author(feed_text(feed_child(item, "author")))));
	e->published = feed_trim(feed_text(feed_child(item, "pubDate")));
	e->published = feed_first(e->published,
	    feed_trim(feed_text(feed_child(item, "date"))));
	/* RSS 2.0 with Atom's updated alongside (some generators). */
	if ((c = feed_child(item, "updated")) != NULL)
		e->updated = feed_trim(feed_text(c));
}

/* Atom's link: rel="alternate" (or no rel), else the first with href. */
static char *
feed_atom_link(xmlNode *entry)
{
	xmlNode	*c, *any = NULL;
	char	*rel;
	bool	 alt;

	for (c = entry->children; c != NULL; c = c->next) {
		if (!feed_is(c, "link"))
			continue;
		rel = feed_attr(c, "rel");
		alt = rel == NULL || strcmp(rel, "alternate") == 0;
		free(rel);
		if (alt)
			return feed_trim(feed_attr(c, "href"));
		if (any == NULL)
			any = c;
	}
	return any != NULL ? feed_trim(feed_attr(any, "href")) : NULL;
}

static void
feed_read_atom_entry(xmlNode *entry, struct feed_entry *e)
{
	xmlNode	*author;

	e->id = feed_trim(feed_text(feed_child(entry, "id")));
	e->link = feed_atom_link(entry);
	e->title = feed_trim(feed_atom_text(feed_child(entry, "title"),
	    &e->title_xhtml));
	e->body = feed_trim(feed_atom_text(feed_child(entry, "content"),
	    &e->body_xhtml));
	if (e->body == NULL)
		e->body = feed_trim(feed_atom_text(feed_child(entry, "summary"),
		    &e->body_xhtml));
	if ((author = feed_child(entry, "author")) != NULL)
		e->author = feed_trim(feed_text(feed_child(author, "name")));
	e->published = feed_trim(feed_text(feed_child(entry, "published")));
	e->updated = feed_trim(feed_text(feed_child(entry, "updated")));
}

static void
feed_entry_free(struct feed_entry *e)
{
	free(e->id);
	free(e->link);
	free(e->title);
	free(e->body);
	free(e->author);
	free(e->published);
	free(e->updated);
}

/* Whether s still holds markup or an entity after a pass: a feed that
 * escaped its HTML twice. */
static bool
feed_escaped(const char *s)
{
	const char	*p, *q;

	for (p = s; (p = strpbrk(p, "<&")) != NULL; p++) {
		if (*p == '<' && (isalpha((unsigned char)p[1]) ||
		    p[1] == '/' || p[1] == '!'))
			return true;
		if (*p == '&') {
			q = p + 1;
			if (*q == '#')
				q++;
			if (!isalnum((unsigned char)*q))
				continue;
			while (isalnum((unsigned char)*q))
				q++;
			if (*q == ';')
				return true;
		}
	}
	return false;
}

/* HTML (escaped up to FEED_DECODE_MAX times) to plain text with spans. */
static void
feed_decode(const char *s, struct html_text *out)
{
	int	pass;

	html_to_text(s, s != NULL ? strlen(s) : 0, out);
	for (pass = 1; pass < FEED_DECODE_MAX && feed_escaped(out->text);
	    pass++) {
		struct html_text again;

		html_to_text(out->text, out->len, &again);
		html_text_free(out);
		*out = again;
	}
}

int
feed_parse_date(const char *s, int64_t *out)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr",
	    "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	static const struct {
		const char	*name;
		int		 hours;
	} zones[] = {
		{ "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 },
		{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
		{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
	};
	char		 mon[4], zone[8] = "";
	int		 day, year, hh, mm, ss = 0, n, off = 0;
	size_t		 i, m;
	const char	*p = s;
	char		 iso[40];
	int64_t		 t;

	if (s == NULL)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
	    p[4] == '-')
		return clock_parse_iso8601(p, 0, out);
	/* RFC 822: an optional weekday, then "2 Jan 2006 15:04[:05] ZONE". */
	if (isalpha((unsigned char)*p)) {
		while (isalpha((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
	}
	if (sscanf(p, " %d %3s %d %d:%d%n", &day, mon, &year, &hh, &mm,
	    &n) != 5)
		return -1;
	p += n;
	if (*p == ':') {
		if (sscanf(p, ":%d%n", &ss, &n) != 1)
			return -1;
		p += n;
	}
	for (m = 0; m < nitems(months); m++)
		if (strcasecmp(mon, months[m]) == 0)
			break;
	if (m == nitems(months))
		return -1;
	if (year < 50)
		year += 2000;
	else if (year < 100)
		year += 1900;
	if (sscanf(p, " %7s", zone) == 1) {
		if ((zone[0] == '+' || zone[0] == '-') &&
		    strspn(zone + 1, "0123456789") == 4 && zone[5] == '\0') {
			int v = atoi(zone + 1);

			off = (v / 100 * 60 + v % 100) * 60;
			if (zone[0] == '-')
				off = -off;
		} else {
			for (i = 0; i < nitems(zones); i++)
				if (strcasecmp(zone, zones[i].name) == 0)
					break;
			if (i == nitems(zones))
				return -1;
			off = zones[i].hours * 3600;
		}
	}
	if (year < 1000 || year > 9999 || hh > 23 || mm > 59 || ss > 60 ||
	    hh < 0 || mm < 0 || ss < 0)
		return -1;
	snprintf(iso, sizeof iso, "%04d-%02zu-%02dT%02d:%02d:%02dZ", year,
	    m + 1, day, hh, mm, ss > 59 ? 59 : ss);
	if (clock_parse_iso8601(iso, 0, &t) != 0)
		return -1;
	*out = t - off;
	return 0;
}

static int
feed_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *
feed_unwrap_link(const char *url)
{
	static const char *const keys[] = { "url", "u", "q" };
	const char	*q, *v, *end;
	char		*out, *o;
	size_t		 i, klen;
	int		 h1, h2;

	if (url == NULL)
		return NULL;
	if ((q = strchr(url, '?')) == NULL)
		return xstrdup(url);
	for (i = 0; i < nitems(keys); i++) {
		klen = strlen(keys[i]);
		for (v = q; v != NULL; v = strchr(v + 1, '&')) {
			if (strncmp(v + 1, keys[i], klen) != 0 ||
			    v[1 + klen] != '=')
				continue;
			v += 2 + klen;
			end = v + strcspn(v, "&#");
			out = o = xmalloc((size_t)(end - v) + 1);
			for (; v < end; v++) {
				if (*v == '%' && end - v > 2 &&
				    (h1 = feed_hex((unsigned char)v[1])) >= 0 &&
				    (h2 = feed_hex((unsigned char)v[2])) >= 0) {
					*o++ = (char)(h1 * 16 + h2);
					v += 2;
				} else
					*o++ = *v == '+' ? ' ' : *v;
			}
			*o = '\0';
			if ((strncmp(out, "https://", 8) == 0 ||
			    strncmp(out, "http://", 7) == 0) &&
			    strlen(out) == strcspn(out, " \t\r\n") &&
			    strlen(out) == (size_t)(o - out))
				return out;
			free(out);
			break;
		}
	}
	return xstrdup(url);
}

char *
feed_network_name(const char *url)
{
	const char	*s = url, *at, *slash;
	char		*out;
	size_t		 len;

	if ((at = strstr(s, "://")) != NULL)
		s = at + 3;
	/* No user info: it may hold a password. */
	slash = s + strcspn(s, "/?#");
	if ((at = memchr(s, '@', (size_t)(slash - s))) != NULL)
		s = at + 1;
	len = strcspn(s, "#");
	xasprintf(&out, "feed@%.*s", (int)len, s);
	for (char *p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	return out;
}

/* Whether the bytes are an HTML page rather than XML. */
static bool
feed_looks_html(const char *buf, size_t len)
{
	size_t	i = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	return (len - i >= 14 && strncasecmp(buf + i, "<!doctype html", 14) ==
	    0) || (len - i >= 5 && strncasecmp(buf + i, "<html", 5) == 0);
}

static void
feed_error_cb(void *arg, const xmlError *err)
{
	struct feed_parser	*p = arg;
	size_t			 n;

	if (p->error[0] != '\0' || err == NULL || err->level < XML_ERR_ERROR)
		return;
	p->error_line = err->line;
	snprintf(p->error, sizeof p->error, "%s",
	    err->message != NULL ? err->message : "error");
	n = strlen(p->error);
	while (n > 0 && isspace((unsigned char)p->error[n - 1]))
		p->error[--n] = '\0';
}

static void
feed_reader_error(void *arg, xmlErrorPtr err)
{
	feed_error_cb(arg, err);
}

/* The root element: which kind of feed, or why it is none. */
static int
feed_root(struct feed_parser *p, const char *name, char *err, size_t errlen)
{
	if (strcmp(name, "rss") == 0)
		p->kind = FEED_RSS;
	else if (strcmp(name, "RDF") == 0)
		p->kind = FEED_RDF;
	else if (strcmp(name, "feed") == 0)
		p->kind = FEED_ATOM;
	else if (strcasecmp(name, "html") == 0) {
		snprintf(err, errlen, "not a feed (an HTML page)");
		return -1;
	} else {
		snprintf(err, errlen, "not a feed (a <%.40s> document)", name);
		return -1;
	}
	return 0;
}

static void
feed_take(struct feed_parser *p, xmlNode *node)
{
	struct feed_entry	*e;

	if (p->n >= FEED_MAX_ENTRIES)
		return;
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	e = &p->v[p->n++];
	memset(e, 0, sizeof *e);
	if (p->kind == FEED_ATOM)
		feed_read_atom_entry(node, e);
	else
		feed_read_rss_item(node, e, p->kind == FEED_RDF);
}

/* The feed's own title and author: what an entry without one shows. */
static void
feed_take_meta(struct feed_parser *p, xmlNode *node)
{
	if (feed_is(node, "title") && p->feed_title == NULL) {
		bool x;

		p->feed_title = feed_trim(feed_atom_text(node, &x));
		if (p->feed_title != NULL && x) {
			struct html_text t;

			feed_decode(p->feed_title, &t);
			free(p->feed_title);
			p->feed_title = feed_trim(xstrdup(t.text));
			html_text_free(&t);
		}
	} else if (feed_is(node, "author") && p->feed_author == NULL)
		p->feed_author = feed_trim(feed_text(feed_child(node, "name")));
}

/* Walks the document; 0, or -1 with err. */
static int
feed_read(struct feed_parser *p, const char *buf, size_t len, char *err,
    size_t errlen)
{
	xmlTextReader	*r;
	xmlNode		*node;
	const char	*name;
	int		 ret, depth, rc = 0;
	bool		 rooted = false;

	if (len > INT32_MAX) {
		snprintf(err, errlen, "feed too large");
		return -1;
	}
	/* Errors go to the handler below, not to stderr. */
	r = xmlReaderForMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (r == NULL) {
		snprintf(err, errlen, "not XML");
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(r, feed_reader_error, p);
	ret = xmlTextReaderRead(r);
	while (ret == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		name = (const char *)xmlTextReaderConstLocalName(r);
		depth = xmlTextReaderDepth(r);
		if (name == NULL) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (!rooted) {
			rooted = true;
			if (feed_root(p, name, err, errlen) != 0) {
				rc = -1;
				break;
			}
			ret = xmlTextReaderRead(r);
			continue;
		}
		if ((p->kind == FEED_ATOM && depth == 1 &&
		    strcmp(name, "entry") == 0) || (p->kind != FEED_ATOM &&
		    strcmp(name, "item") == 0 && depth <= 2)) {
			if ((node = xmlTextReaderExpand(r)) == NULL)
				break;
			feed_take(p, node);
			ret = xmlTextReaderNext(r);
			continue;
		}
		if ((p->kind == FEED_ATOM && depth == 1) || (p->kind !=
		    FEED_ATOM && depth == 2 && (strcmp(name, "title") == 0))) {
			if ((node = xmlTextReaderExpand(r)) == NULL)
				break;
			feed_take_meta(p, node);
			ret = xmlTextReaderNext(r);
			continue;
		}
		ret = xmlTextReaderRead(r);
	}
	if (rc == 0 && (ret < 0 || p->error[0] != '\0')) {
		if (p->error_line > 0)
			snprintf(err, errlen, "not XML: line %d: %s",
			    p->error_line, p->error[0] ? p->error : "error");
		else
			snprintf(err, errlen, "not XML: %s",
			    p->error[0] ? p->error : "cannot read it");
		rc = -1;
	} else if (rc == 0 && !rooted) {
		snprintf(err, errlen, "not a feed (empty)");
		rc = -1;
	}
	xmlFreeTextReader(r);
	return rc;
}

/* The entry's text: its title and its summary or content, decoded; the
 * body's spans kept. */
static struct post *
feed_make_post(const struct feed_entry *e, const char *network,
    const char *column, const char *fallback_author, int64_t created,
    char **key)
{
	struct post		 t;
	struct html_text	 title, body;
	struct post_span	*spans = NULL;
	char			*text, *link, idbuf[32];
	const char		*id;
	size_t			 off = 0, i;
	int64_t			 when;
	struct post		*p;

	feed_decode(e->title, &title);
	feed_decode(e->body, &body);
	i = 0;
	if (body.len == 0)
		text = xstrdup(title.text);
	else if (title.len == 0 || strncmp(body.text, title.text,
	    title.len) == 0)
		text = xstrdup(body.text);
	else {
		xasprintf(&text, "%s\n\n%s", title.text, body.text);
		off = title.len + 2;
	}
	if (body.len > 0) {
		spans = body.spans;
		i = body.nspans;
		for (size_t k = 0; k < i; k++) {
			spans[k].start += (uint32_t)off;
			spans[k].end += (uint32_t)off;
		}
	}
	link = e->link != NULL ? feed_unwrap_link(e->link) : NULL;
	if ((id = e->id) == NULL && (id = link) == NULL) {
		snprintf(idbuf, sizeof idbuf, "text-%08x", hash_str(text));
		id = idbuf;
	}
	when = created;
	if (feed_parse_date(e->published, &when) != 0 &&
	    feed_parse_date(e->updated, &when) != 0)
		when = created;

	memset(&t, 0, sizeof t);
	t.network = network;
	t.column = column;
	t.id = id;
	t.url = link;
	t.author_name = e->author != NULL ? e->author : fallback_author;
	t.created = when;
	t.text = text;
	t.spans = spans;
	t.nspans = i;
	p = post_new(&t);
	if (*p->id == '\0') {
		/* Nothing printable in it: the text's hash instead. */
		post_unref(p);
		snprintf(idbuf, sizeof idbuf, "text-%08x", hash_str(text));
		t.id = id = idbuf;
		p = post_new(&t);
	}
	xasprintf(key, "%s\x1f%s\x1f%s", id, e->updated ? e->updated : "",
	    e->published ? e->published : "");
	html_text_free(&title);
	html_text_free(&body);
	free(text);
	free(link);
	return p;
}

static int
feed_post_cmp(const void *a, const void *b)
{
	const struct post	*pa = *(struct post *const *)a;
	const struct post	*pb = *(struct post *const *)b;

	if (pa->created != pb->created)
		return pa->created > pb->created ? -1 : 1;
	return 0;
}

int
feed_parse(const char *buf, size_t len, const char *network,
    const char *column, int64_t now, struct feed_doc *out, char *err,
    size_t errlen)
{
	struct feed_parser	 p;
	const char		*author;
	size_t			 i, j, k;
	int			 rc;

	memset(out, 0, sizeof *out);
	memset(&p, 0, sizeof p);
	if (errlen > 0)
		*err = '\0';
	if (buf == NULL || len == 0) {
		snprintf(err, errlen, "not a feed (empty)");
		return -1;
	}
	if (feed_looks_html(buf, len)) {
		snprintf(err, errlen, "not a feed (an HTML page)");
		return -1;
	}
	rc = feed_read(&p, buf, len, err, errlen);
	if (rc == 0) {
		author = p.feed_author != NULL ? p.feed_author : p.feed_title;
		out->kind = p.kind;
		out->posts = xcalloc(p.n + 1, sizeof *out->posts);
		out->keys = xcalloc(p.n + 1, sizeof *out->keys);
		for (i = 0; i < p.n; i++) {
			char		*key;
			struct post	*post = feed_make_post(&p.v[i], network,
			    column, author, now - (int64_t)i, &key);

			/* The same entry twice in one document: the first. */
			for (j = 0; j < out->n; j++)
				if (strcmp(out->posts[j]->id, post->id) == 0)
					break;
			if (j < out->n) {
				post_unref(post);
				free(key);
				continue;
			}
			out->posts[out->n] = post;
			out->keys[out->n++] = key;
		}
		/* Newest first; a stable order for equal times (the
		 * document's), keys moved along. */
		for (i = 1; i < out->n; i++) {
			struct post	*pp = out->posts[i];
			char		*kk = out->keys[i];

			for (k = i; k > 0 && feed_post_cmp(&out->posts[k - 1],
			    &pp) > 0; k--) {
				out->posts[k] = out->posts[k - 1];
				out->keys[k] = out->keys[k - 1];
			}
			out->posts[k] = pp;
			out->keys[k] = kk;
		}
	}
	for (i = 0; i < p.n; i++)
		feed_entry_free(&p.v[i]);
	free(p.v);
	free(p.feed_title);
	free(p.feed_author);
	return rc;
}

void
feed_doc_free(struct feed_doc *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		post_unref(d->posts[i]);
		free(d->keys[i]);
	}
	free(d->posts);
	free(d->keys);
	memset(d, 0, sizeof *d);
}
