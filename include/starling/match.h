/* match — case-insensitive text search (Unicode case folding, utf8proc), for
 * column filters. */
#ifndef STARLING_MATCH_H
#define STARLING_MATCH_H

#include <stdbool.h>

/* True when needle occurs in hay, ignoring case; an empty needle matches. */
bool	text_match(const char *hay, const char *needle);

#endif
