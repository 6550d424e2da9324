/*
 * collect.c — `starling collect`: inbox columns recorded with no screen.
 *
 * One thread of its own (this one) drains the sources' rings and writes to
 * the store directly: a collector has nothing else to do, so a store that
 * is busy for a moment only delays the next post. A recording that fails
 * (the store busy past its timeout, offline) is kept and tried again every
 * second, so a post the network sends only once is not lost.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/account.h"
#include "starling/clock.h"
#include "starling/collect.h"
#include "starling/config.h"
#include "starling/inbox.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/source.h"
#include "starling/store.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

#define COLLECT_RING		1024
#define COLLECT_PENDING_MAX	10000	/* failed recordings kept to retry */
#define COLLECT_RETRY_MS	1000

static volatile sig_atomic_t	 collect_quit;
static struct wake		*collect_wake;

struct collect_column {
	const struct config_column	*cfg;
	struct source			*src;
	struct source_status		 status;
};

struct collect_pending {
	struct post	*post;
	const char	*column;	/* the config's title */
};

struct collect {
	const struct config	*cfg;
	struct store		*store;
	struct rules		*rules;
	struct inbox		*seen;
	struct collect_column	*col;
	size_t			 ncol;
	struct collect_pending	*pending;
	size_t			 npending;
	size_t			 recorded, skipped, actions, failed;
	char			 last_err[256];	/* said once in the log */
};

static void
collect_on_signal(int sig)
{
	collect_quit = sig;
	if (collect_wake != NULL)
		wake_signal(collect_wake);
}

static void
collect_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = collect_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static struct account *
collect_account(const struct config *cfg, struct account **accounts,
    const char *name)
{
	size_t	i;

	for (i = 0; accounts != NULL && i < cfg->naccounts; i++)
		if (strcmp(cfg->accounts[i].name, name) == 0)
			return accounts[i];
	return NULL;
}

static void
collect_start(struct collect *c, struct account **accounts,
    unsigned long seed, struct wake *wake)
{
	const struct config	*cfg = c->cfg;
	const struct source_ops	*ops;
	const struct network	*net;
	struct collect_column	*k;
	struct account		*a;
	size_t			 i;

	c->col = xcalloc(cfg->ncolumns + 1, sizeof *c->col);
	for (i = 0; i < cfg->ncolumns; i++) {
		if (!cfg->columns[i].inbox)
			continue;
		k = &c->col[c->ncol++];
		k->cfg = &cfg->columns[i];
		ops = NULL;
		if (k->cfg->account != NULL) {
			a = collect_account(cfg, accounts, k->cfg->account);
			if (a != NULL)
				ops = account_network(a)->source_ops;
			k->src = source_start_account(ops, k->cfg, a, wake,
			    COLLECT_RING);
		} else {
			if ((net = network_find(k->cfg->source)) != NULL &&
			    !net->account)
				ops = net->source_ops;
			k->src = source_start(ops, k->cfg, seed, wake,
			    COLLECT_RING);
		}
		if (ops == NULL)
			log_msg("collect: %s: no source for this column",
			    k->cfg->title);
		else
			log_msg("collect: %s: started", k->cfg->title);
	}
}

static const char *
collect_state(const struct source_status *s)
{
	switch (s->state) {
	case SOURCE_STARTING:		return "starting";
	case SOURCE_LIVE:		return "live";
	case SOURCE_POLLING:		return "polling";
	case SOURCE_IDLE:		return "idle";
	case SOURCE_BACKOFF:		return "backing off";
	case SOURCE_RATELIMITED:	return "rate-limited";
	case SOURCE_AUTHFAILED:		return "sign-in refused";
	case SOURCE_ERROR:		return "stopped";
	case SOURCE_UNAVAILABLE:	return "unavailable";
	}
	return "?";
}

/* Records p; a failure is kept to try again. True when it was done (or
 * found done by another process). */
static bool
collect_record(struct collect *c, struct post *p, const char *column)
{
	char	err[256];
	size_t	n = 0;
	int	rc;

	rc = rules_record(c->store, c->rules, p, column, &n, err, sizeof err);
	if (rc == 1) {
		c->recorded++;
		c->actions += n;
		log_msg("collect: %s: recorded %s/%s by %s (%s), %zu rule "
		    "action%s", column, p->network, p->id, p->author_handle ?
		    p->author_handle : "?", rules_kind(p), n, n == 1 ? "" : "s");
		return true;
	}
	if (rc == 0) {
		c->skipped++;
		return true;
	}
	c->failed++;
	/* A store away fails every recording the same way: said once. */
	if (strcmp(err, c->last_err) != 0)
		log_msg("collect: %s: recording %s/%s: %s (kept, tried again "
		    "every second)", column, p->network, p->id, err);
	snprintf(c->last_err, sizeof c->last_err, "%s", err);
	return false;
}

