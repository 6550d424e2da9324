/* rules_driver.c — the rules' exactly-once test (tests/store/rules.sh):
 * many processes record the same inbox posts with the same rules at once.
 *
 *   rules_driver init DB              creates (migrates) the store
 *   rules_driver run DB WHO SEED N    records posts 0..N-1 (in an order
 *       SEED shuffles) with the rules below; prints "DONE recorded
 *       already failed"
 *   rules_driver verify DB N          each post recorded once, and each
 *       action rules_match() gives for it in the audit log exactly once,
 *       made by its rule; no other rule action
 *
 * DB is a SQLite path or a PostgreSQL URL. verify prints "ok   what" or
 * "FAIL what: why" lines and exits 1 on any failure.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/config.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"

#define RULES_NETWORK	"conc"
#define RULES_COLUMN	"Inbox"

static const char rules_yaml[] =
    "store: x.db\n"
    "team: [alice, bob, carol]\n"
    "columns:\n"
    "  - { title: Inbox, source: demo, inbox: true }\n"
    "rules:\n"
    "  - { name: spam, match: \"giveaway\", status: ignored, stop: true }\n"
    "  - { name: refunds, match: \"refund|broken\", tag: complaint, "
    "assign: bob }\n"
    "  - { name: vip, followers: 5000, tag: vip, priority: 2 }\n"
    "  - { name: pt, lang: pt, tag: portuguese, assign: carol }\n"
    "  - { name: replies, kind: reply, status: open }\n"
    "  - { name: again, match: refund, tag: complaint, priority: 5 }\n";

static const char *const rules_texts[] = {
	"my order arrived broken", "where is my refund", "thanks a lot",
	"crypto giveaway, refund now", "hello there", "the lid is broken"
};

static struct post *
rules_post(size_t i)
{
	char	id[32], who[32];

	snprintf(id, sizeof id, "p%zu", i);
	snprintf(who, sizeof who, "user%zu", i % 7);
	return post_new(&(struct post){ .network = RULES_NETWORK, .id = id,
	    .author_name = who, .author_handle = who,
	    .text = rules_texts[i % 6], .followers = (long)(i * 997 % 10000),
	    .lang = i % 4 == 0 ? "pt-BR" : "en",
	    .reply_to_id = i % 3 == 0 ? "root" : NULL,
	    .notify = POST_NOTIFY_MENTION, .created = 1700000000 + (int64_t)i });
}

static int
rules_load(struct config *cfg, struct rules **rs)
{
	struct config_errors	errs = { NULL, 0 };
	char			err[256];

	config_defaults(cfg);
	if (config_parse(cfg, "rules", rules_yaml, strlen(rules_yaml), NULL,
	    &errs) != 0) {
		fprintf(stderr, "config: %s\n", errs.n ? errs.v[0] : "?");
		config_errors_free(&errs);
		return -1;
	}
	if ((*rs = rules_new(cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "rules: %s\n", err);
		return -1;
	}
	return 0;
}

static int
rules_run(const char *db, const char *who, unsigned seed, size_t n)
{
	struct config	 cfg;
	struct rules	*rs;
	struct store	*st;
	struct post	*p;
	size_t		*order, i, j, t, recorded = 0, already = 0, failed = 0;
	char		 err[256];
	int		 rc;

	if (rules_load(&cfg, &rs) != 0)
		return 1;
	if ((st = store_open(db, who, err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	store_set_busy_timeout(st, 30000);
	order = calloc(n, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	srand(seed);
	for (i = n; i > 1; i--) {
		j = (size_t)rand() % i;
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (i = 0; i < n; i++) {
		p = rules_post(order[i]);
		rc = rules_record(st, rs, p, RULES_COLUMN, NULL, err,
		    sizeof err);
		if (rc == 1)
			recorded++;
		else if (rc == 0)
			already++;
		else {
			failed++;
			printf("ERR %s: %s\n", p->id, err);
		}
		post_unref(p);
	}
	printf("DONE %zu %zu %zu\n", recorded, already, failed);
	free(order);
	store_close(st);
	rules_free(rs);
	config_free(&cfg);
	return failed != 0;
}

struct rules_seen {
	size_t	 n;
	char	**key;		/* "id who action detail" */
	size_t	 nkey;
	size_t	 records;
};

static bool
rules_collect(const struct store_audit *a, void *arg)
{
	struct rules_seen	*s = arg;
	char			 buf[512];

	if (strcmp(a->action, "record") == 0)
		s->records++;
	else if (strncmp(a->who, "rule ", 5) != 0)
		return true;
	snprintf(buf, sizeof buf, "%s %s %s", a->id, a->who, a->action);
	s->key = realloc(s->key, (s->nkey + 1) * sizeof *s->key);
	s->key[s->nkey++] = strdup(buf);
	return true;
}

static int
rules_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether change k of a batch changes nothing after the ones before it
 * (the store checks inside the transaction). */
