/* fuzz_mastodon.c — libFuzzer target for mastodon_parse: the same bytes as
 * every body kind, every streaming event and every small body, checking
 * the invariants of what comes out (posts, spans, ids, messages) rather
 * than its content. */
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/mastodon_parse.h"
#include "starling/post.h"
#include "starling/text.h"

int	LLVMFuzzerInitialize(int *, char ***);

#define FUZZ_HOST	"fuzz.example"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* A sanitised string: valid UTF-8, no control but (when multiline) '\n'. */
static void
fuzz_check_str(const char *s, bool multiline)
{
	size_t	 len, i = 0;
	int32_t	 cp;

	if (s == NULL)
		return;
	len = strlen(s);
	while (i < len) {
		size_t n = text_decode(s + i, len - i, &cp);

		FUZZ_ASSERT(n >= 1 && n <= len - i);
		FUZZ_ASSERT(cp >= 0x20 || (multiline && cp == '\n'));
		FUZZ_ASSERT(cp < 0x7f || cp >= 0xa0);
		i += n;
	}
}

static void
fuzz_check_id(const char *id)
{
	size_t	i;

	FUZZ_ASSERT(id != NULL && *id != '\0' && strlen(id) <= 128);
	for (i = 0; id[i] != '\0'; i++)
		FUZZ_ASSERT(strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~", id[i]) != NULL);
}

static void
fuzz_check_post(const struct post *p)
{
	size_t	i, len;

	FUZZ_ASSERT(p != NULL);
	FUZZ_ASSERT(strncmp(p->network, "mastodon@" FUZZ_HOST, 21) == 0);
	FUZZ_ASSERT(p->column != NULL && strcmp(p->column, "col") == 0);
	fuzz_check_id(p->id);
	if (p->action_ref != NULL)
		fuzz_check_id(p->action_ref);
	if (p->reply_to_id != NULL)
		fuzz_check_id(p->reply_to_id);
	if (p->author_id != NULL)
		fuzz_check_id(p->author_id);
	FUZZ_ASSERT(p->text != NULL);
	len = strlen(p->text);
	fuzz_check_str(p->text, true);
	FUZZ_ASSERT(p->spans != NULL || p->nspans == 0);
	for (i = 0; i < p->nspans; i++) {
		FUZZ_ASSERT(p->spans[i].start < p->spans[i].end);
		FUZZ_ASSERT(p->spans[i].end <= len);
		FUZZ_ASSERT(p->spans[i].kind == POST_SPAN_LINK ||
		    p->spans[i].kind == POST_SPAN_MENTION ||
		    p->spans[i].kind == POST_SPAN_HASHTAG);
		fuzz_check_str(p->spans[i].url, false);
	}
	FUZZ_ASSERT(p->nmedia <= 32);
	for (i = 0; i < p->nmedia; i++) {
		FUZZ_ASSERT(p->media[i].kind <= POST_MEDIA_OTHER);
		fuzz_check_str(p->media[i].alt, false);
		fuzz_check_str(p->media[i].url, false);
	}
	fuzz_check_str(p->author_name, false);
	fuzz_check_str(p->author_handle, false);
	fuzz_check_str(p->url, false);
	fuzz_check_str(p->quote_text, false);
	fuzz_check_str(p->quote_author, false);
	fuzz_check_str(p->content_warning, false);
	fuzz_check_str(p->poll, false);
	fuzz_check_str(p->notify_by, false);
	FUZZ_ASSERT(p->notify <= POST_NOTIFY_UPDATE);
	FUZZ_ASSERT(p->replies >= 0 && p->reposts >= 0 && p->likes >= 0);
	FUZZ_ASSERT(p->followers >= 0);
	FUZZ_ASSERT((p->flags & ~(unsigned)(POST_DELETED | POST_LIKED |
	    POST_REPOSTED | POST_BOOKMARKED | POST_SENSITIVE)) == 0);
	FUZZ_ASSERT(p->quote_text != NULL || p->quote_author == NULL);
}

static void
fuzz_bodies(const char *data, size_t size)
{
	static const enum mastodon_body	 kinds[] = { MASTODON_STATUSES,
	    MASTODON_NOTIFICATIONS, MASTODON_SEARCH, MASTODON_CONTEXT,
	    MASTODON_STATUS };
	struct post			**posts;
	char				  err[256];
	size_t				  k, i, n;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		memset(err, 'x', sizeof err);
		if (mastodon_parse_body(data, size, kinds[k], "col", FUZZ_HOST,
		    &posts, &n, err, sizeof err) == 0) {
			FUZZ_ASSERT(posts != NULL);
			FUZZ_ASSERT(err[0] == '\0');
			FUZZ_ASSERT(kinds[k] != MASTODON_STATUS || n <= 1);
			for (i = 0; i < n; i++) {
				fuzz_check_post(posts[i]);
				FUZZ_ASSERT((posts[i]->flags &
				    POST_DELETED) == 0);
			}
			mastodon_posts_free(posts, n);
		} else {
			FUZZ_ASSERT(posts == NULL && n == 0);
			FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0',
			    sizeof err) != NULL);
		}
	}
}

