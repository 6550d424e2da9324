/* post.c — building immutable posts in one allocation: the struct, then its
 * spans and media arrays, then every string, sanitised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/post.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

struct post_arena {
	char	*p;
};

static const char *
post_put(struct post_arena *a, const char *s)
{
	size_t		 len = strlen(s) + 1;
	const char	*out = a->p;

	memcpy(a->p, s, len);
	a->p += len;
	return out;
}

/* New byte offset of off in text after sanitising (only used when
 * sanitising changed the text). */
static uint32_t
post_map_offset(const char *text, size_t off)
{
	char	*prefix = xstrndup(text, off);
	char	*clean = text_sanitize(prefix, true);
	size_t	 n = strlen(clean);

	free(prefix);
	free(clean);
	return (uint32_t)n;
}

struct post *
post_new(const struct post *t)
{
	enum { NS = 0
#define POST_COUNT(f) + 1
	    POST_STRING_FIELDS(POST_COUNT)
#undef POST_COUNT
	};
	char			*clean[NS + 1 + 3 * 64];
	size_t			 nclean = 0, size, i, nmedia, nspans;
	struct post		*p;
	struct post_arena	 a;
	struct post_span	*spans;
	struct post_media	*media;
	char			*text, **surl;
	const char		*raw = t->text ? t->text : "";

	nmedia = t->nmedia > 64 ? 64 : t->nmedia;
	nspans = t->spans ? t->nspans : 0;
	if (t->media == NULL)
		nmedia = 0;

	/* Sanitise into temporaries first to learn the size. */
	size = sizeof *p;
#define POST_CLEAN(f) \
	clean[nclean] = t->f ? text_sanitize(t->f, false) : NULL; \
	if (clean[nclean]) size += strlen(clean[nclean]) + 1; \
	nclean++;
	POST_STRING_FIELDS(POST_CLEAN)
#undef POST_CLEAN
	text = text_sanitize(raw, true);
	size += strlen(text) + 1;
	surl = xcalloc(nspans ? nspans : 1, sizeof *surl);
	for (i = 0; i < nspans; i++) {
		if (t->spans[i].url) {
			surl[i] = text_sanitize(t->spans[i].url, false);
			size += strlen(surl[i]) + 1;
		}
	}
	for (i = 0; i < nmedia; i++) {
		clean[nclean + 2 * i] = t->media[i].alt ?
		    text_sanitize(t->media[i].alt, false) : NULL;
		clean[nclean + 2 * i + 1] = t->media[i].url ?
		    text_sanitize(t->media[i].url, false) : NULL;
		if (clean[nclean + 2 * i])
			size += strlen(clean[nclean + 2 * i]) + 1;
		if (clean[nclean + 2 * i + 1])
			size += strlen(clean[nclean + 2 * i + 1]) + 1;
	}
	size += nspans * sizeof *spans + nmedia * sizeof *media + 16;

	p = xmalloc(size);
	*p = *t;
	spans = (struct post_span *)(p + 1);
	media = (struct post_media *)(spans + nspans);
	a.p = (char *)(media + nmedia);

	nclean = 0;
#define POST_COPY(f) \
	p->f = clean[nclean] ? post_put(&a, clean[nclean]) : NULL; \
	free(clean[nclean]); \
	nclean++;
	POST_STRING_FIELDS(POST_COPY)
#undef POST_COPY
	p->text = post_put(&a, text);

	p->spans = spans;
	p->nspans = 0;
	for (i = 0; i < nspans; i++) {
		struct post_span	 s = t->spans[i];
		size_t			 tl = strlen(raw), nl = strlen(text);

		if (s.start > s.end || s.end > tl)
			continue;
		if (nl != tl || memcmp(raw, text, tl) != 0) {
			s.start = post_map_offset(raw, s.start);
			s.end = post_map_offset(raw, s.end);
			/* A boundary inside a character that sanitising
			 * replaced can map past the end: clamp. */
			if (s.end > nl)
				s.end = (uint32_t)nl;
			if (s.start >= s.end)
				continue;
		}
		if (surl[i])
			s.url = post_put(&a, surl[i]);
		spans[p->nspans++] = s;
	}
	for (i = 0; i < nspans; i++)
		free(surl[i]);
	free(surl);
	free(text);

	p->media = media;
	p->nmedia = nmedia;
	for (i = 0; i < nmedia; i++) {
		media[i].kind = t->media[i].kind;
		media[i].alt = clean[nclean + 2 * i] ?
		    post_put(&a, clean[nclean + 2 * i]) : NULL;
		media[i].url = clean[nclean + 2 * i + 1] ?
		    post_put(&a, clean[nclean + 2 * i + 1]) : NULL;
		free(clean[nclean + 2 * i]);
		free(clean[nclean + 2 * i + 1]);
	}
	if (p->network == NULL)
		p->network = post_put(&a, "");
	if (p->id == NULL)
		p->id = post_put(&a, "");
	p->refs_ = 1;
	return p;
}

