/* test_triage.c — the triage module on a real SQLite file: the first load,
 * the change feed (each post once per batch), store-column membership and
 * "me", badges, SLA counts, a post's history read off the UI thread, our
 * own changes reported, and reads that do not wait behind a change waiting
 * for another connection's write lock. Runs under TSan too.
 *
 * With STARLING_TEST_PG_URL set (tests/pg/check.sh), the store tests run
 * on PostgreSQL instead, each on a database of its own, with the store
 * going away and coming back. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "harness.h"
#include "pgdb.h"
#include "starling/approval.h"
#include "starling/clock.h"
#include "starling/config.h"
#include "starling/inbox.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"
#include "starling/timeline.h"
#include "starling/triage.h"
#include "starling/wake.h"

static char	dir[64];
static char	err[512];
static const char *pg;		/* STARLING_TEST_PG_URL, or NULL: SQLite */

#define CHANGE(s, k, net, pid, ...)	store_apply((s),			\
	&(struct store_change){ .kind = STORE_CHANGE_##k, .network = (net),	\
	.id = (pid), __VA_ARGS__ }, err, sizeof err)

/* What the hooks heard. */
struct heard {
	int	 done, failed;
	char	 message[256];
	int	 changed, gone, posts;
	char	 ids[1024];		/* "id " per changed call */
	int	 history;
	int	 offline, online;
	char	 why[128];
	int	 approvals;		/* approval entries heard */
	char	 actions[256];		/* "action " per entry */
};

static void
heard_done(void *arg, bool error, const char *message)
{
	struct heard	*h = arg;

	if (error)
		h->failed++;
	else
		h->done++;
	snprintf(h->message, sizeof h->message, "%s", message);
}

static void
heard_changed(void *arg, const char *network, const char *id,
    const struct store_triage *t, struct post *post)
{
	struct heard	*h = arg;
	size_t		 len = strlen(h->ids);

	h->changed++;
	h->gone += t == NULL;
	if (post != NULL) {
		h->posts++;
		if (strcmp(post->id, id) != 0 ||
		    strcmp(post->network, network) != 0)
			h->posts += 1000;	/* the wrong snapshot */
	}
	snprintf(h->ids + len, sizeof h->ids - len, "%s ", id);
}

static void
heard_history(void *arg, const char *network, const char *id)
{
	struct heard	*h = arg;

	h->history++;
}

static void
heard_offline(void *arg, const char *why)
{
	struct heard	*h = arg;

	if (why != NULL) {
		h->offline++;
		snprintf(h->why, sizeof h->why, "%s", why);
	} else
		h->online++;
}

static void
heard_approval(void *arg, const struct store_audit *a)
{
	struct heard	*h = arg;
	size_t		 len = strlen(h->actions);

	h->approvals++;
	snprintf(h->actions + len, sizeof h->actions - len, "%s ", a->action);
}

static const struct triage_hooks hooks = {
	heard_done, heard_changed, heard_history, heard_offline,
	heard_approval
};

/* The UI's event loop in small: poll the wake pipe and the store's watch,
 * drain, poll, until *count reaches want or ms pass. */
static bool
pump(struct triage *tri, struct wake *w, const int *count, int want, int ms)
{
	struct pollfd	pfd[2];
	int64_t		end = clock_mono_ms() + ms;
	int		wait;

	for (;;) {
		triage_drain(tri);
		triage_poll(tri);
		if (*count >= want)
			return true;
		if (clock_mono_ms() >= end)
			return false;
		pfd[0].fd = wake_fd(w);
		pfd[0].events = POLLIN;
		pfd[1].fd = triage_watch_fd(tri);
		pfd[1].events = POLLIN;
		wait = triage_timeout(tri);
		if (wait < 0 || wait > 100)
			wait = 100;
		poll(pfd, 2, wait);
		wake_drain(w);
	}
}

static struct store *
open_store(const char *path, const char *who)
{
	struct store	*s = store_open(path, who, err, sizeof err);

	if (s == NULL)
		printf("  store_open %s: %s\n", path, err);
	return s;
}

static struct post *
make_post(const char *id, int64_t created, enum post_notify notify)
{
	struct post	t = { 0 };

	t.network = "d";
	t.id = id;
	t.text = "hello";
	t.author_name = "Zoë";
	t.author_handle = "zoe";
	t.created = created;
	t.notify = notify;
	return post_new(&t);
}

/* Runs sql on the test server (PostgreSQL): 0 or 1. */
static int
pg_exec(const char *url, const char *sql)
{
	PGconn		*c = PQconnectdb(url);
	PGresult	*res = PQexec(c, sql);
	int		 st = PQresultStatus(res);

	PQclear(res);
	PQfinish(c);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : 1;
}

/* A file in the test's folder, or a fresh database on the test server. */
static void
path_of(char *buf, size_t len, const char *name)
{
	if (pg == NULL)
		snprintf(buf, len, "%s/%s", dir, name);
	else
		pgdb_new(pg, "tri", NULL, buf, len);
}

