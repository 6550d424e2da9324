/* main.c — arguments, configuration, wiring and lifecycle. */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "starling/account.h"
#include "starling/cmd.h"
#include "starling/collect.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/keymap.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/paths.h"
#include "starling/report.h"
#include "starling/secret.h"
#include "starling/store.h"
#include "starling/theme.h"
#include "starling/ui.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

#define DEFAULT_SEED	1

/* The networks `starling login` signs in to: "mastodon", or "a|b". */
static const char *
login_networks(void)
{
	static char		 names[128];
	const struct network	*net;
	size_t			 i;

	names[0] = '\0';
	for (i = 0; (net = network_at(i)) != NULL; i++) {
		if (net->login == NULL)
			continue;
		if (names[0] != '\0')
			strncat(names, "|", sizeof names - strlen(names) - 1);
		strncat(names, net->name, sizeof names - strlen(names) - 1);
	}
	return names;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: starling [--config FILE] [--demo] [--seed N]\n"
	    "       starling --check-config [--config FILE]\n"
	    "       starling login %s URL [--print]\n"
	    "       starling log [--since DATE] [--config FILE]\n"
	    "       starling export --format csv|json [--since DATE] "
	    "[--config FILE]\n"
	    "       starling report [--since DATE] [--until DATE] "
	    "[--format text|json|csv] [--config FILE]\n"
	    "       starling store migrate --from FILE.db --to URL [--force] "
	    "[--config FILE]\n"
	    "       starling collect [--config FILE]\n"
	    "       starling --help | --version\n"
	    "\n"
	    "  -c, --config FILE   read FILE instead of "
	    "$XDG_CONFIG_HOME/starling/config.yaml\n"
	    "  -d, --demo          open the built-in demo deck even when a "
	    "config exists\n"
	    "  -s, --seed N        demo content seed (default %d); the same seed "
	    "gives the same posts\n"
	    "  -n, --check-config  validate the configuration and theme, then "
	    "exit 0 or 1\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n"
	    "\nKeys: ? in the deck lists them all. See starling(1) and "
	    "starling(5).\n", login_networks(), DEFAULT_SEED);
}

static int
mkdir_p(const char *path)
{
	char	*p = xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	}
	mkdir(p, 0700);
	free(p);
	return 0;
}

/* Collects config, keys and theme problems; all are printed together. */
static int
load_all(struct config *cfg, const char *path, bool demo, struct keymap *km,
    struct theme *theme, struct config_errors *errs)
{
	char	*theme_path;
	size_t	 i;

	config_defaults(cfg);
	if (path != NULL)
		config_load(cfg, path, cmd_check, errs);
	if (demo || cfg->ncolumns == 0)
		config_demo_columns(cfg);
	for (i = 0; i < cfg->nkeys; i++) {
		if (keymap_bind(km, KEYMAP_DECK, cfg->keys[i].key,
		    cfg->keys[i].command) != 0 && errs->n == 0)
			config_errors_add(errs, cfg->path ? cfg->path : "config",
			    cfg->keys[i].line, cfg->keys[i].col,
			    "cannot bind \"%s\"", cfg->keys[i].key);
	}
	theme_init(theme);
	theme_path = paths_theme_file(cfg->theme ? cfg->theme : "default");
	if (theme_path != NULL)
		theme_load(theme, theme_path, errs);
	else if (cfg->theme && strcmp(cfg->theme, "default") != 0)
		config_errors_add(errs, cfg->path ? cfg->path : "config", 0, 0,
		    "theme \"%s\" not found (looked in the config directory's "
		    "themes/, %s/themes and beside the program)", cfg->theme,
		    STARLING_DATADIR);
	free(theme_path);
	return errs->n ? -1 : 0;
}

/* `starling login NETWORK URL [--print]` */
static int
login(int argc, char **argv)
{
	const struct network	*net = NULL;
	bool			 print = false;
	const char		*url = NULL;
	char			*path;
	int			 i, status;

	if (argc >= 3 && strchr(argv[2], '@') == NULL)
		net = network_find(argv[2]);
	if (net == NULL || net->login == NULL) {
		fprintf(stderr, "usage: starling login %s URL [--print]\n",
		    login_networks());
		return 1;
	}
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print = true;
		else if (url == NULL)
			url = argv[i];
		else {
			fprintf(stderr, "starling: login: unexpected \"%s\"\n",
			    argv[i]);
			return 1;
		}
	}
	if (url == NULL) {
		fprintf(stderr, "usage: starling login %s URL [--print]\n",
		    login_networks());
		return 1;
	}
	path = secret_default_path(net->name, url);
	http_global_init();
	status = net->login(url, path, print);
	free(path);
	return status;
}

