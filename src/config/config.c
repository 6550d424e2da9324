/*
 * config.c — the YAML configuration.
 *
 * Every section is a table of options (name, kind, where it is stored, limits,
 * allowed values) and one walker applies any table to any mapping, so adding an
 * option is adding a row. Every mistake is collected; the walk never stops
 * early except on a YAML syntax error, after which there is nothing to walk.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/clock.h"
#include "starling/config.h"
#include "starling/keymap.h"
#include "starling/name.h"
#include "starling/network.h"
#include "starling/policy.h"
#include "starling/template.h"
#include "starling/theme.h"
#include "starling/xmalloc.h"
#include "starling/ydoc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* Allowed values the network registry decides (network.h). */
enum config_from {
	CONFIG_FROM_NONE,	/* .choices, or any value */
	CONFIG_FROM_SOURCES,	/* the networks configured with source: */
	CONFIG_FROM_NETWORKS,	/* the networks configured as accounts */
	CONFIG_FROM_TYPES,	/* their column types, and the store's */
	CONFIG_FROM_CHANNELS,	/* the column kinds of source: networks */
	CONFIG_FROM_N
};

struct config_parser {
	struct ydoc		 y;
	struct config		*cfg;
	config_command_check	 check;
	yaml_node_t		**accounts;	/* name nodes, in file order */
	const char		**networks;	/* their network:, or NULL */
	size_t			 naccounts;
	const char		**from[CONFIG_FROM_N];	/* NULL-ended */
	yaml_node_t		 *rules;	/* parsed after the rest */
	yaml_node_t		*approval[2];	/* required_for, approvers:
						 * checked against the team
						 * once it is read */
};

enum config_kind {
	CONFIG_STRING,		/* char * */
	CONFIG_NUMBER,		/* double in [min, max] */
	CONFIG_INT,		/* int in [min, max] */
	CONFIG_WIDTH,		/* int: "auto" (0) or in [min, max] */
	CONFIG_DURATION,	/* int seconds: "90s", "30m", "2h", "1d" */
	CONFIG_LIST,		/* char ** at offset, size_t at count */
	CONFIG_BOOL,		/* bool: true or false */
	CONFIG_SECTION		/* parsed by section() */
};

#define CONFIG_ACCOUNT	0x1	/* the value names an accounts entry */
#define CONFIG_BY_KIND	0x2	/* a network column reads it only when its
				   kind takes it (network_column) */
#define CONFIG_NAME	0x4	/* a team name (name_check()) */
#define CONFIG_WORDS	0x8	/* a string, or a list of words joined with
				   ", " */
#define CONFIG_ONE	0x10	/* a list: one string is a list of one */

struct config_opt {
	const char		*name;
	enum config_kind	 kind;
	size_t			 offset, count;
	double			 min, max;
	const char *const	*choices;	/* allowed values, NULL-ended */
	int			 flags;
	void			(*section)(struct config_parser *,
				    yaml_node_t *);
	enum config_from	 from;		/* or allowed values from here */
};

static void	config_parse_team(struct config_parser *, yaml_node_t *);
static void	config_parse_accounts(struct config_parser *, yaml_node_t *);
static void	config_parse_columns(struct config_parser *, yaml_node_t *);
static void	config_parse_tags(struct config_parser *, yaml_node_t *);
static void	config_parse_templates(struct config_parser *, yaml_node_t *);
static void	config_parse_policy(struct config_parser *, yaml_node_t *);
static void	config_parse_keys(struct config_parser *, yaml_node_t *);
static void	config_parse_banned(struct config_parser *, yaml_node_t *);
static void	config_parse_required(struct config_parser *, yaml_node_t *);
static void	config_parse_approval(struct config_parser *, yaml_node_t *);
static void	config_parse_rules(struct config_parser *, yaml_node_t *);

#define STR(s, f)	.kind = CONFIG_STRING, .offset = offsetof(s, f)

static const char *const config_bools[] = { "true", "false", NULL };

static const struct config_opt config_top[] = {
	{ "me", STR(struct config, me), .flags = CONFIG_NAME },
	{ "theme", STR(struct config, theme) },
	{ "store", STR(struct config, store) },
	{ "store_password_cmd", STR(struct config, store_password_cmd) },
	{ "column_width", CONFIG_WIDTH, offsetof(struct config, column_width),
	  0, CONFIG_MIN_WIDTH, INT_MAX, NULL, 0, NULL, 0 },
	{ "sla", CONFIG_DURATION, offsetof(struct config, sla), 0, 0, 0, NULL,
	  0, NULL, 0 },
	{ "influencer", CONFIG_INT, offsetof(struct config, influencer), 0,
	  1, INT_MAX, NULL, 0, NULL, 0 },
	{ "alerts", STR(struct config, alerts), .choices = config_bools },
	{ "team", .kind = CONFIG_SECTION, .section = config_parse_team },
	{ "accounts", .kind = CONFIG_SECTION, .section = config_parse_accounts },
	{ "columns", .kind = CONFIG_SECTION, .section = config_parse_columns },
	{ "tags", .kind = CONFIG_SECTION, .section = config_parse_tags },
	{ "templates", .kind = CONFIG_SECTION,
	  .section = config_parse_templates },
	{ "policy", .kind = CONFIG_SECTION, .section = config_parse_policy },
	{ "keys", .kind = CONFIG_SECTION, .section = config_parse_keys },
	{ "rules", .kind = CONFIG_SECTION, .section = config_parse_rules },
};

/* Columns that show the triage store, not a network. */
static const char *const config_virtual_types[] = {
	"assigned", "unassigned", "tagged", "status", "approvals", NULL
};
/* Virtual columns and the key that says what they show. */
static const struct {
	const char	*type, *needs;
	size_t		 offset;
} config_type_needs[] = {
	{ "tagged", "tag", offsetof(struct config_column, tag) },
	{ "status", "status", offsetof(struct config_column, status) },
};
static const char *const config_statuses[] = {
	"new", "open", "assigned", "replied", "done", "ignored", NULL
};

static const char *const config_sorts[] = { "time", "priority", NULL };

static const struct config_opt config_column_opts[] = {
	{ "title", STR(struct config_column, title) },
	{ "source", STR(struct config_column, source),
	  .from = CONFIG_FROM_SOURCES },
	{ "account", STR(struct config_column, account),
	  .flags = CONFIG_ACCOUNT },
	{ "type", STR(struct config_column, type),
	  .from = CONFIG_FROM_TYPES },
	{ "channel", STR(struct config_column, channel),
	  .from = CONFIG_FROM_CHANNELS, .flags = CONFIG_BY_KIND },
	{ "query", STR(struct config_column, query), .flags = CONFIG_BY_KIND },
	{ "to", STR(struct config_column, to), .flags = CONFIG_NAME },
	{ "tag", STR(struct config_column, tag) },
	{ "status", STR(struct config_column, status),
	  .choices = config_statuses },
	{ "list", STR(struct config_column, list), .flags = CONFIG_BY_KIND },
	{ "types", STR(struct config_column, types),
	  .flags = CONFIG_BY_KIND | CONFIG_WORDS },
	{ "reasons", STR(struct config_column, reasons),
	  .flags = CONFIG_BY_KIND | CONFIG_WORDS },
	{ "every", CONFIG_DURATION, offsetof(struct config_column, every), 0,
	  5, 0, NULL, CONFIG_BY_KIND, NULL, 0 },
	{ "rate", CONFIG_NUMBER, offsetof(struct config_column, rate), 0,
	  0, HUGE_VAL, NULL, CONFIG_BY_KIND, NULL, 0 },
	{ "backlog", CONFIG_INT, offsetof(struct config_column, backlog), 0,
	  0, 1000, NULL, CONFIG_BY_KIND, NULL, 0 },
	{ "width", CONFIG_INT, offsetof(struct config_column, width), 0,
	  CONFIG_MIN_WIDTH, INT_MAX, NULL, 0, NULL, 0 },
	{ "sla", CONFIG_DURATION, offsetof(struct config_column, sla), 0,
	  0, 0, NULL, 0, NULL, 0 },
	{ "url", STR(struct config_column, url), .flags = CONFIG_BY_KIND },
	{ "command", STR(struct config_column, command),
	  .flags = CONFIG_BY_KIND },
	{ "inbox", CONFIG_BOOL, offsetof(struct config_column, inbox), 0, 0,
	  0, NULL, 0, NULL, 0 },
	{ "sort", STR(struct config_column, sort), .choices = config_sorts },
};