TEST(views_and_membership)
{
	struct config_column	 cfg = { 0 };
	struct triage_view	 v;
	struct triage		*tri = triage_new("/proc/nowhere/triage.db",
				    "alice", NULL, NULL, NULL);
	char			*tags[] = { "complaint", "lead" };
	struct store_triage	 t = { .status = STORE_ASSIGNED,
				    .assignee = "alice", .tags = tags,
				    .ntags = 2 };

	cfg.type = "assigned";
	v = triage_view_of(&cfg);
	CHECK_INT_EQ(v.kind, TRIAGE_VIEW_ASSIGNED);
	CHECK_STR_EQ(v.arg, "me");		/* to: defaults to me */
	CHECK(triage_member(tri, &v, &t));	/* me is alice */
	CHECK(!triage_member(tri, &v, NULL));
	cfg.to = "bob";
	v = triage_view_of(&cfg);
	CHECK_STR_EQ(v.arg, "bob");
	CHECK(!triage_member(tri, &v, &t));
	cfg.to = "alice";
	v = triage_view_of(&cfg);
	CHECK(triage_member(tri, &v, &t));
	t.status = STORE_DONE;			/* closed: not in a queue */
	CHECK(!triage_member(tri, &v, &t));
	cfg.to = "nobody";
	v = triage_view_of(&cfg);
	t.assignee = NULL;
	t.status = STORE_OPEN;
	CHECK(triage_member(tri, &v, &t));
	cfg.type = "unassigned";
	v = triage_view_of(&cfg);
	CHECK_INT_EQ(v.kind, TRIAGE_VIEW_UNASSIGNED);
	CHECK(triage_member(tri, &v, &t));
	t.status = STORE_IGNORED;
	CHECK(!triage_member(tri, &v, &t));
	cfg.type = "tagged";
	cfg.tag = "lead";
	v = triage_view_of(&cfg);
	CHECK_INT_EQ(v.kind, TRIAGE_VIEW_TAGGED);
	CHECK(triage_member(tri, &v, &t));	/* whatever the status */
	cfg.tag = "vip";
	v = triage_view_of(&cfg);
	CHECK(!triage_member(tri, &v, &t));
	cfg.type = "status";
	cfg.status = "ignored";
	v = triage_view_of(&cfg);
	CHECK_INT_EQ(v.kind, TRIAGE_VIEW_STATUS);
	CHECK(triage_member(tri, &v, &t));
	cfg.status = "done";
	v = triage_view_of(&cfg);
	CHECK(!triage_member(tri, &v, &t));
	cfg.type = "home";
	CHECK_INT_EQ(triage_view_of(&cfg).kind, TRIAGE_VIEW_NONE);
	cfg.type = NULL;
	CHECK_INT_EQ(triage_view_of(&cfg).kind, TRIAGE_VIEW_NONE);
	CHECK(triage_status_open(STORE_NEW) && triage_status_open(STORE_OPEN) &&
	    triage_status_open(STORE_ASSIGNED));
	CHECK(!triage_status_open(STORE_REPLIED) &&
	    !triage_status_open(STORE_DONE) &&
	    !triage_status_open(STORE_IGNORED));
	triage_free(tri);
}

TEST(badges)
{
	struct triage		*tri = triage_new("/proc/nowhere/triage.db",
				    "alice", NULL, NULL, NULL);
	char			*tags[] = { "complaint", "lead" }, buf[256];
	const char		*who;
	struct store_triage	 t = { .status = STORE_ASSIGNED,
				    .assignee = "bob", .tags = tags,
				    .ntags = 2, .nnotes = 2,
				    .replying = "carol", .replying_at = 1000 };

	triage_badges(tri, &t, 1000 + 60, buf, sizeof buf, &who);
	CHECK_STR_EQ(buf, "\xe2\x86\x92" "bob #complaint #lead \xe2\x9c\x8e" "2");
	CHECK_STR_EQ(who, "carol");
	/* An old mark, or one's own, is nobody replying. */
	triage_badges(tri, &t, 1000 + TRIAGE_REPLYING_FRESH, buf, sizeof buf,
	    &who);
	CHECK(who == NULL);
	t.replying = "alice";
	triage_badges(tri, &t, 1000, buf, sizeof buf, &who);
	CHECK(who == NULL);
	t.status = STORE_REPLIED;
	t.replied_by = "bob";
	t.ntags = 0;
	t.nnotes = 0;
	triage_badges(tri, &t, 1000, buf, sizeof buf, &who);
	CHECK_STR_EQ(buf, "\xe2\x86\x92" "bob replied by bob");
	triage_badges(tri, NULL, 1000, buf, sizeof buf, &who);
	CHECK_STR_EQ(buf, "");
	triage_free(tri);
}

