/* store_driver.c — processes for the store's concurrency and crash tests
 * (tests/store/concurrency.sh, tests/store/crash.sh).
 *
 *   store_driver init DB                   creates (migrates) the store
 *   store_driver mix DB WHO SEED N POSTS   N random changes on POSTS shared
 *       posts; prints "ACK who action id value" for each acknowledged one,
 *       then "DONE acked failed start_ms end_ms"
 *   store_driver crash DB WHO N            N changes, each acknowledgement
 *       written unbuffered as soon as the change returns (for kill -9)
 *   store_driver verify-mix DB LOG...      every ACK is in the audit log, in
 *       each writer's order, and replaying the log gives the final state
 *   store_driver verify-crash DB LOG...    every ACK survived; the file
 *       passes PRAGMA integrity_check (PostgreSQL: the audit log's seq
 *       grows and no change id is there twice)
 *
 * DB is a SQLite path or a PostgreSQL URL (tests/pg/check.sh).
 *   store_driver fill DB POSTS AUDIT      a big store for make bench: POSTS
 *       triaged posts (with snapshots, tags, some notes) and AUDIT audit
 *       rows over the last year, written directly in one transaction
 *   store_driver inbox DB N               N inbox posts recorded through
 *       store_apply_batch() as the collector, in Mentions (2 of 3) and
 *       Brand; alice replies to every 3rd, bob to every 4th that alice
 *       did not, carol closes every 5th as done (tests/store/report.sh)
 *   store_driver author DB NETWORK HANDLE  three earlier posts by HANDLE on
 *       NETWORK, recorded with their snapshots: one replied by bob, one
 *       done by carol, one untouched (tests/tui/report.sh)
 *   store_driver fill-inbox DB N          N recorded posts over the last
 *       30 days with their audit log (record; a reply to 7 in 10, an
 *       assignment to 4, done for 5, a tag for 2), written directly in
 *       one transaction (SQLite), for make bench's report figures
 *
 * verify-* print "ok   what" or "FAIL what: why" lines for the scripts to
 * count, and exit 1 on any failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "starling/post.h"
#include "starling/post_json.h"
#include "starling/store.h"

#define DRIVER_NETWORK	"conc"

static const char *driver_team[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"
};
static const char *driver_tags[] = {
	"complaint", "vip", "billing", "bug", "praise", "urgent"
};
#define DRIVER_N(a)	(sizeof (a) / sizeof (a)[0])

static int	driver_failed;

static int64_t
driver_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
driver_report(bool ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
driver_report(bool ok, const char *what, const char *fmt, ...)
{
	va_list	ap;

	if (ok) {
		printf("ok   %s\n", what);
		return;
	}
	driver_failed++;
	printf("FAIL %s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static struct store *
driver_open(const char *path, const char *who)
{
	char		 err[512];
	struct store	*s = store_open(path, who, err, sizeof err);

	if (s == NULL) {
		fprintf(stderr, "store_driver: %s\n", err);
		exit(2);
	}
	return s;
}

/* --- writers -------------------------------------------------------------- */

static int
driver_mix(const char *path, const char *who, unsigned seed, int n, int nposts)
{
	struct store	*s = driver_open(path, who);
	char		 err[512], id[32], note[64];
	const char	*action, *value;
	int		 i, rc, acked = 0, failed = 0;
	int64_t		 start = driver_ms();

	srand(seed);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "p%d", rand() % nposts);
		switch (rand() % 4) {
		case 0:
			if (rand() % 5 == 0) {
				action = "unassign";
				value = NULL;
			} else {
				action = "assign";
				value = driver_team[rand() % DRIVER_N(driver_team)];
			}
			rc = store_apply(s, &(struct store_change){
			    .kind = STORE_CHANGE_ASSIGN,
			    .network = DRIVER_NETWORK, .id = id, .arg = value },
			    err, sizeof err);
			break;
		case 1:
			value = driver_tags[rand() % DRIVER_N(driver_tags)];
			action = rand() % 3 == 0 ? "untag" : "tag";
			rc = store_apply(s, &(struct store_change){
			    .kind = STORE_CHANGE_TAG, .network = DRIVER_NETWORK,
			    .id = id, .arg = value, .on = action[0] == 't' },
			    err, sizeof err);
			break;
		case 2: {
			static const enum store_status	st[] = {
				STORE_OPEN, STORE_DONE, STORE_IGNORED
			};
			enum store_status		v = st[rand() % 3];

			action = "status";
			value = store_status_name(v);
			rc = store_apply(s, &(struct store_change){
			    .kind = STORE_CHANGE_STATUS,
			    .network = DRIVER_NETWORK, .id = id, .status = v },
			    err, sizeof err);
			break;
		}
		default:
			action = "note";
			snprintf(note, sizeof note, "%s-%d-%u", who, i, seed);
			value = note;
			rc = store_apply(s, &(struct store_change){
			    .kind = STORE_CHANGE_NOTE,
			    .network = DRIVER_NETWORK, .id = id, .arg = value },
			    err, sizeof err);
			break;
		}
		if (rc == 0) {
			printf("ACK\t%s\t%s\t%s\t%s\n", who, action, id,
			    value != NULL ? value : "-");
			acked++;
		} else {
			printf("ERR\t%s\t%d\t%s\n", who, i, err);
			failed++;
		}
	}
	printf("DONE\t%d\t%d\t%lld\t%lld\n", acked, failed, (long long)start,
	    (long long)driver_ms());
	store_close(s);
	return 0;
}