static const struct config_opt config_account_opts[] = {
	{ "name", STR(struct config_account, name) },
	{ "network", STR(struct config_account, network),
	  .from = CONFIG_FROM_NETWORKS },
	{ "instance", STR(struct config_account, instance) },
	{ "service", STR(struct config_account, service) },
	{ "handle", STR(struct config_account, handle) },
	{ "token_cmd", STR(struct config_account, token_cmd) },
	{ "token_env", STR(struct config_account, token_env) },
	{ "token_file", STR(struct config_account, token_file) },
	{ "password_cmd", STR(struct config_account, password_cmd) },
	{ "password_env", STR(struct config_account, password_env) },
	{ "password_file", STR(struct config_account, password_file) },
	/* X: the API's address is the account's service. */
	{ "api", STR(struct config_account, service) },
	{ "client_id", STR(struct config_account, client_id) },
	{ "bearer_cmd", STR(struct config_account, bearer_cmd) },
	{ "bearer_env", STR(struct config_account, bearer_env) },
	{ "budget", STR(struct config_account, budget) },
};

struct config_member {
	char	*name, *role;
};
static const struct config_opt config_member_opts[] = {
	{ "name", STR(struct config_member, name), .flags = CONFIG_NAME },
	{ "role", STR(struct config_member, role) },
};

static const struct config_opt config_policy_opts[] = {
	{ "banned", .kind = CONFIG_SECTION, .section = config_parse_banned },
	{ "required", .kind = CONFIG_SECTION,
	  .section = config_parse_required },
	{ "confirm_accounts", CONFIG_LIST,
	  offsetof(struct config, policy_confirm),
	  offsetof(struct config, npolicy_confirm), 0, 0, NULL,
	  CONFIG_ACCOUNT, NULL, 0 },
	{ "send_delay", CONFIG_INT, offsetof(struct config, policy_send_delay),
	  0, 0, INT_MAX, NULL, 0, NULL, 0 },
	{ "approval", .kind = CONFIG_SECTION,
	  .section = config_parse_approval },
};

static const struct config_opt config_approval_opts[] = {
	{ "required_for", CONFIG_LIST,
	  offsetof(struct config, policy_approval_for),
	  offsetof(struct config, npolicy_approval_for), 0, 0, NULL,
	  0, NULL, 0 },
	{ "approvers", CONFIG_LIST,
	  offsetof(struct config, policy_approvers),
	  offsetof(struct config, npolicy_approvers), 0, 0, NULL,
	  0, NULL, 0 },
};

struct config_required_entry {
	char	*text, *append;
};
static const char *const config_booleans[] = { "true", "false", NULL };
static const struct config_opt config_required_opts[] = {
	{ "text", .kind = CONFIG_STRING,
	  .offset = offsetof(struct config_required_entry, text) },
	{ "append", .kind = CONFIG_STRING,
	  .offset = offsetof(struct config_required_entry, append),
	  .choices = config_booleans },
};

const char *const config_rule_kinds[] = {
	"mention", "reply", "quote", "post", "repost", "like", "follow",
	"poll", "update", NULL
};
static const char *const config_rule_statuses[] = {
	"new", "open", "done", "ignored", NULL
};
#define LIST(s, f, n)	.kind = CONFIG_LIST, .offset = offsetof(s, f), \
			.count = offsetof(s, n), .flags = CONFIG_ONE
static const struct config_opt config_rule_opts[] = {
	{ "name", STR(struct config_rule, name) },
	{ "match", STR(struct config_rule, match) },
	{ "from", LIST(struct config_rule, from, nfrom) },
	{ "columns", LIST(struct config_rule, columns, ncolumns) },
	{ "network", STR(struct config_rule, network) },
	{ "lang", STR(struct config_rule, lang) },
	{ "followers", CONFIG_INT, offsetof(struct config_rule, followers), 0,
	  0, INT_MAX, NULL, 0, NULL, 0 },
	{ "kind", LIST(struct config_rule, kinds, nkinds),
	  .choices = config_rule_kinds },
	{ "tag", STR(struct config_rule, tag) },
	{ "assign", STR(struct config_rule, assign), .flags = CONFIG_NAME },
	{ "status", STR(struct config_rule, status),
	  .choices = config_rule_statuses },
	{ "priority", CONFIG_INT, offsetof(struct config_rule, priority), 0,
	  0, 9999, NULL, 0, NULL, 0 },
	{ "stop", CONFIG_BOOL, offsetof(struct config_rule, stop), 0, 0, 0,
	  NULL, 0, NULL, 0 },
};
#undef LIST

#undef STR

/* Every table, for config_option_each. */
static const struct {
	const char		*section;
	const struct config_opt	*opts;
	size_t			 n;
} config_sections[] = {
	{ NULL, config_top, nitems(config_top) },
	{ "team", config_member_opts, nitems(config_member_opts) },
	{ "accounts", config_account_opts, nitems(config_account_opts) },
	{ "columns", config_column_opts, nitems(config_column_opts) },
	{ "policy", config_policy_opts, nitems(config_policy_opts) },
	{ "rules", config_rule_opts, nitems(config_rule_opts) },
	{ "approval", config_approval_opts, nitems(config_approval_opts) },
};

void
config_errors_add(struct config_errors *errs, const char *file, int line,
    int col, const char *fmt, ...)
{
	char	 msg[2048], *s, *p;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		xasprintf(&s, "%s:%d:%d: %s", file, line, col, msg);
	else
		xasprintf(&s, "%s: %s", file, msg);
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	errs->v = xreallocarray(errs->v, errs->n + 1, sizeof *errs->v);
	errs->v[errs->n++] = s;
}

void
config_errors_free(struct config_errors *errs)
{
	size_t	i;

	for (i = 0; i < errs->n; i++)
		free(errs->v[i]);
	free(errs->v);
	errs->v = NULL;
	errs->n = 0;
}

static void
config_free_strings(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
config_free_column(struct config_column *c)
{
	free(c->title);
	free(c->source);
	free(c->account);
	free(c->type);
	free(c->channel);
	free(c->query);
	free(c->to);
	free(c->tag);
	free(c->status);
	free(c->list);
	free(c->types);
	free(c->reasons);
	free(c->url);
	free(c->command);
	free(c->sort);
	free(c->dir);
}

static void
config_free_columns(struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->ncolumns; i++)
		config_free_column(&cfg->columns[i]);
	free(cfg->columns);
	cfg->columns = NULL;
	cfg->ncolumns = 0;
}

static void
config_free_accounts(struct config *cfg)
{
	struct config_account	*a;
	size_t			 i;

	for (i = 0; i < cfg->naccounts; i++) {
		a = &cfg->accounts[i];
		free(a->name);
		free(a->network);
		free(a->instance);
		free(a->service);
		free(a->handle);
		free(a->token_cmd);
		free(a->token_env);
		free(a->token_file);
		free(a->password_cmd);
		free(a->password_env);
		free(a->password_file);
		free(a->client_id);
		free(a->bearer_cmd);
		free(a->bearer_env);
		free(a->budget);
	}
	free(cfg->accounts);
	cfg->accounts = NULL;
	cfg->naccounts = 0;
}

static void
config_free_kvs(struct config_kv *kv, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void
config_free_keys(struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->nkeys; i++) {
		free(cfg->keys[i].key);
		free(cfg->keys[i].command);
	}
	free(cfg->keys);
	cfg->keys = NULL;
	cfg->nkeys = 0;
}

static void
config_free_required(struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->npolicy_required; i++) {
		free(cfg->policy_required[i].account);
		free(cfg->policy_required[i].text);
	}
	free(cfg->policy_required);
	cfg->policy_required = NULL;
	cfg->npolicy_required = 0;
}

static void
config_free_rules(struct config *cfg)
{
	struct config_rule	*r;
	size_t			 i;

	for (i = 0; i < cfg->nrules; i++) {
		r = &cfg->rules[i];
		free(r->name);
		free(r->match);
		config_free_strings(r->from, r->nfrom);
		config_free_strings(r->columns, r->ncolumns);
		config_free_strings(r->kinds, r->nkinds);
		free(r->network);
		free(r->lang);
		free(r->tag);
		free(r->assign);
		free(r->status);
	}
	free(cfg->rules);
	cfg->rules = NULL;
	cfg->nrules = 0;
}

static void
config_free_team(struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->nteam; i++) {
		free(cfg->team[i]);
		free(cfg->team_roles[i]);
	}
	free(cfg->team);
	free(cfg->team_roles);
	cfg->team = cfg->team_roles = NULL;
	cfg->nteam = 0;
}