TEST(a_store_out_of_reach_is_offline_until_there)
{
	/* Port 1 on this host: refused at once, so offline, saying why,
	 * and never the password. */
	struct wake	*w = wake_new();
	struct triage	*tri = triage_new("postgresql://alice:s3cret@127.0.0.1:1/t",
			    "alice", w, NULL, NULL);
	int		 i;

	CHECK(triage_error(tri) == NULL);
	triage_start(tri);
	for (i = 0; i < 500 && triage_offline(tri) == NULL; i++) {
		usleep(10000);
		triage_drain(tri);
	}
	CHECK(triage_offline(tri) != NULL &&
	    strstr(triage_offline(tri), "store offline \xe2\x80\x94 "
	    "reconnecting (Connection refused") != NULL);
	CHECK(triage_offline(tri) == NULL ||
	    strstr(triage_offline(tri), "s3cret") == NULL);
	/* It asks again by itself. */
	CHECK(triage_timeout(tri) >= 0);
	triage_free(tri);
	wake_free(w);
}

TEST(no_store_is_said_and_empty)
{
	/* A file that cannot be made. */
	struct triage	*tri = triage_new("/proc/self/no/such/t.db", "alice",
			    NULL, NULL, NULL);
	struct timeline	*tl = timeline_new(10);
	const struct store_audit *a;
	size_t		 n, open;
	int64_t		 oldest;

	CHECK(triage_error(tri) != NULL &&
	    strstr(triage_error(tri), "/proc/self/no/such") != NULL);
	CHECK(triage_get(tri, "d", "1") == NULL);
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), -1);
	CHECK_INT_EQ(triage_watch_fd(tri), -1);
	CHECK_INT_EQ(triage_timeout(tri), -1);
	CHECK(!triage_drain(tri));
	triage_start(tri);
	triage_poll(tri);
	triage_change(tri, &(struct store_change){ .kind = STORE_CHANGE_NOTE,
	    .network = "d", .id = "1", .arg = "x" }, NULL, false);
	timeline_insert(tl, make_post("1", 100, POST_NOTIFY_NONE));
	timeline_insert(tl, make_post("2", 50, POST_NOTIFY_FOLLOW));
	triage_sla(tri, tl, &open, &oldest);
	CHECK_INT_EQ(open, 1);
	CHECK_INT_EQ(oldest, 100);
	timeline_free(tl);
	triage_free(tri);
}

static bool
collect_tag(const char *tag, void *arg)
{
	char	*buf = arg;
	size_t	 len = strlen(buf);

	snprintf(buf + len, 1024 - len, "%s ", tag);
	return true;
}

/* A view's first load is its newest posts up to its limit, however many
 * the store has; the others are read when the screen asks. */
TEST(load_keeps_each_view_to_its_limit)
{
	char			 path[128], id[16];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct store		*bob;
	struct triage		*tri;
	struct triage_view	 mine = { TRIAGE_VIEW_ASSIGNED, "me", 3 };
	struct triage_view	 bugs = { TRIAGE_VIEW_TAGGED, "bug", 0 };
	const struct store_triage *t;
	struct post		*p;
	int			 i;

	path_of(path, sizeof path, "limit.db");
	if ((bob = open_store(path, "bob")) == NULL)
		return;
	for (i = 1; i <= 10; i++) {
		snprintf(id, sizeof id, "%d", i);
		p = make_post(id, 1000 + i, POST_NOTIFY_NONE);
		CHECK_INT_EQ(CHANGE(bob, ASSIGN, "d", id, .post = p,
		    .arg = "alice"), 0);
		post_unref(p);
	}
	CHECK_INT_EQ(CHANGE(bob, TAG, "d", "2", .arg = "bug", .on = true), 0);
	tri = triage_new(path, "alice", w, &hooks, &h);
	triage_view_add(tri, &mine);
	triage_view_add(tri, &bugs);
	triage_start(tri);
	CHECK(pump(tri, w, &h.changed, 4, 3000));
	pump(tri, w, &h.changed, 5, 300);
	CHECK_INT_EQ(h.changed, 4);
	CHECK_INT_EQ(h.posts, 4);
	for (i = 8; i <= 10; i++) {
		snprintf(id, sizeof id, "%d", i);
		CHECK(triage_get(tri, "d", id) != NULL);
	}
	CHECK(triage_get(tri, "d", "2") != NULL);	/* the bug's */
	CHECK(triage_get(tri, "d", "7") == NULL);
	/* Shown somewhere else: its state comes, with its snapshot. */
	CHECK(triage_lookup(tri, "d", "7") == NULL);
	CHECK(pump(tri, w, &h.changed, 5, 3000));
	t = triage_get(tri, "d", "7");
	CHECK_STR_EQ(t ? t->assignee : NULL, "alice");
	CHECK_INT_EQ(h.posts, 5);
	triage_free(tri);
	store_close(bob);
	wake_free(w);
}

static void
heard_inbox(void *arg, const char *message)
{
	struct heard	*h = arg;

	h->failed++;
	snprintf(h->message, sizeof h->message, "%s", message);
}

static bool
count_rule_tags(const struct store_audit *a, void *arg)
{
	int	*n = arg;

	if (strcmp(a->action, "record") == 0)
		n[0]++;
	else if (strcmp(a->who, "rule refunds") == 0)
		n[1]++;
	return true;
}