static int
driver_crash(const char *path, const char *who, int n)
{
	struct store	*s = driver_open(path, who);
	char		 err[512], id[32], value[64], line[256];
	int		 i, rc, len;
	bool		 note;

	len = snprintf(line, sizeof line, "START\t%s\n", who);
	if (write(1, line, (size_t)len) != len)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "c%d", i % 10);
		note = i % 2 == 0;
		snprintf(value, sizeof value, "%s-%d", who, i);
		if (note)
			rc = store_apply(s, &(struct store_change){
			    .kind = STORE_CHANGE_NOTE,
			    .network = DRIVER_NETWORK, .id = id, .arg = value },
			    err, sizeof err);
		else
			rc = store_apply(s, &(struct store_change){
			    .kind = STORE_CHANGE_TAG, .network = DRIVER_NETWORK,
			    .id = id, .arg = value, .on = true },
			    err, sizeof err);
		if (rc != 0) {
			fprintf(stderr, "store_driver: %s\n", err);
			continue;
		}
		/* Unbuffered: once this line is out, the change is acked. */
		len = snprintf(line, sizeof line, "ACK\t%s\t%s\t%s\t%s\n", who,
		    note ? "note" : "tag", id, value);
		if (write(1, line, (size_t)len) != len)
			return 1;
	}
	len = snprintf(line, sizeof line, "DONE\t%s\n", who);
	if (write(1, line, (size_t)len) != len)
		return 1;
	store_close(s);
	return 0;
}

/* --- acknowledgement logs ------------------------------------------------- */

struct driver_ack {
	char	who[64], action[32], id[32], value[128];
};

struct driver_acks {
	struct driver_ack	*v;
	size_t			 n, cap;
	long long		 start, end;	/* over every DONE line */
	int			 failed, done;
};

static void
driver_read_log(const char *file, struct driver_acks *acks)
{
	FILE			*f = fopen(file, "r");
	char			 line[512];
	struct driver_ack	 a;
	long long		 start, end;
	int			 acked, failed;

	if (f == NULL) {
		perror(file);
		exit(2);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "ACK\t%63[^\t]\t%31[^\t]\t%31[^\t]\t%127[^\n]",
		    a.who, a.action, a.id, a.value) == 4) {
			if (acks->n == acks->cap) {
				acks->cap = acks->cap ? acks->cap * 2 : 1024;
				acks->v = realloc(acks->v, acks->cap *
				    sizeof *acks->v);
			}
			acks->v[acks->n++] = a;
		} else if (sscanf(line, "DONE\t%d\t%d\t%lld\t%lld", &acked,
		    &failed, &start, &end) == 4) {
			acks->failed += failed;
			acks->done++;
			if (acks->start == 0 || start < acks->start)
				acks->start = start;
			if (end > acks->end)
				acks->end = end;
		}
	}
	fclose(f);
}

/* The meaningful value of an audit row, as the writers log it. */
static void
driver_audit_value(const struct store_audit *a, char *out, size_t len)
{
	json_t		*d = json_loads(a->detail, 0, NULL);
	const char	*key = NULL;
	json_t		*v;

	snprintf(out, len, "-");
	if (strcmp(a->action, "assign") == 0)
		key = "assignee";
	else if (strcmp(a->action, "tag") == 0 || strcmp(a->action, "untag") == 0)
		key = "tag";
	else if (strcmp(a->action, "status") == 0)
		key = "status";
	else if (strcmp(a->action, "note") == 0)
		key = "text";
	if (d != NULL && key != NULL && (v = json_object_get(d, key)) != NULL &&
	    json_is_string(v))
		snprintf(out, len, "%s", json_string_value(v));
	json_decref(d);
}

