/* bluesky_parse.c — Bluesky's XRPC bodies to posts, with jansson.
 *
 * Every post view becomes a stack template (struct bluesky_build) whose
 * strings point into the JSON tree or into the build's own buffers;
 * post_new() copies and sanitises it all into one allocation. Nothing in
 * the JSON is trusted: every field is looked up with a type check, URIs
 * must be printable ASCII (they go into request bodies and queries),
 * facets are checked against the text's bytes, and sizes are capped so a
 * hostile body costs linear time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "starling/bluesky_parse.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

#define BLUESKY_URI_MAX		512	/* bytes in an AT-URI or a CID */
#define BLUESKY_SPANS_MAX	128
#define BLUESKY_MEDIA_MAX	8
#define BLUESKY_LABELS_MAX	64
#define BLUESKY_QUOTE_MAX	200	/* bytes of a quote's summary */
#define BLUESKY_THREAD_DEPTH	64	/* parents and reply levels read */
#define BLUESKY_THREAD_MAX	500	/* posts of a thread */
#define BLUESKY_TAG_MAX		64	/* characters of an outgoing tag */

static const char bluesky_b32[] = "234567abcdefghijklmnopqrstuvwxyz";

struct bluesky_build {
	struct post		 t;
	char			 id[BLUESKY_URI_MAX + 64];
	char			 ref[4 * BLUESKY_URI_MAX + 32];
	char			 parent[2 * BLUESKY_URI_MAX + 2];
	char			 root[2 * BLUESKY_URI_MAX + 2];
	char			 url[BLUESKY_URI_MAX + 64];
	char			 reply_author[BLUESKY_URI_MAX + 1];
	char			 cw[256];
	char			 quote[BLUESKY_QUOTE_MAX + 8];
	char			 quote_did[BLUESKY_URI_MAX + 1];
	struct post_span	 spans[BLUESKY_SPANS_MAX];
	char			*span_url[BLUESKY_SPANS_MAX];
	struct post_media	 media[BLUESKY_MEDIA_MAX];
};

struct bluesky_list {
	struct post	**v;
	size_t		  n, cap;
};

static void
bluesky_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
bluesky_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void
bluesky_list_add(struct bluesky_list *l, struct post *p)
{
	if (p == NULL)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = p;
}