void
config_free(struct config *cfg)
{
	free(cfg->path);
	free(cfg->me);
	free(cfg->theme);
	free(cfg->store);
	free(cfg->store_password_cmd);
	free(cfg->alerts);
	config_free_columns(cfg);
	config_free_keys(cfg);
	config_free_accounts(cfg);
	config_free_team(cfg);
	config_free_kvs(cfg->tags, cfg->ntags);
	config_free_kvs(cfg->templates, cfg->ntemplates);
	config_free_strings(cfg->policy_banned, cfg->npolicy_banned);
	config_free_strings(cfg->policy_confirm, cfg->npolicy_confirm);
	config_free_strings(cfg->policy_approval_for,
	    cfg->npolicy_approval_for);
	config_free_strings(cfg->policy_approvers, cfg->npolicy_approvers);
	config_free_required(cfg);
	config_free_rules(cfg);
	memset(cfg, 0, sizeof *cfg);
}

static void
config_column_defaults(struct config_column *c)
{
	memset(c, 0, sizeof *c);
	c->rate = 0.2;
	c->backlog = 20;
	c->width = 0;
}

static char	**config_column_slot(struct config_column *, const char *);

/* The deck of the first network that has one (the demo's). */
void
config_demo_columns(struct config *cfg)
{
	const struct network			*net;
	const struct network_deck_column	*d;
	struct config_column			*c;
	char					**kind;
	size_t					 i, n;

	config_free_columns(cfg);
	for (i = 0; (net = network_at(i)) != NULL && net->deck == NULL; i++)
		;
	if (net == NULL)
		return;
	d = net->deck;
	for (n = 0; d[n].title != NULL; n++)
		;
	cfg->columns = xcalloc(n, sizeof *cfg->columns);
	for (i = 0; i < n; i++) {
		c = &cfg->columns[cfg->ncolumns++];
		config_column_defaults(c);
		c->title = xstrdup(d[i].title);
		c->source = xstrdup(net->name);
		if ((kind = config_column_slot(c, net->column_key)) != NULL)
			*kind = xstrdup(d[i].kind);
		if (d[i].query != NULL)
			c->query = xstrdup(d[i].query);
		c->rate = d[i].rate;
	}
}

void
config_defaults(struct config *cfg)
{
	const char	*user = getenv("USER");

	memset(cfg, 0, sizeof *cfg);
	cfg->me = xstrdup(user != NULL && *user != '\0' ? user : "me");
	cfg->theme = xstrdup("default");
	config_demo_columns(cfg);
}

int
config_option_each(size_t *i, const char **section, const char **name)
{
	size_t	s, k = *i;

	for (s = 0; s < nitems(config_sections); s++) {
		if (k < config_sections[s].n) {
			*section = config_sections[s].section;
			*name = config_sections[s].opts[k].name;
			(*i)++;
			return 1;
		}
		k -= config_sections[s].n;
	}
	return 0;
}

static bool
config_in(const char *const *list, const char *s)
{
	size_t	i;

	for (i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0)
			return true;
	}
	return false;
}

/* Plain decimal only: strtod alone would take "0x10", "inf" and "nan". */
static bool
config_number(const char *s, double *out)
{
	const char	*p = s;
	char		*end;
	bool		 digits = false;

	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return false;
	*out = strtod(s, &end);
	return isfinite(*out);
}

static bool
config_integer(const char *s, long *out)
{
	const char	*p = s;
	char		*end;

	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	*out = strtol(s, &end, 10);
	return *end == '\0' && errno == 0;
}

static void
config_check_account(struct config_parser *p, yaml_node_t *at,
    const char *name)
{
	const char	**names;
	char		 *list, buf[128];
	size_t		  i;

	for (i = 0; i < p->naccounts; i++) {
		if (strcmp(ydoc_string(p->accounts[i]), name) == 0)
			return;
	}
	ydoc_quote(name, buf, sizeof buf);
	if (p->naccounts == 0) {
		ydoc_error(&p->y, at, "unknown account %s (no accounts are "
		    "defined)", buf);
		return;
	}
	names = xcalloc(p->naccounts + 1, sizeof *names);
	for (i = 0; i < p->naccounts; i++)
		names[i] = ydoc_string(p->accounts[i]);
	list = ydoc_join(names);
	ydoc_error(&p->y, at, "unknown account %s (expected one of: %s)", buf,
	    list);
	free(list);
	free(names);
}

/* Adds s to a NULL-ended list unless it is there. */
static void
config_list_add(const char ***list, size_t *n, const char *s)
{
	if (config_in(*list, s))
		return;
	*list = xreallocarray(*list, *n + 2, sizeof **list);
	(*list)[(*n)++] = s;
	(*list)[*n] = NULL;
}

/* The allowed values the registry decides, in table order. */
static void
config_from_registry(struct config_parser *p)
{
	const struct network		*net;
	const struct network_column	*c;
	size_t				 n[CONFIG_FROM_N] = { 0 }, i, k;
	enum config_from		 name, kinds;

	for (k = 0; k < CONFIG_FROM_N; k++)
		p->from[k] = xcalloc(1, sizeof *p->from[k]);
	for (i = 0; (net = network_at(i)) != NULL; i++) {
		name = net->account ? CONFIG_FROM_NETWORKS : CONFIG_FROM_SOURCES;
		kinds = net->account ? CONFIG_FROM_TYPES : CONFIG_FROM_CHANNELS;
		config_list_add(&p->from[name], &n[name], net->name);
		/* A source of one kind of column is not told which. */
		if (!net->account && net->columns[0].type != NULL &&
		    net->columns[1].type == NULL)
			continue;
		for (c = net->columns; c->type != NULL; c++)
			config_list_add(&p->from[kinds], &n[kinds], c->type);
	}
	for (i = 0; config_virtual_types[i] != NULL; i++)
		config_list_add(&p->from[CONFIG_FROM_TYPES],
		    &n[CONFIG_FROM_TYPES], config_virtual_types[i]);
}

static void
config_check_choice(struct config_parser *p, const struct config_opt *o,
    yaml_node_t *at, const char *value)
{
	const char *const	*choices = o->choices;
	char			*list, buf[128];

	if (o->from != CONFIG_FROM_NONE)
		choices = p->from[o->from];
	if (choices == NULL || config_in(choices, value))
		return;
	list = ydoc_join(choices);
	ydoc_error(&p->y, at, "unknown %s %s (expected one of: %s)", o->name,
	    ydoc_quote(value, buf, sizeof buf), list);
	free(list);
}

bool
config_alerts(const struct config *cfg)
{
	return cfg->alerts == NULL || strcmp(cfg->alerts, "false") != 0;
}

/* A duration as --since takes it ("90s", "30m", "2h", "2w", "1h30m"; a bare
 * number is minutes) to seconds; -1 if invalid or over a year. */
int
config_budget(const char *s, long *n, int *per_day)
{
	char	*end;

	if (s == NULL || *s < '1' || *s > '9')
		return -1;
	*n = strtol(s, &end, 10);
	if (*n <= 0 || *n > 100000000L || *end != '/')
		return -1;
	if (strcmp(end + 1, "day") == 0)
		*per_day = 1;
	else if (strcmp(end + 1, "month") == 0)
		*per_day = 0;
	else
		return -1;
	return 0;
}

long
config_duration(const char *s)
{
	char	*end;
	int64_t	 t;
	long	 n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (*end == '\0')
		t = (int64_t)n * 60;
	else if (clock_parse_duration(s, &t) != 0)
		return -1;
	if (t <= 0 || t > 366L * 86400)
		return -1;
	return (long)t;
}

/* "must be a number ≥ 0", "must be an integer from 0 to 1000". */
static void
config_range_error(struct config_parser *p, const struct config_opt *o,
    yaml_node_t *v)
{
	char	got[128], what[128];

	if (o->kind == CONFIG_NUMBER && o->max == HUGE_VAL)
		snprintf(what, sizeof what, "a number ≥ %g", o->min);
	else if (o->kind == CONFIG_NUMBER)
		snprintf(what, sizeof what, "a number from %g to %g", o->min,
		    o->max);
	else if (o->kind == CONFIG_WIDTH)
		snprintf(what, sizeof what, "\"auto\" or an integer ≥ %g",
		    o->min);
	else if (o->kind == CONFIG_DURATION && o->min > 0)
		snprintf(what, sizeof what, "a duration of at least %gs, like "
		    "30s, 2m or 1h", o->min);
	else if (o->kind == CONFIG_DURATION)
		snprintf(what, sizeof what, "a duration like 90s, 30m, 2h, 1d, 2w or 1h30m");
	else if (o->max >= INT_MAX)
		snprintf(what, sizeof what, "an integer ≥ %g", o->min);
	else
		snprintf(what, sizeof what, "an integer from %g to %g", o->min,
		    o->max);
	ydoc_error(&p->y, v, "\"%s\" must be %s, got %s", o->name, what,
	    ydoc_got(v, got, sizeof got));
}

