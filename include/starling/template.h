/*
 * template — saved replies (the config's templates:): text with
 * placeholders {author} (the display name of the post answered), {handle},
 * {me} (the team name), {account} (the account posting) and {network}. A
 * placeholder is "{" a name "}" (letters, digits, _); any other brace is
 * text. No curses.
 */
#ifndef STARLING_TEMPLATE_H
#define STARLING_TEMPLATE_H

#include <stddef.h>

struct template_vars {
	const char	*author, *handle, *me, *account, *network;
};

/* 0 when every placeholder is known; -1 with the byte offset of the first
 * unknown one in *at and a message in err. */
int	 template_check(const char *text, size_t *at, char *err,
	    size_t errlen);
/* The text with its placeholders filled (a missing value is ""); an
 * unknown placeholder stays as written. xmalloc'd. */
char	*template_fill(const char *text, const struct template_vars *);

#endif
