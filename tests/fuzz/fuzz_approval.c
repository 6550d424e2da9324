/* fuzz_approval.c — libFuzzer target for an approval item's detail, as
 * another deck wrote it into the shared store: arbitrary bytes in; either
 * refused, or an item that writes back to a detail parsing to the same
 * item, whose card has clean strings — never a crash. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/approval.h"
#include "starling/post.h"

static bool
fuzz_same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct approval	 a, b;
	struct post	*card;
	char		*text, *again;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&a, 0, sizeof a);
	if (approval_parse(text, &a) == 0) {
		FUZZ_ASSERT(a.writer != NULL && a.account != NULL &&
		    a.kind != NULL && a.text != NULL);
		again = approval_detail(&a);
		FUZZ_ASSERT(again != NULL);
		memset(&b, 0, sizeof b);
		FUZZ_ASSERT(approval_parse(again, &b) == 0);
		FUZZ_ASSERT(fuzz_same(a.writer, b.writer) &&
		    fuzz_same(a.account, b.account) &&
		    fuzz_same(a.kind, b.kind) && fuzz_same(a.text, b.text) &&
		    fuzz_same(a.cw, b.cw) &&
		    fuzz_same(a.visibility, b.visibility));
		FUZZ_ASSERT((a.target == NULL) == (b.target == NULL));
		card = approval_snapshot(&a, "0123456789abcdef0123456789abcdef",
		    1700000000LL);
		if (card != NULL) {
			fuzz_clean(card->text, true);
			fuzz_clean(card->author_name, false);
			fuzz_clean(card->author_handle, false);
			fuzz_clean(card->quote_text, false);
			post_unref(card);
		}
		approval_free(&b);
		free(again);
	}
	approval_free(&a);
	free(text);
	return 0;
}
