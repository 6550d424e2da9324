/*
 * rules.c — the team's routing rules, and recording an inbox post with
 * them in one batch.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "starling/config.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"
#include "starling/xmalloc.h"


struct rule {
	const struct config_rule *cfg;
	char			*who;		/* "rule NAME" */
	regex_t			 re;
	bool			 has_re;
	int			 status;	/* -1: none */
};

struct rules {
	struct rule	*v;
	size_t		 n;
	size_t		 nchanges;	/* the most one post can get */
};

struct rules *
rules_new(const struct config *cfg, char *err, size_t errlen)
{
	struct rules		*rs = xcalloc(1, sizeof *rs);
	const struct config_rule *cr;
	struct rule		*r;
	size_t			 i;
	int			 rc;

	rs->v = xcalloc(cfg->nrules + 1, sizeof *rs->v);
	rs->nchanges = 1;
	for (i = 0; i < cfg->nrules; i++) {
		cr = &cfg->rules[i];
		r = &rs->v[rs->n];
		r->cfg = cr;
		r->status = cr->status != NULL ?
		    store_status_parse(cr->status) : -1;
		if (cr->match != NULL) {
			if ((rc = regcomp(&r->re, cr->match, REG_EXTENDED |
			    REG_ICASE | REG_NOSUB)) != 0) {
				char	why[200];

				regerror(rc, &r->re, why, sizeof why);
				snprintf(err, errlen, "rule %s: %s", cr->name,
				    why);
				rules_free(rs);
				return NULL;
			}
			r->has_re = true;
		}
		xasprintf(&r->who, "rule %s", cr->name);
		rs->nchanges += (cr->tag != NULL) + (cr->assign != NULL) +
		    (r->status >= 0) + (cr->priority >= 0);
		rs->n++;
	}
	return rs;
}

void
rules_free(struct rules *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].has_re)
			regfree(&rs->v[i].re);
		free(rs->v[i].who);
	}
	free(rs->v);
	free(rs);
}

size_t
rules_count(const struct rules *rs)
{
	return rs != NULL ? rs->n : 0;
}

size_t
rules_max_changes(const struct rules *rs)
{
	return rs != NULL ? rs->nchanges : 1;
}

const char *
rules_kind(const struct post *p)
{
	switch (p->notify) {
	case POST_NOTIFY_MENTION:
		/* A reply to us arrives as a mention that replies. */
		return p->reply_to_id != NULL ? "reply" : "mention";
	case POST_NOTIFY_REPLY:
		return "reply";
	case POST_NOTIFY_QUOTE:
		return "quote";
	case POST_NOTIFY_REPOST:
		return "repost";
	case POST_NOTIFY_LIKE:
		return "like";
	case POST_NOTIFY_FOLLOW:
		return "follow";
	case POST_NOTIFY_POLL:
		return "poll";
	case POST_NOTIFY_UPDATE:
		return "update";
	case POST_NOTIFY_NONE:
		break;
	}
	if (p->reply_to_id != NULL)
		return "reply";
	if (p->quote_author != NULL)
		return "quote";
	return "post";
}

/* "mastodon@host.example" is a "mastodon" post. */
static bool
rules_network_is(const char *network, const char *name)
{
	size_t	n = strlen(name);

	return network != NULL && strncmp(network, name, n) == 0 &&
	    (network[n] == '\0' || network[n] == '@');
}