static void
secret_free(char *s)
{
	if (s != NULL)
		memset(s, 0, strlen(s));
	free(s);
}

/* The store's password from store_password_cmd, run once at start (it may
 * ask on the terminal); *out NULL without one. 0, or -1 with the error
 * printed. */
static int
store_password(const struct config *cfg, char **out)
{
	char	err[512];

	*out = NULL;
	if (cfg->store_password_cmd == NULL)
		return 0;
	if (secret_store_password(cfg->store_password_cmd, out, err,
	    sizeof err) != 0) {
		fprintf(stderr, "starling: %s\n", err);
		return -1;
	}
	return 0;
}

/* A subcommand's option at argv[*i], as getopt_long takes them ("--opt
 * value", "--opt=value", "-c value"): its name into name, and its value,
 * *i moved past what it took; NULL when no value follows. A name in flags
 * takes none: its value is "" unless one is given with "=". */
static const char *
main_option(int argc, char **argv, int *i, const char *const *flags,
    char *name, size_t len)
{
	const char	*arg = argv[*i];
	const char	*eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') :
			    NULL;

	snprintf(name, len, "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg),
	    arg);
	if (eq != NULL)
		return eq + 1;
	for (; flags != NULL && *flags != NULL; flags++)
		if (strcmp(name, *flags) == 0)
			return "";
	return *i + 1 < argc ? argv[++*i] : NULL;
}

/* Whether name is the configuration option. */
static bool
main_is_config(const char *name)
{
	return strcmp(name, "--config") == 0 || strcmp(name, "-c") == 0;
}

/* `starling log` and `starling export`: the triage store, read-only in
 * spirit, printed for people and for reports. */
static int
report(int argc, char **argv)
{
	struct config		 cfg;
	struct config_errors	 errs = { 0 };
	struct store		*st;
	const char		*format = NULL, *config_path = NULL, *since_arg = NULL;
	char			*path, *def = NULL, err[512], *password = NULL;
	int64_t			 since = 0;
	bool			 export = strcmp(argv[1], "export") == 0;
	int			 i, rc;

	for (i = 2; i < argc; i++) {
		char		 name[32];
		const char	*val = main_option(argc, argv, &i, NULL, name,
				    sizeof name);

		if (val != NULL && strcmp(name, "--since") == 0)
			since_arg = val;
		else if (val != NULL && export && strcmp(name, "--format") == 0)
			format = val;
		else if (val != NULL && main_is_config(name))
			config_path = val;
		else {
			fprintf(stderr, "usage: starling %s%s [--since DATE] "
			    "[--config FILE]\n", argv[1], export ?
			    " --format csv|json" : "");
			return 1;
		}
	}
	if (export && (format == NULL || (strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0))) {
		fprintf(stderr, "starling: export needs --format csv or json\n");
		return 1;
	}
	if (since_arg && (since = store_parse_since(since_arg,
	    (int64_t)time(NULL))) < 0) {
		fprintf(stderr, "starling: --since: cannot read \"%s\" (try "
		    "2026-11-22, \"2026-11-22 14:05\" or 7d)\n", since_arg);
		return 1;
	}
	if (config_path == NULL) {
		def = paths_config_file();
		if (access(def, F_OK) == 0)
			config_path = def;
	}
	config_defaults(&cfg);
	if (config_path && config_load(&cfg, config_path, cmd_check, &errs) != 0) {
		for (size_t e = 0; e < errs.n; e++)
			fprintf(stderr, "%s\n", errs.v[e]);
		config_errors_free(&errs);
		config_free(&cfg);
		free(def);
		return 1;
	}
	/* Reading a log must not create a store where there was none. */
	path = paths_store(cfg.store);
	if (store_password(&cfg, &password) != 0)
		rc = 1;
	else if ((st = store_open_existing(path, cfg.me ? cfg.me : "me",
	    password, err, sizeof err)) == NULL) {
		fprintf(stderr, "starling: %s\n", err);
		rc = 1;
	} else {
		rc = export ? store_export(st, format, since, stdout, err,
		    sizeof err) : store_print_log(st, since, stdout, err,
		    sizeof err);
		if (rc != 0)
			fprintf(stderr, "starling: %s\n", err);
		store_close(st);
		rc = rc != 0;
	}
	secret_free(password);
	free(path);
	free(def);
	config_errors_free(&errs);
	config_free(&cfg);
	return rc;
}

static int	store_config(const char *, struct config *);

/* `starling report [--since DATE] [--until DATE] [--format text|json|csv]`:
 * the team's figures from the store's audit log. */
