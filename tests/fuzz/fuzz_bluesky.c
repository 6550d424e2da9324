/* fuzz_bluesky.c — libFuzzer target for bluesky_parse: the same bytes as
 * every body kind (a feed, posts, notifications with and without the liked
 * posts, a thread), as the small bodies (session, error, reference, DID,
 * lists) and as outgoing text for the facet finder, checking the invariants
 * of what comes out (posts, spans on the text's bytes, ids) rather than its
 * content. */
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/bluesky_parse.h"
#include "starling/post.h"
#include "starling/text.h"

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static void
fuzz_check_post(const struct post *p)
{
	size_t	i, len = strlen(p->text);

	FUZZ_ASSERT(p->id != NULL && strncmp(p->id, "at://", 5) == 0);
	FUZZ_ASSERT(strcmp(p->network, "bluesky") == 0);
	FUZZ_ASSERT(strchr(p->text, '\033') == NULL);
	for (i = 0; i < p->nspans; i++) {
		FUZZ_ASSERT(p->spans[i].start < p->spans[i].end);
		FUZZ_ASSERT(p->spans[i].end <= len);
		/* On character boundaries. */
		FUZZ_ASSERT(((unsigned char)p->text[p->spans[i].start] & 0xc0) !=
		    0x80);
		FUZZ_ASSERT(p->spans[i].end == len ||
		    ((unsigned char)p->text[p->spans[i].end] & 0xc0) != 0x80);
		if (i > 0)
			FUZZ_ASSERT(p->spans[i].start >= p->spans[i - 1].end ||
			    p->spans[i].end <= p->spans[i - 1].start);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum bluesky_body kinds[] = {
		BLUESKY_FEED, BLUESKY_POSTS, BLUESKY_NOTIFICATIONS,
		BLUESKY_THREAD
	};
	const char		*body = (const char *)data;
	struct bluesky_page	 pg;
	struct bluesky_tokens	 t;
	struct bluesky_facet	 f[32];
	struct bluesky_ref	 r;
	char			 err[256], name[64], *s, *u, *c, *uris[8];
	char			*text;
	size_t			 i, k, n;

	for (k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		if (bluesky_parse_page(body, size, kinds[k], "fuzz",
		    k == 2 ? body : NULL, k == 2 ? size : 0, &pg, err,
		    sizeof err) == 0) {
			for (i = 0; i < pg.n; i++)
				fuzz_check_post(pg.posts[i]);
			bluesky_page_free(&pg);
		} else
			FUZZ_ASSERT(*err != '\0');
	}
	n = bluesky_parse_subjects(body, size, uris, 8);
	for (i = 0; i < n; i++)
		free(uris[i]);
	if (bluesky_parse_session(body, size, &t, err, sizeof err) == 0)
		bluesky_tokens_free(&t);
	free(bluesky_parse_error(body, size, name, sizeof name));
	if (bluesky_parse_ref(body, size, &u, &c) == 0) {
		free(u);
		free(c);
	}
	free(bluesky_parse_did(body, size));
	free(bluesky_parse_list_uri(body, size, "fuzz"));

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	n = bluesky_facets_find(text, f, 32);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(f[i].start < f[i].end);
		FUZZ_ASSERT(f[i].end <= strlen(text));
		if (i > 0)
			FUZZ_ASSERT(f[i].start >= f[i - 1].end);
	}
	s = bluesky_post_record(text, 0, f, NULL, n, NULL, NULL);
	free(s);
	bluesky_facets_free(f, n);
	(void)bluesky_jwt_exp(text);
	(void)bluesky_parse_time(text);
	(void)bluesky_tid_time(text);
	if (bluesky_ref_split(text, &r))
		bluesky_ref_free(&r);
	free(text);
	return 0;
}