/* "en" matches "en" and "en-GB"; case does not matter. */
static bool
rules_lang_is(const char *lang, const char *want)
{
	size_t	n = strlen(want);

	return lang != NULL && strncasecmp(lang, want, n) == 0 &&
	    (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

static bool
rules_in(char *const *list, size_t n, const char *s, bool icase)
{
	size_t	i;

	if (s == NULL)
		return false;
	for (i = 0; i < n; i++)
		if ((icase ? strcasecmp(list[i], s) : strcmp(list[i], s)) == 0)
			return true;
	return false;
}

static bool
rules_matches(const struct rule *r, const struct post *p, const char *column)
{
	const struct config_rule	*c = r->cfg;
	const char			*handle = p->author_handle;

	if (handle != NULL && *handle == '@')
		handle++;
	if (c->ncolumns > 0 && !rules_in(c->columns, c->ncolumns, column,
	    false))
		return false;
	if (c->nfrom > 0 && !rules_in(c->from, c->nfrom, handle, true))
		return false;
	if (c->network != NULL && !rules_network_is(p->network, c->network))
		return false;
	if (c->lang != NULL && !rules_lang_is(p->lang, c->lang))
		return false;
	if (c->followers >= 0 && p->followers < c->followers)
		return false;
	if (c->nkinds > 0 && !rules_in(c->kinds, c->nkinds, rules_kind(p),
	    false))
		return false;
	if (r->has_re && regexec(&r->re, p->text != NULL ? p->text : "", 0,
	    NULL, 0) != 0)
		return false;
	return true;
}

static size_t
rules_add(struct store_change *out, size_t n, size_t max,
    const struct rule *r, const struct post *p, enum store_change_kind kind)
{
	struct store_change	*c;

	if (n >= max)
		return n;
	c = &out[n];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->network = p->network;
	c->id = p->id;
	c->who = r->who;
	c->optional = true;
	return n + 1;
}

size_t
rules_match(const struct rules *rs, const struct post *p, const char *column,
    struct store_change *out, size_t max)
{
	const struct rule	*r;
	size_t			 i, n = 0, k;

	for (i = 0; rs != NULL && i < rs->n; i++) {
		r = &rs->v[i];
		if (!rules_matches(r, p, column))
			continue;
		if (r->cfg->tag != NULL) {
			k = n;
			if ((n = rules_add(out, n, max, r, p,
			    STORE_CHANGE_TAG)) > k) {
				out[k].arg = r->cfg->tag;
				out[k].on = true;
			}
		}
		if (r->cfg->assign != NULL) {
			k = n;
			if ((n = rules_add(out, n, max, r, p,
			    STORE_CHANGE_ASSIGN)) > k)
				out[k].arg = r->cfg->assign;
		}
		if (r->status >= 0) {
			k = n;
			if ((n = rules_add(out, n, max, r, p,
			    STORE_CHANGE_STATUS)) > k)
				out[k].status = (enum store_status)r->status;
		}
		if (r->cfg->priority >= 0) {
			k = n;
			if ((n = rules_add(out, n, max, r, p,
			    STORE_CHANGE_PRIORITY)) > k)
				out[k].priority = r->cfg->priority;
		}
		if (r->cfg->stop)
			break;
	}
	return n;
}

char *
rules_record_detail(const struct post *p, const char *column)
{
	json_t	*o = json_object();
	char	*s, *out;

	json_object_set_new(o, "column", json_string(column ? column : ""));
	json_object_set_new(o, "author", json_string(p->author_handle ?
	    p->author_handle : ""));
	json_object_set_new(o, "followers", json_integer(p->followers));
	json_object_set_new(o, "kind", json_string(rules_kind(p)));
	json_object_set_new(o, "network", json_string(p->network ?
	    p->network : ""));
	if (p->lang != NULL)
		json_object_set_new(o, "lang", json_string(p->lang));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	/* json_string() refuses invalid UTF-8; posts are sanitised, but a
	 * refusal must not lose the record. */
	out = xstrdup(s != NULL ? s : "{}");
	free(s);
	return out;
}

int
rules_record(struct store *st, const struct rules *rs, const struct post *p,
    const char *column, size_t *napplied, char *err, size_t errlen)
{
	struct store_change	*c;
	char			*detail;
	size_t			 n, max = rules_max_changes(rs);
	int			 rc;

	if (napplied != NULL)
		*napplied = 0;
	c = xreallocarray(NULL, max, sizeof *c);
	detail = rules_record_detail(p, column);
	memset(&c[0], 0, sizeof c[0]);
	c[0].kind = STORE_CHANGE_RECORD;
	c[0].post = p;
	c[0].network = p->network;
	c[0].id = p->id;
	c[0].detail = detail;
	n = 1 + rules_match(rs, p, column, c + 1, max - 1);
	rc = store_apply_batch(st, c, n, err, errlen);
	free(detail);
	free(c);
	if (rc == 0) {
		if (napplied != NULL)
			*napplied = n - 1;
		return 1;
	}
	if (strcmp(err, "record: already recorded") == 0)
		return 0;
	return -1;
}
