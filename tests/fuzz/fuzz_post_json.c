/* fuzz_post_json.c — libFuzzer target for post_from_json (the store's post
 * snapshots): arbitrary bytes must never crash it, and a post it accepts
 * must survive a second trip unchanged: to JSON, back, to JSON again gives
 * the same text. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/post.h"
#include "starling/post_json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct post	*p, *q;
	char		*a, *b;
	size_t		 i;

	p = post_from_json((const char *)data, size);
	if (p == NULL)
		return 0;
	FUZZ_ASSERT(p->network != NULL && p->id != NULL && p->text != NULL);
	for (i = 0; i < p->nspans; i++)
		FUZZ_ASSERT(p->spans[i].start <= p->spans[i].end &&
		    p->spans[i].end <= strlen(p->text));
	a = post_to_json(p);
	q = post_from_json(a, strlen(a));
	FUZZ_ASSERT(q != NULL);
	b = post_to_json(q);
	FUZZ_ASSERT(strcmp(a, b) == 0);
	free(a);
	free(b);
	post_unref(p);
	post_unref(q);
	return 0;
}
