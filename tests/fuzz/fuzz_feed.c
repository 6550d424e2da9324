/* fuzz_feed.c — libFuzzer target for the feed parser (RSS, RDF, Atom):
 * arbitrary bytes in; it either says why in words or gives posts whose
 * strings are clean, unique ids, newest first, and never more than
 * FEED_MAX_ENTRIES. Also the redirect unwrapper and the date parser on the
 * same bytes. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/feed.h"
#include "starling/post.h"

/* No control character but '\n' (none at all when one line). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_doc	 doc;
	char		 err[160], *s;
	size_t		 i, j;
	int64_t		 t;

	if (feed_parse((const char *)data, size, "feed@fuzz", "Fuzz", 1000,
	    &doc, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0');
		FUZZ_ASSERT(doc.n == 0);
	} else {
		FUZZ_ASSERT(doc.n <= FEED_MAX_ENTRIES);
		for (i = 0; i < doc.n; i++) {
			const struct post *p = doc.posts[i];

			FUZZ_ASSERT(p->id != NULL && doc.keys[i] != NULL);
			fuzz_clean(p->text, true);
			fuzz_clean(p->author_name, false);
			fuzz_clean(p->url, false);
			fuzz_clean(p->id, false);
			for (j = 0; j < p->nspans; j++)
				FUZZ_ASSERT(p->spans[j].end <= strlen(p->text));
			if (i > 0)
				FUZZ_ASSERT(doc.posts[i - 1]->created >=
				    p->created);
			for (j = 0; j < i; j++)
				FUZZ_ASSERT(strcmp(doc.posts[j]->id, p->id) != 0);
		}
	}
	feed_doc_free(&doc);

	/* The same bytes as a link and as a date. */
	if (size < 4096 && memchr(data, '\0', size) == NULL) {
		char *str = malloc(size + 1);

		memcpy(str, data, size);
		str[size] = '\0';
		s = feed_unwrap_link(str);
		FUZZ_ASSERT(s != NULL);
		FUZZ_ASSERT(strcmp(s, str) == 0 || strncmp(s, "http", 4) == 0);
		free(s);
		s = feed_network_name(str);
		fuzz_clean(s, false);
		free(s);
		(void)feed_parse_date(str, &t);
		free(str);
	}
	return 0;
}
