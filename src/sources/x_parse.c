/* x_parse.c — X API v2 responses to posts: a tweet with what its response
 * includes (its author, the tweets it references and their authors, its
 * media), t.co links as the addresses they stand for, entities decoded. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "starling/clock.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/x_parse.h"
#include "starling/xmalloc.h"

#define X_ID_MAX	32	/* digits an id may have */
#define X_MAX_SPANS	64	/* links, mentions and tags a post shows */
#define X_MAX_MEDIA	8
#define X_QUOTE_MAX	140	/* bytes of a quoted post's summary */

static void x_err(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
x_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static const char *
x_str(const json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL && *s != '\0' ? s : NULL;
}

/* An id: 1 to X_ID_MAX digits (they go into request paths). */
static const char *
x_id(const json_t *o, const char *key)
{
	const char	*s = x_str(o, key);
	size_t		 n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > X_ID_MAX || s[strspn(s, "0123456789")] != '\0')
		return NULL;
	return s;
}

static long
x_long(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);
	json_int_t	 i;

	if (!json_is_integer(v) || (i = json_integer_value(v)) < 0)
		return 0;
	return i > (json_int_t)LONG_MAX ? LONG_MAX : (long)i;
}

/* The object in array a whose key is value, or NULL. */
static const json_t *
x_find(const json_t *a, const char *key, const char *value)
{
	const json_t	*item;
	size_t		 i;
	const char	*s;

	if (value == NULL || !json_is_array(a))
		return NULL;
	json_array_foreach(a, i, item) {
		if (json_is_object(item) && (s = x_str(item, key)) != NULL &&
		    strcmp(s, value) == 0)
			return item;
	}
	return NULL;
}

/* The id a tweet references as type ("retweeted", "quoted",
 * "replied_to"), or NULL. */
static const char *
x_ref(const json_t *tweet, const char *type)
{
	const json_t	*refs = json_object_get(tweet, "referenced_tweets");
	const json_t	*r = x_find(refs, "type", type);

	return r != NULL ? x_id(r, "id") : NULL;
}

struct x_build {
	const json_t		*includes;
	struct post		 p;
	char			*text;
	struct post_span	 spans[X_MAX_SPANS];
	size_t			 nspans;
	struct post_media	 media[X_MAX_MEDIA];
	char			*quote;
	char			 url[128];
};

static const struct {
	const char	*entity;
	char		 c;
} x_entities[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
	{ "&#39;", '\'' }, { "&apos;", '\'' },
};

/* An append-only byte buffer. */
struct x_buf {
	char	*s;
	size_t	 len, cap;
};