/* An inbox post recorded with its rules on the writer's thread, once per
 * process (the same post again is not submitted), and once in the store
 * whatever another deck does: its refusal is silent. */
TEST(inbox_records_once_off_the_thread)
{
	static const char	 yaml[] =
	    "store: x.db\n"
	    "columns: [ { title: Inbox, source: demo, inbox: true } ]\n"
	    "rules: [ { name: refunds, match: hello, tag: complaint, "
	    "priority: 4 } ]\n";
	struct config_errors	 errs = { NULL, 0 };
	struct config		 cfg;
	struct rules		*rs;
	struct inbox		*ib, *ib2;
	struct triage		*tri, *tri2;
	struct wake		*w = wake_new();
	struct heard		 h = { 0 }, h2 = { 0 };
	struct store		*st;
	struct store_triage	 t;
	struct post		*p;
	char			 path[128];
	int			 n[2] = { 0, 0 }, i;

	config_defaults(&cfg);
	CHECK_INT_EQ(config_parse(&cfg, "c", yaml, strlen(yaml), NULL, &errs),
	    0);
	config_errors_free(&errs);
	rs = rules_new(&cfg, err, sizeof err);
	CHECK(rs != NULL);
	path_of(path, sizeof path, "inbox.db");
	tri = triage_new(path, "alice", w, &hooks, &h);
	tri2 = triage_new(path, "bob", w, &hooks, &h2);
	ib = inbox_new(heard_inbox, &h);
	ib2 = inbox_new(heard_inbox, &h2);
	p = make_post("9", 1000, POST_NOTIFY_MENTION);
	for (i = 0; i < 3; i++) {	/* a refresh brings it again */
		inbox_submit(ib, tri, rs, p, "Inbox");
		inbox_submit(ib2, tri2, rs, p, "Inbox");
	}
	CHECK_INT_EQ(inbox_count(ib), 1);
	CHECK(!inbox_claim(ib, "d", "9"));
	triage_free(tri);	/* writes what is queued first */
	triage_free(tri2);
	CHECK_INT_EQ(h.failed + h2.failed, 0);
	if ((st = open_store(path, "check")) != NULL) {
		CHECK_INT_EQ(store_get(st, "d", "9", &t), 1);
		CHECK_INT_EQ(t.priority, 4);
		CHECK_INT_EQ(t.ntags, 1);
		store_triage_free(&t);
		store_audit_each(st, 0, count_rule_tags, n);
		CHECK_INT_EQ(n[0], 1);
		CHECK_INT_EQ(n[1], 2);
		store_close(st);
	}
	/* No store: nothing is kept, so the post is tried again later. */
	tri = triage_new("/dev/null/x.db", "alice", w, &hooks, &h);
	inbox_release(ib, "d", "9");
	inbox_submit(ib, tri, rs, p, "Inbox");
	CHECK_INT_EQ(inbox_count(ib), 0);
	triage_free(tri);
	post_unref(p);
	inbox_free(ib);
	inbox_free(ib2);
	rules_free(rs);
	config_free(&cfg);
	wake_free(w);
}