static void
config_set_list(struct config_parser *p, const struct config_opt *o,
    void *base, yaml_node_t *v)
{
	char		***slot = (char ***)(void *)((char *)base + o->offset);
	size_t		  *count = (size_t *)(void *)((char *)base + o->count);
	yaml_node_item_t  *it;
	yaml_node_t	  *item;
	const char	  *s;
	char		   what[64];

	snprintf(what, sizeof what, "\"%s\"", o->name);
	if ((o->flags & CONFIG_ONE) && ydoc_string(v) != NULL) {
		config_free_strings(*slot, *count);
		*slot = xcalloc(1, sizeof **slot);
		(*slot)[0] = xstrdup(ydoc_string(v));
		*count = 1;
		config_check_choice(p, o, v, ydoc_string(v));
		return;
	}
	if (!ydoc_expect(&p->y, v, YAML_SEQUENCE_NODE, what))
		return;
	config_free_strings(*slot, *count);
	*slot = NULL;
	*count = 0;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL)
			continue;
		snprintf(what, sizeof what, "%s[%zu]", o->name,
		    (size_t)(it - v->data.sequence.items.start));
		if (!ydoc_expect(&p->y, item, YAML_SCALAR_NODE, what))
			continue;
		s = ydoc_string(item);
		if (o->flags & CONFIG_ACCOUNT)
			config_check_account(p, item, s);
		config_check_choice(p, o, item, s);
		*slot = xreallocarray(*slot, *count + 1, sizeof **slot);
		(*slot)[(*count)++] = xstrdup(s);
	}
}

/* A list of words ([mention, reply]) kept as the string "mention, reply". */
static void
config_set_words(struct config_parser *p, void *field, yaml_node_t *v,
    const char *what)
{
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	char			*out = xstrdup(""), *next;

	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL)
			continue;
		if (!ydoc_expect(&p->y, item, YAML_SCALAR_NODE, what))
			continue;
		xasprintf(&next, "%s%s%s", out, *out ? ", " : "",
		    ydoc_string(item));
		free(out);
		out = next;
	}
	free(*(char **)field);
	*(char **)field = out;
}

/* Applies one option's value to base (a struct config, column, account...). */
static void
config_set(struct config_parser *p, const struct config_opt *o, void *base,
    yaml_node_t *v)
{
	void		*field = (char *)base + o->offset;
	const char	*s = ydoc_string(v), *why;
	char		 what[64];
	double		 d;
	long		 l;

	switch (o->kind) {
	case CONFIG_STRING:
		snprintf(what, sizeof what, "\"%s\"", o->name);
		if ((o->flags & CONFIG_WORDS) && v->type == YAML_SEQUENCE_NODE) {
			config_set_words(p, field, v, what);
			return;
		}
		if (!ydoc_expect(&p->y, v, YAML_SCALAR_NODE, what))
			return;
		free(*(char **)field);
		*(char **)field = xstrdup(s);
		config_check_choice(p, o, v, s);
		if (o->flags & CONFIG_ACCOUNT)
			config_check_account(p, v, s);
		if ((o->flags & CONFIG_NAME) && (why = name_check(s)) != NULL)
			ydoc_error(&p->y, v, "\"%s\": %s", o->name, why);
		return;
	case CONFIG_NUMBER:
		if (s == NULL || !config_number(s, &d) || d < o->min ||
		    d > o->max) {
			config_range_error(p, o, v);
			return;
		}
		*(double *)field = d;
		return;
	case CONFIG_WIDTH:
		if (s != NULL && strcmp(s, "auto") == 0) {
			*(int *)field = 0;
			return;
		}
		/* FALLTHROUGH */
	case CONFIG_INT:
		if (s == NULL || !config_integer(s, &l) || l < o->min ||
		    l > o->max) {
			config_range_error(p, o, v);
			return;
		}
		*(int *)field = (int)l;
		return;
	case CONFIG_DURATION:
		if (s == NULL || (l = config_duration(s)) <= 0 || l < o->min) {
			config_range_error(p, o, v);
			return;
		}
		*(int *)field = (int)l;
		return;
	case CONFIG_LIST:
		config_set_list(p, o, base, v);
		return;
	case CONFIG_BOOL:
		if (s == NULL || (strcmp(s, "true") != 0 &&
		    strcmp(s, "false") != 0)) {
			ydoc_error(&p->y, v, "\"%s\" must be true or false, "
			    "got %s", o->name, ydoc_got(v, what, sizeof what));
			return;
		}
		*(bool *)field = strcmp(s, "true") == 0;
		return;
	case CONFIG_SECTION:
		o->section(p, v);
		return;
	}
}

struct config_walk {
	struct config_parser	*p;
	const struct config_opt	*opts;
	void			*base;
};

static void
config_walk_pair(struct ydoc *y, size_t row, yaml_node_t *key,
    yaml_node_t *value, void *arg)
{
	struct config_walk	*w = arg;

	(void)y;
	(void)key;
	config_set(w->p, &w->opts[row], w->base, value);
}

static void
config_walk(struct config_parser *p, yaml_node_t *map, const char *where,
    const struct config_opt *opts, size_t n, void *base)
{
	struct config_walk	w = { p, opts, base };

	ydoc_map(&p->y, map, where, opts, sizeof *opts, n, config_walk_pair,
	    &w);
}

/* Copies s with its first letter in capitals. */
static char *
config_capital(const char *s)
{
	char	*t = xstrdup(s);

	if (*t >= 'a' && *t <= 'z')
		*t = (char)(*t - 'a' + 'A');
	return t;
}

static char *
config_column_title(const struct config_column *c)
{
	const char	*kind = c->channel != NULL ? c->channel : c->type;
	char		*s, *cap;

	if (kind == NULL)
		kind = c->account != NULL ? c->account : "column";
	/* A column of a program or a document: what it runs or reads. */
	if (c->command != NULL)
		return xstrdup(c->command);
	if (c->url != NULL)
		return xstrdup(c->url + (strstr(c->url, "://") != NULL ?
		    strstr(c->url, "://") - c->url + 3 : 0));
	if (strcmp(kind, "hashtag") == 0 && c->query != NULL)
		xasprintf(&s, "#%s", c->query + (*c->query == '#'));
	else if (strcmp(kind, "assigned") == 0)
		xasprintf(&s, "Assigned to %s", c->to != NULL ? c->to : "me");
	else if (strcmp(kind, "tagged") == 0 && c->tag != NULL)
		xasprintf(&s, "Tagged %s", c->tag);
	else if (strcmp(kind, "status") == 0 && c->status != NULL)
		xasprintf(&s, "Status %s", c->status);
	else if (c->query != NULL) {
		cap = config_capital(kind);
		xasprintf(&s, "%s \"%s\"", cap, c->query);
		free(cap);
	} else
		s = config_capital(kind);
	return s;
}

/* The row of a network written as name: exact, and configured the way
 * the entry says (account or source); else NULL. */
static const struct network *
config_network(const char *name, bool account)
{
	const struct network	*net = network_find(name);

	if (net == NULL || strcmp(net->name, name) != 0 ||
	    net->account != account)
		return NULL;
	return net;
}

/* Where the string option name of opts (a column's or an account's) is
 * kept in base, or NULL. */
static char **
config_slot(const struct config_opt *opts, size_t n, void *base,
    const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (opts[i].kind == CONFIG_STRING &&
		    strcmp(opts[i].name, name) == 0)
			return (char **)(void *)((char *)base + opts[i].offset);
	return NULL;
}

static char **
config_column_slot(struct config_column *c, const char *name)
{
	return config_slot(config_column_opts, nitems(config_column_opts), c,
	    name);
}

static const char *
config_column_field(const struct config_column *c, const char *name)
{
	char	**slot = config_column_slot((struct config_column *)c, name);

	return slot != NULL ? *slot : NULL;
}

static void
config_check_types(struct config_parser *p, const struct network *net,
    const char *value, const char *key, yaml_node_t *at, const char *where)
{
	static const char *const none[] = { NULL };
	const char *const	*kinds = net->notification_kinds ?
				    net->notification_kinds : none;
	char			*copy = xstrdup(value), *word, *save, *list;

	for (word = strtok_r(copy, ", ", &save); word != NULL;
	    word = strtok_r(NULL, ", ", &save)) {
		if (config_in(kinds, word))
			continue;
		list = ydoc_join(kinds);
		ydoc_error(&p->y, at, "%s: unknown notification type \"%s\" in "
		    "\"%s\" (expected one of: %s)", where, word, key, list);
		free(list);
	}
	free(copy);
}

/* The key a kind of column cannot do without. */
static void
config_check_needs(struct config_parser *p, const struct network *net,
    const struct network_column *col, const struct config_column *c,
    yaml_node_t *at, const char *where)
{
	if (col->needs == NULL || config_column_field(c, col->needs) != NULL ||
	    (col->needs_or != NULL &&
	    config_column_field(c, col->needs_or) != NULL))
		return;
	ydoc_error(&p->y, at, "%s: %s \"%s\" needs \"%s\"%s%s%s", where,
	    net->column_key, col->type, col->needs, col->needs_what ? " (" : "",
	    col->needs_what ? col->needs_what : "",
	    col->needs_what ? ")" : "");
}

