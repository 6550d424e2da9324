/* fuzz_link.c — libFuzzer target for the Link header parser: arbitrary
 * bytes must never crash it, and what it returns must be a trimmed,
 * non-empty piece of the input taken from between '<' and '>'. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/http.h"

static void
fuzz_check(const char *link, const char *rel)
{
	char	*url = http_link_rel(link, rel);
	size_t	 n;

	if (url == NULL)
		return;
	n = strlen(url);
	FUZZ_ASSERT(n > 0);
	FUZZ_ASSERT(strstr(link, url) != NULL);
	FUZZ_ASSERT(strchr(url, '>') == NULL);
	FUZZ_ASSERT(url[0] != ' ' && url[0] != '\t');
	FUZZ_ASSERT(url[n - 1] != ' ' && url[n - 1] != '\t');
	FUZZ_ASSERT(*rel != '\0');
	free(url);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	*rels[] = { "next", "prev", "last", "" };
	char			*link, *rel;
	size_t			 i, split;

	link = malloc(size + 1);
	memcpy(link, data, size);
	link[size] = '\0';
	for (i = 0; i < sizeof rels / sizeof rels[0]; i++)
		fuzz_check(link, rels[i]);
	/* A rel taken from the input itself, so rare names can match. */
	split = size > 0 ? data[0] % (size + 1) : 0;
	rel = malloc(split + 1);
	memcpy(rel, data, split);
	rel[split] = '\0';
	fuzz_check(link + (split < strlen(link) ? split : strlen(link)), rel);
	free(rel);
	free(link);
	return 0;
}