TEST(load_feed_and_sla)
{
	char			 path[128];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct store		*bob;
	struct triage		*tri;
	struct triage_view	 mine = { TRIAGE_VIEW_ASSIGNED, "me", 0 };
	struct triage_view	 done = { TRIAGE_VIEW_STATUS, "done", 0 };
	const struct store_triage *t;
	struct post		*p1 = make_post("1", 1000, POST_NOTIFY_NONE);
	struct post		*p5 = make_post("5", 3000, POST_NOTIFY_NONE);
	struct timeline		*tl = timeline_new(10);
	size_t			 open;
	int64_t			 oldest;
	int			 before;

	path_of(path, sizeof path, "feed.db");
	if ((bob = open_store(path, "bob")) == NULL)
		return;
	/* Before the deck starts: a post for alice (with its snapshot), a
	 * tagged one, a done one, and a like (audited, not triaged). */
	CHECK_INT_EQ(CHANGE(bob, ASSIGN, "d", "1", .post = p1,
	    .arg = "alice"), 0);
	CHECK_INT_EQ(CHANGE(bob, TAG, "d", "2", .arg = "complaint",
	    .on = true), 0);
	CHECK_INT_EQ(CHANGE(bob, STATUS, "d", "4", .status = STORE_DONE), 0);
	CHECK_INT_EQ(CHANGE(bob, ACTION, "d", "3", .arg = "like"), 0);

	tri = triage_new(path, "alice", w, &hooks, &h);
	CHECK(triage_error(tri) == NULL);
	triage_view_add(tri, &mine);
	triage_view_add(tri, &done);
	CHECK(triage_get(tri, "d", "1") == NULL);	/* nothing yet */
	CHECK_INT_EQ(triage_watch_fd(tri), -1);		/* not started */
	triage_start(tri);
	CHECK_INT_EQ(triage_watch_fd(tri), -1);		/* loading */
	/* The load brings what the views show: 1 (alice's) and 4 (done). */
	CHECK(pump(tri, w, &h.changed, 2, 3000));
	CHECK_INT_EQ(h.changed, 2);
	CHECK_INT_EQ(h.gone, 0);
	/* Snapshots come for what a view shows and the store has. */
	CHECK_INT_EQ(h.posts, 1);
	CHECK(triage_watch_fd(tri) >= 0);
	t = triage_get(tri, "d", "1");
	CHECK_STR_EQ(t ? t->assignee : NULL, "alice");
	CHECK_STR_EQ(t ? t->assigned_by : NULL, "bob");
	t = triage_get(tri, "d", "4");
	CHECK_INT_EQ(t ? (int)t->status : -1, STORE_DONE);
	/* The tags in use come with it, from every post. */
	h.ids[0] = '\0';
	triage_tags(tri, collect_tag, h.ids);
	CHECK_STR_EQ(h.ids, "complaint ");
	/* 2 (tagged) is no view's: read when asked about. */
	CHECK(triage_get(tri, "d", "2") == NULL);
	CHECK(triage_lookup(tri, "d", "2") == NULL);
	CHECK(triage_lookup(tri, "d", "3") == NULL);	/* asked once */
	CHECK(pump(tri, w, &h.changed, 3, 3000));
	t = triage_get(tri, "d", "2");
	CHECK_INT_EQ(t ? t->ntags : 0, 1);
	CHECK_INT_EQ(h.posts, 1);			/* no view's */
	/* 3 (a like) is not triaged: nothing to say, and known now. */
	pump(tri, w, &h.changed, 4, 300);
	CHECK_INT_EQ(h.changed, 3);
	CHECK(triage_lookup(tri, "d", "3") == NULL);
	/* Idle: nothing to wait for. */
	CHECK_INT_EQ(triage_timeout(tri), -1);

	/* Another process's changes, in one batch (the deck was not
	 * polling): each post once, at its last state. */
	h.changed = 0;
	h.posts = 0;
	h.ids[0] = '\0';
	CHECK_INT_EQ(CHANGE(bob, ASSIGN, "d", "5", .post = p5,
	    .arg = "carol"), 0);
	CHECK_INT_EQ(CHANGE(bob, NOTE, "d", "5", .arg = "called"), 0);
	CHECK_INT_EQ(CHANGE(bob, ASSIGN, "d", "5", .arg = "alice"), 0);
	CHECK_INT_EQ(CHANGE(bob, STATUS, "d", "1", .status = STORE_DONE), 0);
	CHECK(pump(tri, w, &h.changed, 2, 3000));
	/* And nothing more comes of it. */
	before = h.changed;
	pump(tri, w, &h.changed, before + 1, 300);
	CHECK_INT_EQ(h.changed, 2);
	CHECK_STR_EQ(h.ids, "5 1 ");
	CHECK_INT_EQ(h.posts, 2);	/* 5 is alice's, 1 is done */
	t = triage_get(tri, "d", "5");
	CHECK_STR_EQ(t ? t->assignee : NULL, "alice");
	CHECK_INT_EQ(t ? t->nnotes : 0, 1);
	t = triage_get(tri, "d", "1");
	CHECK_INT_EQ(t ? (int)t->status : -1, STORE_DONE);

	/* SLA: 1 is done; 5 and an untouched post are open. */
	timeline_insert(tl, make_post("1", 1000, POST_NOTIFY_NONE));
	timeline_insert(tl, make_post("5", 3000, POST_NOTIFY_NONE));
	timeline_insert(tl, make_post("9", 2000, POST_NOTIFY_NONE));
	triage_sla(tri, tl, &open, &oldest);
	CHECK_INT_EQ(open, 2);
	CHECK_INT_EQ(oldest, 2000);

	timeline_free(tl);
	triage_free(tri);
	store_close(bob);
	post_unref(p1);
	post_unref(p5);
	wake_free(w);
}

TEST(own_changes_are_reported_and_fed_back)
{
	char			 path[128];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct triage		*tri;
	const struct store_triage *t;
	struct store_change	 c = { .kind = STORE_CHANGE_ASSIGN,
				    .network = "d", .id = "7", .arg = "bob" };

	path_of(path, sizeof path, "own.db");
	tri = triage_new(path, "alice", w, &hooks, &h);
	CHECK(triage_error(tri) == NULL);
	triage_start(tri);
	triage_change(tri, &c, NULL, false);
	CHECK(pump(tri, w, &h.done, 1, 3000));
	CHECK_STR_EQ(h.message, "assigned to bob");
	/* The cache learns it from the feed, as from anyone, or (when the
	 * first load came after it) once the screen asks. */
	(void)triage_lookup(tri, "d", "7");
	CHECK(pump(tri, w, &h.changed, 1, 3000));
	t = triage_get(tri, "d", "7");
	CHECK_STR_EQ(t ? t->assignee : NULL, "bob");
	/* Quiet: nothing said when done; a failure always is. */
	c.kind = STORE_CHANGE_REPLYING;
	c.on = true;
	triage_change(tri, &c, NULL, true);
	c.kind = STORE_CHANGE_NOTE;
	c.arg = "";
	triage_change(tri, &c, NULL, true);
	CHECK(pump(tri, w, &h.failed, 1, 3000));
	CHECK_INT_EQ(h.done, 1);
	CHECK_STR_EQ(h.message, "note: the note is empty");
	c.kind = STORE_CHANGE_ACTION;
	c.arg = "like";
	triage_change(tri, &c, "liked", false);
	CHECK(pump(tri, w, &h.done, 2, 3000));
	CHECK_STR_EQ(h.message, "liked");
	triage_free(tri);
	wake_free(w);
}