/* Keys whose meaning depends on the kind of column: written, they must be
 * ones its kind reads. */
static void
config_check_takes(struct config_parser *p, const struct network *net,
    const struct network_column *col, yaml_node_t *at, const char *where)
{
	const struct config_opt	*o;
	size_t			 i;

	for (i = 0; i < nitems(config_column_opts); i++) {
		o = &config_column_opts[i];
		if (!(o->flags & CONFIG_BY_KIND) ||
		    ydoc_find(&p->y, at, o->name) == NULL ||
		    strcmp(o->name, net->column_key) == 0 ||
		    (col->needs && strcmp(o->name, col->needs) == 0) ||
		    (col->needs_or && strcmp(o->name, col->needs_or) == 0) ||
		    (col->takes && config_in(col->takes, o->name)))
			continue;
		ydoc_error(&p->y, at, "%s: a %s \"%s\" column takes no \"%s\"",
		    where, net->name, col->type, o->name);
	}
}

/* The network of the column's account (written before or after it), or
 * NULL. */
static const struct network *
config_account_net(struct config_parser *p, const struct config_column *c)
{
	size_t	i;

	for (i = 0; i < p->naccounts; i++)
		if (strcmp(ydoc_string(p->accounts[i]), c->account) == 0)
			return p->networks[i] != NULL ?
			    config_network(p->networks[i], true) : NULL;
	return NULL;
}

/* What a network column needs: a known type for its network, and the
 * keys that type reads. Found now, not when the column starts. */
static void
config_network_column(struct config_parser *p, struct config_column *c,
    yaml_node_t *at, const char *where)
{
	const struct network		*net = config_account_net(p, c);
	const struct network_column	*col;

	if (net == NULL)
		return;		/* an unknown account or network is reported */
	if (c->type == NULL)
		c->type = xstrdup(net->default_column);
	if (!config_in(p->from[CONFIG_FROM_TYPES], c->type))
		return;		/* so is a type no network has */
	if ((col = network_column(net, c->type)) == NULL) {
		ydoc_error(&p->y, at, "%s: a %s account has no \"%s\" "
		    "column", where, net->name, c->type);
		return;
	}
	if (c->query != NULL && c->query[strspn(c->query, " \t")] == '\0') {
		ydoc_error(&p->y, at, "%s: \"query\" is empty", where);
		return;
	}
	if (c->types != NULL)
		config_check_types(p, net, c->types, "types", at, where);
	if (c->reasons != NULL)
		config_check_types(p, net, c->reasons, "reasons", at, where);
	config_check_needs(p, net, col, c, at, where);
	config_check_takes(p, net, col, at, where);
}

/* A source: column: the kind its network's column_key names, by default
 * the type when that is one of its kinds, else its default. */
static void
config_source_column(struct config_parser *p, struct config_column *c,
    yaml_node_t *at, const char *where)
{
	const struct network		*net = config_network(c->source, false);
	const struct network_column	*col;
	const char			*kind;
	char				**field;

	if (net == NULL ||
	    (field = config_column_slot(c, net->column_key)) == NULL)
		return;		/* reported by the walk */
	if (*field == NULL) {
		kind = c->type != NULL && network_column(net, c->type) ?
		    c->type : net->default_column;
		*field = xstrdup(kind);
	}
	if ((col = network_column(net, *field)) == NULL) {
		/* The walk knows the kinds of every source, not of this one. */
		if (config_in(p->from[CONFIG_FROM_CHANNELS], *field))
			ydoc_error(&p->y, at, "%s: a %s source has no %s "
			    "\"%s\"", where, net->name, net->column_key,
			    *field);
		return;
	}
	config_check_needs(p, net, col, c, at, where);
	config_check_takes(p, net, col, at, where);
}

/* Whole-entry checks, and the defaults that depend on other keys. */
static void
config_column_finish(struct config_parser *p, struct config_column *c,
    yaml_node_t *at, const char *where)
{
	size_t	 i;
	bool	 virtual;
	char	*tag, why[128];

	virtual = c->type != NULL && config_in(config_virtual_types, c->type);
	if (c->source == NULL && c->account == NULL && !virtual)
		ydoc_error(&p->y, at, "%s: \"source\" or \"account\" is "
		    "required", where);
	if (c->source != NULL && c->account != NULL)
		ydoc_error(&p->y, at, "%s: \"source\" and \"account\" exclude "
		    "each other", where);
	if (c->tag != NULL && (*c->tag == '\0' || strpbrk(c->tag, " \t#,")))
		ydoc_error(&p->y, at, "%s: \"tag\" is one word, without \"#\"",
		    where);
	else if (c->tag != NULL) {
		/* Tags are case-insensitive: the store keeps them folded. */
		if ((tag = name_tag(c->tag, why, sizeof why)) == NULL)
			ydoc_error(&p->y, at, "%s: \"tag\": %s", where, why);
		else {
			free(c->tag);
			c->tag = tag;
		}
	}
	if (c->inbox && virtual)
		ydoc_error(&p->y, ydoc_find(&p->y, at, "inbox"), "%s: a store "
		    "column (type \"%s\") cannot be an inbox", where, c->type);
	for (i = 0; c->type != NULL && i < nitems(config_type_needs); i++) {
		if (strcmp(c->type, config_type_needs[i].type) == 0 &&
		    *(char **)(void *)((char *)c +
		    config_type_needs[i].offset) == NULL)
			ydoc_error(&p->y, at, "%s: type \"%s\" needs \"%s\"",
			    where, c->type, config_type_needs[i].needs);
	}

	/* A program runs, and relative paths resolve, in the config's
	 * folder. */
	if (p->cfg->path != NULL && c->dir == NULL) {
		const char *slash = strrchr(p->cfg->path, '/');

		c->dir = slash == NULL ? xstrdup(".") : slash == p->cfg->path ?
		    xstrdup("/") : xstrndup(p->cfg->path,
		    (size_t)(slash - p->cfg->path));
	}
	if (c->account != NULL)
		config_network_column(p, c, at, where);
	else if (c->source != NULL)
		config_source_column(p, c, at, where);
	if (c->title == NULL || *c->title == '\0') {
		free(c->title);
		c->title = config_column_title(c);
	}
}

static void
config_parse_columns(struct config_parser *p, yaml_node_t *v)
{
	struct config		*cfg = p->cfg;
	struct config_column	*c;
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	char			 where[64];
	size_t			 n;

	if (!ydoc_expect(&p->y, v, YAML_SEQUENCE_NODE, "\"columns\""))
		return;
	config_free_columns(cfg);
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	cfg->columns = xcalloc(n + 1, sizeof *cfg->columns);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL)
			continue;
		snprintf(where, sizeof where, "columns[%zu]",
		    (size_t)(it - v->data.sequence.items.start));
		if (!ydoc_expect(&p->y, item, YAML_MAPPING_NODE, where))
			continue;
		c = &cfg->columns[cfg->ncolumns++];
		config_column_defaults(c);
		c->line = (int)item->start_mark.line + 1;
		config_walk(p, item, where, config_column_opts,
		    nitems(config_column_opts), c);
		config_column_finish(p, c, item, where);
	}
}

/* Account names are collected before the walk so that a column may name an
 * account written further down, and errors still come out in file order. */
static void
config_scan_accounts(struct config_parser *p, yaml_node_t *root)
{
	yaml_node_t		*list, *item, *name, *network;
	yaml_node_item_t	*it;

	list = ydoc_find(&p->y, root, "accounts");
	if (list == NULL || list->type != YAML_SEQUENCE_NODE)
		return;
	for (it = list->data.sequence.items.start;
	    it < list->data.sequence.items.top; it++) {
		item = ydoc_node(&p->y, *it);
		if (item == NULL || item->type != YAML_MAPPING_NODE)
			continue;
		name = ydoc_find(&p->y, item, "name");
		if (name == NULL || ydoc_string(name) == NULL)
			continue;
		network = ydoc_find(&p->y, item, "network");
		p->accounts = xreallocarray(p->accounts, p->naccounts + 1,
		    sizeof *p->accounts);
		p->networks = xreallocarray(p->networks, p->naccounts + 1,
		    sizeof *p->networks);
		p->networks[p->naccounts] = network ? ydoc_string(network) :
		    NULL;
		p->accounts[p->naccounts++] = name;
	}
}

