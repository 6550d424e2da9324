/* template.c — saved replies: {placeholders} checked and filled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/template.h"
#include "starling/xmalloc.h"

#define TEMPLATE_NAME_MAX	32

/* The placeholders, and where each takes its value from. */
static const struct {
	const char	*name;
	size_t		 offset;
} template_names[] = {
	{ "author", offsetof(struct template_vars, author) },
	{ "handle", offsetof(struct template_vars, handle) },
	{ "me", offsetof(struct template_vars, me) },
	{ "account", offsetof(struct template_vars, account) },
	{ "network", offsetof(struct template_vars, network) },
};

static int
template_is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* The length of the placeholder's name at s ("{name}"), or 0 when s does
 * not start one. */
static size_t
template_at(const char *s)
{
	size_t	n = 1;

	if (*s != '{')
		return 0;
	while (template_is_name(s[n]))
		n++;
	return n > 1 && s[n] == '}' ? n - 1 : 0;
}

/* The row of the name at s (len bytes), or -1. */
static int
template_find(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < sizeof template_names / sizeof *template_names; i++)
		if (strlen(template_names[i].name) == len &&
		    strncmp(template_names[i].name, s, len) == 0)
			return (int)i;
	return -1;
}

int
template_check(const char *text, size_t *at, char *err, size_t errlen)
{
	const char	*p;
	size_t		 n;

	for (p = text; *p != '\0'; p++) {
		if ((n = template_at(p)) == 0 || template_find(p + 1, n) >= 0)
			continue;
		*at = (size_t)(p - text);
		snprintf(err, errlen, "unknown placeholder {%.*s} (expected "
		    "{author}, {handle}, {me}, {account} or {network})",
		    n > TEMPLATE_NAME_MAX ? TEMPLATE_NAME_MAX : (int)n, p + 1);
		return -1;
	}
	return 0;
}

char *
template_fill(const char *text, const struct template_vars *v)
{
	size_t		 cap = strlen(text) + 1, len = 0, n, vl;
	char		*out = xmalloc(cap);
	const char	*p, *value;
	int		 row;

	for (p = text; *p != '\0'; ) {
		value = NULL;
		if ((n = template_at(p)) > 0 &&
		    (row = template_find(p + 1, n)) >= 0) {
			value = *(const char *const *)(const void *)
			    ((const char *)v + template_names[row].offset);
			if (value == NULL)
				value = "";
		}
		if (value == NULL) {
			value = p;
			vl = 1;
			p++;
		} else {
			vl = strlen(value);
			p += n + 2;
		}
		if (len + vl + 1 > cap) {
			cap = (len + vl + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, value, vl);
		len += vl;
	}
	out[len] = '\0';
	return out;
}
