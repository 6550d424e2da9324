/* match.c — case-folded substring search. Folding both sides with utf8proc
 * (NFKC + casefold) makes "ÉCOLE" find "école" and "ｆｕｌｌ" find "full". */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "starling/match.h"

static char *
match_fold(const char *s)
{
	utf8proc_uint8_t	*out = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out, UTF8PROC_NULLTERM |
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	    UTF8PROC_CASEFOLD | UTF8PROC_IGNORE) < 0)
		return NULL;
	return (char *)out;
}

bool
text_match(const char *hay, const char *needle)
{
	char	*h, *n;
	bool	 found;

	if (needle == NULL || *needle == '\0')
		return true;
	if (hay == NULL)
		return false;
	h = match_fold(hay);
	n = match_fold(needle);
	found = h && n ? strstr(h, n) != NULL : strstr(hay, needle) != NULL;
	free(h);
	free(n);
	return found;
}