/* What the account's network needs, and no key it does not read. */
static void
config_account_network(struct config_parser *p, struct config_account *a,
    yaml_node_t *at, const char *where)
{
	const struct network	*net = config_network(a->network, true);
	const char *const	*k;
	const char		*name;
	char			**slot;
	size_t			 i;

	if (net == NULL)
		return;		/* reported by the walk */
	for (k = net->account_needs; k != NULL && *k != NULL; k++)
		if ((slot = config_slot(config_account_opts,
		    nitems(config_account_opts), a, *k)) == NULL || *slot == NULL)
			ydoc_error(&p->y, at, "%s: a %s account needs \"%s\"",
			    where, net->name, *k);
	for (i = 0; i < nitems(config_account_opts); i++) {
		name = config_account_opts[i].name;
		if (strcmp(name, "name") == 0 || strcmp(name, "network") == 0 ||
		    ydoc_find(&p->y, at, name) == NULL ||
		    (net->account_needs && config_in(net->account_needs,
		    name)) ||
		    (net->account_takes && config_in(net->account_takes, name)))
			continue;
		ydoc_error(&p->y, at, "%s: a %s account takes no \"%s\"",
		    where, net->name, name);
	}
}

static void
config_account_finish(struct config_parser *p, struct config_account *a,
    yaml_node_t *at, const char *where)
{
	yaml_node_t	*name;
	char		 buf[128];
	size_t		 i;
	long		 n;
	int		 per_day;

	if (a->name == NULL)
		ydoc_error(&p->y, at, "%s: \"name\" is required", where);
	if (a->budget != NULL && config_budget(a->budget, &n, &per_day) != 0)
		ydoc_error(&p->y, ydoc_find(&p->y, at, "budget"), "%s: "
		    "\"budget\" is posts per day or month, like 3000/month or "
		    "200/day", where);
	if (a->network == NULL)
		ydoc_error(&p->y, at, "%s: \"network\" is required", where);
	else
		config_account_network(p, a, at, where);

	/* The scan saw the same names in the same order. */
	name = ydoc_find(&p->y, at, "name");
	if (a->name == NULL || name == NULL)
		return;
	for (i = 0; i < p->naccounts && p->accounts[i] != name; i++) {
		if (strcmp(ydoc_string(p->accounts[i]), a->name) == 0) {
			ydoc_error(&p->y, name, "duplicate account name %s "
			    "(first at line %zu)",
			    ydoc_quote(a->name, buf, sizeof buf),
			    p->accounts[i]->start_mark.line + 1);
			break;
		}
	}
}

static void
config_parse_accounts(struct config_parser *p, yaml_node_t *v)
{
	struct config		*cfg = p->cfg;
	struct config_account	*a;
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	char			 where[64];
	size_t			 n;

	if (!ydoc_expect(&p->y, v, YAML_SEQUENCE_NODE, "\"accounts\""))
		return;
	config_free_accounts(cfg);
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	cfg->accounts = xcalloc(n + 1, sizeof *cfg->accounts);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL)
			continue;
		snprintf(where, sizeof where, "accounts[%zu]",
		    (size_t)(it - v->data.sequence.items.start));
		if (!ydoc_expect(&p->y, item, YAML_MAPPING_NODE, where))
			continue;
		a = &cfg->accounts[cfg->naccounts++];
		config_walk(p, item, where, config_account_opts,
		    nitems(config_account_opts), a);
		config_account_finish(p, a, item, where);
	}
}

static void
config_parse_team(struct config_parser *p, yaml_node_t *v)
{
	struct config		*cfg = p->cfg;
	struct config_member	 m;
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	char			 where[64], got[128];
	const char		*why;
	size_t			 n, i;

	if (!ydoc_expect(&p->y, v, YAML_SEQUENCE_NODE, "\"team\""))
		return;
	config_free_team(cfg);
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	cfg->team = xcalloc(n + 1, sizeof *cfg->team);
	cfg->team_roles = xcalloc(n + 1, sizeof *cfg->team_roles);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL)
			continue;
		snprintf(where, sizeof where, "team[%zu]",
		    (size_t)(it - v->data.sequence.items.start));
		memset(&m, 0, sizeof m);
		if (ydoc_string(item) != NULL) {
			m.name = xstrdup(ydoc_string(item));
			if ((why = name_check(m.name)) != NULL)
				ydoc_error(&p->y, item, "%s: %s", where, why);
		}
		else if (item->type == YAML_MAPPING_NODE) {
			config_walk(p, item, where, config_member_opts,
			    nitems(config_member_opts), &m);
			if (m.name == NULL)
				ydoc_error(&p->y, item, "%s: \"name\" is "
				    "required", where);
		} else {
			ydoc_error(&p->y, item, "%s must be a string or a "
			    "mapping, got %s", where,
			    ydoc_got(item, got, sizeof got));
		}
		for (i = 0; m.name != NULL && i < cfg->nteam; i++) {
			if (strcmp(cfg->team[i], m.name) == 0) {
				ydoc_error(&p->y, item, "%s: %s is already in "
				    "the team", where,
				    ydoc_quote(m.name, got, sizeof got));
				break;
			}
		}
		if (m.name == NULL) {
			free(m.role);
			continue;
		}
		cfg->team[cfg->nteam] = m.name;
		cfg->team_roles[cfg->nteam++] = m.role;
	}
}

/* A template's placeholders: an unknown one is reported where it is, when
 * the text is on one line (else where the text starts). */
static void
config_check_template(struct ydoc *y, const yaml_node_t *value, const char *s,
    const char *what)
{
	yaml_mark_t	 mark = value->start_mark;
	char		 err[256];
	size_t		 at, i;

	if (template_check(s, &at, err, sizeof err) == 0)
		return;
	if (value->start_mark.line == value->end_mark.line) {
		if (value->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			mark.column++;		/* the quote */
		for (i = 0; i < at; i++)
			if (((unsigned char)s[i] & 0xc0) != 0x80)
				mark.column++;
	}
	config_errors_add(y->errs, y->file, (int)mark.line + 1,
	    (int)mark.column + 1, "template %s: %s", what, err);
}

/* tags and templates: name -> string, checked by kind. */
struct config_kv_walk {
	struct config_parser	*p;
	struct config_kv	**kv;
	size_t			 *n;
	bool			  colour;
};

static void
config_kv_pair(struct ydoc *y, size_t row, yaml_node_t *key,
    yaml_node_t *value, void *arg)
{
	struct config_kv_walk	*w = arg;
	const char		*name = (const char *)key->data.scalar.value;
	const char		*s;
	char			 what[128], buf[128], *tag;
	size_t			 i;

	(void)row;
	ydoc_quote(name, what, sizeof what);
	if (!ydoc_expect(y, value, YAML_SCALAR_NODE, what))
		return;
	s = ydoc_string(value);
	if (w->colour && theme_parse_color(s) == -2) {
		ydoc_error(y, value, "unknown colour %s for tag %s (expected a "
		    "colour name, 0..255 or #rrggbb)",
		    ydoc_quote(s, buf, sizeof buf), what);
	}
	/* tags: keys are tags, kept folded as the store keeps them. */
	if (w->colour) {
		if ((tag = name_tag(name, buf, sizeof buf)) == NULL) {
			ydoc_error(y, key, "tag %s: %s", what, buf);
			return;
		}
		for (i = 0; i < *w->n; i++)
			if (strcmp((*w->kv)[i].key, tag) == 0) {
				ydoc_error(y, key, "tag %s: the same tag as "
				    "\"%s\" (tags are case-insensitive)", what,
				    tag);
				free(tag);
				return;
			}
	} else {
		config_check_template(y, value, s, what);
		tag = xstrdup(name);
	}
	*w->kv = xreallocarray(*w->kv, *w->n + 1, sizeof **w->kv);
	(*w->kv)[*w->n].key = tag;
	(*w->kv)[(*w->n)++].value = xstrdup(s);
}

static void
config_parse_kvs(struct config_parser *p, yaml_node_t *v, const char *what,
    struct config_kv **kv, size_t *n, bool colour)
{
	struct config_kv_walk	w = { p, kv, n, colour };
	char			quoted[64];

	snprintf(quoted, sizeof quoted, "\"%s\"", what);
	if (!ydoc_expect(&p->y, v, YAML_MAPPING_NODE, quoted))
		return;
	config_free_kvs(*kv, *n);
	*kv = NULL;
	*n = 0;
	ydoc_map(&p->y, v, what, NULL, 0, 0, config_kv_pair, &w);
}

static void
config_parse_tags(struct config_parser *p, yaml_node_t *v)
{
	config_parse_kvs(p, v, "tags", &p->cfg->tags, &p->cfg->ntags, true);
}

static void
config_parse_templates(struct config_parser *p, yaml_node_t *v)
{
	config_parse_kvs(p, v, "templates", &p->cfg->templates,
	    &p->cfg->ntemplates, false);
}

static void
config_parse_policy(struct config_parser *p, yaml_node_t *v)
{
	if (!ydoc_expect(&p->y, v, YAML_MAPPING_NODE, "\"policy\""))
		return;
	config_walk(p, v, "policy", config_policy_opts,
	    nitems(config_policy_opts), p->cfg);
}

/* banned: phrases or regular expressions, each one that compiles. */
static void
config_parse_banned(struct config_parser *p, yaml_node_t *v)
{
	static const struct config_opt	 o = { "banned", CONFIG_LIST,
	    offsetof(struct config, policy_banned),
	    offsetof(struct config, npolicy_banned), 0, 0, NULL, 0, NULL, 0 };
	struct config			*cfg = p->cfg;
	yaml_node_item_t		*it;
	yaml_node_t			*item;
	char				 err[256];

	config_set_list(p, &o, cfg, v);
	if (v->type != YAML_SEQUENCE_NODE)
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL ||
		    ydoc_string(item) == NULL)
			continue;
		if (policy_pattern_check(ydoc_string(item), err,
		    sizeof err) != 0)
			ydoc_error(&p->y, item, "banned[%zu]: %s",
			    (size_t)(it - v->data.sequence.items.start), err);
	}
}