static void
fuzz_events(const char *data, size_t size)
{
	static const char	*events[] = { "update", "status.update",
	    "notification", "delete", "filters_changed", "conversation" };
	struct post		*p;
	char			 err[128];
	size_t			 k;

	for (k = 0; k < sizeof events / sizeof events[0]; k++) {
		memset(err, 'x', sizeof err);
		p = mastodon_parse_event(events[k], data, size, "col",
		    FUZZ_HOST, err, sizeof err);
		FUZZ_ASSERT(memchr(err, '\0', sizeof err) != NULL);
		if (p == NULL) {
			/* Only the events it knows can fail. */
			FUZZ_ASSERT(k < 4 || err[0] == '\0');
			continue;
		}
		FUZZ_ASSERT(k < 4 && err[0] == '\0');
		fuzz_check_post(p);
		FUZZ_ASSERT((k == 3) == ((p->flags & POST_DELETED) != 0));
		post_unref(p);
	}
}

static void
fuzz_small(const char *data, size_t size)
{
	struct mastodon_instance	 in;
	struct mastodon_account		 a;
	char				 err[128], *s1, *s2;

	mastodon_parse_instance(data, size, &in, err, sizeof err);
	FUZZ_ASSERT(in.max_characters > 0 && in.url_chars > 0);
	fuzz_check_str(in.version, false);
	fuzz_check_str(in.streaming_url, false);
	mastodon_instance_free(&in);
	if (mastodon_parse_account(data, size, &a, err, sizeof err) == 0) {
		fuzz_check_id(a.id);
		fuzz_check_str(a.acct, false);
		fuzz_check_str(a.display_name, false);
	} else
		FUZZ_ASSERT(a.id == NULL);
	mastodon_account_free(&a);
	if (mastodon_parse_markers(data, size, &s1, &s2, err,
	    sizeof err) == 0) {
		if (s1 != NULL)
			fuzz_check_id(s1);
		if (s2 != NULL)
			fuzz_check_id(s2);
		free(s1);
		free(s2);
	}
	if (mastodon_parse_app(data, size, &s1, &s2, err, sizeof err) == 0) {
		FUZZ_ASSERT(s1 != NULL && s2 != NULL);
		free(s1);
		free(s2);
	} else
		FUZZ_ASSERT(s1 == NULL && s2 == NULL);
	if (mastodon_parse_token(data, size, &s1, err, sizeof err) == 0) {
		FUZZ_ASSERT(s1 != NULL && strpbrk(s1, " \r\n") == NULL);
		free(s1);
	}
	s1 = mastodon_parse_error(data, size);
	fuzz_check_str(s1, false);
	free(s1);
	s1 = mastodon_parse_list_id(data, size, "Friends");
	if (s1 != NULL)
		fuzz_check_id(s1);
	free(s1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*copy = malloc(size + 1);

	memcpy(copy, data, size);
	copy[size] = '\0';
	fuzz_bodies(copy, size);
	fuzz_events(copy, size);
	fuzz_small(copy, size);
	(void)mastodon_parse_time(copy);
	free(copy);
	return 0;
}