/* Work of several changes on the writer thread, its answer back on the
 * UI's; what is decided about approval items reaches the hook. */
struct approval_job {
	struct heard	*h;
	struct approval	 a;
	char		 id[APPROVAL_ID_LEN + 1];
	int		 rc, done;
	char		 err[256];
};

static void
approval_job_write(struct store *s, void *arg)
{
	struct approval_job	*j = arg;

	j->rc = approval_submit(s, &j->a, j->id, j->err, sizeof j->err);
}

static void
approval_job_done(void *arg)
{
	struct approval_job	*j = arg;

	j->done++;
	j->h->done++;
}

TEST(writes_run_on_the_writer_and_approvals_are_heard)
{
	char			 path[128];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct triage		*tri;
	struct store		*alice;
	struct approval_job	 j;
	struct config_column	 cfg = { 0 };
	struct triage_view	 v, un = { TRIAGE_VIEW_UNASSIGNED, NULL, 0 };
	const struct store_triage *t;
	int			 before;

	path_of(path, sizeof path, "approve.db");
	tri = triage_new(path, "carol", w, &hooks, &h);
	CHECK(triage_error(tri) == NULL);
	cfg.type = "approvals";
	v = triage_view_of(&cfg);
	CHECK_INT_EQ(v.kind, TRIAGE_VIEW_APPROVALS);
	v.limit = 100;
	triage_view_add(tri, &v);
	triage_start(tri);
	memset(&j, 0, sizeof j);
	j.a.writer = "carol";
	j.a.account = "acme";
	j.a.kind = "post";
	j.a.text = "Our new release is out";
	j.h = &h;
	CHECK(triage_write(tri, approval_job_write, approval_job_done, NULL,
	    &j));
	CHECK(pump(tri, w, &h.done, 1, 3000));
	CHECK_INT_EQ(j.done, 1);
	CHECK_INT_EQ(j.rc, 0);
	/* The item comes through the feed into the approvals view only. */
	CHECK(pump(tri, w, &h.posts, 1, 3000));
	t = triage_get(tri, TRIAGE_APPROVAL, j.id);
	CHECK(t != NULL && t->status == STORE_OPEN);
	CHECK(triage_member(tri, &v, t));
	CHECK(!triage_member(tri, &un, t));
	/* Another deck returns it: the writer hears it with the note (the
	 * status, the reject, the note). The submit was heard too, unless
	 * the first load brought it. */
	before = h.approvals;
	alice = store_open(path, "alice", err, sizeof err);
	CHECK(alice != NULL);
	CHECK(approval_reject(alice, j.id, "say which release", err,
	    sizeof err) == 0);
	store_close(alice);
	CHECK(pump(tri, w, &h.approvals, before + 3, 3000));
	CHECK(strstr(h.actions, "reject ") != NULL);
	t = triage_get(tri, TRIAGE_APPROVAL, j.id);
	CHECK(t != NULL && t->status == STORE_IGNORED);
	CHECK(!triage_member(tri, &v, t));
	triage_free(tri);
	wake_free(w);
}

TEST(history_is_read_off_the_thread)
{
	char			 path[128];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct store		*bob;
	struct triage		*tri;
	const struct store_audit *a;
	size_t			 n;

	path_of(path, sizeof path, "history.db");
	if ((bob = open_store(path, "bob")) == NULL)
		return;
	CHECK_INT_EQ(CHANGE(bob, ASSIGN, "d", "1", .arg = "alice"), 0);
	CHECK_INT_EQ(CHANGE(bob, NOTE, "d", "1", .arg = "called them"), 0);
	tri = triage_new(path, "alice", w, &hooks, &h);
	triage_start(tri);
	/* No view shows it: the screen asks. */
	CHECK(triage_lookup(tri, "d", "1") == NULL);
	CHECK(pump(tri, w, &h.changed, 1, 3000));
	/* Asked: not there yet, it is being read. */
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 0);
	CHECK(a == NULL && n == 0);
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 0);	/* once */
	CHECK(pump(tri, w, &h.history, 1, 3000));
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 1);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_STR_EQ(a[0].action, "assign");
		CHECK_STR_EQ(a[1].action, "note");
	}
	/* The post changes: the old history while the new one is read. */
	h.changed = 0;
	CHECK_INT_EQ(CHANGE(bob, TAG, "d", "1", .arg = "lead", .on = true), 0);
	CHECK(pump(tri, w, &h.changed, 1, 3000));
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 1);
	CHECK_INT_EQ(n, 2);
	CHECK(pump(tri, w, &h.history, 2, 3000));
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 1);
	CHECK_INT_EQ(n, 3);
	/* Another post: its own, from scratch. */
	CHECK_INT_EQ(triage_history(tri, "d", "2", &a, &n), 0);
	CHECK(pump(tri, w, &h.history, 3, 3000));
	CHECK_INT_EQ(triage_history(tri, "d", "2", &a, &n), 1);
	CHECK_INT_EQ(n, 0);
	triage_free(tri);
	store_close(bob);
	wake_free(w);
}