/* required: { ACCOUNT: { text: TEXT, append: true } } or ACCOUNT: TEXT. */
static void
config_required_pair(struct ydoc *y, size_t row, yaml_node_t *key,
    yaml_node_t *value, void *arg)
{
	struct config_parser		*p = arg;
	struct config			*cfg = p->cfg;
	struct config_required_entry	 e = { NULL, NULL };
	struct config_required		*r;
	const char			*name = ydoc_string(key);
	char				 where[160];

	(void)row;
	config_check_account(p, key, name);
	snprintf(where, sizeof where, "required: %s", name);
	if (ydoc_string(value) != NULL)
		e.text = xstrdup(ydoc_string(value));
	else if (ydoc_expect(y, value, YAML_MAPPING_NODE, where)) {
		config_walk(p, value, where, config_required_opts,
		    nitems(config_required_opts), &e);
		if (e.text == NULL)
			ydoc_error(y, value, "%s: \"text\" is required", where);
	}
	if (e.text != NULL && *e.text == '\0') {
		ydoc_error(y, value, "%s: \"text\" is empty", where);
		free(e.text);
		e.text = NULL;
	}
	if (e.text != NULL) {
		cfg->policy_required = xreallocarray(cfg->policy_required,
		    cfg->npolicy_required + 1, sizeof *cfg->policy_required);
		r = &cfg->policy_required[cfg->npolicy_required++];
		r->account = xstrdup(name);
		r->text = e.text;
		r->append = e.append != NULL && strcmp(e.append, "true") == 0;
	}
	free(e.append);
}

static void
config_parse_required(struct config_parser *p, yaml_node_t *v)
{
	if (!ydoc_expect(&p->y, v, YAML_MAPPING_NODE, "\"required\""))
		return;
	config_free_required(p->cfg);
	ydoc_map(&p->y, v, "required", NULL, 0, 0, config_required_pair, p);
}

/* approval: { required_for: [NAMES], approvers: [NAMES] }: whose posts
 * wait in the store for an approver, and who approves. The names are
 * checked against the team once the whole file is read. */
static void
config_parse_approval(struct config_parser *p, yaml_node_t *v)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*key, *val;
	size_t			 k;

	if (!ydoc_expect(&p->y, v, YAML_MAPPING_NODE, "\"approval\""))
		return;
	p->approval[0] = p->approval[1] = NULL;
	config_walk(p, v, "approval", config_approval_opts,
	    nitems(config_approval_opts), p->cfg);
	for (pair = v->data.mapping.pairs.start;
	    pair < v->data.mapping.pairs.top; pair++) {
		key = ydoc_node(&p->y, pair->key);
		val = ydoc_node(&p->y, pair->value);
		for (k = 0; k < 2 && key != NULL && val != NULL; k++)
			if (ydoc_string(key) != NULL && strcmp(ydoc_string(key),
			    config_approval_opts[k].name) == 0 &&
			    val->type == YAML_SEQUENCE_NODE)
				p->approval[k] = val;
	}
	if (p->approval[0] == NULL)
		ydoc_error(&p->y, v, "approval: \"required_for\" is required "
		    "(whose posts wait for an approver)");
	if (p->approval[1] == NULL)
		ydoc_error(&p->y, v, "approval: \"approvers\" is required "
		    "(who approves them)");
}

/* Every approval name is a teammate (or me), once the team is read. */
static void
config_check_approval(struct config_parser *p)
{
	static const char *const what[2] = { "required_for", "approvers" };
	const struct config	*cfg = p->cfg;
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	const char		*s, *why;
	char			 buf[128];
	size_t			 k, i;
	bool			 ok;

	for (k = 0; k < 2; k++) {
		if (p->approval[k] == NULL)
			continue;
		if (p->approval[k]->data.sequence.items.start ==
		    p->approval[k]->data.sequence.items.top)
			ydoc_error(&p->y, p->approval[k], "approval: \"%s\" "
			    "names nobody", what[k]);
		for (it = p->approval[k]->data.sequence.items.start;
		    it < p->approval[k]->data.sequence.items.top; it++) {
			if ((item = ydoc_node(&p->y, *it)) == NULL ||
			    (s = ydoc_string(item)) == NULL)
				continue;
			if ((why = name_check(s)) != NULL) {
				ydoc_error(&p->y, item, "approval: %s: %s",
				    what[k], why);
				continue;
			}
			ok = cfg->me != NULL && strcmp(cfg->me, s) == 0;
			for (i = 0; !ok && i < cfg->nteam; i++)
				ok = strcmp(cfg->team[i], s) == 0;
			if (!ok)
				ydoc_error(&p->y, item, "approval: %s: %s is not "
				    "in the team%s", what[k],
				    ydoc_quote(s, buf, sizeof buf),
				    cfg->nteam == 0 ? " (no team: is defined)" :
				    "");
		}
	}
}

/* rules: parsed after the rest, since they name columns and team members
 * written anywhere in the file. */
static void
config_parse_rules(struct config_parser *p, yaml_node_t *v)
{
	if (ydoc_expect(&p->y, v, YAML_SEQUENCE_NODE, "\"rules\""))
		p->rules = v;
}

bool
config_has_inbox(const struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->ncolumns; i++)
		if (cfg->columns[i].inbox)
			return true;
	return false;
}

static const struct config_column *
config_column_titled(const struct config *cfg, const char *title)
{
	size_t	i;

	for (i = 0; i < cfg->ncolumns; i++)
		if (strcmp(cfg->columns[i].title, title) == 0)
			return &cfg->columns[i];
	return NULL;
}

/* A list of the rule's key as the node it was written in: the value for a
 * single string, the i-th item of a list. */
static yaml_node_t *
config_rule_item(struct config_parser *p, yaml_node_t *map, const char *key,
    size_t i)
{
	yaml_node_t	*v = ydoc_find(&p->y, map, key), *item;

	if (v == NULL || v->type != YAML_SEQUENCE_NODE)
		return v != NULL ? v : map;
	if (v->data.sequence.items.start + i >= v->data.sequence.items.top ||
	    (item = ydoc_node(&p->y, v->data.sequence.items.start[i])) == NULL)
		return v;
	return item;
}