static int
report_cmd(int argc, char **argv)
{
	struct config		 cfg;
	struct report		 r;
	struct report_options	 o;
	struct report_sla	*slas = NULL;
	struct store		*st = NULL;
	const char		*format = "text", *config_path = NULL;
	const char		*since_arg = NULL, *until_arg = NULL;
	char			*path = NULL, err[512], *password = NULL;
	int64_t			 now = (int64_t)time(NULL);
	size_t			 i;
	int			 a, rc = 1;

	memset(&o, 0, sizeof o);
	for (a = 2; a < argc; a++) {
		char		 name[32];
		const char	*val = main_option(argc, argv, &a, NULL, name,
				    sizeof name);

		if (val != NULL && strcmp(name, "--since") == 0)
			since_arg = val;
		else if (val != NULL && strcmp(name, "--until") == 0)
			until_arg = val;
		else if (val != NULL && strcmp(name, "--format") == 0)
			format = val;
		else if (val != NULL && main_is_config(name))
			config_path = val;
		else {
			fprintf(stderr, "usage: starling report [--since DATE] "
			    "[--until DATE] [--format text|json|csv] "
			    "[--config FILE]\n");
			return 1;
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0) {
		fprintf(stderr, "starling: report: --format is text, json or "
		    "csv, not \"%s\"\n", format);
		return 1;
	}
	if (since_arg && (o.since = store_parse_since(since_arg, now)) < 0) {
		fprintf(stderr, "starling: --since: cannot read \"%s\" (try "
		    "2026-11-22, \"2026-11-22 14:05\" or 7d)\n", since_arg);
		return 1;
	}
	if (until_arg && (o.until = store_parse_since(until_arg, now)) < 0) {
		fprintf(stderr, "starling: --until: cannot read \"%s\" (try "
		    "2026-11-22, \"2026-11-22 14:05\" or 1d)\n", until_arg);
		return 1;
	}
	if (o.until != 0 && o.until <= o.since) {
		fprintf(stderr, "starling: report: --until must be after "
		    "--since\n");
		return 1;
	}
	if (store_config(config_path, &cfg) != 0) {
		config_free(&cfg);
		return 1;
	}
	o.now = now;
	o.sla = cfg.sla;
	slas = xcalloc(cfg.ncolumns ? cfg.ncolumns : 1, sizeof *slas);
	for (i = 0; i < cfg.ncolumns; i++)
		if (cfg.columns[i].sla > 0 && cfg.columns[i].title != NULL) {
			slas[o.nslas].column = cfg.columns[i].title;
			slas[o.nslas++].seconds = cfg.columns[i].sla;
		}
	o.slas = slas;
	path = paths_store(cfg.store);
	if (store_password(&cfg, &password) != 0)
		goto out;
	if ((st = store_open_existing(path, cfg.me ? cfg.me : "me", password,
	    err, sizeof err)) == NULL ||
	    report_read(&r, st, &o, err, sizeof err) != 0) {
		fprintf(stderr, "starling: %s\n", err);
		goto out;
	}
	if (report_print(&r, format, stdout, err, sizeof err) != 0)
		fprintf(stderr, "starling: %s\n", err);
	else
		rc = 0;
	report_free(&r);
out:
	store_close(st);
	secret_free(password);
	free(path);
	free(slas);
	config_free(&cfg);
	return rc;
}

/* The config named by --config, or the default one when it exists (an
 * empty config when not); 0, or 1 with the errors printed. */
static int
store_config(const char *config_path, struct config *cfg)
{
	struct config_errors	 errs = { 0 };
	char			*def = NULL;
	int			 rc = 0;

	if (config_path == NULL) {
		def = paths_config_file();
		if (access(def, F_OK) == 0)
			config_path = def;
	}
	config_defaults(cfg);
	if (config_path && config_load(cfg, config_path, cmd_check, &errs) !=
	    0) {
		for (size_t e = 0; e < errs.n; e++)
			fprintf(stderr, "%s\n", errs.v[e]);
		rc = 1;
	}
	config_errors_free(&errs);
	free(def);
	return rc;
}

/* `starling store migrate --from FILE.db --to URL [--force]`: copies a
 * team's store (SQLite) into another (PostgreSQL), history and all. */
static int
store_cmd(int argc, char **argv)
{
	struct config	 cfg;
	struct store	*from = NULL, *to = NULL;
	const char	*src = NULL, *dst = NULL, *config_path = NULL;
	char		 err[512], *password = NULL, *shown;
	bool		 force = false;
	int		 i, rc = 1;

	for (i = 3; argc > 2 && strcmp(argv[2], "migrate") == 0 && i < argc;
	    i++) {
		static const char *const flags[] = { "--force", NULL };
		char		 name[32];
		const char	*val = main_option(argc, argv, &i, flags, name,
				    sizeof name);

		if (strcmp(name, "--force") == 0 && val != NULL && *val == '\0')
			force = true;
		else if (val != NULL && strcmp(name, "--from") == 0)
			src = val;
		else if (val != NULL && strcmp(name, "--to") == 0)
			dst = val;
		else if (val != NULL && main_is_config(name))
			config_path = val;
		else {
			src = dst = NULL;
			break;
		}
	}
	if (src == NULL || dst == NULL) {
		fprintf(stderr, "usage: starling store migrate --from FILE.db "
		    "--to URL [--force] [--config FILE]\n");
		return 1;
	}
	if (store_config(config_path, &cfg) != 0 ||
	    store_password(&cfg, &password) != 0)
		goto out;
	if ((from = store_open_existing(src, "migrate", NULL, err,
	    sizeof err)) == NULL ||
	    (to = store_open_password(dst, cfg.me ? cfg.me : "migrate",
	    password, err, sizeof err)) == NULL) {
		fprintf(stderr, "starling: %s\n", err);
		goto out;
	}
	if (store_migrate(from, to, force, err, sizeof err) != 0) {
		fprintf(stderr, "starling: %s\n", err);
		goto out;
	}
	shown = store_url_redact(dst);
	printf("copied %s into %s\n", src, shown);
	free(shown);
	rc = 0;
out:
	store_close(from);
	store_close(to);
	secret_free(password);
	config_free(&cfg);
	return rc;
}

/* Finds every account's token before the screen starts (a token_cmd may
 * ask for a passphrase) and starts the accounts. */
static int
accounts_start(const struct config *cfg, struct wake *wake,
    struct account ***out)
{
	struct account	**accts = xcalloc(cfg->naccounts + 1, sizeof *accts);
	char		 *token, err[600];
	size_t		  i;
	int		  bad = 0;

	for (i = 0; i < cfg->naccounts; i++) {
		const struct config_account	*a = &cfg->accounts[i];
		const struct network		*net = network_find(a->network);

		if (net == NULL || net->account_ops == NULL)
			continue;	/* its columns say "not supported yet" */
		if (secret_token(a, &token, err, sizeof err) != 0) {
			fprintf(stderr, "starling: %s\n", err);
			bad++;
			continue;
		}
		accts[i] = account_new(net, a, token, wake);
		memset(token, 0, strlen(token));
		free(token);
	}
	*out = accts;
	return bad ? -1 : 0;
}

/* `starling collect [--config FILE]`: the inbox columns with no screen,
 * until SIGTERM or SIGINT. */
static int
collect(int argc, char **argv)
{
	struct config	 cfg;
	struct account	**accounts = NULL;
	struct wake	*wake = NULL;
	const char	*config_path = NULL;
	char		*state_dir, *log_path, *password = NULL;
	size_t		 i;
	int		 a, rc = 1;

	for (a = 2; a < argc; a++) {
		char		 name[32];
		const char	*val = main_option(argc, argv, &a, NULL, name,
				    sizeof name);

		if (val != NULL && main_is_config(name))
			config_path = val;
		else {
			fprintf(stderr, "usage: starling collect "
			    "[--config FILE]\n");
			return 1;
		}
	}
	if (config_path != NULL && access(config_path, R_OK) != 0) {
		fprintf(stderr, "starling: %s: %s\n", config_path,
		    strerror(errno));
		return 1;
	}
	if (store_config(config_path, &cfg) != 0) {
		config_free(&cfg);
		return 1;
	}
	state_dir = paths_state_dir();
	mkdir_p(state_dir);
	xasprintf(&log_path, "%s/collect.log", state_dir);
	if (log_open(log_path) != 0)
		fprintf(stderr, "starling: %s: %s\n", log_path,
		    strerror(errno));
	free(log_path);
	free(state_dir);
	log_msg("collect: starting, %s", cfg.path ? cfg.path :
	    "no configuration");
	if (cfg.naccounts > 0)
		http_global_init();
	if ((wake = wake_new()) != NULL &&
	    accounts_start(&cfg, wake, &accounts) == 0 &&
	    store_password(&cfg, &password) == 0)
		rc = collect_run(&cfg, accounts, password, DEFAULT_SEED);
	log_msg("collect: exit %d", rc);
	log_close();
	for (i = 0; accounts != NULL && i < cfg.naccounts; i++)
		account_free(accounts[i]);
	free(accounts);
	secret_free(password);
	wake_free(wake);
	config_free(&cfg);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "demo", no_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "check-config", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct config		 cfg;
	struct config_errors	 errs = { 0 };
	struct theme		 theme;
	struct keymap		*km;
	struct ui_options	 uo;
	struct ui		*ui;
	struct account		**accounts = NULL;
	struct wake		*wake = NULL;
	const char		*config_path = NULL, *nc;
	char			*default_path = NULL, *state_dir, *log_path, *end;
	char			*password = NULL;
	unsigned long		 seed = DEFAULT_SEED;
	bool			 demo = false, check = false;
	int			 ch, status;
	size_t			 i;

	setlocale(LC_ALL, "");
	/* Widths are only right in a UTF-8 locale: fall back to C.UTF-8. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	if (argc > 1 && strcmp(argv[1], "login") == 0)
		return login(argc, argv);
	if (argc > 1 && (strcmp(argv[1], "log") == 0 ||
	    strcmp(argv[1], "export") == 0))
		return report(argc, argv);
	if (argc > 1 && strcmp(argv[1], "store") == 0)
		return store_cmd(argc, argv);
	if (argc > 1 && strcmp(argv[1], "collect") == 0)
		return collect(argc, argv);
	if (argc > 1 && strcmp(argv[1], "report") == 0)
		return report_cmd(argc, argv);

	/* getopt's own messages name the program as it was run ("./starling");
	 * ours say "starling:", as every other message does. */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:ds:nhV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			config_path = optarg;
			break;
		case 'd':
			demo = true;
			break;
		case 's':
			errno = 0;
			seed = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || *optarg == '\0' ||
			    *optarg == '-') {
				fprintf(stderr, "starling: --seed needs a whole "
				    "number, got \"%s\"\n", optarg);
				return 1;
			}
			break;
		case 'n':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("starling %s\n", STARLING_VERSION);
			return 0;
		case ':':
			fprintf(stderr, "starling: %s needs a value\n",
			    argv[optind - 1]);
			usage(stderr);
			return 1;
		default:
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				fprintf(stderr, "starling: bad option \"%s\"\n",
				    argv[optind - 1]);
			else
				fprintf(stderr, "starling: unknown option "
				    "\"-%c\"\n", optopt);
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "starling: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage(stderr);
		return 1;
	}
	if (config_path == NULL) {
		default_path = paths_config_file();
		if (access(default_path, F_OK) == 0)
			config_path = default_path;
	} else if (access(config_path, R_OK) != 0) {
		fprintf(stderr, "starling: %s: %s\n", config_path,
		    strerror(errno));
		free(default_path);
		return 1;
	}

	km = keymap_new();
	load_all(&cfg, config_path, demo, km, &theme, &errs);
	if (errs.n > 0) {
		for (i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.v[i]);
		fprintf(stderr, "starling: %zu error%s in the configuration\n",
		    errs.n, errs.n == 1 ? "" : "s");
		status = 1;
		goto out;
	}
	if (check) {
		printf("%s: OK (%zu column%s)\n", config_path ? config_path :
		    "built-in demo configuration", cfg.ncolumns,
		    cfg.ncolumns == 1 ? "" : "s");
		status = 0;
		goto out;
	}

	state_dir = paths_state_dir();
	mkdir_p(state_dir);
	xasprintf(&log_path, "%s/starling.log", state_dir);
	log_open(log_path);
	free(log_path);
	free(state_dir);
	log_msg("starting %s, %zu columns", config_path ? config_path : "demo",
	    cfg.ncolumns);

	if (cfg.naccounts > 0)
		http_global_init();	/* before any thread starts */
	if ((wake = wake_new()) == NULL ||
	    accounts_start(&cfg, wake, &accounts) != 0 ||
	    store_password(&cfg, &password) != 0) {
		status = 1;
		goto out;
	}

	memset(&uo, 0, sizeof uo);
	uo.config = &cfg;
	uo.accounts = accounts;
	uo.wake = wake;
	uo.keymap = km;
	uo.theme = &theme;
	uo.seed = seed;
	uo.store_password = password;
	nc = getenv("NO_COLOR");
	uo.monochrome = nc != NULL && *nc != '\0';
	if ((ui = ui_new(&uo)) == NULL) {
		status = 1;
		goto out;
	}
	status = ui_run(ui);
	ui_free(ui);
	log_msg("exit %d", status);
	log_close();
out:
	for (i = 0; accounts != NULL && i < cfg.naccounts; i++)
		account_free(accounts[i]);
	free(accounts);
	secret_free(password);
	wake_free(wake);
	config_errors_free(&errs);
	config_free(&cfg);
	theme_free(&theme);
	keymap_free(km);
	free(default_path);
	return status;
}
