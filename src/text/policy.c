/* policy.c — the team's guidelines: banned patterns (POSIX extended
 * regular expressions, case-insensitive), required text per account,
 * accounts that ask first, the send delay, who posts only once approved
 * and who approves. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/policy.h"
#include "starling/xmalloc.h"

struct policy_ban {
	char	*pattern;
	regex_t	 re;
};

struct policy_require {
	char	*account, *text;
	bool	 append;
};

struct policy {
	struct policy_ban	*bans;
	size_t			 nbans;
	struct policy_require	*required;
	size_t			 nrequired;
	char			**confirm;
	size_t			 nconfirm;
	int			 delay;
	char			**writers;	/* approval: required_for */
	size_t			 nwriters;
	char			**approvers;
	size_t			 napprovers;
};

struct policy *
policy_new(void)
{
	return xcalloc(1, sizeof (struct policy));
}

void
policy_free(struct policy *pol)
{
	size_t	i;

	if (pol == NULL)
		return;
	for (i = 0; i < pol->nbans; i++) {
		free(pol->bans[i].pattern);
		regfree(&pol->bans[i].re);
	}
	free(pol->bans);
	for (i = 0; i < pol->nrequired; i++) {
		free(pol->required[i].account);
		free(pol->required[i].text);
	}
	free(pol->required);
	for (i = 0; i < pol->nconfirm; i++)
		free(pol->confirm[i]);
	free(pol->confirm);
	for (i = 0; i < pol->nwriters; i++)
		free(pol->writers[i]);
	free(pol->writers);
	for (i = 0; i < pol->napprovers; i++)
		free(pol->approvers[i]);
	free(pol->approvers);
	free(pol);
}

static int
policy_compile(regex_t *re, const char *pattern, char *err, size_t errlen)
{
	char	why[128];
	int	rc;

	if (*pattern == '\0') {
		snprintf(err, errlen, "an empty pattern bans everything");
		return -1;
	}
	if ((rc = regcomp(re, pattern, REG_EXTENDED | REG_ICASE)) != 0) {
		regerror(rc, re, why, sizeof why);
		regfree(re);
		snprintf(err, errlen, "not a regular expression: %s", why);
		return -1;
	}
	return 0;
}

int
policy_pattern_check(const char *pattern, char *err, size_t errlen)
{
	regex_t	re;

	if (policy_compile(&re, pattern, err, errlen) != 0)
		return -1;
	regfree(&re);
	return 0;
}

int
policy_ban(struct policy *pol, const char *pattern, char *err, size_t errlen)
{
	regex_t	re;

	if (policy_compile(&re, pattern, err, errlen) != 0)
		return -1;
	pol->bans = xreallocarray(pol->bans, pol->nbans + 1,
	    sizeof *pol->bans);
	pol->bans[pol->nbans].pattern = xstrdup(pattern);
	pol->bans[pol->nbans++].re = re;
	return 0;
}

void
policy_require(struct policy *pol, const char *account, const char *text,
    bool append)
{
	struct policy_require	*r;

	pol->required = xreallocarray(pol->required, pol->nrequired + 1,
	    sizeof *pol->required);
	r = &pol->required[pol->nrequired++];
	r->account = xstrdup(account);
	r->text = xstrdup(text);
	r->append = append;
}

void
policy_confirm(struct policy *pol, const char *account)
{
	pol->confirm = xreallocarray(pol->confirm, pol->nconfirm + 1,
	    sizeof *pol->confirm);
	pol->confirm[pol->nconfirm++] = xstrdup(account);
}

void
policy_set_delay(struct policy *pol, int seconds)
{
	pol->delay = seconds > 0 ? seconds : 0;
}

/* The earliest match of any pattern. */
bool
policy_banned(const struct policy *pol, const char *text, size_t *start,
    size_t *end, const char **pattern)
{
	regmatch_t	m;
	size_t		i;
	bool		found = false;

	for (i = 0; i < pol->nbans; i++) {
		if (regexec(&pol->bans[i].re, text, 1, &m, 0) != 0 ||
		    (found && (size_t)m.rm_so >= *start))
			continue;
		found = true;
		*start = (size_t)m.rm_so;
		*end = (size_t)m.rm_eo;
		if (pattern != NULL)
			*pattern = pol->bans[i].pattern;
	}
	return found;
}

const char *
policy_required(const struct policy *pol, const char *account, bool *append)
{
	size_t	i;

	for (i = 0; account != NULL && i < pol->nrequired; i++)
		if (strcmp(pol->required[i].account, account) == 0) {
			if (append != NULL)
				*append = pol->required[i].append;
			return pol->required[i].text;
		}
	return NULL;
}

bool
policy_confirms(const struct policy *pol, const char *account)
{
	size_t	i;

	for (i = 0; account != NULL && i < pol->nconfirm; i++)
		if (strcmp(pol->confirm[i], account) == 0)
			return true;
	return false;
}

int
policy_delay(const struct policy *pol)
{
	return pol->delay;
}

static void
policy_names_add(char ***v, size_t *n, const char *name)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(name);
}

static bool
policy_names_have(char *const *v, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

void
policy_approval_for(struct policy *pol, const char *writer)
{
	policy_names_add(&pol->writers, &pol->nwriters, writer);
}

void
policy_approver(struct policy *pol, const char *name)
{
	policy_names_add(&pol->approvers, &pol->napprovers, name);
}

bool
policy_needs_approval(const struct policy *pol, const char *writer)
{
	return pol != NULL && policy_names_have(pol->writers, pol->nwriters,
	    writer);
}

bool
policy_approves(const struct policy *pol, const char *name)
{
	return pol != NULL && policy_names_have(pol->approvers,
	    pol->napprovers, name);
}

size_t
policy_approvers(const struct policy *pol, char *buf, size_t len)
{
	size_t	i, o = 0;

	if (len > 0)
		*buf = '\0';
	for (i = 0; pol != NULL && i < pol->napprovers && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "",
		    pol->approvers[i]);
	return pol != NULL ? pol->napprovers : 0;
}

enum policy_verdict
policy_check(const struct policy *pol, const char *account, const char *text,
    char **out, size_t *start, size_t *end, char *why, size_t whylen)
{
	const char	*req, *pattern;
	bool		 append = false;
	char		*s;

	*out = NULL;
	if (policy_banned(pol, text, start, end, &pattern)) {
		snprintf(why, whylen, "\"%.*s\" is banned (%s)",
		    (int)(*end - *start > 60 ? 60 : *end - *start), text + *start,
		    pattern);
		return POLICY_BANNED;
	}
	req = policy_required(pol, account, &append);
	if (req != NULL && strstr(text, req) == NULL) {
		if (!append) {
			snprintf(why, whylen, "posts by %s must contain \"%s\"",
			    account, req);
			return POLICY_MISSING;
		}
		xasprintf(&s, "%s%s", text, req);
		/* What is appended is checked too. */
		if (policy_banned(pol, s, start, end, &pattern)) {
			snprintf(why, whylen, "the text required of %s is "
			    "banned (%s)", account, pattern);
			free(s);
			return POLICY_BANNED;
		}
		*out = s;
		return POLICY_OK;
	}
	*out = xstrdup(text);
	return POLICY_OK;
}