/* A string member, or NULL. */
static const char *
bluesky_str(const json_t *o, const char *key)
{
	const json_t	*v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const json_t *
bluesky_obj(const json_t *o, const char *key)
{
	const json_t	*v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_object(v) ? v : NULL;
}

static const json_t *
bluesky_arr(const json_t *o, const char *key)
{
	const json_t	*v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_array(v) ? v : NULL;
}

static long
bluesky_count(const json_t *o, const char *key)
{
	const json_t	*v = json_is_object(o) ? json_object_get(o, key) : NULL;

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return 0;
	return json_integer_value(v) > 1000000000 ? 1000000000 :
	    (long)json_integer_value(v);
}

/* Whether s is a URI or CID safe to pass on: 1..BLUESKY_URI_MAX
 * printable ASCII bytes, no spaces. */
static bool
bluesky_safe(const char *s)
{
	size_t	i;

	if (s == NULL || *s == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= BLUESKY_URI_MAX || (unsigned char)s[i] <= ' ' ||
		    (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool
bluesky_at_uri(const char *s)
{
	return bluesky_safe(s) && strncmp(s, "at://", 5) == 0;
}

/* The record key: what follows the last '/'. */
static const char *
bluesky_rkey(const char *uri)
{
	const char	*slash = strrchr(uri, '/');

	return slash != NULL ? slash + 1 : uri;
}

/* The DID of an AT-URI ("at://DID/..."), into buf. */
static const char *
bluesky_uri_did(const char *uri, char *buf, size_t len)
{
	size_t	n;

	if (uri == NULL || strncmp(uri, "at://", 5) != 0)
		return NULL;
	n = strcspn(uri + 5, "/");
	if (n == 0 || n >= len)
		return NULL;
	memcpy(buf, uri + 5, n);
	buf[n] = '\0';
	return buf;
}

int64_t
bluesky_parse_time(const char *s)
{
	struct tm	 tm = { 0 };
	int		 y, mo, d, h = 0, mi = 0, sec = 0, n = 0, oh, om;
	int64_t		 t;
	const char	*p;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
	    n != 10)
		return 0;
	p = s + n;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3)
			return 0;
		p += 1 + n;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = (int64_t)timegm(&tm);
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 &&
	    oh < 24 && om < 60)
		t += (*p == '+' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
	return t > 0 ? t : 0;
}

void
bluesky_tid(int64_t t, char out[14])
{
	uint64_t	v = (uint64_t)(t > 0 ? t : 0) * 1000000u;
	int		i;

	v = (v & ((UINT64_C(1) << 53) - 1)) << 10;
	for (i = 12; i >= 0; i--) {
		out[i] = bluesky_b32[v & 31];
		v >>= 5;
	}
	out[13] = '\0';
}

int64_t
bluesky_tid_time(const char *s)
{
	uint64_t	 v = 0;
	const char	*c;
	size_t		 i;

	if (s == NULL || strlen(s) != 13)
		return 0;
	for (i = 0; i < 13; i++) {
		if ((c = strchr(bluesky_b32, s[i])) == NULL || s[i] == '\0')
			return 0;
		v = (v << 5) | (uint64_t)(c - bluesky_b32);
	}
	return (int64_t)((v >> 10) / 1000000u);
}

/* --- base64url and JWTs ------------------------------------------------ */

static int
bluesky_b64(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

int64_t
bluesky_jwt_exp(const char *jwt)
{
	const char	*p, *end;
	char		*buf;
	size_t		 n = 0;
	unsigned	 acc = 0;
	int		 bits = 0, v;
	json_t		*root, *exp;
	int64_t		 out = 0;

	if (jwt == NULL || (p = strchr(jwt, '.')) == NULL)
		return 0;
	p++;
	if ((end = strchr(p, '.')) == NULL || end - p > 8192)
		return 0;
	buf = xmalloc((size_t)(end - p) + 1);
	for (; p < end; p++) {
		if (*p == '=')
			break;
		if ((v = bluesky_b64((unsigned char)*p)) < 0) {
			free(buf);
			return 0;
		}
		acc = (acc << 6) | (unsigned)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			buf[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	if ((root = json_loadb(buf, n, 0, NULL)) != NULL) {
		exp = json_object_get(root, "exp");
		if (json_is_integer(exp) && json_integer_value(exp) > 0)
			out = json_integer_value(exp);
		else if (json_is_real(exp) && json_real_value(exp) > 0 &&
		    json_real_value(exp) < 1e15)
			out = (int64_t)json_real_value(exp);
		json_decref(root);
	}
	free(buf);
	return out;
}

/* --- refs -------------------------------------------------------------- */

bool
bluesky_ref_split(const char *ref, struct bluesky_ref *r)
{
	char	*copy, *word, *save;

	memset(r, 0, sizeof *r);
	if (ref == NULL)
		return false;
	copy = xstrdup(ref);
	for (word = strtok_r(copy, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		if (strncmp(word, "like=", 5) == 0 && r->like == NULL)
			r->like = xstrdup(word + 5);
		else if (strncmp(word, "repost=", 7) == 0 && r->repost == NULL)
			r->repost = xstrdup(word + 7);
		else if (r->uri == NULL)
			r->uri = xstrdup(word);
		else if (r->cid == NULL)
			r->cid = xstrdup(word);
	}
	free(copy);
	if (r->uri == NULL || !bluesky_at_uri(r->uri)) {
		bluesky_ref_free(r);
		return false;
	}
	return true;
}

void
bluesky_ref_free(struct bluesky_ref *r)
{
	free(r->uri);
	free(r->cid);
	free(r->like);
	free(r->repost);
	memset(r, 0, sizeof *r);
}

/* "URI CID" of a strong reference {uri, cid} into buf; false if unusable. */
static bool
bluesky_strong_ref(const json_t *o, char *buf, size_t len)
{
	const char	*uri = bluesky_str(o, "uri"), *cid = bluesky_str(o, "cid");
	int		 n;

	if (!bluesky_at_uri(uri))
		return false;
	n = snprintf(buf, len, "%s%s%s", uri, bluesky_safe(cid) ? " " : "",
	    bluesky_safe(cid) ? cid : "");
	return n > 0 && (size_t)n < len;
}

/* --- facets in --------------------------------------------------------- */

static bool
bluesky_boundary(const char *text, size_t len, size_t off)
{
	return off == len || (off < len &&
	    ((unsigned char)text[off] & 0xc0) != 0x80);
}

static void
bluesky_facets_in(struct bluesky_build *b, const json_t *facets,
    const char *text)
{
	size_t		 len = strlen(text), i, j, k;
	const json_t	*f, *feat;

	if (!json_is_array(facets))
		return;
	json_array_foreach(facets, i, f) {
		const json_t	*idx = bluesky_obj(f, "index");
		const json_t	*bs = idx ? json_object_get(idx, "byteStart") :
				    NULL;
		const json_t	*be = idx ? json_object_get(idx, "byteEnd") : NULL;
		json_int_t	 s, e;
		struct post_span sp = { 0 };
		const char	*url = NULL, *type, *v;
		char		*own = NULL;

		if (b->t.nspans >= BLUESKY_SPANS_MAX)
			break;
		if (!json_is_integer(bs) || !json_is_integer(be))
			continue;
		s = json_integer_value(bs);
		e = json_integer_value(be);
		if (s < 0 || e <= s || (size_t)e > len ||
		    !bluesky_boundary(text, len, (size_t)s) ||
		    !bluesky_boundary(text, len, (size_t)e))
			continue;
		/* Overlapping an accepted span: dropped. */
		for (k = 0; k < b->t.nspans; k++)
			if ((uint32_t)s < b->spans[k].end &&
			    b->spans[k].start < (uint32_t)e)
				break;
		if (k < b->t.nspans)
			continue;
		json_array_foreach(bluesky_arr(f, "features"), j, feat) {
			if ((type = bluesky_str(feat, "$type")) == NULL)
				continue;
			if (strcmp(type, "app.bsky.richtext.facet#link") == 0 &&
			    (v = bluesky_str(feat, "uri")) != NULL &&
			    (strncasecmp(v, "https://", 8) == 0 ||
			    strncasecmp(v, "http://", 7) == 0) &&
			    strlen(v) < 4096) {
				sp.kind = POST_SPAN_LINK;
				url = v;
				break;
			}
			if (strcmp(type, "app.bsky.richtext.facet#mention") ==
			    0 && bluesky_safe(v = bluesky_str(feat, "did"))) {
				sp.kind = POST_SPAN_MENTION;
				xasprintf(&own, "https://bsky.app/profile/%s", v);
				break;
			}
			if (strcmp(type, "app.bsky.richtext.facet#tag") == 0 &&
			    (v = bluesky_str(feat, "tag")) != NULL &&
			    strlen(v) < 640) {
				char	*esc = xmalloc(strlen(v) * 3 + 1), *o = esc;
				const char *c;

				for (c = v; *c; c++) {
					if ((*c >= 'a' && *c <= 'z') ||
					    (*c >= 'A' && *c <= 'Z') ||
					    (*c >= '0' && *c <= '9') || *c == '_' ||
					    *c == '-')
						*o++ = *c;
					else
						o += sprintf(o, "%%%02X",
						    (unsigned char)*c);
				}
				*o = '\0';
				sp.kind = POST_SPAN_HASHTAG;
				xasprintf(&own, "https://bsky.app/hashtag/%s", esc);
				free(esc);
				break;
			}
		}
		if (url == NULL && own == NULL)
			continue;
		sp.start = (uint32_t)s;
		sp.end = (uint32_t)e;
		b->span_url[b->t.nspans] = own != NULL ? own : xstrdup(url);
		sp.url = b->span_url[b->t.nspans];
		b->spans[b->t.nspans++] = sp;
	}
	b->t.spans = b->spans;
}

/* --- labels ------------------------------------------------------------ */

static const char *const bluesky_sensitive[] = {
	"porn", "sexual", "nudity", "graphic-media", "gore", "!warn", "!hide",
	NULL
};

static void
bluesky_label(struct bluesky_build *b, const char *val)
{
	size_t	i, used;

	if (val == NULL)
		return;
	for (i = 0; bluesky_sensitive[i] != NULL; i++)
		if (strcmp(val, bluesky_sensitive[i]) == 0)
			break;
	if (bluesky_sensitive[i] == NULL || strstr(b->cw, val) != NULL)
		return;
	used = strlen(b->cw);
	snprintf(b->cw + used, sizeof b->cw - used, "%s%s",
	    used ? ", " : "sensitive: ", val);
	b->t.flags |= POST_SENSITIVE;
	b->t.content_warning = b->cw;
}

static void
bluesky_labels(struct bluesky_build *b, const json_t *post,
    const json_t *record)
{
	const json_t	*l, *self = bluesky_obj(record, "labels");
	size_t		 i;

	json_array_foreach(bluesky_arr(post, "labels"), i, l) {
		if (i >= BLUESKY_LABELS_MAX)
			break;
		/* A negation label takes one back: not worth the state. */
		if (json_is_true(json_object_get(l, "neg")))
			continue;
		bluesky_label(b, bluesky_str(l, "val"));
	}
	json_array_foreach(bluesky_arr(self, "values"), i, l) {
		if (i >= BLUESKY_LABELS_MAX)
			break;
		bluesky_label(b, bluesky_str(l, "val"));
	}
}

/* --- embeds ------------------------------------------------------------ */

static void
bluesky_media(struct bluesky_build *b, enum post_media_kind kind,
    const char *alt, const char *url)
{
	if (b->t.nmedia >= BLUESKY_MEDIA_MAX)
		return;
	b->media[b->t.nmedia].kind = kind;
	b->media[b->t.nmedia].alt = alt;
	b->media[b->t.nmedia].url = url;
	b->t.nmedia++;
	b->t.media = b->media;
}

/* A quoted record (a view: viewRecord, viewNotFound, viewBlocked...; or a
 * record's bare strong reference). */
static void
bluesky_quote(struct bluesky_build *b, const json_t *rec)
{
	const char	*type = bluesky_str(rec, "$type"), *text;
	const json_t	*author = bluesky_obj(rec, "author");
	size_t		 n;

	if (rec == NULL)
		return;
	if (type != NULL && strstr(type, "#viewNotFound") != NULL)
		text = "post not found";
	else if (type != NULL && strstr(type, "#viewBlocked") != NULL)
		text = "blocked post";
	else if (type != NULL && strstr(type, "#viewDetached") != NULL)
		text = "post detached by its author";
	else if (type != NULL && strstr(type, "#viewRecord") == NULL &&
	    strchr(type, '#') != NULL) {
		/* A feed generator, a list, a starter pack. */
		text = bluesky_str(rec, "displayName");
		if (text == NULL)
			text = bluesky_str(rec, "name");
		if (text == NULL)
			text = "embedded record";
	} else if ((text = bluesky_str(bluesky_obj(rec, "value"), "text")) ==
	    NULL) {
		/* A record's own embed: only the reference. */
		text = bluesky_str(rec, "uri") ? "quoted post" : NULL;
		if (text == NULL)
			return;
	}
	/* At most BLUESKY_QUOTE_MAX bytes, cut on a character. */
	n = strlen(text);
	if (n > BLUESKY_QUOTE_MAX) {
		n = BLUESKY_QUOTE_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
		snprintf(b->quote, sizeof b->quote, "%.*s…", (int)n, text);
	} else
		snprintf(b->quote, sizeof b->quote, "%s", text);
	b->t.quote_text = b->quote;
	b->t.quote_author = bluesky_str(author, "handle");
	if (b->t.quote_author == NULL)
		b->t.quote_author = bluesky_uri_did(bluesky_str(rec, "uri"),
		    b->quote_did, sizeof b->quote_did);
}

static void
bluesky_embed(struct bluesky_build *b, const json_t *e, int depth)
{
	const char	*type = bluesky_str(e, "$type");
	const json_t	*x;
	size_t		 i;

	if (type == NULL || depth > 2)
		return;
	if (strncmp(type, "app.bsky.embed.images", 21) == 0) {
		json_array_foreach(bluesky_arr(e, "images"), i, x)
			bluesky_media(b, POST_MEDIA_IMAGE, bluesky_str(x, "alt"),
			    NULL);
	} else if (strncmp(type, "app.bsky.embed.video", 20) == 0)
		bluesky_media(b, POST_MEDIA_VIDEO, bluesky_str(e, "alt"), NULL);
	else if (strncmp(type, "app.bsky.embed.external", 23) == 0) {
		const char *uri;

		x = bluesky_obj(e, "external");
		uri = bluesky_str(x, "uri");
		if (uri != NULL && strncasecmp(uri, "https://", 8) != 0 &&
		    strncasecmp(uri, "http://", 7) != 0)
			uri = NULL;
		bluesky_media(b, POST_MEDIA_LINK, bluesky_str(x, "title"), uri);
	} else if (strncmp(type, "app.bsky.embed.recordWithMedia", 30) == 0) {
		x = bluesky_obj(e, "record");
		/* The view nests {record: {record: viewRecord}}; the record
		 * {record: {record: strongRef}}. */
		bluesky_quote(b, bluesky_obj(x, "record") ?
		    bluesky_obj(x, "record") : x);
		bluesky_embed(b, bluesky_obj(e, "media"), depth + 1);
	} else if (strncmp(type, "app.bsky.embed.record", 21) == 0)
		bluesky_quote(b, bluesky_obj(e, "record"));
}

/* --- posts ------------------------------------------------------------- */

static void
bluesky_build_free(struct bluesky_build *b)
{
	size_t	i;

	for (i = 0; i < b->t.nspans; i++)
		free(b->span_url[i]);
}

/* A PostView to a post. reason: a feed item's reason (a repost), reply: its
 * reply view; either may be NULL. */
static struct post *
bluesky_post_view(const json_t *pv, const json_t *reason, const json_t *reply,
    const char *column)
{
	struct bluesky_build	*b;
	const json_t		*author = bluesky_obj(pv, "author");
	const json_t		*record = bluesky_obj(pv, "record");
	const json_t		*viewer = bluesky_obj(pv, "viewer");
	const json_t		*rr = bluesky_obj(record, "reply"), *l;
	const char		*uri = bluesky_str(pv, "uri");
	const char		*cid = bluesky_str(pv, "cid"), *s, *text;
	const char		*like, *repost;
	struct post		*p;
	int64_t			 made, indexed;
	size_t			 used;

	if (!bluesky_at_uri(uri))
		return NULL;
	b = xcalloc(1, sizeof *b);
	b->t.network = "bluesky";
	b->t.column = column;
	snprintf(b->id, sizeof b->id, "%s", uri);
	b->t.id = b->id;
	used = (size_t)snprintf(b->ref, sizeof b->ref, "%s%s%s", uri,
	    bluesky_safe(cid) ? " " : "", bluesky_safe(cid) ? cid : "");
	like = bluesky_str(viewer, "like");
	repost = bluesky_str(viewer, "repost");
	if (bluesky_at_uri(like)) {
		used += (size_t)snprintf(b->ref + used, sizeof b->ref - used,
		    " like=%s", like);
		b->t.flags |= POST_LIKED;
	}
	if (bluesky_at_uri(repost)) {
		snprintf(b->ref + used, sizeof b->ref - used, " repost=%s",
		    repost);
		b->t.flags |= POST_REPOSTED;
	}
	b->t.action_ref = b->ref;
	b->t.cid = bluesky_safe(cid) ? cid : NULL;

	b->t.author_handle = bluesky_str(author, "handle");
	b->t.author_name = bluesky_str(author, "displayName");
	b->t.author_id = bluesky_str(author, "did");
	if (b->t.author_handle != NULL && strcmp(bluesky_rkey(uri), uri) != 0 &&
	    strstr(uri, "/app.bsky.feed.post/") != NULL &&
	    bluesky_safe(b->t.author_handle)) {
		snprintf(b->url, sizeof b->url,
		    "https://bsky.app/profile/%s/post/%s", b->t.author_handle,
		    bluesky_rkey(uri));
		b->t.url = b->url;
	}

	text = bluesky_str(record, "text");
	b->t.text = text ? text : "";
	if (text != NULL)
		bluesky_facets_in(b, json_object_get(record, "facets"), text);
	if ((l = bluesky_arr(record, "langs")) != NULL &&
	    json_is_string(json_array_get(l, 0)))
		b->t.lang = json_string_value(json_array_get(l, 0));

	made = bluesky_parse_time(bluesky_str(record, "createdAt"));
	indexed = bluesky_parse_time(bluesky_str(pv, "indexedAt"));
	/* Sorted as Bluesky sorts: a post dated in the future sorts when it
	 * was indexed. */
	b->t.created = made != 0 && (indexed == 0 || made < indexed) ? made :
	    indexed;
	b->t.replies = bluesky_count(pv, "replyCount");
	b->t.reposts = bluesky_count(pv, "repostCount");
	b->t.likes = bluesky_count(pv, "likeCount");

	if (rr != NULL) {
		const json_t *parent = bluesky_obj(rr, "parent");

		if (bluesky_strong_ref(parent, b->parent, sizeof b->parent)) {
			b->t.reply_parent_ref = b->parent;
			b->t.reply_to_id = bluesky_str(parent, "uri");
		}
		if (bluesky_strong_ref(bluesky_obj(rr, "root"), b->root,
		    sizeof b->root))
			b->t.reply_root_ref = b->root;
		s = bluesky_str(bluesky_obj(bluesky_obj(reply, "parent"),
		    "author"), "handle");
		if (s == NULL)
			s = bluesky_uri_did(b->t.reply_to_id, b->reply_author,
			    sizeof b->reply_author);
		b->t.reply_to_author = s;
	}

	bluesky_labels(b, pv, record);
	if (bluesky_obj(pv, "embed") != NULL)
		bluesky_embed(b, bluesky_obj(pv, "embed"), 0);
	else
		bluesky_embed(b, bluesky_obj(record, "embed"), 0);

	if (reason != NULL && (s = bluesky_str(reason, "$type")) != NULL &&
	    strcmp(s, "app.bsky.feed.defs#reasonRepost") == 0) {
		const json_t	*by = bluesky_obj(reason, "by");
		const char	*ruri = bluesky_str(reason, "uri");
		const char	*did = bluesky_str(by, "did");
		int64_t		 when;

		if (bluesky_at_uri(ruri))
			snprintf(b->id, sizeof b->id, "%s", ruri);
		else
			snprintf(b->id, sizeof b->id, "%s#repost-%s", uri,
			    bluesky_safe(did) ? did : "unknown");
		b->t.reposted_by_handle = bluesky_str(by, "handle");
		b->t.reposted_by_name = bluesky_str(by, "displayName");
		if (b->t.reposted_by_name != NULL && *b->t.reposted_by_name ==
		    '\0')
			b->t.reposted_by_name = NULL;
		if ((when = bluesky_parse_time(bluesky_str(reason,
		    "indexedAt"))) != 0)
			b->t.created = when;
	}
	p = post_new(&b->t);
	bluesky_build_free(b);
	free(b);
	return p;
}

/* --- notifications ----------------------------------------------------- */

static const struct {
	const char		*reason;
	enum post_notify	 notify;
	const char		*what;	/* text of an account-only post */
} bluesky_reasons[] = {
	{ "like",		POST_NOTIFY_LIKE,	NULL },
	{ "repost",		POST_NOTIFY_REPOST,	NULL },
	{ "like-via-repost",	POST_NOTIFY_LIKE,	NULL },
	{ "repost-via-repost",	POST_NOTIFY_REPOST,	NULL },
	{ "follow",		POST_NOTIFY_FOLLOW,	"followed you" },
	{ "mention",		POST_NOTIFY_MENTION,	NULL },
	{ "reply",		POST_NOTIFY_REPLY,	NULL },
	{ "quote",		POST_NOTIFY_QUOTE,	NULL },
	{ "subscribed-post",	POST_NOTIFY_NONE,	NULL },
	{ "starterpack-joined",	POST_NOTIFY_NONE,
	    "joined through your starter pack" },
	{ "verified",		POST_NOTIFY_NONE,	"verified your account" },
	{ "unverified",		POST_NOTIFY_NONE,
	    "removed your account's verification" },
};

/* The post at uri among getPosts' posts, or NULL. */
static const json_t *
bluesky_subject(const json_t *subjects, const char *uri)
{
	const json_t	*pv;
	size_t		 i;
	const char	*u;

	if (uri == NULL)
		return NULL;
	json_array_foreach(bluesky_arr(subjects, "posts"), i, pv)
		if ((u = bluesky_str(pv, "uri")) != NULL && strcmp(u, uri) == 0)
			return pv;
	return NULL;
}

static struct post *
bluesky_notification(const json_t *n, const json_t *subjects,
    const char *column)
{
	const char	*reason = bluesky_str(n, "reason");
	const char	*uri = bluesky_str(n, "uri"), *cid = bluesky_str(n, "cid");
	const json_t	*author = bluesky_obj(n, "author");
	const json_t	*record = bluesky_obj(n, "record");
	const char	*by = bluesky_str(author, "displayName");
	struct post	*p, *tmp = NULL;
	size_t		 i;
	char		 what[128];

	if (!bluesky_at_uri(uri) || reason == NULL)
		return NULL;
	if (by == NULL || *by == '\0')
		by = bluesky_str(author, "handle");
	for (i = 0; i < sizeof bluesky_reasons / sizeof *bluesky_reasons; i++)
		if (strcmp(bluesky_reasons[i].reason, reason) == 0)
			break;
	if (i < sizeof bluesky_reasons / sizeof *bluesky_reasons &&
	    (bluesky_reasons[i].notify == POST_NOTIFY_LIKE ||
	    bluesky_reasons[i].notify == POST_NOTIFY_REPOST)) {
		const json_t	*subj = bluesky_obj(record, "subject");
		const json_t	*pv = bluesky_subject(subjects,
				    bluesky_str(subj, "uri"));
		struct bluesky_build	*b;
		char		 ref[2 * BLUESKY_URI_MAX + 2];

		if (pv != NULL)
			tmp = bluesky_post_view(pv, NULL, NULL, column);
		b = xcalloc(1, sizeof *b);
		if (tmp != NULL)
			b->t = *tmp;
		else {
			b->t.author_handle = bluesky_str(author, "handle");
			b->t.author_name = bluesky_str(author, "displayName");
			b->t.author_id = bluesky_str(author, "did");
			b->t.text = "";
			b->t.spans = NULL;
			b->t.nspans = 0;
			/* What is acted on is the post liked. */
			if (bluesky_strong_ref(subj, ref, sizeof ref))
				b->t.action_ref = ref;
		}
		b->t.network = "bluesky";
		b->t.column = column;
		b->t.id = uri;
		b->t.created = bluesky_parse_time(bluesky_str(n, "indexedAt"));
		b->t.notify = bluesky_reasons[i].notify;
		b->t.notify_by = by;
		b->t.reposted_by_name = b->t.reposted_by_handle = NULL;
		p = post_new(&b->t);
		free(b);
		if (tmp != NULL)
			post_unref(tmp);
		return p;
	}
	if (i < sizeof bluesky_reasons / sizeof *bluesky_reasons &&
	    bluesky_reasons[i].what == NULL) {
		/* The post itself: a reply, a mention, a quote. */
		json_t	*pv = json_object();

		json_object_set_new(pv, "uri", json_string(uri));
		if (cid != NULL)
			json_object_set_new(pv, "cid", json_string(cid));
		if (author != NULL)
			json_object_set(pv, "author", (json_t *)author);
		if (record != NULL)
			json_object_set(pv, "record", (json_t *)record);
		if (bluesky_arr(n, "labels") != NULL)
			json_object_set(pv, "labels", json_object_get(n,
			    "labels"));
		json_object_set(pv, "indexedAt", json_object_get(n,
		    "indexedAt"));
		tmp = bluesky_post_view(pv, NULL, NULL, column);
		json_decref(pv);
		if (tmp == NULL)
			return NULL;
		{
			struct post t = *tmp;

			t.notify = bluesky_reasons[i].notify;
			t.notify_by = by;
			t.created = bluesky_parse_time(bluesky_str(n,
			    "indexedAt"));
			if (t.created == 0)
				t.created = tmp->created;
			p = post_new(&t);
		}
		post_unref(tmp);
		return p;
	}
	/* Account-only: who did what. */
	{
		struct post t = { 0 };

		if (i < sizeof bluesky_reasons / sizeof *bluesky_reasons) {
			snprintf(what, sizeof what, "%s",
			    bluesky_reasons[i].what);
			t.notify = bluesky_reasons[i].notify;
		} else
			snprintf(what, sizeof what, "notification: %.100s",
			    reason);
		t.network = "bluesky";
		t.column = column;
		t.id = uri;
		t.author_handle = bluesky_str(author, "handle");
		t.author_name = bluesky_str(author, "displayName");
		t.author_id = bluesky_str(author, "did");
		t.text = t.notify == POST_NOTIFY_FOLLOW ? "" : what;
		t.notify_by = by;
		t.created = bluesky_parse_time(bluesky_str(n, "indexedAt"));
		return post_new(&t);
	}
}

/* --- threads ----------------------------------------------------------- */

static void
bluesky_thread_parents(struct bluesky_list *l, const json_t *node,
    const char *column, int depth)
{
	const json_t	*parent = bluesky_obj(node, "parent");

	if (parent == NULL || depth >= BLUESKY_THREAD_DEPTH)
		return;
	bluesky_thread_parents(l, parent, column, depth + 1);
	if (l->n < BLUESKY_THREAD_MAX)
		bluesky_list_add(l, bluesky_post_view(bluesky_obj(parent,
		    "post"), NULL, NULL, column));
}

static void
bluesky_thread_replies(struct bluesky_list *l, const json_t *node,
    const char *column, int depth)
{
	const json_t	*r;
	size_t		 i;

	if (depth >= BLUESKY_THREAD_DEPTH)
		return;
	json_array_foreach(bluesky_arr(node, "replies"), i, r) {
		if (l->n >= BLUESKY_THREAD_MAX)
			return;
		bluesky_list_add(l, bluesky_post_view(bluesky_obj(r, "post"),
		    NULL, NULL, column));
		bluesky_thread_replies(l, r, column, depth + 1);
	}
}

/* --- bodies ------------------------------------------------------------ */

static json_t *
bluesky_load(const char *body, size_t len, char *err, size_t errlen)
{
	json_error_t	 e;
	json_t		*root;
	char		*msg;

	if (body == NULL) {
		bluesky_err(err, errlen, "empty response");
		return NULL;
	}
	if ((root = json_loadb(body, len, JSON_ALLOW_NUL, &e)) == NULL) {
		bluesky_err(err, errlen, "malformed JSON at line %d column %d: "
		    "%s", e.line, e.column, e.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		bluesky_err(err, errlen, "expected a JSON object");
		json_decref(root);
		return NULL;
	}
	if (json_object_get(root, "error") != NULL &&
	    (msg = bluesky_parse_error(body, len, NULL, 0)) != NULL) {
		bluesky_err(err, errlen, "server error: %s", msg);
		free(msg);
		json_decref(root);
		return NULL;
	}
	return root;
}

int
bluesky_parse_page(const char *body, size_t len, enum bluesky_body kind,
    const char *column, const char *subjects, size_t subjects_len,
    struct bluesky_page *page, char *err, size_t errlen)
{
	struct bluesky_list	 l = { NULL, 0, 0 };
	json_t			*root, *subj = NULL;
	const json_t		*v, *thread;
	const char		*s;
	size_t			 i;

	memset(page, 0, sizeof *page);
	bluesky_err(err, errlen, "%s", "");
	if ((root = bluesky_load(body, len, err, errlen)) == NULL)
		return -1;
	switch (kind) {
	case BLUESKY_FEED:
		json_array_foreach(bluesky_arr(root, "feed"), i, v)
			bluesky_list_add(&l, bluesky_post_view(bluesky_obj(v,
			    "post"), bluesky_obj(v, "reason"),
			    bluesky_obj(v, "reply"), column));
		break;
	case BLUESKY_POSTS:
		json_array_foreach(bluesky_arr(root, "posts"), i, v)
			bluesky_list_add(&l, bluesky_post_view(v, NULL, NULL,
			    column));
		break;
	case BLUESKY_NOTIFICATIONS:
		if (subjects != NULL)
			subj = json_loadb(subjects, subjects_len,
			    JSON_ALLOW_NUL, NULL);
		json_array_foreach(bluesky_arr(root, "notifications"), i, v)
			bluesky_list_add(&l, bluesky_notification(v, subj,
			    column));
		json_decref(subj);
		if ((s = bluesky_str(root, "seenAt")) != NULL)
			page->seen_at = xstrdup(s);
		break;
	case BLUESKY_THREAD:
		thread = bluesky_obj(root, "thread");
		bluesky_thread_parents(&l, thread, column, 0);
		bluesky_thread_replies(&l, thread, column, 0);
		break;
	}
	if ((s = bluesky_str(root, "cursor")) != NULL && *s != '\0' &&
	    strlen(s) < 1024)
		page->cursor = xstrdup(s);
	json_decref(root);
	page->posts = l.v != NULL ? l.v : xcalloc(1, sizeof *l.v);
	page->n = l.n;
	return 0;
}

void
bluesky_page_free(struct bluesky_page *page)
{
	size_t	i;

	for (i = 0; i < page->n; i++)
		post_unref(page->posts[i]);
	free(page->posts);
	free(page->cursor);
	free(page->seen_at);
	memset(page, 0, sizeof *page);
}

size_t
bluesky_parse_subjects(const char *body, size_t len, char **uris, size_t max)
{
	json_t		*root;
	const json_t	*v;
	const char	*reason, *u;
	size_t		 i, n = 0, k;

	if (body == NULL || (root = json_loadb(body, len, JSON_ALLOW_NUL,
	    NULL)) == NULL)
		return 0;
	json_array_foreach(bluesky_arr(root, "notifications"), i, v) {
		if (n >= max)
			break;
		reason = bluesky_str(v, "reason");
		if (reason == NULL || (strcmp(reason, "like") != 0 &&
		    strcmp(reason, "repost") != 0 &&
		    strcmp(reason, "like-via-repost") != 0 &&
		    strcmp(reason, "repost-via-repost") != 0))
			continue;
		u = bluesky_str(bluesky_obj(bluesky_obj(v, "record"),
		    "subject"), "uri");
		if (!bluesky_at_uri(u) || strstr(u, "/app.bsky.feed.post/") ==
		    NULL)
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(uris[k], u) == 0)
				break;
		if (k == n)
			uris[n++] = xstrdup(u);
	}
	json_decref(root);
	return n;
}

int
bluesky_parse_session(const char *body, size_t len, struct bluesky_tokens *t,
    char *err, size_t errlen)
{
	json_t		*root;
	const char	*did, *access, *refresh, *handle;

	memset(t, 0, sizeof *t);
	if ((root = bluesky_load(body, len, err, errlen)) == NULL)
		return -1;
	did = bluesky_str(root, "did");
	access = bluesky_str(root, "accessJwt");
	refresh = bluesky_str(root, "refreshJwt");
	handle = bluesky_str(root, "handle");
	if (!bluesky_safe(access) || !bluesky_safe(refresh) ||
	    !bluesky_safe(did) || strlen(access) > 4000 ||
	    strlen(refresh) > 4000) {
		bluesky_err(err, errlen, "the session has no tokens");
		json_decref(root);
		return -1;
	}
	t->did = xstrdup(did);
	t->access = xstrdup(access);
	t->refresh = xstrdup(refresh);
	t->handle = bluesky_safe(handle) ? xstrdup(handle) : NULL;
	json_decref(root);
	return 0;
}

void
bluesky_tokens_free(struct bluesky_tokens *t)
{
	if (t->access != NULL)
		memset(t->access, 0, strlen(t->access));
	if (t->refresh != NULL)
		memset(t->refresh, 0, strlen(t->refresh));
	free(t->did);
	free(t->handle);
	free(t->access);
	free(t->refresh);
	memset(t, 0, sizeof *t);
}

char *
bluesky_parse_error(const char *body, size_t len, char *name, size_t namelen)
{
	json_t		*root;
	const char	*e, *m;
	char		*out = NULL;

	if (name != NULL && namelen > 0)
		*name = '\0';
	if (body == NULL || (root = json_loadb(body, len, JSON_ALLOW_NUL,
	    NULL)) == NULL)
		return NULL;
	e = bluesky_str(root, "error");
	m = bluesky_str(root, "message");
	if (e != NULL && name != NULL && namelen > 0)
		snprintf(name, namelen, "%s", e);
	if (e != NULL && m != NULL && *m != '\0')
		xasprintf(&out, "%.80s: %.160s", e, m);
	else if (e != NULL)
		xasprintf(&out, "%.80s", e);
	else if (m != NULL)
		xasprintf(&out, "%.160s", m);
	json_decref(root);
	if (out != NULL) {
		char *clean = text_sanitize(out, false);

		free(out);
		out = clean;
	}
	return out;
}

int
bluesky_parse_ref(const char *body, size_t len, char **uri, char **cid)
{
	json_t		*root;
	const char	*u, *c;
	int		 rc = -1;

	*uri = *cid = NULL;
	if (body == NULL || (root = json_loadb(body, len, JSON_ALLOW_NUL,
	    NULL)) == NULL)
		return -1;
	u = bluesky_str(root, "uri");
	c = bluesky_str(root, "cid");
	if (bluesky_at_uri(u) && bluesky_safe(c)) {
		*uri = xstrdup(u);
		*cid = xstrdup(c);
		rc = 0;
	}
	json_decref(root);
	return rc;
}

char *
bluesky_parse_did(const char *body, size_t len)
{
	json_t		*root;
	const char	*d;
	char		*out = NULL;

	if (body == NULL || (root = json_loadb(body, len, JSON_ALLOW_NUL,
	    NULL)) == NULL)
		return NULL;
	d = bluesky_str(root, "did");
	if (bluesky_safe(d) && strncmp(d, "did:", 4) == 0)
		out = xstrdup(d);
	json_decref(root);
	return out;
}

char *
bluesky_parse_list_uri(const char *body, size_t len, const char *name)
{
	json_t		*root;
	const json_t	*v;
	const char	*n, *u, *found = NULL;
	char		*out = NULL;
	size_t		 i;
	int		 pass;

	if (body == NULL || name == NULL || (root = json_loadb(body, len,
	    JSON_ALLOW_NUL, NULL)) == NULL)
		return NULL;
	for (pass = 0; pass < 2 && found == NULL; pass++)
		json_array_foreach(bluesky_arr(root, "lists"), i, v) {
			n = bluesky_str(v, "name");
			u = bluesky_str(v, "uri");
			if (n == NULL || !bluesky_at_uri(u))
				continue;
			if (pass == 0 ? strcmp(n, name) == 0 :
			    strcasecmp(n, name) == 0) {
				found = u;
				break;
			}
		}
	if (found != NULL)
		out = xstrdup(found);
	json_decref(root);
	return out;
}

/* --- facets out -------------------------------------------------------- */

static bool
bluesky_space_before(const char *text, size_t off, bool paren)
{
	char	c;

	if (off == 0)
		return true;
	c = text[off - 1];
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
	    (paren && c == '(');
}

static bool
bluesky_trailing(char c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
	    c == '?' || c == '"' || c == '\'';
}

/* The end of the run of non-space bytes from off. */
static size_t
bluesky_word_end(const char *text, size_t off)
{
	while (text[off] != '\0' && text[off] != ' ' && text[off] != '\n' &&
	    text[off] != '\t' && text[off] != '\r')
		off++;
	return off;
}

static bool
bluesky_handle_ok(const char *h, size_t n)
{
	size_t	i, dot = 0;

	if (n < 3 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		char c = h[i];

		if (c == '.') {
			if (i == 0 || h[i - 1] == '.' || i + 1 == n)
				return false;
			dot = i;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	/* A top-level label that starts with a letter. */
	return dot > 0 && ((h[dot + 1] >= 'a' && h[dot + 1] <= 'z') ||
	    (h[dot + 1] >= 'A' && h[dot + 1] <= 'Z'));
}

static size_t
bluesky_facet_add(struct bluesky_facet *out, size_t n, size_t max,
    enum bluesky_facet_kind kind, size_t start, size_t end, const char *v,
    size_t vlen)
{
	if (n >= max)
		return n;
	out[n].kind = kind;
	out[n].start = start;
	out[n].end = end;
	out[n].value = xstrndup(v, vlen);
	return n + 1;
}

size_t
bluesky_facets_find(const char *text, struct bluesky_facet *out, size_t max)
{
	size_t	off = 0, n = 0, end, i, opens, closes;

	if (text == NULL)
		return 0;
	while (text[off] != '\0' && n < max) {
		const char *s = text + off;

		if ((strncmp(s, "https://", 8) == 0 ||
		    strncmp(s, "http://", 7) == 0) &&
		    bluesky_space_before(text, off, true)) {
			end = bluesky_word_end(text, off);
			while (end > off && bluesky_trailing(text[end - 1]))
				end--;
			/* A ')' the link did not open closes the text's. */
			for (opens = closes = 0, i = off; i < end; i++) {
				opens += text[i] == '(';
				closes += text[i] == ')';
			}
			if (end > off && text[end - 1] == ')' && closes > opens)
				end--;
			if (end - off > (s[4] == 's' ? 8u : 7u))
				n = bluesky_facet_add(out, n, max,
				    BLUESKY_FACET_LINK, off, end, s, end - off);
			off = end > off ? end : off + 1;
			continue;
		}
		if (*s == '@' && bluesky_space_before(text, off, true)) {
			end = off + 1;
			while ((text[end] >= 'a' && text[end] <= 'z') ||
			    (text[end] >= 'A' && text[end] <= 'Z') ||
			    (text[end] >= '0' && text[end] <= '9') ||
			    text[end] == '.' || text[end] == '-')
				end++;
			while (end > off + 1 && text[end - 1] == '.')
				end--;
			if (bluesky_handle_ok(s + 1, end - off - 1)) {
				n = bluesky_facet_add(out, n, max,
				    BLUESKY_FACET_MENTION, off, end, s + 1,
				    end - off - 1);
				off = end;
				continue;
			}
		}
		if ((*s == '#' || strncmp(s, "\xef\xbc\x83", 3) == 0) &&
		    bluesky_space_before(text, off, false)) {
			size_t	hash = *s == '#' ? 1 : 3, tag = off + hash, k;
			size_t	chars = 0;
			bool	digits = true;

			end = bluesky_word_end(text, tag);
			while (end > tag && (bluesky_trailing(text[end - 1]) ||
			    text[end - 1] == ')'))
				end--;
			for (k = tag; k < end; k = text_next_cluster(text, end,
			    k)) {
				chars++;
				if (text[k] < '0' || text[k] > '9')
					digits = false;
			}
			if (end > tag && !digits && chars <= BLUESKY_TAG_MAX &&
			    text[tag] != '#') {
				n = bluesky_facet_add(out, n, max,
				    BLUESKY_FACET_TAG, off, end, text + tag,
				    end - tag);
				off = end;
				continue;
			}
		}
		off++;
	}
	return n;
}

void
bluesky_facets_free(struct bluesky_facet *f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(f[i].value);
}

static json_t *
bluesky_strong_json(const struct bluesky_ref *r)
{
	json_t	*o = json_object();

	json_object_set_new(o, "uri", json_string(r->uri));
	json_object_set_new(o, "cid", json_string(r->cid ? r->cid : ""));
	return o;
}

char *
bluesky_post_record(const char *text, int64_t created,
    const struct bluesky_facet *facets, char *const *dids, size_t nfacets,
    const struct bluesky_ref *parent, const struct bluesky_ref *root)
{
	json_t		*rec = json_object(), *arr = json_array(), *f, *feat;
	char		 when[32], *out;
	time_t		 t = (time_t)created;
	struct tm	 tm;
	size_t		 i;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	json_object_set_new(rec, "$type", json_string("app.bsky.feed.post"));
	json_object_set_new(rec, "text", json_string(text));
	json_object_set_new(rec, "createdAt", json_string(when));
	for (i = 0; i < nfacets; i++) {
		feat = json_object();
		switch (facets[i].kind) {
		case BLUESKY_FACET_LINK:
			json_object_set_new(feat, "$type",
			    json_string("app.bsky.richtext.facet#link"));
			json_object_set_new(feat, "uri",
			    json_string(facets[i].value));
			break;
		case BLUESKY_FACET_MENTION:
			if (dids == NULL || dids[i] == NULL) {
				json_decref(feat);
				continue;
			}
			json_object_set_new(feat, "$type",
			    json_string("app.bsky.richtext.facet#mention"));
			json_object_set_new(feat, "did", json_string(dids[i]));
			break;
		case BLUESKY_FACET_TAG:
			json_object_set_new(feat, "$type",
			    json_string("app.bsky.richtext.facet#tag"));
			json_object_set_new(feat, "tag",
			    json_string(facets[i].value));
			break;
		}
		f = json_pack("{s:{s:I,s:I},s:[o]}", "index", "byteStart",
		    (json_int_t)facets[i].start, "byteEnd",
		    (json_int_t)facets[i].end, "features", feat);
		json_array_append_new(arr, f);
	}
	if (json_array_size(arr) > 0)
		json_object_set_new(rec, "facets", arr);
	else
		json_decref(arr);
	if (parent != NULL && parent->uri != NULL) {
		json_object_set_new(rec, "reply", json_pack("{s:o,s:o}",
		    "root", bluesky_strong_json(root && root->uri ? root :
		    parent), "parent", bluesky_strong_json(parent)));
	}
	out = json_dumps(rec, JSON_COMPACT);
	json_decref(rec);
	return out;
}