static void
x_buf_add(struct x_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
x_add_span(struct x_build *b, enum post_span_kind kind, size_t start,
    size_t end, const char *url)
{
	if (b->nspans == X_MAX_SPANS || end <= start || end > UINT32_MAX)
		return;
	b->spans[b->nspans].kind = kind;
	b->spans[b->nspans].start = (uint32_t)start;
	b->spans[b->nspans].end = (uint32_t)end;
	b->spans[b->nspans].url = url;
	b->nspans++;
}

/* The t.co link of entities.urls that starts at s, or NULL. */
static const json_t *
x_link_at(const json_t *urls, const char *s)
{
	const json_t	*u;
	const char	*short_url;
	size_t		 i;

	if (strncmp(s, "https://t.co/", 13) != 0 &&
	    strncmp(s, "http://t.co/", 12) != 0)
		return NULL;
	json_array_foreach(urls, i, u) {
		if ((short_url = x_str(u, "url")) != NULL &&
		    strncmp(s, short_url, strlen(short_url)) == 0)
			return u;
	}
	return NULL;
}

/* Whether text[at] begins a word (for mentions and tags). */
static bool
x_word_start(const char *text, size_t at)
{
	return at == 0 || strchr(" \n\t(\"'.,:;!?", text[at - 1]) != NULL;
}

/* Spans for @username and #tag where entities name them (found in the
 * text as shown: X's offsets count what the text was before decoding). */
static void
x_add_words(struct x_build *b, const char *text, const json_t *entities,
    const char *key, const char *field, char sigil, enum post_span_kind kind)
{
	const json_t	*list = json_object_get(entities, key), *e;
	const char	*word, *at;
	size_t		 i, wl, from;

	if (!json_is_array(list))
		return;
	json_array_foreach(list, i, e) {
		if ((word = x_str(e, field)) == NULL)
			continue;
		wl = strlen(word);
		for (from = 0; (at = strchr(text + from, sigil)) != NULL;
		    from = (size_t)(at - text) + 1) {
			size_t	off = (size_t)(at - text), k;
			bool	taken = false;

			if (strncasecmp(at + 1, word, wl) != 0 ||
			    !x_word_start(text, off))
				continue;
			for (k = 0; k < b->nspans; k++)
				if (b->spans[k].start == off)
					taken = true;
			if (taken)
				continue;
			x_add_span(b, kind, off, off + 1 + wl, NULL);
			break;
		}
	}
}

static int
x_span_cmp(const void *a, const void *b)
{
	const struct post_span	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The text as shown: t.co links as their display address (the expanded
 * one the link's target), X's entities decoded. Long posts (note_tweet)
 * have their whole text there. */
static void
x_build_text(struct x_build *b, const json_t *tweet)
{
	const json_t	*note = json_object_get(tweet, "note_tweet");
	const json_t	*ent = json_object_get(tweet, "entities");
	const json_t	*urls, *u;
	const char	*raw = x_str(tweet, "text"), *s, *show, *target;
	struct x_buf	 out = { NULL, 0, 0 };
	size_t		 i, n, start;

	if (json_is_object(note) && x_str(note, "text") != NULL) {
		raw = x_str(note, "text");
		ent = json_object_get(note, "entities");
	}
	if (raw == NULL)
		raw = "";
	urls = json_object_get(ent, "urls");
	if (!json_is_array(urls))
		urls = NULL;
	x_buf_add(&out, "", 0);
	for (s = raw; *s != '\0';) {
		if (*s == 'h' && urls != NULL && (u = x_link_at(urls, s)) !=
		    NULL) {
			target = x_str(u, "expanded_url");
			show = x_str(u, "display_url");
			if (target == NULL)
				target = x_str(u, "url");
			if (show == NULL)
				show = target;
			start = out.len;
			x_buf_add(&out, show, strlen(show));
			x_add_span(b, POST_SPAN_LINK, start, out.len, target);
			s += strlen(x_str(u, "url"));
			continue;
		}
		if (*s == '&') {
			for (i = 0; i < sizeof x_entities / sizeof *x_entities;
			    i++) {
				n = strlen(x_entities[i].entity);
				if (strncmp(s, x_entities[i].entity, n) == 0)
					break;
			}
			if (i < sizeof x_entities / sizeof *x_entities) {
				x_buf_add(&out, &x_entities[i].c, 1);
				s += strlen(x_entities[i].entity);
				continue;
			}
		}
		x_buf_add(&out, s, 1);
		s++;
	}
	b->text = out.s;
	if (json_is_object(ent)) {
		x_add_words(b, b->text, ent, "mentions", "username", '@',
		    POST_SPAN_MENTION);
		x_add_words(b, b->text, ent, "hashtags", "tag", '#',
		    POST_SPAN_HASHTAG);
	}
	qsort(b->spans, b->nspans, sizeof *b->spans, x_span_cmp);
	b->p.text = b->text;
	b->p.spans = b->spans;
	b->p.nspans = b->nspans;
}

static const struct {
	const char		*type;
	enum post_media_kind	 kind;
} x_media_kinds[] = {
	{ "photo", POST_MEDIA_IMAGE },
	{ "video", POST_MEDIA_VIDEO },
	{ "animated_gif", POST_MEDIA_GIFV },
};

static void
x_build_media(struct x_build *b, const json_t *tweet)
{
	const json_t	*keys = json_object_get(json_object_get(tweet,
			    "attachments"), "media_keys");
	const json_t	*all = json_object_get(b->includes, "media");
	const json_t	*k, *m;
	const char	*type;
	size_t		 i, j;

	if (!json_is_array(keys))
		return;
	json_array_foreach(keys, i, k) {
		struct post_media	*pm;

		if (b->p.nmedia == X_MAX_MEDIA || !json_is_string(k))
			break;
		pm = &b->media[b->p.nmedia++];
		pm->kind = POST_MEDIA_OTHER;
		if ((m = x_find(all, "media_key", json_string_value(k))) ==
		    NULL)
			continue;
		type = x_str(m, "type");
		for (j = 0; type != NULL &&
		    j < sizeof x_media_kinds / sizeof *x_media_kinds; j++)
			if (strcmp(type, x_media_kinds[j].type) == 0)
				pm->kind = x_media_kinds[j].kind;
		pm->alt = x_str(m, "alt_text");
		pm->url = x_str(m, "url") ? x_str(m, "url") :
		    x_str(m, "preview_image_url");
	}
	b->p.media = b->media;
}

static const json_t *
x_user(const json_t *includes, const char *id)
{
	return x_find(json_object_get(includes, "users"), "id", id);
}

/* A quoted post's summary: its text on one line, cut at X_QUOTE_MAX
 * bytes (on a character's start) with an ellipsis. */
static char *
x_summary(const char *s)
{
	char	*out = xstrdup(s), *p;
	size_t	 n;

	for (p = out; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if ((n = strlen(out)) > X_QUOTE_MAX) {
		n = X_QUOTE_MAX;
		while (n > 0 && ((unsigned char)out[n] & 0xc0) == 0x80)
			n--;
		out[n] = '\0';
		p = out;
		xasprintf(&out, "%s\xe2\x80\xa6", p);
		free(p);
	}
	return out;
}

/* One post from tweet: a repost shows what it reposts, by its author. */
static struct post *
x_build(const json_t *includes, const json_t *tweet, const char *column)
{
	struct x_build	 b;
	const json_t	*shown = tweet, *author, *rt_author = NULL, *q, *qa;
	const json_t	*metrics, *parent, *pa;
	const char	*id = x_id(tweet, "id"), *ref, *s;
	struct post	*p;
	int64_t		 t;

	if (id == NULL)
		return NULL;
	memset(&b, 0, sizeof b);
	b.includes = includes;
	if ((ref = x_ref(tweet, "retweeted")) != NULL &&
	    (q = x_find(json_object_get(includes, "tweets"), "id", ref)) !=
	    NULL && x_id(q, "id") != NULL) {
		rt_author = x_user(includes, x_str(tweet, "author_id"));
		shown = q;
	}
	b.p.network = "x";
	b.p.column = column;
	b.p.id = id;
	b.p.action_ref = x_id(shown, "id");
	author = x_user(includes, x_str(shown, "author_id"));
	b.p.author_id = x_str(shown, "author_id");
	b.p.author_handle = x_str(author, "username");
	b.p.author_name = x_str(author, "name");
	b.p.avatar_url = x_str(author, "profile_image_url");
	b.p.followers = x_long(json_object_get(author, "public_metrics"),
	    "followers_count");
	if (rt_author != NULL || shown != tweet) {
		b.p.reposted_by_handle = x_str(rt_author, "username");
		b.p.reposted_by_name = x_str(rt_author, "name") ?
		    x_str(rt_author, "name") : b.p.reposted_by_handle ?
		    b.p.reposted_by_handle : "someone";
	}
	if ((s = x_str(shown, "created_at")) != NULL &&
	    clock_parse_iso8601(s, 0, &t) == 0)
		b.p.created = t;
	if (b.p.author_handle != NULL && b.p.action_ref != NULL) {
		snprintf(b.url, sizeof b.url, "https://x.com/%s/status/%s",
		    b.p.author_handle, b.p.action_ref);
		b.p.url = b.url;
	}
	x_build_text(&b, shown);
	x_build_media(&b, shown);

	if ((ref = x_ref(shown, "replied_to")) != NULL) {
		b.p.reply_to_id = ref;
		b.p.reply_parent_ref = ref;
		b.p.reply_root_ref = x_id(shown, "conversation_id");
		parent = x_find(json_object_get(includes, "tweets"), "id", ref);
		pa = x_user(includes, parent ? x_str(parent, "author_id") :
		    x_str(shown, "in_reply_to_user_id"));
		b.p.reply_to_author = x_str(pa, "username");
	}
	if ((ref = x_ref(shown, "quoted")) != NULL) {
		q = x_find(json_object_get(includes, "tweets"), "id", ref);
		qa = q ? x_user(includes, x_str(q, "author_id")) : NULL;
		b.p.quote_author = x_str(qa, "username");
		b.quote = x_summary(q && x_str(q, "text") ? x_str(q, "text") :
		    "quoted post");
		b.p.quote_text = b.quote;
	}
	metrics = json_object_get(shown, "public_metrics");
	b.p.replies = x_long(metrics, "reply_count");
	b.p.reposts = x_long(metrics, "retweet_count");
	b.p.likes = x_long(metrics, "like_count");
	b.p.lang = x_str(shown, "lang");
	b.p.visibility = "public";
	if (json_is_true(json_object_get(shown, "possibly_sensitive")))
		b.p.flags |= POST_SENSITIVE;
	p = post_new(&b.p);
	free(b.text);
	free(b.quote);
	return p;
}

static json_t *
x_load(const char *body, size_t len, char *err, size_t errlen)
{
	json_error_t	 e;
	json_t		*root;

	if (body == NULL || len == 0) {
		x_err(err, errlen, "empty response");
		return NULL;
	}
	if ((root = json_loadb(body, len, 0, &e)) == NULL)
		x_err(err, errlen, "malformed JSON at line %d column %d: %s",
		    e.line, e.column, e.text);
	else if (!json_is_object(root)) {
		x_err(err, errlen, "expected an object");
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* One error object in words: "Title: detail", or its message. */
static char *
x_error_words(const json_t *e)
{
	const char	*title = x_str(e, "title"), *detail = x_str(e, "detail");
	const char	*msg = x_str(e, "message");
	char		*s, *clean;

	if (title != NULL && detail != NULL && strcmp(title, detail) != 0)
		xasprintf(&s, "%s: %s", title, detail);
	else if (title != NULL || detail != NULL)
		s = xstrdup(title ? title : detail);
	else if (msg != NULL)
		s = xstrdup(msg);
	else
		return NULL;
	clean = text_sanitize(s, false);
	free(s);
	return clean;
}

/* Every error of an "errors" array in words, "; "-joined, or NULL. */
static char *
x_errors_words(const json_t *errors)
{
	const json_t	*e;
	char		*out = NULL, *w, *next;
	size_t		 i;

	if (!json_is_array(errors))
		return NULL;
	json_array_foreach(errors, i, e) {
		if ((w = x_error_words(e)) == NULL)
			continue;
		if (out == NULL)
			out = w;
		else {
			xasprintf(&next, "%s; %s", out, w);
			free(out);
			free(w);
			out = next;
		}
		if (strlen(out) > 400)
			break;
	}
	return out;
}

char *
x_parse_error(const char *body, size_t len)
{
	json_t	*root = x_load(body, len, NULL, 0);
	char	*s;

	if (root == NULL)
		return NULL;
	if ((s = x_error_words(root)) == NULL)
		s = x_errors_words(json_object_get(root, "errors"));
	json_decref(root);
	return s;
}

int
x_parse_page(const char *body, size_t len, const char *column,
    struct x_page *out, char *err, size_t errlen)
{
	json_t		*root = x_load(body, len, err, errlen);
	const json_t	*data, *inc, *meta, *t;
	const char	*s;
	size_t		 i, n;
	struct post	*p;

	memset(out, 0, sizeof *out);
	if (root == NULL)
		return -1;
	data = json_object_get(root, "data");
	out->errors = x_errors_words(json_object_get(root, "errors"));
	if (data == NULL && out->errors == NULL &&
	    (out->errors = x_error_words(root)) != NULL && x_str(root,
	    "title") != NULL) {
		/* problem+json with a 200: an error all the same. */
		x_err(err, errlen, "%s", out->errors);
		x_page_free(out);
		json_decref(root);
		return -1;
	}
	if (data != NULL && !json_is_array(data) && !json_is_object(data)) {
		x_err(err, errlen, "\"data\" is neither a list nor a post");
		x_page_free(out);
		json_decref(root);
		return -1;
	}
	if (data == NULL && out->errors != NULL) {
		/* Nothing but errors: say them. */
		x_err(err, errlen, "%s", out->errors);
		x_page_free(out);
		json_decref(root);
		return -1;
	}
	inc = json_object_get(root, "includes");
	if (!json_is_object(inc))
		inc = NULL;
	n = json_is_array(data) ? json_array_size(data) : data ? 1 : 0;
	out->posts = xcalloc(n ? n : 1, sizeof *out->posts);
	for (i = 0; i < n; i++) {
		t = json_is_array(data) ? json_array_get(data, i) : data;
		if (json_is_object(t) && (p = x_build(inc, t, column)) != NULL)
			out->posts[out->nposts++] = p;
	}
	meta = json_object_get(root, "meta");
	if ((s = x_id(meta, "newest_id")) != NULL)
		out->newest_id = xstrdup(s);
	if ((s = x_str(meta, "next_token")) != NULL && strlen(s) < 256 &&
	    s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")] == '\0')
		out->next_token = xstrdup(s);
	json_decref(root);
	return 0;
}

void
x_page_free(struct x_page *pg)
{
	size_t	i;

	for (i = 0; i < pg->nposts; i++)
		post_unref(pg->posts[i]);
	free(pg->posts);
	free(pg->newest_id);
	free(pg->next_token);
	free(pg->errors);
	memset(pg, 0, sizeof *pg);
}

int
x_parse_user(const char *body, size_t len, char **id, char **username,
    char *err, size_t errlen)
{
	json_t		*root = x_load(body, len, err, errlen);
	const json_t	*data;
	char		*why;

	*id = *username = NULL;
	if (root == NULL)
		return -1;
	data = json_object_get(root, "data");
	if (!json_is_object(data) || x_id(data, "id") == NULL ||
	    x_str(data, "username") == NULL) {
		if ((why = x_errors_words(json_object_get(root, "errors"))) ==
		    NULL)
			why = x_error_words(root);
		x_err(err, errlen, "%s", why ? why : "no user in the answer");
		free(why);
		json_decref(root);
		return -1;
	}
	*id = xstrdup(x_id(data, "id"));
	*username = text_sanitize(x_str(data, "username"), false);
	json_decref(root);
	return 0;
}

int
x_parse_token(const char *body, size_t len, char **access, char **refresh,
    long *expires_in, char *err, size_t errlen)
{
	json_t		*root = x_load(body, len, err, errlen);
	const char	*a, *r;

	*access = *refresh = NULL;
	*expires_in = 0;
	if (root == NULL)
		return -1;
	if ((a = x_str(root, "access_token")) == NULL || strlen(a) > 2048 ||
	    strpbrk(a, "\r\n\"\\") != NULL) {
		x_err(err, errlen, "no access_token in the answer");
		json_decref(root);
		return -1;
	}
	*access = xstrdup(a);
	if ((r = x_str(root, "refresh_token")) != NULL && strlen(r) <= 2048 &&
	    strpbrk(r, "\r\n\"\\") == NULL)
		*refresh = xstrdup(r);
	*expires_in = x_long(root, "expires_in");
	json_decref(root);
	return 0;
}

int
x_parse_token_file(const char *s, char **access, char **refresh,
    time_t *expires_at)
{
	json_t		*root;
	const char	*a, *r;

	*access = *refresh = NULL;
	*expires_at = 0;
	if (s == NULL || *s == '\0')
		return -1;
	if (*s != '{') {
		*access = xstrdup(s);
		return 0;
	}
	if ((root = json_loads(s, 0, NULL)) == NULL)
		return -1;
	if ((a = x_str(root, "access_token")) == NULL) {
		json_decref(root);
		return -1;
	}
	*access = xstrdup(a);
	if ((r = x_str(root, "refresh_token")) != NULL)
		*refresh = xstrdup(r);
	*expires_at = (time_t)x_long(root, "expires_at");
	json_decref(root);
	return 0;
}

char *
x_token_file_line(const char *access, const char *refresh, time_t expires_at)
{
	json_t	*o = json_object();
	char	*s, *out;

	json_object_set_new(o, "access_token", json_string(access));
	if (refresh != NULL)
		json_object_set_new(o, "refresh_token", json_string(refresh));
	if (expires_at > 0)
		json_object_set_new(o, "expires_at",
		    json_integer((json_int_t)expires_at));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	out = xstrdup(s ? s : "");
	if (s != NULL) {
		memset(s, 0, strlen(s));
		free(s);
	}
	return out;
}
