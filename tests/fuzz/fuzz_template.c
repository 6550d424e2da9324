/* fuzz_template.c — libFuzzer target for templates' placeholders: arbitrary
 * text never crashes the check or the fill; the check's offset is an
 * unknown placeholder's "{"; empty values only shorten the text, and a
 * text without a brace comes back as it was. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/template.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template_vars	 full = { "A", "b", "c", "d", "e" };
	struct template_vars	 none = { "", "", "", "", "" };
	char			*text, *a, *b, err[256];
	size_t			 at = 0;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';	/* a NUL inside ends the text, as in YAML */
	a = template_fill(text, &full);
	b = template_fill(text, &none);
	FUZZ_ASSERT(strlen(b) <= strlen(text));
	if (template_check(text, &at, err, sizeof err) != 0) {
		FUZZ_ASSERT(at < strlen(text));
		FUZZ_ASSERT(text[at] == '{');
		FUZZ_ASSERT(strstr(err, "unknown placeholder") != NULL);
	}
	/* No brace, nothing to fill: the text as it came. */
	if (strchr(text, '{') == NULL) {
		FUZZ_ASSERT(strcmp(a, text) == 0);
		FUZZ_ASSERT(strcmp(b, text) == 0);
	}
	free(a);
	free(b);
	free(text);
	return 0;
}