static bool
rules_noop(const struct store_change *c, size_t k)
{
	enum store_status	status = STORE_NEW;
	const char		*assignee = NULL;
	int			 priority = 0;
	size_t			 i;

	for (i = 0; i < k; i++) {
		if (c[i].kind == STORE_CHANGE_TAG && c[k].kind ==
		    STORE_CHANGE_TAG && strcmp(c[i].arg, c[k].arg) == 0)
			return true;
		if (c[i].kind == STORE_CHANGE_ASSIGN) {
			assignee = c[i].arg;
			status = STORE_ASSIGNED;
		} else if (c[i].kind == STORE_CHANGE_STATUS)
			status = c[i].status;
		else if (c[i].kind == STORE_CHANGE_PRIORITY)
			priority = c[i].priority;
	}
	switch (c[k].kind) {
	case STORE_CHANGE_ASSIGN:
		return assignee != NULL && strcmp(assignee, c[k].arg) == 0;
	case STORE_CHANGE_STATUS:
		return status == c[k].status;
	case STORE_CHANGE_PRIORITY:
		return priority == c[k].priority;
	default:
		return false;
	}
}

static int
rules_verify(const char *db, size_t n)
{
	struct config		 cfg;
	struct rules		*rs;
	struct store		*st;
	struct store_change	 c[64];
	struct rules_seen	 seen = { 0 };
	struct post		*p;
	char			 err[256], buf[512], **want = NULL;
	size_t			 nwant = 0, i, k, m, dup = 0, bad = 0;

	if (rules_load(&cfg, &rs) != 0)
		return 1;
	if ((st = store_open_existing(db, "verify", NULL, err,
	    sizeof err)) == NULL) {
		printf("FAIL open: %s\n", err);
		return 1;
	}
	store_audit_each(st, 0, rules_collect, &seen);
	/* What the rules say, once each, and one record per post. */
	for (i = 0; i < n; i++) {
		p = rules_post(i);
		m = rules_match(rs, p, RULES_COLUMN, c, 64);
		want = realloc(want, (nwant + m + 1) * sizeof *want);
		for (k = 0; k < m; k++) {
			/* Optional actions that change nothing are skipped:
			 * a tag the post has, a priority it has. */
			if (rules_noop(c, k))
				continue;
			snprintf(buf, sizeof buf, "%s %s %s", p->id, c[k].who,
			    store_change_action(&c[k]));
			want[nwant++] = strdup(buf);
		}
		post_unref(p);
	}
	/* The records: n, one per post. */
	if (seen.records != n) {
		printf("FAIL records: %zu audit records for %zu posts\n",
		    seen.records, n);
		bad++;
	} else
		printf("ok   records: each of %zu posts recorded once\n", n);
	/* Drop the record keys, sort both, compare. */
	for (i = k = 0; i < seen.nkey; i++) {
		if (strstr(seen.key[i], " record") != NULL &&
		    strncmp(strchr(seen.key[i], ' ') + 1, "rule ", 5) != 0) {
			free(seen.key[i]);
			continue;
		}
		seen.key[k++] = seen.key[i];
	}
	seen.nkey = k;
	qsort(seen.key, seen.nkey, sizeof *seen.key, rules_cmp);
	qsort(want, nwant, sizeof *want, rules_cmp);
	for (i = 1; i < seen.nkey; i++)
		if (strcmp(seen.key[i], seen.key[i - 1]) == 0 && dup++ < 5)
			printf("  twice: %s\n", seen.key[i]);
	if (dup > 0) {
		printf("FAIL once: %zu rule actions made more than once\n",
		    dup);
		bad++;
	} else
		printf("ok   once: no rule action made twice (%zu in all)\n",
		    seen.nkey);
	for (i = k = m = 0; i < nwant || k < seen.nkey;) {
		int	cmp = i >= nwant ? 1 : k >= seen.nkey ? -1 :
			    strcmp(want[i], seen.key[k]);

		if (cmp == 0) {
			i++, k++;
			continue;
		}
		if (m++ < 5)
			printf("  %s: %s\n", cmp < 0 ? "missing" : "unexpected",
			    cmp < 0 ? want[i] : seen.key[k]);
		if (cmp < 0)
			i++;
		else
			k++;
	}
	if (m > 0) {
		printf("FAIL rules: %zu rule actions differ from what the rules "
		    "say\n", m);
		bad++;
	} else
		printf("ok   rules: every action the rules give, by its rule "
		    "(%zu)\n", nwant);
	for (i = 0; i < nwant; i++)
		free(want[i]);
	free(want);
	for (i = 0; i < seen.nkey; i++)
		free(seen.key[i]);
	free(seen.key);
	store_close(st);
	rules_free(rs);
	config_free(&cfg);
	return bad != 0;
}

int
main(int argc, char **argv)
{
	struct store	*st;
	char		 err[256];

	if (argc == 3 && strcmp(argv[1], "init") == 0) {
		if ((st = store_open(argv[2], "init", err, sizeof err)) ==
		    NULL) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		store_close(st);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "run") == 0)
		return rules_run(argv[2], argv[3], (unsigned)atoi(argv[4]),
		    (size_t)atoi(argv[5]));
	if (argc == 4 && strcmp(argv[1], "verify") == 0)
		return rules_verify(argv[2], (size_t)atoi(argv[3]));
	fprintf(stderr, "usage: rules_driver init DB | run DB WHO SEED N | "
	    "verify DB N\n");
	return 2;
}
