/* post_json.c — a post to JSON and back, for the store's snapshots.
 *
 * Absent (NULL) strings are left out rather than written as null; enums are
 * written by name so a stored snapshot survives a reordering of the enums.
 * Reading trusts nothing: every field is type-checked, a wrong type makes
 * the whole post bad (NULL), unknown keys are ignored (a newer starling may
 * add some), and post_new() sanitises every string as it always does.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "starling/post.h"
#include "starling/post_json.h"
#include "starling/xmalloc.h"

#define POST_JSON_SPANS_MAX	4096
#define POST_JSON_MEDIA_MAX	64

#define POST_JSON_LONGS(X)						\
	X(followers) X(replies) X(reposts) X(likes)

static const char *post_json_span_kinds[] = { "link", "mention", "hashtag" };
static const char *post_json_media_kinds[] = {
	"image", "video", "gifv", "audio", "link", "other"
};
static const char *post_json_notifies[] = {
	"none", "mention", "reply", "repost", "like", "follow", "quote", "poll",
	"update"
};
#define POST_JSON_N(a)	(sizeof (a) / sizeof (a)[0])

static const char *
post_json_name(const char **names, size_t n, unsigned v)
{
	return v < n ? names[v] : names[n - 1];
}

/* Index of name in names, or -1. */
static int
post_json_lookup(const char **names, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static void
post_json_set_string(json_t *o, const char *key, const char *s)
{
	json_t	*v;

	if (s == NULL)
		return;
	/* NULL for invalid UTF-8, which post_new() never leaves. */
	if ((v = json_string(s)) != NULL)
		json_object_set_new(o, key, v);
}

char *
post_to_json(const struct post *p)
{
	json_t	*o, *a, *e;
	char	*text, *out;
	size_t	 i;

	o = json_object();
	json_object_set_new(o, "v", json_integer(1));
#define POST_JSON_PUT(f) post_json_set_string(o, #f, p->f);
	POST_STRING_FIELDS(POST_JSON_PUT)
#undef POST_JSON_PUT
	post_json_set_string(o, "text", p->text != NULL ? p->text : "");
#define POST_JSON_PUT(f) json_object_set_new(o, #f, json_integer(p->f));
	POST_JSON_LONGS(POST_JSON_PUT)
#undef POST_JSON_PUT
	json_object_set_new(o, "created", json_integer(p->created));
	json_object_set_new(o, "edited", json_integer(p->edited));
	json_object_set_new(o, "flags", json_integer(p->flags));
	json_object_set_new(o, "notify", json_string(post_json_name(
	    post_json_notifies, POST_JSON_N(post_json_notifies), p->notify)));

	a = json_array();
	for (i = 0; i < p->nspans; i++) {
		e = json_object();
		json_object_set_new(e, "kind", json_string(post_json_name(
		    post_json_span_kinds, POST_JSON_N(post_json_span_kinds),
		    p->spans[i].kind)));
		json_object_set_new(e, "start", json_integer(p->spans[i].start));
		json_object_set_new(e, "end", json_integer(p->spans[i].end));
		post_json_set_string(e, "url", p->spans[i].url);
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "spans", a);

	a = json_array();
	for (i = 0; i < p->nmedia; i++) {
		e = json_object();
		json_object_set_new(e, "kind", json_string(post_json_name(
		    post_json_media_kinds, POST_JSON_N(post_json_media_kinds),
		    p->media[i].kind)));
		post_json_set_string(e, "alt", p->media[i].alt);
		post_json_set_string(e, "url", p->media[i].url);
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "media", a);

	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text == NULL)
		abort();	/* only on allocation failure */
	out = xstrdup(text);
	free(text);
	return out;
}

/* A string member: true and *out (NULL when absent or null) unless the
 * member has another type. */
static bool
post_json_get_string(json_t *o, const char *key, const char **out)
{
	json_t	*v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return true;
}

/* An integer member within [min, max]; absent leaves *out 0. */
static bool
post_json_get_int(json_t *o, const char *key, json_int_t min, json_int_t max,
    json_int_t *out)
{
	json_t	*v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return *out >= min && *out <= max;
}

