/*
 * config — the YAML configuration (libyaml). Every mistake is collected as
 * "file:line:col: message" (1-based) before the screen starts; unknown keys are
 * errors, and so is a key starling does not do yet.
 */
#ifndef STARLING_CONFIG_H
#define STARLING_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MIN_WIDTH	18	/* narrowest column */

struct config_errors {
	char	**v;
	size_t	  n;
};
/* Adds "file:line:col: message" (1-based), or "file: message" when line is 0.
 * Control characters in the message are replaced, so each error is one line. */
void	config_errors_add(struct config_errors *, const char *file, int line,
	    int col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	config_errors_free(struct config_errors *);

struct config_column {
	char	*title;
	char	*source;	/* "demo", or NULL when account is given */
	char	*account;	/* an accounts[] name */
	char	*type;		/* home, notifications, search, assigned... */
	char	*channel;	/* demo: home, mentions, search, ... */
	char	*query;
	char	*to, *tag, *status, *list;	/* reserved: virtual/list columns */
	char	*types;		/* notifications: "mention, favourite" */
	char	*reasons;	/* the same, where the network calls it so */
	int	 every;		/* seconds between polls; 0 = the network's */
	double	 rate;		/* demo: posts per second (default 0.2) */
	int	 backlog;	/* demo: posts at start (default 20) */
	int	 width;		/* 0 = share the screen */
	int	 sla;		/* seconds a post may stay open; 0 = the default */
	char	*url;		/* feed: the document polled */
	char	*command;	/* exec: run through /bin/sh -c */
	char	*dir;		/* the config file's folder (NULL: none) */
	bool	 inbox;		/* its posts are recorded in the store and
				 * seen by the rules (network columns) */
	char	*sort;		/* "priority": the highest priority first,
				 * then newest; NULL or "time": newest first */
	int	 line;		/* where it was written (1-based), for messages */
};

/* rules: tried in order on each post of an inbox column when it is first
 * recorded (src/store/rules.c). Every condition written must hold; every
 * action written is applied, and stop ends the list. */
struct config_rule {
	char	*name;
	/* conditions (NULL / 0 / -1: any) */
	char	*match;		/* POSIX extended regex, case-insensitive,
				 * checked to compile */
	char	**from;		/* author handles, without "@" */
	size_t	  nfrom;
	char	**columns;	/* inbox column titles */
	size_t	  ncolumns;
	char	**kinds;	/* mention, reply, quote, post, ... */
	size_t	  nkinds;
	char	*network;	/* a registry name ("mastodon") */
	char	*lang;		/* "en" (also matches "en-GB") */
	int	 followers;	/* at least this many; -1: any */
	/* actions */
	char	*tag;		/* normalised (name_tag()) */
	char	*assign;	/* a team name; "me" is config.me */
	char	*status;	/* a status name (store_status_parse()) */
	int	 priority;	/* -1: none */
	bool	 stop;
	int	 line, col;	/* where it was written */
};

struct config_binding {
	char	*key;		/* as written: "j", "C-d", "Enter" */
	char	*command;	/* as written: "down", "column 3"; NULL (written
				   as ~ or nothing) unbinds the key */
	int	 line, col;
};

struct config_account {
	char	*name, *network, *instance, *service, *handle;
	char	*token_cmd, *token_env, *token_file, *password_cmd;
	char	*password_env, *password_file;
	/* X: its app's client id (the token's refresh), an app bearer
	 * token's command or variable (read-only), and the budget of posts
	 * read ("3000/month", "200/day"; config_budget). The "api" key is
	 * kept as service. */
	char	*client_id, *bearer_cmd, *bearer_env, *budget;
};

struct config_kv {
	char	*key, *value;
};

/* policy: required: what an account's posts must contain. */
struct config_required {
	char	*account, *text;
	bool	 append;	/* added when missing, else refused */
};

struct config {
	char			*path;		/* the file read, or NULL */
	char			*me;		/* default: $USER */
	char			*theme;		/* default: "default" */
	char			*store;
	char			*store_password_cmd; /* prints the store's
						 * password (PostgreSQL) */
	int			 column_width;	/* 0 = auto */
	int			 sla;		/* default for columns; 0 = none */
	int			 influencer;	/* followers that earn the
						 * badge; 0 = none */
	char			*alerts;	/* "true" or "false"; NULL:
						 * true (config_alerts()) */
	struct config_column	*columns;
	size_t			 ncolumns;
	struct config_binding	*keys;
	size_t			 nkeys;
	struct config_account	*accounts;
	size_t			 naccounts;
	char			**team;
	char			**team_roles;	/* parallel to team; NULL if none */
	size_t			 nteam;
	struct config_kv	*tags;		/* name: colour */
	size_t			 ntags;
	struct config_kv	*templates;	/* placeholders checked */
	size_t			 ntemplates;
	char			**policy_banned;	/* each compiles */
	size_t			 npolicy_banned;
	struct config_required	*policy_required;
	size_t			 npolicy_required;
	char			**policy_confirm;
	size_t			 npolicy_confirm;
	int			 policy_send_delay;
	struct config_rule	*rules;
	size_t			 nrules;
	char			**policy_approval_for;	/* approval:
							 * required_for */
	size_t			 npolicy_approval_for;
	char			**policy_approvers;
	size_t			 npolicy_approvers;
};

/* Checks a command string a key is bound to; 0 or -1 with a message in err. */
typedef int (*config_command_check)(const char *command, char *err, size_t errlen);

/* Defaults, with no file: the demo deck's columns. */
void	config_defaults(struct config *);
/* Replaces cfg's columns with the demo deck's four. */
void	config_demo_columns(struct config *);
/* Parses path into cfg (which config_defaults filled). Returns 0, or -1 with
 * every problem in errs. check may be NULL. */
int	config_load(struct config *, const char *path,
	    config_command_check check, struct config_errors *errs);
/* Same from memory; name is used in messages. */
int	config_parse(struct config *, const char *name, const char *buf,
	    size_t len, config_command_check check, struct config_errors *errs);
void	config_free(struct config *);
/* "90s", "30m", "2h", "1d" (a bare number: minutes) to seconds; -1 if bad. */
long	config_duration(const char *);

/* Whether spike alerts are on (alerts: true, the default). */
bool	config_alerts(const struct config *);

/* A budget of posts: "N/day" or "N/month" (N > 0). 0 with *n and
 * *per_day, or -1. */
int	config_budget(const char *, long *n, int *per_day);

/* Whether any column is an inbox column. */
bool	config_has_inbox(const struct config *);

/* The kinds of post a rule's "kind" names. */
extern const char *const config_rule_kinds[];

/* Iterates every option the parser knows, for documentation checks: section
 * is NULL at the top level, else "columns", "accounts", "team", "policy",
 * "rules";
 * returns 0 at the end. i starts at 0. */
int	config_option_each(size_t *i, const char **section, const char **name);

#endif
