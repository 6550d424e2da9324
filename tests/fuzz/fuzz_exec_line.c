/* fuzz_exec_line.c — libFuzzer target for the exec source's line parser:
 * arbitrary bytes in; a post with an id and clean strings, a blank line, or
 * a bad one with a reason — never a crash. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/exec.h"
#include "starling/post.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct post	*p = NULL;
	char		 err[160] = "";

	switch (exec_parse_line((const char *)data, size, "exec@fuzz", "Fuzz",
	    1000, &p, err, sizeof err)) {
	case EXEC_LINE_POST:
		FUZZ_ASSERT(p != NULL && p->id != NULL && *p->id != '\0');
		FUZZ_ASSERT(p->text != NULL);
		fuzz_clean(p->text, true);
		fuzz_clean(p->id, false);
		fuzz_clean(p->author_name, false);
		fuzz_clean(p->author_handle, false);
		fuzz_clean(p->url, false);
		FUZZ_ASSERT(p->followers >= 0);
		post_unref(p);
		break;
	case EXEC_LINE_BLANK:
		FUZZ_ASSERT(p == NULL);
		break;
	case EXEC_LINE_BAD:
		FUZZ_ASSERT(p == NULL && err[0] != '\0');
		break;
	}
	return 0;
}