/* triage_read(): any read for the screen, on the reader thread, its
 * answer given back in triage_drain(). */
struct other_read {
	int64_t		 seq;		/* read there */
	bool		 on_reader;	/* not the test's thread */
	pthread_t	 ui;
	int		 done, freed;
};

static void
other_run(struct store *s, void *arg)
{
	struct other_read	*o = arg;

	o->seq = store_last_seq(s);
	o->on_reader = !pthread_equal(pthread_self(), o->ui);
}

static void
other_done(void *ctx, void *arg)
{
	struct other_read	*o = arg;

	CHECK(ctx == (void *)&hooks);
	CHECK(pthread_equal(pthread_self(), o->ui));
	o->done++;
}

static void
other_free(void *arg)
{
	((struct other_read *)arg)->freed++;
}

TEST(other_reads_run_off_the_thread)
{
	char			 path[128];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct store		*bob;
	struct triage		*tri;
	struct other_read	 o = { .seq = -1, .ui = pthread_self() };

	path_of(path, sizeof path, "other.db");
	if ((bob = open_store(path, "bob")) == NULL)
		return;
	CHECK_INT_EQ(CHANGE(bob, TAG, "d", "1", .arg = "lead", .on = true), 0);
	tri = triage_new(path, "alice", w, &hooks, &h);
	triage_start(tri);
	CHECK(triage_read(tri, other_run, other_done, (void *)&hooks, &o,
	    other_free));
	CHECK(pump(tri, w, &o.done, 1, 3000));
	CHECK_INT_EQ(o.done, 1);
	CHECK_INT_EQ(o.freed, 1);
	CHECK(o.on_reader);
	CHECK_INT_EQ(o.seq, store_last_seq(bob));
	/* The feed's place in the log, once loaded. */
	CHECK_INT_EQ(triage_seq(tri), store_last_seq(bob));
	triage_free(tri);
	/* Without a store: refused, and arg freed. */
	o.freed = 0;
	tri = triage_new("/proc/nonexistent/x.db", "alice", w, &hooks, &h);
	CHECK(!triage_read(tri, other_run, other_done, NULL, &o, other_free));
	CHECK_INT_EQ(o.freed, 1);
	triage_free(tri);
	store_close(bob);
	wake_free(w);
}

/* Another connection holds the write lock: our change waits for it, and
 * reads (a history, the feed) do not wait behind that change. */
TEST(reads_do_not_wait_behind_a_waiting_change)
{
	char			 path[128];
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct store		*bob;
	struct triage		*tri;
	const struct store_audit *a;
	sqlite3			*lock;
	size_t			 n;
	int64_t			 t0;

	path_of(path, sizeof path, "locked.db");
	if ((bob = open_store(path, "bob")) == NULL)
		return;
	CHECK_INT_EQ(CHANGE(bob, NOTE, "d", "1", .arg = "first"), 0);
	tri = triage_new(path, "alice", w, &hooks, &h);
	triage_start(tri);
	/* No view shows it: the screen asks. */
	CHECK(triage_lookup(tri, "d", "1") == NULL);
	CHECK(pump(tri, w, &h.changed, 1, 3000));
	CHECK(sqlite3_open(path, &lock) == SQLITE_OK);
	CHECK(sqlite3_exec(lock, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK);
	triage_change(tri, &(struct store_change){ .kind = STORE_CHANGE_TAG,
	    .network = "d", .id = "1", .arg = "x", .on = true }, NULL, false);
	usleep(100 * 1000);	/* the writer is waiting for the lock */
	t0 = clock_mono_ms();
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 0);
	CHECK(pump(tri, w, &h.history, 1, 1000));
	CHECK(clock_mono_ms() - t0 < 1000);
	CHECK_INT_EQ(triage_history(tri, "d", "1", &a, &n), 1);
	CHECK_INT_EQ(n, 1);
	CHECK_INT_EQ(h.done + h.failed, 0);	/* still waiting */
	/* The lock goes: the change is made, and fed back. */
	sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(lock);
	CHECK(pump(tri, w, &h.done, 1, 6000));
	CHECK_STR_EQ(h.message, "tagged #x");
	CHECK(pump(tri, w, &h.changed, 2, 3000));
	CHECK_INT_EQ(triage_get(tri, "d", "1") ?
	    triage_get(tri, "d", "1")->ntags : 0, 1);
	triage_free(tri);
	store_close(bob);
	wake_free(w);
}

