/* fuzz_x.c — libFuzzer target for x_parse and x_count: the same bytes as
 * a page of posts, an error, a user, a token answer and a token file, and
 * as text to count, checking what comes out (sanitised strings, spans
 * inside the text, numeric ids) rather than its content. */
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/post.h"
#include "starling/x.h"
#include "starling/x_parse.h"

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* No control character but (when multiline) '\n'. */
static void
fuzz_post(const struct post *p)
{
	size_t	i, len = strlen(p->text);

	FUZZ_ASSERT(strcmp(p->network, "x") == 0);
	FUZZ_ASSERT(p->id[0] != '\0' &&
	    p->id[strspn(p->id, "0123456789")] == '\0');
	fuzz_clean(p->text, true);
	fuzz_clean(p->author_handle, false);
	fuzz_clean(p->quote_text, false);
	fuzz_clean(p->url, false);
	for (i = 0; i < p->nspans; i++) {
		FUZZ_ASSERT(p->spans[i].start < p->spans[i].end);
		FUZZ_ASSERT(p->spans[i].end <= len);
		fuzz_clean(p->spans[i].url, false);
	}
	for (i = 0; i < p->nmedia; i++)
		fuzz_clean(p->media[i].url, false);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x_page	 pg;
	char		*s = malloc(size + 1), *a, *b, err[200];
	long		 n;
	time_t		 t;
	size_t		 i;

	memcpy(s, data, size);
	s[size] = '\0';
	if (x_parse_page(s, size, "fuzz", &pg, err, sizeof err) == 0) {
		for (i = 0; i < pg.nposts; i++)
			fuzz_post(pg.posts[i]);
		fuzz_clean(pg.errors, false);
		x_page_free(&pg);
	}
	a = x_parse_error(s, size);
	fuzz_clean(a, false);
	free(a);
	if (x_parse_user(s, size, &a, &b, err, sizeof err) == 0) {
		FUZZ_ASSERT(a[strspn(a, "0123456789")] == '\0');
		fuzz_clean(b, false);
		free(a);
		free(b);
	}
	if (x_parse_token(s, size, &a, &b, &n, err, sizeof err) == 0) {
		FUZZ_ASSERT(strpbrk(a, "\r\n") == NULL && n >= 0);
		free(a);
		free(b);
	}
	if (x_parse_token_file(s, &a, &b, &t) == 0) {
		free(a);
		free(b);
	}
	FUZZ_ASSERT(x_count(s) >= 0);
	FUZZ_ASSERT(x_count_weighted(s, false) >= 0);
	free(s);
	return 0;
}
