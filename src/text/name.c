/* name.c — tags and team names: checks and normalisation (name.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "starling/name.h"
#include "starling/xmalloc.h"

/* What a name may not contain, and why (first match wins). */
struct name_rule {
	const char	*chars;
	bool		 tag_only;
	const char	*why;
};

static const struct name_rule name_rules[] = {
	{ " \t\n\r\v\f", false, "is one word" },
	{ "#", true, "may not contain \"#\"" },
	{ ";", true, "may not contain \";\"" },
	{ ",", true, "may not contain \",\"" },
};

#define NAME_NELEM(a)	(sizeof (a) / sizeof (a)[0])

bool
name_has_control(const char *s, bool text)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t	 c;
	utf8proc_ssize_t	 n;

	while (*p != '\0') {
		if ((n = utf8proc_iterate(p, -1, &c)) <= 0)
			return true;
		p += n;
		if (text && (c == '\n' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
			return true;
	}
	return false;
}

/* Why in is not fit to be a tag (tag true) or a name, or NULL. */
static const char *
name_why(const char *in, bool tag)
{
	size_t	i;

	if (in == NULL || *in == '\0')
		return tag ? "a tag is empty" : "a name is empty";
	for (i = 0; i < NAME_NELEM(name_rules); i++) {
		if (name_rules[i].tag_only && !tag)
			continue;
		if (strpbrk(in, name_rules[i].chars) != NULL)
			return name_rules[i].why;
	}
	if (name_has_control(in, false))
		return "may not contain a control character";
	if (strlen(in) > NAME_MAX_BYTES)
		return "is too long";
	return NULL;
}

char *
name_tag(const char *in, char *err, size_t errlen)
{
	utf8proc_uint8_t	*out = NULL;
	const char		*why;

	if (in != NULL && *in == '#')
		in++;
	if ((why = name_why(in, true)) != NULL) {
		snprintf(err, errlen, "%s%s", strncmp(why, "a ", 2) == 0 ?
		    "" : "a tag ", why);
		return NULL;
	}
	if (utf8proc_map((const utf8proc_uint8_t *)in, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD) < 0 || out == NULL) {
		free(out);
		snprintf(err, errlen, "a tag may not contain a control "
		    "character");
		return NULL;
	}
	/* Folding may make it longer (or, in theory, add a space). */
	if ((why = name_why((const char *)out, true)) != NULL) {
		free(out);
		snprintf(err, errlen, "a tag %s", why);
		return NULL;
	}
	return (char *)out;
}

bool
name_tag_is_normal(const char *in)
{
	char	*n, err[64];
	bool	 same;

	if (in == NULL || *in == '#' || (n = name_tag(in, err,
	    sizeof err)) == NULL)
		return false;
	same = strcmp(n, in) == 0;
	free(n);
	return same;
}

const char *
name_check(const char *in)
{
	static const char *const whys[] = {
		"a name is one word",
		"a name may not contain a control character",
		"a name is too long",
	};
	const char	*why = name_why(in, false);

	if (why == NULL || strncmp(why, "a ", 2) == 0)
		return why;
	if (strcmp(why, "is one word") == 0)
		return whys[0];
	if (strcmp(why, "is too long") == 0)
		return whys[2];
	return whys[1];
}