/* The server ends every connection: the triage says it is offline, refuses
 * changes meanwhile, comes back by itself and catches up on what it
 * missed. */
TEST(pg_offline_is_said_and_caught_up)
{
	struct wake		*w = wake_new();
	struct heard		 h = { 0 };
	struct triage		*tri;
	struct store		*bob;
	struct config_column	 cfg = { .type = "assigned" };
	struct triage_view	 mine = triage_view_of(&cfg);
	struct post		*p1 = make_post("1", 1000, POST_NOTIFY_NONE);
	char			 path[256];

	path_of(path, sizeof path, "offline");
	if ((bob = open_store(path, "bob")) == NULL)
		return;
	tri = triage_new(path, "alice", w, &hooks, &h);
	CHECK(triage_error(tri) == NULL);
	triage_view_add(tri, &mine);
	triage_start(tri);
	CHECK_INT_EQ(CHANGE(bob, ASSIGN, "d", "1", .post = p1,
	    .arg = "alice"), 0);
	CHECK(pump(tri, w, &h.changed, 1, 3000));
	CHECK(triage_offline(tri) == NULL);
	CHECK_INT_EQ(pg_exec(path, "SELECT pg_terminate_backend(pid) FROM "
	    "pg_stat_activity WHERE datname = current_database() AND "
	    "pid <> pg_backend_pid()"), 0);
	CHECK(pump(tri, w, &h.offline, 1, 3000));
	CHECK_STR_EQ(triage_offline(tri),
	    "store offline \xe2\x80\x94 reconnecting");
	CHECK_STR_EQ(h.why, "store offline \xe2\x80\x94 reconnecting");
	/* Refused at once, not queued. */
	triage_change(tri, &(struct store_change){ .kind = STORE_CHANGE_NOTE,
	    .network = "d", .id = "1", .arg = "x" }, NULL, false);
	CHECK_INT_EQ(h.failed, 1);
	CHECK_STR_EQ(h.message, TRIAGE_OFFLINE_REFUSAL);
	/* Meanwhile bob (on a fresh connection) tags it. */
	CHECK_INT_EQ(CHANGE(bob, TAG, "d", "1", .arg = "lead", .on = true), 0);
	CHECK(pump(tri, w, &h.online, 1, 5000));
	CHECK(triage_offline(tri) == NULL);
	CHECK(pump(tri, w, &h.changed, 2, 3000));
	CHECK_INT_EQ(triage_get(tri, "d", "1") ?
	    triage_get(tri, "d", "1")->ntags : 0, 1);
	/* And it hears the next change live. */
	CHECK_INT_EQ(CHANGE(bob, STATUS, "d", "1", .status = STORE_DONE), 0);
	CHECK(pump(tri, w, &h.changed, 3, 3000));
	CHECK_INT_EQ(triage_get(tri, "d", "1") ?
	    (int)triage_get(tri, "d", "1")->status : -1, STORE_DONE);
	triage_free(tri);
	store_close(bob);
	post_unref(p1);
	wake_free(w);
}

TEST(an_inbox_forgets_past_its_bound)
{
	struct inbox	*ib = inbox_new(NULL, NULL);
	char		 id[32];
	size_t		 i;

	for (i = 0; i < INBOX_MAX; i++) {
		snprintf(id, sizeof id, "%zu", i);
		CHECK(inbox_claim(ib, "d", id));
	}
	CHECK_INT_EQ(inbox_count(ib), INBOX_MAX);
	CHECK(!inbox_claim(ib, "d", "7"));
	/* One more: all forgotten, the new one remembered. */
	CHECK(inbox_claim(ib, "d", "new"));
	CHECK_INT_EQ(inbox_count(ib), 1);
	CHECK(inbox_claim(ib, "d", "7"));
	inbox_free(ib);
}

int
main(void)
{
	char	cmd[128];

	snprintf(dir, sizeof dir, "/tmp/starling-triage-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	pg = getenv("STARLING_TEST_PG_URL");
	if (pg != NULL && *pg == '\0')
		pg = NULL;
	if (pg != NULL)
		printf("backend: PostgreSQL\n");
	RUN(views_and_membership);
	RUN(badges);
	RUN(no_store_is_said_and_empty);
	RUN(a_store_out_of_reach_is_offline_until_there);
	RUN(load_feed_and_sla);
	RUN(load_keeps_each_view_to_its_limit);
	RUN(own_changes_are_reported_and_fed_back);
	RUN(writes_run_on_the_writer_and_approvals_are_heard);
	RUN(history_is_read_off_the_thread);
	RUN(inbox_records_once_off_the_thread);
	RUN(other_reads_run_off_the_thread);
	if (pg == NULL)		/* SQLite's write lock */
		RUN(reads_do_not_wait_behind_a_waiting_change);
	else
		RUN(pg_offline_is_said_and_caught_up);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", dir);
	RUN(an_inbox_forgets_past_its_bound);
	return harness_done();
}