static void
collect_keep(struct collect *c, struct post *p, const char *column)
{
	if (c->npending >= COLLECT_PENDING_MAX) {
		log_msg("collect: %s: %zu recordings wait already; %s/%s is "
		    "dropped", column, c->npending, p->network, p->id);
		inbox_release(c->seen, p->network, p->id);
		post_unref(p);
		return;
	}
	c->pending = xreallocarray(c->pending, c->npending + 1,
	    sizeof *c->pending);
	c->pending[c->npending].post = p;
	c->pending[c->npending++].column = column;
}

static void
collect_retry(struct collect *c)
{
	size_t	i, kept = 0;
	bool	failing = false;

	for (i = 0; i < c->npending; i++) {
		/* After one failure the rest wait for the next round: the
		 * store is away for them too. */
		if (!collect_quit && !failing && collect_record(c,
		    c->pending[i].post, c->pending[i].column)) {
			post_unref(c->pending[i].post);
			continue;
		}
		failing = true;
		c->pending[kept++] = c->pending[i];
	}
	if (c->npending > 0 && kept == 0 && c->last_err[0] != '\0') {
		log_msg("collect: the store takes recordings again");
		c->last_err[0] = '\0';
	}
	c->npending = kept;
}

static void
collect_drain(struct collect *c)
{
	struct collect_column	*k;
	struct post		*p;
	size_t			 i;

	for (i = 0; i < c->ncol && !collect_quit; i++) {
		k = &c->col[i];
		if (k->src == NULL)
			continue;
		if (source_get_status(k->src, &k->status))
			log_msg("collect: %s: %s%s%s", k->cfg->title,
			    collect_state(&k->status), *k->status.text ?
			    ": " : "", k->status.text);
		while (!collect_quit && (p = source_pop(k->src)) != NULL) {
			if ((p->flags & POST_DELETED) ||
			    !inbox_claim(c->seen, p->network, p->id)) {
				post_unref(p);
				continue;
			}
			if (collect_record(c, p, k->cfg->title))
				post_unref(p);
			else
				collect_keep(c, p, k->cfg->title);
		}
	}
}

static void
collect_free(struct collect *c)
{
	size_t	i;

	for (i = 0; i < c->ncol; i++)
		source_stop_begin(c->col[i].src);
	for (i = 0; i < c->ncol; i++)
		source_stop(c->col[i].src);
	for (i = 0; i < c->npending; i++)
		post_unref(c->pending[i].post);
	free(c->pending);
	free(c->col);
	inbox_free(c->seen);
	rules_free(c->rules);
	store_close(c->store);
}

int
collect_run(const struct config *cfg, struct account **accounts,
    const char *store_password, unsigned long seed)
{
	struct collect	 c;
	struct wake	*wake;
	struct pollfd	 pfd;
	char		 err[512], *url;
	int64_t		 next_retry = 0;
	int		 timeout;

	memset(&c, 0, sizeof c);
	c.cfg = cfg;
	if (!config_has_inbox(cfg)) {
		log_stderr("collect: no column is an inbox (\"inbox: true\")");
		return 1;
	}
	url = paths_store(cfg->store);
	/* A server not there yet is waited for: what arrives meanwhile is
	 * kept and recorded once it is. */
	c.store = store_open_waiting(url, cfg->me, store_password, err,
	    sizeof err);
	free(url);
	if (c.store == NULL) {
		log_stderr("collect: %s", err);
		log_msg("collect: %s", err);
		return 1;
	}
	if (store_offline(c.store) != NULL)
		log_msg("collect: %s", store_offline(c.store));
	if ((c.rules = rules_new(cfg, err, sizeof err)) == NULL) {
		log_stderr("collect: rules: %s", err);
		store_close(c.store);
		return 1;
	}
	if ((wake = wake_new()) == NULL) {
		log_stderr("collect: cannot make a pipe: %s", strerror(errno));
		collect_free(&c);
		return 1;
	}
	c.seen = inbox_new(NULL, NULL);
	collect_wake = wake;
	collect_signals();
	collect_start(&c, accounts, seed, wake);
	log_msg("collect: running, %zu inbox column%s, %zu rule%s, store %s",
	    c.ncol, c.ncol == 1 ? "" : "s", rules_count(c.rules),
	    rules_count(c.rules) == 1 ? "" : "s", store_path(c.store));

	pfd.fd = wake_fd(wake);
	pfd.events = POLLIN;
	while (!collect_quit) {
		timeout = -1;
		if (c.npending > 0) {
			timeout = (int)(next_retry - clock_mono_ms());
			if (timeout < 0)
				timeout = 0;
		}
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			break;
		wake_drain(wake);
		collect_drain(&c);
		if (c.npending > 0 && clock_mono_ms() >= next_retry) {
			collect_retry(&c);
			next_retry = clock_mono_ms() + COLLECT_RETRY_MS;
		}
	}
	log_msg("collect: stopping (signal %d): %zu recorded, %zu recorded "
	    "elsewhere first, %zu rule actions, %zu failures, %zu waiting",
	    (int)collect_quit, c.recorded, c.skipped, c.actions, c.failed,
	    c.npending);
	collect_free(&c);
	collect_wake = NULL;
	wake_free(wake);
	return 0;
}