static void
config_rule_finish(struct config_parser *p, struct config_rule *r,
    yaml_node_t *at, const char *where)
{
	struct config		*cfg = p->cfg;
	const struct config_column *c;
	const struct network	*net;
	yaml_node_t		*v;
	regex_t			 re;
	char			 err[256], buf[128], *s;
	size_t			 i;
	int			 rc;

	if (r->name == NULL || *r->name == '\0')
		ydoc_error(&p->y, at, "%s: \"name\" is required", where);
	else if (name_has_control(r->name, false))
		ydoc_error(&p->y, ydoc_find(&p->y, at, "name"), "%s: \"name\" "
		    "may not contain a control character", where);
	for (i = 0; r->name != NULL && i < cfg->nrules; i++)
		if (cfg->rules[i].name != NULL &&
		    strcmp(cfg->rules[i].name, r->name) == 0) {
			ydoc_error(&p->y, ydoc_find(&p->y, at, "name"), "%s: "
			    "the name %s is taken by the rule at line %d",
			    where, ydoc_quote(r->name, buf, sizeof buf),
			    cfg->rules[i].line);
			break;
		}
	if (r->match != NULL) {
		if ((rc = regcomp(&re, r->match, REG_EXTENDED | REG_ICASE |
		    REG_NOSUB)) != 0) {
			regerror(rc, &re, err, sizeof err);
			ydoc_error(&p->y, ydoc_find(&p->y, at, "match"), "%s: "
			    "\"match\" is not a regular expression: %s",
			    where, err);
		} else
			regfree(&re);
	}
	for (i = 0; i < r->nfrom; i++) {
		s = r->from[i] + (*r->from[i] == '@');
		if (*s == '\0' || strpbrk(s, " \t") != NULL)
			ydoc_error(&p->y, config_rule_item(p, at, "from", i),
			    "%s: \"from\": %s is not a handle", where,
			    ydoc_quote(r->from[i], buf, sizeof buf));
		memmove(r->from[i], s, strlen(s) + 1);
	}
	for (i = 0; i < r->ncolumns; i++) {
		v = config_rule_item(p, at, "columns", i);
		ydoc_quote(r->columns[i], buf, sizeof buf);
		if ((c = config_column_titled(cfg, r->columns[i])) == NULL)
			ydoc_error(&p->y, v, "%s: no column is titled %s", where,
			    buf);
		else if (!c->inbox)
			ydoc_error(&p->y, v, "%s: column %s is not an inbox "
			    "(\"inbox: true\")", where, buf);
	}
	if (r->network != NULL && ((net = network_find(r->network)) == NULL ||
	    strcmp(net->name, r->network) != 0))
		ydoc_error(&p->y, ydoc_find(&p->y, at, "network"), "%s: unknown "
		    "network %s", where, ydoc_quote(r->network, buf,
		    sizeof buf));
	if (r->lang != NULL && (*r->lang == '\0' ||
	    strpbrk(r->lang, " \t,") != NULL))
		ydoc_error(&p->y, ydoc_find(&p->y, at, "lang"), "%s: \"lang\" "
		    "is one language code, like en or pt-BR", where);
	if (r->tag != NULL) {
		if ((s = name_tag(r->tag, err, sizeof err)) == NULL)
			ydoc_error(&p->y, ydoc_find(&p->y, at, "tag"), "%s: "
			    "\"tag\": %s", where, err);
		else {
			free(r->tag);
			r->tag = s;
		}
	}
	if (r->assign != NULL && strcmp(r->assign, "me") == 0) {
		free(r->assign);
		r->assign = xstrdup(cfg->me);
	} else if (r->assign != NULL && cfg->nteam > 0 &&
	    strcmp(r->assign, cfg->me) != 0 &&
	    !config_in((const char *const *)cfg->team, r->assign))
		ydoc_error(&p->y, ydoc_find(&p->y, at, "assign"), "%s: "
		    "\"assign\": %s is not in the team", where,
		    ydoc_quote(r->assign, buf, sizeof buf));
	if (r->tag == NULL && r->assign == NULL && r->status == NULL &&
	    r->priority < 0 && !r->stop)
		ydoc_error(&p->y, at, "%s: the rule does nothing (give it "
		    "\"tag\", \"assign\", \"status\", \"priority\" or "
		    "\"stop\")", where);
}

static void
config_rules_finish(struct config_parser *p)
{
	struct config		*cfg = p->cfg;
	struct config_rule	*r;
	yaml_node_item_t	*it;
	yaml_node_t		*item, *v = p->rules;
	char			 where[64];
	size_t			 n;

	config_free_rules(cfg);
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (n > 0 && !config_has_inbox(cfg))
		ydoc_error(&p->y, v, "rules: no column is an inbox (\"inbox: "
		    "true\"), so no rule would ever be tried");
	cfg->rules = xcalloc(n + 1, sizeof *cfg->rules);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL)
			continue;
		snprintf(where, sizeof where, "rules[%zu]",
		    (size_t)(it - v->data.sequence.items.start));
		if (!ydoc_expect(&p->y, item, YAML_MAPPING_NODE, where))
			continue;
		r = &cfg->rules[cfg->nrules];
		r->followers = r->priority = -1;
		r->line = (int)item->start_mark.line + 1;
		r->col = (int)item->start_mark.column + 1;
		config_walk(p, item, where, config_rule_opts,
		    nitems(config_rule_opts), r);
		config_rule_finish(p, r, item, where);
		cfg->nrules++;
	}
}

/* An inbox is recorded in the team's store: one must be named. */
static void
config_inbox_finish(struct config_parser *p, yaml_node_t *root)
{
	yaml_node_t		*cols = ydoc_find(&p->y, root, "columns");
	yaml_node_t		*item, *v;
	yaml_node_item_t	*it;

	if (p->cfg->store != NULL || cols == NULL ||
	    cols->type != YAML_SEQUENCE_NODE)
		return;
	for (it = cols->data.sequence.items.start;
	    it < cols->data.sequence.items.top; it++) {
		if ((item = ydoc_node(&p->y, *it)) == NULL ||
		    item->type != YAML_MAPPING_NODE ||
		    (v = ydoc_find(&p->y, item, "inbox")) == NULL ||
		    ydoc_string(v) == NULL || strcmp(ydoc_string(v), "true"))
			continue;
		ydoc_error(&p->y, v, "columns[%zu]: an inbox needs the team's "
		    "store (\"store:\" at the top level)",
		    (size_t)(it - cols->data.sequence.items.start));
	}
}

static void
config_key_pair(struct ydoc *y, size_t row, yaml_node_t *key,
    yaml_node_t *value, void *arg)
{
	struct config_parser	*p = arg;
	struct config		*cfg = p->cfg;
	struct config_binding	*b;
	const char		*name = (const char *)key->data.scalar.value;
	const char		*command = ydoc_string(value);
	char			 err[256], buf[128], buf2[128];
	int32_t			 code;
	size_t			 i;

	(void)row;
	code = keymap_parse_key(name);
	if (code == -1)
		ydoc_error(y, key, "unknown key name %s",
		    ydoc_quote(name, buf, sizeof buf));
	for (i = 0; code != -1 && i < cfg->nkeys; i++) {
		if (keymap_parse_key(cfg->keys[i].key) == code) {
			ydoc_error(y, key, "%s is the same key as %s (line %d)",
			    ydoc_quote(name, buf, sizeof buf),
			    ydoc_quote(cfg->keys[i].key, buf2, sizeof buf2),
			    cfg->keys[i].line);
			break;
		}
	}

	if (command == NULL && !ydoc_is_null(value)) {
		ydoc_error(y, value, "%s must be a command, got %s",
		    ydoc_quote(name, buf, sizeof buf),
		    ydoc_got(value, buf2, sizeof buf2));
		return;
	}
	if (command != NULL && p->check != NULL) {
		err[0] = '\0';
		if (p->check(command, err, sizeof err) != 0) {
			if (err[0] == '\0')
				snprintf(err, sizeof err, "unknown command %s",
				    ydoc_quote(command, buf, sizeof buf));
			ydoc_error(y, value, "%s", err);
		}
	}

	cfg->keys = xreallocarray(cfg->keys, cfg->nkeys + 1, sizeof *cfg->keys);
	b = &cfg->keys[cfg->nkeys++];
	b->key = xstrdup(name);
	b->command = command != NULL ? xstrdup(command) : NULL;
	b->line = (int)key->start_mark.line + 1;
	b->col = (int)key->start_mark.column + 1;
}

static void
config_parse_keys(struct config_parser *p, yaml_node_t *v)
{
	if (!ydoc_expect(&p->y, v, YAML_MAPPING_NODE, "\"keys\""))
		return;
	config_free_keys(p->cfg);
	ydoc_map(&p->y, v, "keys", NULL, 0, 0, config_key_pair, p);
}

int
config_parse(struct config *cfg, const char *name, const char *buf,
    size_t len, config_command_check check, struct config_errors *errs)
{
	struct config_parser	 p;
	yaml_node_t		*root;
	size_t			 before = errs->n, i;

	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	p.check = check;
	config_from_registry(&p);
	if (ydoc_load(&p.y, name, buf, len, errs) == 0 &&
	    (root = ydoc_root(&p.y)) != NULL &&
	    ydoc_expect(&p.y, root, YAML_MAPPING_NODE, "the top level")) {
		config_scan_accounts(&p, root);
		config_walk(&p, root, "top level", config_top,
		    nitems(config_top), cfg);
		if (p.rules != NULL)
			config_rules_finish(&p);
		config_inbox_finish(&p, root);
		config_check_approval(&p);
	}
	ydoc_free(&p.y);
	free(p.accounts);
	free(p.networks);
	for (i = 0; i < CONFIG_FROM_N; i++)
		free(p.from[i]);
	return errs->n == before ? 0 : -1;
}

int
config_load(struct config *cfg, const char *path, config_command_check check,
    struct config_errors *errs)
{
	char	*buf;
	size_t	 len = 0;
	int	 rc;

	free(cfg->path);
	cfg->path = xstrdup(path);
	if ((buf = ydoc_read_file(path, &len, errs)) == NULL)
		return -1;
	rc = config_parse(cfg, path, buf, len, check, errs);
	free(buf);
	return rc;
}