struct post *
post_with_state(const struct post *p, unsigned flags, long replies,
    long reposts, long likes)
{
	struct post	t = *p;
	const unsigned	own = POST_LIKED | POST_REPOSTED | POST_BOOKMARKED;

	t.flags = (p->flags & ~own) | (flags & own);
	t.replies = replies;
	t.reposts = reposts;
	t.likes = likes;
	return post_new(&t);
}

struct post *
post_ref(struct post *p)
{
	__atomic_add_fetch(&p->refs_, 1, __ATOMIC_RELAXED);
	return p;
}

void
post_unref(struct post *p)
{
	if (p != NULL && __atomic_sub_fetch(&p->refs_, 1, __ATOMIC_ACQ_REL) == 0)
		free(p);
}

size_t
post_size(const struct post *p)
{
	const char	*end = (const char *)(p->media + p->nmedia);
	const char	*s;

	/* Strings follow the arrays; the last one written is the furthest. */
#define POST_END(f) \
	if ((s = p->f) != NULL && s >= end) end = s + strlen(s) + 1;
	POST_STRING_FIELDS(POST_END)
#undef POST_END
	if (p->text >= end)
		end = p->text + strlen(p->text) + 1;
	for (size_t i = 0; i < p->nspans; i++)
		if ((s = p->spans[i].url) != NULL && s >= end)
			end = s + strlen(s) + 1;
	for (size_t i = 0; i < p->nmedia; i++) {
		if ((s = p->media[i].alt) != NULL && s >= end)
			end = s + strlen(s) + 1;
		if ((s = p->media[i].url) != NULL && s >= end)
			end = s + strlen(s) + 1;
	}
	return (size_t)(end - (const char *)p);
}

/* Whether url is the target of one of p's text links. */
static bool
post_link_in_text(const struct post *p, const char *url)
{
	size_t	i;

	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].kind == POST_SPAN_LINK &&
		    p->spans[i].url != NULL && strcmp(p->spans[i].url,
		    url) == 0)
			return true;
	return false;
}

const char *
post_link(const struct post *p, size_t n, char *buf, size_t len)
{
	size_t	i, k = 0;

	for (i = 0; i < p->nspans; i++) {
		if (p->spans[i].kind != POST_SPAN_LINK || ++k != n)
			continue;
		if (p->spans[i].url != NULL)
			return p->spans[i].url;
		snprintf(buf, len, "%.*s", (int)(p->spans[i].end -
		    p->spans[i].start), p->text + p->spans[i].start);
		return buf;
	}
	for (i = 0; i < p->nmedia; i++) {
		if (p->media[i].kind != POST_MEDIA_LINK ||
		    p->media[i].url == NULL || *p->media[i].url == '\0' ||
		    post_link_in_text(p, p->media[i].url) || ++k != n)
			continue;
		return p->media[i].url;
	}
	return NULL;
}
