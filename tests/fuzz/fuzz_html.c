/* fuzz_html.c — libFuzzer target for html_to_text: arbitrary bytes in,
 * checking invariants of the text and spans rather than outputs. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/html.h"
#include "starling/post.h"

/* Valid UTF-8 with no control character but '\n'. */
static void
fuzz_check_text(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 cp;

	while (i < len) {
		if (u[i] < 0x80) {
			FUZZ_ASSERT(u[i] >= 0x20 || u[i] == '\n');
			FUZZ_ASSERT(u[i] != 0x7f);
			i++;
			continue;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xdf) {
			n = 2;
			cp = u[i] & 0x1f;
		} else if (u[i] >= 0xe0 && u[i] <= 0xef) {
			n = 3;
			cp = u[i] & 0x0f;
		} else {
			FUZZ_ASSERT(u[i] >= 0xf0 && u[i] <= 0xf4);
			n = 4;
			cp = u[i] & 0x07;
		}
		FUZZ_ASSERT(i + n <= len);
		for (k = 1; k < n; k++) {
			FUZZ_ASSERT((u[i + k] & 0xc0) == 0x80);
			cp = (cp << 6) | (u[i + k] & 0x3f);
		}
		FUZZ_ASSERT(!(n == 3 && cp < 0x800) &&
		    !(n == 4 && cp < 0x10000));
		FUZZ_ASSERT(cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff));
		FUZZ_ASSERT(cp >= 0xa0);
		i += n;
	}
}

static bool
fuzz_is_space(char c)
{
	return c == ' ' || c == '\n';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_text	 t;
	size_t			 i;

	html_to_text((const char *)data, size, &t);
	FUZZ_ASSERT(t.text != NULL);
	FUZZ_ASSERT(strlen(t.text) == t.len);	/* no NUL inside len */
	FUZZ_ASSERT(t.nspans == 0 || t.spans != NULL);
	if (t.len > 0)
		FUZZ_ASSERT(!fuzz_is_space(t.text[0]) &&
		    !fuzz_is_space(t.text[t.len - 1]));
	fuzz_check_text(t.text, t.len);
	for (i = 0; i < t.nspans; i++) {
		FUZZ_ASSERT(t.spans[i].start <= t.spans[i].end);
		FUZZ_ASSERT(t.spans[i].start < t.spans[i].end);
		FUZZ_ASSERT(t.spans[i].end <= t.len);
		FUZZ_ASSERT(i == 0 || t.spans[i].start >= t.spans[i - 1].end);
		FUZZ_ASSERT(t.spans[i].kind == POST_SPAN_LINK ||
		    t.spans[i].kind == POST_SPAN_MENTION ||
		    t.spans[i].kind == POST_SPAN_HASHTAG);
		if (t.spans[i].url != NULL)
			FUZZ_ASSERT(strlen(t.spans[i].url) > 0);
	}
	html_text_free(&t);
	return 0;
}