/* An enum member by name; absent or unknown gives def. */
static bool
post_json_get_enum(json_t *o, const char *key, const char **names, size_t n,
    int def, int *out)
{
	const char	*s;
	int		 i;

	*out = def;
	if (!post_json_get_string(o, key, &s))
		return false;
	if (s != NULL && (i = post_json_lookup(names, n, s)) != -1)
		*out = i;
	return true;
}

struct post *
post_from_json(const char *text, size_t len)
{
	json_t			*o, *a, *e;
	json_error_t		 error;
	struct post		 t = { 0 }, *p = NULL;
	struct post_span	*spans = NULL;
	struct post_media	*media = NULL;
	json_int_t		 n, start, end;
	size_t			 i, count;
	int			 kind;

	if (text == NULL)
		return NULL;
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &error);
	if (o == NULL)
		return NULL;
	if (!json_is_object(o))
		goto out;

#define POST_JSON_GET(f) if (!post_json_get_string(o, #f, &t.f)) goto out;
	POST_STRING_FIELDS(POST_JSON_GET)
	POST_JSON_GET(text)
#undef POST_JSON_GET
	if (t.network == NULL || t.id == NULL)
		goto out;
#define POST_JSON_GET(f)						\
	if (!post_json_get_int(o, #f, LONG_MIN, LONG_MAX, &n)) goto out; \
	t.f = (long)n;
	POST_JSON_LONGS(POST_JSON_GET)
#undef POST_JSON_GET
	if (!post_json_get_int(o, "created", INT64_MIN, INT64_MAX, &n))
		goto out;
	t.created = n;
	if (!post_json_get_int(o, "edited", INT64_MIN, INT64_MAX, &n))
		goto out;
	t.edited = n;
	if (!post_json_get_int(o, "flags", 0, UINT32_MAX, &n))
		goto out;
	t.flags = (unsigned)n;
	if (!post_json_get_enum(o, "notify", post_json_notifies,
	    POST_JSON_N(post_json_notifies), POST_NOTIFY_NONE, &kind))
		goto out;
	t.notify = (enum post_notify)kind;

	a = json_object_get(o, "spans");
	if (a != NULL && !json_is_null(a)) {
		if (!json_is_array(a) || json_array_size(a) > POST_JSON_SPANS_MAX)
			goto out;
		count = json_array_size(a);
		spans = xcalloc(count ? count : 1, sizeof *spans);
		json_array_foreach(a, i, e) {
			if (!json_is_object(e) ||
			    !post_json_get_enum(e, "kind", post_json_span_kinds,
			    POST_JSON_N(post_json_span_kinds), -1, &kind) ||
			    !post_json_get_int(e, "start", 0, UINT32_MAX, &start) ||
			    !post_json_get_int(e, "end", 0, UINT32_MAX, &end) ||
			    !post_json_get_string(e, "url", &spans[t.nspans].url))
				goto out;
			if (kind == -1)
				continue;	/* a kind this build does not know */
			spans[t.nspans].kind = (enum post_span_kind)kind;
			spans[t.nspans].start = (uint32_t)start;
			spans[t.nspans].end = (uint32_t)end;
			t.nspans++;
		}
		t.spans = spans;
	}

	a = json_object_get(o, "media");
	if (a != NULL && !json_is_null(a)) {
		if (!json_is_array(a) || json_array_size(a) > POST_JSON_MEDIA_MAX)
			goto out;
		count = json_array_size(a);
		media = xcalloc(count ? count : 1, sizeof *media);
		json_array_foreach(a, i, e) {
			if (!json_is_object(e) ||
			    !post_json_get_enum(e, "kind", post_json_media_kinds,
			    POST_JSON_N(post_json_media_kinds), POST_MEDIA_OTHER,
			    &kind) ||
			    !post_json_get_string(e, "alt", &media[i].alt) ||
			    !post_json_get_string(e, "url", &media[i].url))
				goto out;
			media[i].kind = (enum post_media_kind)kind;
		}
		t.media = media;
		t.nmedia = count;
	}

	p = post_new(&t);
out:
	free(spans);
	free(media);
	json_decref(o);
	return p;
}