static const char *
driver_detail_string(const char *detail, const char *key, char *buf,
    size_t len)
{
	json_t		*d = json_loads(detail, 0, NULL), *v;
	const char	*out = NULL;

	if (d != NULL && (v = json_object_get(d, key)) != NULL) {
		if (json_is_string(v)) {
			snprintf(buf, len, "%s", json_string_value(v));
			out = buf;
		} else if (json_is_null(v))
			out = "";
	}
	json_decref(d);
	return out;
}

/* --- verify-mix ---------------------------------------------------------- */

struct driver_post {
	char			id[32];
	char			assignee[256];	/* "" for nobody */
	enum store_status	status;
	bool			tags[8];
	size_t			notes;
	bool			seen;
};

static int
driver_tag_index(const char *tag)
{
	size_t	i;

	for (i = 0; i < DRIVER_N(driver_tags); i++)
		if (strcmp(driver_tags[i], tag) == 0)
			return (int)i;
	return -1;
}

static int
driver_verify_mix(const char *path, char **logs, int nlogs)
{
	struct driver_acks	 acks = { 0 };
	struct store		*s = driver_open(path, "verifier");
	struct store_audit	*a;
	struct store_triage	 t;
	struct driver_post	 posts[256];
	size_t			 n, i, j, k, nposts = 0, bad = 0, badchain = 0;
	size_t			 badstate = 0;
	char			 value[256], buf[256], what[128];
	const char		*from;
	int			 l;

	for (l = 0; l < nlogs; l++)
		driver_read_log(logs[l], &acks);
	if (store_audit_from(s, 0, &a, &n) != 0) {
		driver_report(false, "read audit", "cannot read");
		return 1;
	}
	snprintf(what, sizeof what, "%d writers finished", nlogs);
	driver_report(acks.done == nlogs, what, "%d DONE lines", acks.done);

	/* (1) Each writer's acks are its audit rows, in order, one for one. */
	{
		char	 whos[64][64];
		size_t	 nwho = 0, w;

		for (i = 0; i < acks.n; i++) {
			for (w = 0; w < nwho; w++)
				if (strcmp(whos[w], acks.v[i].who) == 0)
					break;
			if (w == nwho && nwho < 64)
				snprintf(whos[nwho++], sizeof whos[0], "%s",
				    acks.v[i].who);
		}
		for (w = 0; w < nwho; w++) {
			size_t	ai = 0, ri = 0, nacks = 0, nrows = 0;

			for (;;) {
				while (ai < acks.n &&
				    strcmp(acks.v[ai].who, whos[w]) != 0)
					ai++;
				while (ri < n && strcmp(a[ri].who, whos[w]) != 0)
					ri++;
				if (ai == acks.n || ri == n)
					break;
				driver_audit_value(&a[ri], value, sizeof value);
				if (strcmp(acks.v[ai].action, a[ri].action) != 0 ||
				    strcmp(acks.v[ai].id, a[ri].id) != 0 ||
				    strcmp(acks.v[ai].value, value) != 0) {
					if (bad++ < 5)
						printf("  %s: ack %zu %s %s %s, "
						    "audit seq %lld %s %s %s\n",
						    whos[w], nacks,
						    acks.v[ai].action,
						    acks.v[ai].id,
						    acks.v[ai].value,
						    (long long)a[ri].seq,
						    a[ri].action, a[ri].id,
						    value);
				}
				ai++, ri++, nacks++, nrows++;
			}
			for (; ai < acks.n; ai++)
				if (strcmp(acks.v[ai].who, whos[w]) == 0)
					nacks++, bad++;
			for (; ri < n; ri++)
				if (strcmp(a[ri].who, whos[w]) == 0)
					nrows++, bad++;
			if (nacks != nrows)
				printf("  %s: %zu acks, %zu audit rows\n",
				    whos[w], nacks, nrows);
		}
		snprintf(what, sizeof what, "every acknowledged change is in "
		    "the audit log (%zu acks, %zu rows)", acks.n, n);
		driver_report(bad == 0 && acks.n == n, what, "%zu mismatches",
		    bad);
	}

	/* (2) Replay the log in seq order: each row's "from" must be the
	 * state the previous rows left (no write was based on a stale
	 * read), and the end state must be the store's. */
	for (i = 0; i < n; i++) {
		struct driver_post	*p = NULL;

		for (j = 0; j < nposts; j++)
			if (strcmp(posts[j].id, a[i].id) == 0)
				p = &posts[j];
		if (p == NULL) {
			if (nposts == DRIVER_N(posts))
				continue;
			p = &posts[nposts++];
			memset(p, 0, sizeof *p);
			snprintf(p->id, sizeof p->id, "%s", a[i].id);
		}
		driver_audit_value(&a[i], value, sizeof value);
		if (strcmp(a[i].action, "assign") == 0 ||
		    strcmp(a[i].action, "unassign") == 0) {
			from = driver_detail_string(a[i].detail, "from", buf,
			    sizeof buf);
			if (from == NULL || strcmp(from, p->assignee) != 0)
				badchain++;
			if (a[i].action[0] == 'a') {
				snprintf(p->assignee, sizeof p->assignee, "%s",
				    value);
				p->status = STORE_ASSIGNED;
			} else {
				p->assignee[0] = '\0';
				if (p->status != STORE_DONE &&
				    p->status != STORE_IGNORED &&
				    p->status != STORE_REPLIED)
					p->status = STORE_OPEN;
			}
		} else if (strcmp(a[i].action, "status") == 0) {
			from = driver_detail_string(a[i].detail, "from", buf,
			    sizeof buf);
			if (from == NULL ||
			    strcmp(from, store_status_name(p->status)) != 0)
				badchain++;
			p->status = (enum store_status)store_status_parse(value);
		} else if (strcmp(a[i].action, "tag") == 0 ||
		    strcmp(a[i].action, "untag") == 0) {
			int	ti = driver_tag_index(value);

			if (ti >= 0)
				p->tags[ti] = a[i].action[0] == 't';
		} else if (strcmp(a[i].action, "note") == 0)
			p->notes++;
	}
	driver_report(badchain == 0, "each change saw the previous one "
	    "(assign/status \"from\" chain)", "%zu breaks", badchain);

	for (j = 0; j < nposts; j++) {
		struct driver_post	*p = &posts[j];
		bool			 ok;

		if (store_get(s, DRIVER_NETWORK, p->id, &t) != 1) {
			badstate++;
			continue;
		}
		ok = strcmp(t.assignee ? t.assignee : "", p->assignee) == 0 &&
		    t.status == p->status && t.nnotes == p->notes;
		for (k = 0; k < DRIVER_N(driver_tags); k++) {
			bool	has = false;

			for (i = 0; i < t.ntags; i++)
				has = has || strcmp(t.tags[i], driver_tags[k]) == 0;
			ok = ok && has == p->tags[k];
		}
		if (!ok && badstate++ < 5)
			printf("  %s: store %s/%s/%zu notes, replay %s/%s/%zu\n",
			    p->id, t.assignee ? t.assignee : "-",
			    store_status_name(t.status), t.nnotes,
			    p->assignee[0] ? p->assignee : "-",
			    store_status_name(p->status), p->notes);
		store_triage_free(&t);
	}
	snprintf(what, sizeof what, "no update lost: final state of %zu posts "
	    "is the last acknowledged write", nposts);
	driver_report(badstate == 0 && nposts > 0, what, "%zu posts differ",
	    badstate);

	if (acks.end > acks.start)
		printf("rate: %zu writes in %lld ms by %d writers = %.0f "
		    "writes/s (%d busy failures)\n", acks.n,
		    acks.end - acks.start, nlogs,
		    acks.n * 1000.0 / (double)(acks.end - acks.start),
		    acks.failed);
	for (i = 0; i < n; i++)
		store_audit_free(&a[i]);
	free(a);
	free(acks.v);
	store_close(s);
	return driver_failed ? 1 : 0;
}

/* --- verify-crash -------------------------------------------------------- */

/* PostgreSQL keeps its own files whole; what a store adds is checked:
 * the audit log's sequence only grows and every change id is there once. */
static int
driver_integrity_log(const char *path)
{
	struct store		*s = driver_open(path, "verifier");
	struct store_audit	*a;
	size_t			 n, i, j, bad = 0;

	if (store_audit_from(s, 0, &a, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (i > 0 && a[i].seq <= a[i - 1].seq)
			bad++;
		if (a[i].change_id == NULL)
			bad++;
		for (j = i + 1; j < n && j < i + 64 && a[i].change_id; j++)
			if (a[j].change_id != NULL &&
			    strcmp(a[i].change_id, a[j].change_id) == 0)
				bad++;
	}
	driver_report(bad == 0 && n > 0, "the audit log's seq grows and every "
	    "change id is there once", "%zu bad of %zu rows", bad, n);
	for (i = 0; i < n; i++)
		store_audit_free(&a[i]);
	free(a);
	store_close(s);
	return 0;
}

static int
driver_integrity(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		 result[256] = "";

	if (strncmp(path, "postgres", 8) == 0)
		return driver_integrity_log(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(result, sizeof result, "%s",
			    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	driver_report(strcmp(result, "ok") == 0, "PRAGMA integrity_check is "
	    "\"ok\"", "%s", result);
	return 0;
}

static int
driver_verify_crash(const char *path, char **logs, int nlogs)
{
	struct driver_acks	 acks = { 0 };
	struct store		*s;
	struct store_audit	*a;
	struct store_triage	 t;
	size_t			 n, i, j, missing = 0, rows;
	char			 value[256], what[160];
	bool			 found;
	int			 l;

	driver_integrity(path);
	s = driver_open(path, "verifier");
	for (l = 0; l < nlogs; l++) {
		size_t	before = acks.n;

		driver_read_log(logs[l], &acks);
		if (acks.n == before)
			continue;
		/* The audit rows of this writer: every ack, plus at most the
		 * one change committed as it was killed. */
		if (store_audit_from(s, 0, &a, &n) != 0)
			return 1;
		for (rows = 0, i = 0; i < n; i++)
			rows += strcmp(a[i].who, acks.v[before].who) == 0;
		for (i = 0; i < n; i++)
			store_audit_free(&a[i]);
		free(a);
		snprintf(what, sizeof what, "%s: %zu acks, %zu audit rows",
		    acks.v[before].who, acks.n - before, rows);
		driver_report(rows == acks.n - before ||
		    rows == acks.n - before + 1, what, "lost or invented rows");
	}
	for (i = 0; i < acks.n; i++) {
		struct driver_ack	*k = &acks.v[i];

		found = false;
		if (strcmp(k->action, "note") == 0) {
			if (store_history(s, DRIVER_NETWORK, k->id, &a, &n) != 0)
				return 1;
			for (j = 0; j < n; j++) {
				driver_audit_value(&a[j], value, sizeof value);
				found = found || (strcmp(a[j].action, "note") ==
				    0 && strcmp(value, k->value) == 0);
				store_audit_free(&a[j]);
			}
			free(a);
		} else if (store_get(s, DRIVER_NETWORK, k->id, &t) == 1) {
			for (j = 0; j < t.ntags; j++)
				found = found || strcmp(t.tags[j], k->value) == 0;
			store_triage_free(&t);
		}
		if (!found && missing++ < 5)
			printf("  missing: %s %s %s\n", k->action, k->id,
			    k->value);
	}
	snprintf(what, sizeof what, "every acknowledged write is there (%zu)",
	    acks.n);
	driver_report(missing == 0 && acks.n > 0, what, "%zu missing", missing);
	free(acks.v);
	store_close(s);
	return driver_failed ? 1 : 0;
}

static int
driver_fill(const char *path, long nposts, long naudit)
{
	static const char *const statuses[] = {
		"new", "open", "assigned", "replied", "done", "ignored"
	};
	static const char *const actions[] = {
		"assign", "tag", "status", "note", "reply", "like"
	};
	sqlite3		*db;
	sqlite3_stmt	*post, *tri, *tag, *note, *aud;
	struct post	 t = { 0 }, *p;
	char		 id[32], text[160], detail[200], *json;
	int64_t		 now = (int64_t)time(NULL), at;
	long		 i;
	unsigned	 r = 7;

	store_close(driver_open(path, "fill"));
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO posts (network, id, json, created,"
	    " saved) VALUES ('demo', ?1, ?2, ?3, ?3)", -1, &post, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO triage (network, id, status,"
	    " assignee, assigned_by, first_seen, updated, updated_by) VALUES"
	    " ('demo', ?1, ?2, ?3, ?4, ?5, ?5, ?4)", -1, &tri, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO tags (network, id, tag) VALUES"
	    " ('demo', ?1, ?2)", -1, &tag, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO notes (network, id, who, at, text)"
	    " VALUES ('demo', ?1, ?2, ?3, ?4)", -1, &note, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO audit (at, who, action, network,"
	    " id, detail) VALUES (?1, ?2, ?3, 'demo', ?4, ?5)", -1, &aud, NULL);
	for (i = 0; i < nposts; i++) {
		r = r * 1103515245u + 12345u;
		at = now - 365 * 86400 + (int64_t)i * (365 * 86400 / nposts);
		snprintf(id, sizeof id, "big-%ld", i);
		snprintf(text, sizeof text, "Post %ld of a busy brand's year: "
		    "where is my order? #support", i);
		t.network = "demo";
		t.id = id;
		t.text = text;
		t.author_name = driver_team[r % DRIVER_N(driver_team)];
		t.author_handle = t.author_name;
		t.url = "https://example.social/@someone/1";
		t.created = at;
		p = post_new(&t);
		json = post_to_json(p);
		post_unref(p);
		sqlite3_bind_text(post, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(post, 2, json, -1, free);
		sqlite3_bind_int64(post, 3, at);
		sqlite3_step(post);
		sqlite3_reset(post);
		sqlite3_bind_text(tri, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(tri, 2, statuses[(r >> 8) % 6], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(tri, 3, driver_team[(r >> 12) %
		    DRIVER_N(driver_team)], -1, SQLITE_STATIC);
		sqlite3_bind_text(tri, 4, driver_team[(r >> 16) %
		    DRIVER_N(driver_team)], -1, SQLITE_STATIC);
		sqlite3_bind_int64(tri, 5, at);
		sqlite3_step(tri);
		sqlite3_reset(tri);
		sqlite3_bind_text(tag, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(tag, 2, driver_tags[(r >> 20) %
		    DRIVER_N(driver_tags)], -1, SQLITE_STATIC);
		sqlite3_step(tag);
		sqlite3_reset(tag);
		if (i % 10 == 0) {
			sqlite3_bind_text(note, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(note, 2, "alice", -1, SQLITE_STATIC);
			sqlite3_bind_int64(note, 3, at);
			sqlite3_bind_text(note, 4, "called them back", -1,
			    SQLITE_STATIC);
			sqlite3_step(note);
			sqlite3_reset(note);
		}
	}
	for (i = 0; i < naudit; i++) {
		r = r * 1103515245u + 12345u;
		at = now - 365 * 86400 + (int64_t)i * (365 * 86400 / naudit);
		snprintf(id, sizeof id, "big-%ld", (long)((r >> 4) %
		    (unsigned)(nposts > 0 ? nposts : 1)));
		snprintf(detail, sizeof detail, "{\"assignee\":\"%s\","
		    "\"text\":\"entry %ld\"}", driver_team[r %
		    DRIVER_N(driver_team)], i);
		sqlite3_bind_int64(aud, 1, at);
		sqlite3_bind_text(aud, 2, driver_team[(r >> 8) %
		    DRIVER_N(driver_team)], -1, SQLITE_STATIC);
		sqlite3_bind_text(aud, 3, actions[(r >> 12) % 6], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(aud, 4, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(aud, 5, detail, -1, SQLITE_TRANSIENT);
		sqlite3_step(aud);
		sqlite3_reset(aud);
	}
	sqlite3_finalize(post);
	sqlite3_finalize(tri);
	sqlite3_finalize(tag);
	sqlite3_finalize(note);
	sqlite3_finalize(aud);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "fill: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_close(db);
	printf("filled %ld posts, %ld audit rows\n", nposts, naudit);
	return 0;
}

/* --- inbox posts for the report ------------------------------------------- */

static int
driver_inbox(const char *path, int n)
{
	struct store	*col = driver_open(path, "collector");
	struct store	*who[3] = { driver_open(path, "alice"),
			    driver_open(path, "bob"),
			    driver_open(path, "carol") };
	char		 err[512], id[32], detail[256];
	int		 i, rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		struct store_change	c[2] = {
			{ .kind = STORE_CHANGE_RECORD, .network = "mastodon",
			  .id = id, .detail = detail },
			{ .kind = STORE_CHANGE_TAG, .network = "mastodon",
			  .id = id, .arg = "inbox", .on = true,
			  .who = "rule inbox", .optional = true },
		};

		snprintf(id, sizeof id, "in-%d", i);
		snprintf(detail, sizeof detail, "{\"column\": \"%s\", "
		    "\"author\": \"%s\", \"followers\": %d, \"kind\": "
		    "\"mention\", \"network\": \"mastodon\"}", i % 3 == 2 ?
		    "Brand" : "Mentions", driver_team[i % 4], 100 * (i % 4));
		rc = store_apply_batch(col, c, 2, err, sizeof err);
	}
	for (i = 0; i < n && rc == 0; i++) {
		struct store_change	c = { .kind = STORE_CHANGE_ACTION,
			.network = "mastodon", .id = id, .arg = "reply" };

		snprintf(id, sizeof id, "in-%d", i);
		if (i % 3 == 0)
			rc = store_apply(who[0], &c, err, sizeof err);
		else if (i % 4 == 0)
			rc = store_apply(who[1], &c, err, sizeof err);
		if (rc == 0 && i % 5 == 0) {
			c.kind = STORE_CHANGE_STATUS;
			c.arg = NULL;
			c.status = STORE_DONE;
			rc = store_apply(who[2], &c, err, sizeof err);
		}
	}
	if (rc != 0)
		fprintf(stderr, "store_driver: inbox: %s\n", err);
	store_close(col);
	for (i = 0; i < 3; i++)
		store_close(who[i]);
	return rc != 0;
}

static int
driver_author(const char *path, const char *network, const char *handle)
{
	static const char *const texts[] = {
		"My parcel is a week late, any news?",
		"Thanks for sorting out the refund!",
		"Is the shop open on Sundays?",
	};
	struct store	*col = driver_open(path, "collector");
	struct store	*bob = driver_open(path, "bob");
	struct store	*carol = driver_open(path, "carol");
	struct post	 t = { 0 }, *p;
	char		 err[512], id[32];
	int		 i, rc = 0;

	for (i = 0; i < 3 && rc == 0; i++) {
		struct store_change	c = { .kind = STORE_CHANGE_RECORD,
			.network = network, .id = id,
			.detail = "{\"column\": \"Inbox\"}" };

		snprintf(id, sizeof id, "earlier-%d", i);
		t.network = network;
		t.id = id;
		t.text = texts[i];
		t.author_name = "Dana";
		t.author_handle = handle;
		t.created = (int64_t)time(NULL) - (3 - i) * 86400;
		p = post_new(&t);
		c.post = p;
		rc = store_apply(col, &c, err, sizeof err);
		post_unref(p);
	}
	if (rc == 0) {
		struct store_change	c = { .kind = STORE_CHANGE_ACTION,
			.network = network, .id = "earlier-1", .arg = "reply" };

		rc = store_apply(bob, &c, err, sizeof err);
		c.kind = STORE_CHANGE_STATUS;
		c.id = "earlier-0";
		c.arg = NULL;
		c.status = STORE_DONE;
		if (rc == 0)
			rc = store_apply(carol, &c, err, sizeof err);
	}
	if (rc != 0)
		fprintf(stderr, "store_driver: author: %s\n", err);
	store_close(col);
	store_close(bob);
	store_close(carol);
	return rc != 0;
}

static int
driver_fill_inbox(const char *path, long n)
{
	static const char *const columns[] = { "Mentions", "Brand",
		"Competitors", "Support" };
	sqlite3		*db;
	sqlite3_stmt	*post, *tri, *aud;
	struct post	 t = { 0 }, *p;
	char		 id[32], text[160], detail[256], handle[32], *json;
	int64_t		 now = (int64_t)time(NULL), at, rep;
	const char	*status, *assignee;
	long		 i;
	unsigned	 r = 11;

	store_close(driver_open(path, "fill"));
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO posts (network, id, json, created,"
	    " saved) VALUES ('mastodon', ?1, ?2, ?3, ?3)", -1, &post, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO triage (network, id, status,"
	    " assignee, assigned_by, first_seen, updated, updated_by) VALUES"
	    " ('mastodon', ?1, ?2, ?3, ?4, ?5, ?5, ?4)", -1, &tri, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO audit (at, who, action, network,"
	    " id, detail) VALUES (?1, ?2, ?3, 'mastodon', ?4, ?5)", -1, &aud,
	    NULL);
#define AUDIT(when, who, action, d) do {				\
	sqlite3_bind_int64(aud, 1, (when));				\
	sqlite3_bind_text(aud, 2, (who), -1, SQLITE_TRANSIENT);		\
	sqlite3_bind_text(aud, 3, (action), -1, SQLITE_STATIC);		\
	sqlite3_bind_text(aud, 4, id, -1, SQLITE_TRANSIENT);		\
	sqlite3_bind_text(aud, 5, (d), -1, SQLITE_TRANSIENT);		\
	sqlite3_step(aud);						\
	sqlite3_reset(aud);						\
} while (0)
	for (i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		at = now - 30 * 86400 + (int64_t)i * (30 * 86400 / n);
		snprintf(id, sizeof id, "inbox-%ld", i);
		snprintf(handle, sizeof handle, "customer%u@example.social",
		    (r >> 4) % 5000);
		snprintf(text, sizeof text, "@acme order %ld has not come, "
		    "can you help?", i);
		t.network = "mastodon";
		t.id = id;
		t.text = text;
		t.author_name = handle;
		t.author_handle = handle;
		t.followers = (long)((r >> 8) % 20000);
		t.created = at;
		p = post_new(&t);
		json = post_to_json(p);
		post_unref(p);
		sqlite3_bind_text(post, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(post, 2, json, -1, free);
		sqlite3_bind_int64(post, 3, at);
		sqlite3_step(post);
		sqlite3_reset(post);
		snprintf(detail, sizeof detail, "{\"column\": \"%s\", "
		    "\"author\": \"%s\", \"followers\": %ld, \"kind\": "
		    "\"mention\", \"network\": \"mastodon\"}",
		    columns[(r >> 12) % 4], handle, t.followers);
		AUDIT(at, "collector", "record", detail);
		status = "new";
		assignee = NULL;
		if ((r >> 14) % 10 < 4) {
			assignee = driver_team[(r >> 16) % 4];
			snprintf(detail, sizeof detail, "{\"assignee\": "
			    "\"%s\", \"status\": \"assigned\"}", assignee);
			AUDIT(at + 60, "rule route", "assign", detail);
			status = "assigned";
		}
		if ((r >> 18) % 10 < 2)
			AUDIT(at + 61, "rule route", "tag",
			    (r >> 20) % 2 ? "{\"tag\": \"refund\"}" :
			    "{\"tag\": \"complaint\"}");
		rep = at + 30 + (int64_t)((r >> 6) % 7200);
		if ((r >> 22) % 10 < 7) {
			AUDIT(rep, driver_team[(r >> 24) % 4], "reply",
			    "{\"account\": \"work\"}");
			status = "replied";
		}
		if ((r >> 26) % 2) {
			AUDIT(rep + 60, driver_team[(r >> 27) % 4], "status",
			    "{\"status\": \"done\"}");
			status = "done";
		}
		sqlite3_bind_text(tri, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(tri, 2, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(tri, 3, assignee, -1, SQLITE_STATIC);
		sqlite3_bind_text(tri, 4, "collector", -1, SQLITE_STATIC);
		sqlite3_bind_int64(tri, 5, at);
		sqlite3_step(tri);
		sqlite3_reset(tri);
	}
#undef AUDIT
	sqlite3_finalize(post);
	sqlite3_finalize(tri);
	sqlite3_finalize(aud);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "fill-inbox: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_close(db);
	printf("filled %ld recorded posts\n", n);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "init") == 0) {
		store_close(driver_open(argv[2], "init"));
		return 0;
	}
	if (argc == 7 && strcmp(argv[1], "mix") == 0)
		return driver_mix(argv[2], argv[3], (unsigned)atoi(argv[4]),
		    atoi(argv[5]), atoi(argv[6]));
	if (argc == 5 && strcmp(argv[1], "crash") == 0)
		return driver_crash(argv[2], argv[3], atoi(argv[4]));
	if (argc >= 4 && strcmp(argv[1], "verify-mix") == 0)
		return driver_verify_mix(argv[2], argv + 3, argc - 3);
	if (argc == 5 && strcmp(argv[1], "fill") == 0)
		return driver_fill(argv[2], atol(argv[3]), atol(argv[4]));
	if (argc >= 4 && strcmp(argv[1], "verify-crash") == 0)
		return driver_verify_crash(argv[2], argv + 3, argc - 3);
	if (argc == 4 && strcmp(argv[1], "inbox") == 0)
		return driver_inbox(argv[2], atoi(argv[3]));
	if (argc == 5 && strcmp(argv[1], "author") == 0)
		return driver_author(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "fill-inbox") == 0)
		return driver_fill_inbox(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: store_driver init DB | mix DB WHO SEED N POSTS | crash DB "
	    "WHO N | verify-mix DB LOG... | verify-crash DB LOG... | fill DB POSTS "
	    "AUDIT | inbox DB N | author DB NETWORK HANDLE | fill-inbox DB N\n");
	return 2;
}
