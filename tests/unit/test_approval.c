/* test_approval.c — the approval state machine on a real SQLite store
 * shared by three connections (carol writes, alice and bob approve):
 * submit, two approvers racing for one item (one approval, one refusal
 * naming the winner), reject with a note that reaches the writer through
 * the audit log, a resubmission as a new item, and nothing approved that
 * was returned or the other way round.
 *
 * With STARLING_TEST_PG_URL set (tests/pg/check.sh), on PostgreSQL
 * instead, each test on a database of its own. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "harness.h"
#include "pgdb.h"
#include "starling/approval.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/triage.h"

static char	dir[64];
static char	err[512];
static int	nfile;
static const char *pg;		/* STARLING_TEST_PG_URL, or NULL: SQLite */

/* A file in the test's folder, or a fresh database on the test server. */
static char *
store_path_new(void)
{
	static char	path[256];

	if (pg == NULL)
		snprintf(path, sizeof path, "%s/s%d.db", dir, ++nfile);
	else
		pgdb_new(pg, "appr", NULL, path, sizeof path);
	return path;
}

static struct post *
target_post(void)
{
	struct post	t;

	memset(&t, 0, sizeof t);
	t.network = "mastodon@fake.example";
	t.id = "109";
	t.action_ref = "109";
	t.author_name = "Dana";
	t.author_handle = "dana";
	t.text = "Is the export broken?";
	t.created = 1700000000;
	return post_new(&t);
}

static void
draft(struct approval *a, const char *text)
{
	memset(a, 0, sizeof *a);
	a->writer = "carol";
	a->account = "acme";
	a->kind = "reply";
	a->text = (char *)text;
	a->visibility = "public";
	a->target = target_post();
}

/* The newest audit entry of item id with action, or -1. */
static int
audit_find(struct store *s, const char *id, const char *action,
    struct store_audit *out)
{
	struct store_audit	*a = NULL;
	size_t			 n = 0, i;
	int			 found = -1;

	if (store_history(s, TRIAGE_APPROVAL, id, &a, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].action, action) == 0) {
			if (found >= 0)
				store_audit_free(out);
			*out = a[i];
			memset(&a[i], 0, sizeof a[i]);
			found = (int)i;
		}
		store_audit_free(&a[i]);
	}
	free(a);
	return found;
}

TEST(submit_makes_an_open_item_with_its_card)
{
	const char		*path = store_path_new();
	struct store		*carol = store_open(path, "carol", err, sizeof err);
	struct approval		 a, back;
	struct store_triage	 t;
	struct store_audit	 au;
	struct post		*card;
	char			 id[APPROVAL_ID_LEN + 1] = "";

	CHECK(carol != NULL);
	draft(&a, "Not that we know; we look into it.");
	CHECK(approval_submit(carol, &a, id, err, sizeof err) == 0);
	CHECK_INT_EQ((int)strlen(id), APPROVAL_ID_LEN);
	memset(&t, 0, sizeof t);
	CHECK(store_get(carol, TRIAGE_APPROVAL, id, &t) == 1);
	CHECK_INT_EQ((int)t.status, (int)STORE_OPEN);
	CHECK_STR_EQ(t.updated_by, "carol");
	store_triage_free(&t);
	/* The card: the writer, the account, the text, the post answered. */
	card = store_get_post(carol, TRIAGE_APPROVAL, id);
	CHECK(card != NULL);
	if (card != NULL) {
		CHECK_STR_EQ(card->author_handle, "carol");
		CHECK_STR_EQ(card->column, "acme");
		CHECK_STR_EQ(card->text, "Not that we know; we look into it.");
		CHECK_STR_EQ(card->quote_author, "dana");
		CHECK_STR_EQ(card->quote_text, "Is the export broken?");
		post_unref(card);
	}
	/* The submit's detail holds what sending needs. */
	memset(&au, 0, sizeof au);
	CHECK(audit_find(carol, id, "submit", &au) >= 0);
	CHECK_STR_EQ(au.who, "carol");
	CHECK(approval_parse(au.detail, &back) == 0);
	CHECK_STR_EQ(back.account, "acme");
	CHECK_STR_EQ(back.kind, "reply");
	CHECK_STR_EQ(back.visibility, "public");
	CHECK(back.target != NULL && strcmp(back.target->id, "109") == 0 &&
	    strcmp(back.target->network, "mastodon@fake.example") == 0);
	approval_free(&back);
	store_audit_free(&au);
	/* An item is no post to triage: an unassigned view does not show
	 * it, an approvals view does (test_triage too). */
	{
		struct triage	*tri = triage_new("/proc/nowhere/t.db",
				    "alice", NULL, NULL, NULL);

		memset(&t, 0, sizeof t);
		t.network = TRIAGE_APPROVAL;
		t.id = id;
		t.status = STORE_OPEN;
		CHECK(!triage_member(tri, &(struct triage_view){
		    TRIAGE_VIEW_UNASSIGNED, NULL, 0 }, &t));
		CHECK(triage_member(tri, &(struct triage_view){
		    TRIAGE_VIEW_APPROVALS, NULL, 0 }, &t));
		t.network = "mastodon@x";
		CHECK(!triage_member(tri, &(struct triage_view){
		    TRIAGE_VIEW_APPROVALS, NULL, 0 }, &t));
		CHECK(triage_member(tri, &(struct triage_view){
		    TRIAGE_VIEW_UNASSIGNED, NULL, 0 }, &t));
		triage_free(tri);
	}
	post_unref(a.target);
	store_close(carol);
}

struct racer {
	const char	*path, *who, *id;
	int		 rc;
	char		 err[256];
	struct approval	 got;
	pthread_barrier_t *go;
};

static void *
racer_run(void *arg)
{
	struct racer	*r = arg;
	struct store	*s = store_open(r->path, r->who, r->err, sizeof r->err);

	pthread_barrier_wait(r->go);
	if (s == NULL) {
		r->rc = -2;
		return NULL;
	}
	r->rc = approval_claim(s, r->id, &r->got, r->err, sizeof r->err);
	store_close(s);
	return NULL;
}

TEST(two_approvers_racing_claim_it_once)
{
	const char		*path = store_path_new();
	struct store		*carol = store_open(path, "carol", err, sizeof err);
	struct approval		 a;
	struct racer		 r[2];
	struct store_audit	 au;
	struct store_triage	 t;
	pthread_barrier_t	 go;
	pthread_t		 th[2];
	char			 id[APPROVAL_ID_LEN + 1] = "";
	int			 i, won;

	CHECK(carol != NULL);
	draft(&a, "We look into it.");
	CHECK(approval_submit(carol, &a, id, err, sizeof err) == 0);
	pthread_barrier_init(&go, NULL, 2);
	memset(r, 0, sizeof r);
	for (i = 0; i < 2; i++) {
		r[i].path = path;
		r[i].who = i == 0 ? "alice" : "bob";
		r[i].id = id;
		r[i].go = &go;
		pthread_create(&th[i], NULL, racer_run, &r[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);
	CHECK((r[0].rc == 0) != (r[1].rc == 0));
	won = r[0].rc == 0 ? 0 : 1;
	CHECK_INT_EQ(r[1 - won].rc, -1);
	/* The loser hears who won. */
	{
		char	want[64];

		snprintf(want, sizeof want, "already approved by %s",
		    r[won].who);
		CHECK_STR_EQ(r[1 - won].err, want);
	}
	/* The winner has what to send. */
	CHECK_STR_EQ(r[won].got.text, "We look into it.");
	CHECK_STR_EQ(r[won].got.account, "acme");
	CHECK(r[won].got.target != NULL);
	approval_free(&r[won].got);
	memset(&t, 0, sizeof t);
	CHECK(store_get(carol, TRIAGE_APPROVAL, id, &t) == 1);
	CHECK_INT_EQ((int)t.status, (int)STORE_DONE);
	store_triage_free(&t);
	memset(&au, 0, sizeof au);
	CHECK(audit_find(carol, id, "approve", &au) >= 0);
	CHECK_STR_EQ(au.who, r[won].who);
	{
		char	*writer, *note;

		CHECK(approval_outcome(au.action, au.detail, &writer, &note));
		CHECK_STR_EQ(writer, "carol");
		CHECK(note == NULL);
		free(writer);
		free(note);
	}
	store_audit_free(&au);
	/* Approved is not returned afterwards. */
	{
		struct store	*bob = store_open(path, "bob", err, sizeof err);

		CHECK(approval_reject(bob, id, "too late", err,
		    sizeof err) == -1);
		CHECK(strncmp(err, "already approved by ", 20) == 0);
		store_close(bob);
	}
	post_unref(a.target);
	store_close(carol);
}

TEST(reject_returns_it_with_a_note_and_resubmit_is_new)
{
	const char		*path = store_path_new();
	struct store		*carol = store_open(path, "carol", err, sizeof err);
	struct store		*alice = store_open(path, "alice", err, sizeof err);
	struct approval		 a, got;
	struct store_audit	*feed = NULL, au;
	struct store_triage	 t;
	size_t			 n = 0, i;
	int64_t			 seq;
	char			 id[APPROVAL_ID_LEN + 1] = "";
	char			 id2[APPROVAL_ID_LEN + 1] = "";
	char			*writer = NULL, *note = NULL;
	bool			 heard = false;

	CHECK(carol != NULL && alice != NULL);
	draft(&a, "We guarantee a fix today.");
	CHECK(approval_submit(carol, &a, id, err, sizeof err) == 0);
	seq = store_last_seq(carol);
	/* A return says why. */
	CHECK(approval_reject(alice, id, "", err, sizeof err) == -1);
	CHECK(approval_reject(alice, id, "no promises of dates, please", err,
	    sizeof err) == 0);
	memset(&t, 0, sizeof t);
	CHECK(store_get(carol, TRIAGE_APPROVAL, id, &t) == 1);
	CHECK_INT_EQ((int)t.status, (int)STORE_IGNORED);
	CHECK_INT_EQ((int)t.nnotes, 1);
	store_triage_free(&t);
	/* The writer hears it through the feed, note and all. */
	CHECK(store_audit_since(carol, seq, &feed, &n) == 0);
	for (i = 0; i < n; i++) {
		if (approval_outcome(feed[i].action, feed[i].detail, &writer,
		    &note) && strcmp(feed[i].action, "reject") == 0) {
			heard = true;
			CHECK_STR_EQ(feed[i].who, "alice");
			CHECK_STR_EQ(writer, "carol");
			CHECK_STR_EQ(note, "no promises of dates, please");
		}
		free(writer);
		free(note);
		writer = note = NULL;
		store_audit_free(&feed[i]);
	}
	free(feed);
	CHECK(heard);
	/* Returned is not approved afterwards, nor returned twice. */
	CHECK(approval_claim(alice, id, &got, err, sizeof err) == -1);
	CHECK_STR_EQ(err, "already returned to its writer by alice");
	CHECK(approval_reject(alice, id, "again", err, sizeof err) == -1);
	/* Edited and sent again: a new item, open, the old one stays
	 * returned. */
	a.text = "We look into it and write back.";
	CHECK(approval_submit(carol, &a, id2, err, sizeof err) == 0);
	CHECK(strcmp(id, id2) != 0);
	memset(&t, 0, sizeof t);
	CHECK(store_get(carol, TRIAGE_APPROVAL, id2, &t) == 1);
	CHECK_INT_EQ((int)t.status, (int)STORE_OPEN);
	store_triage_free(&t);
	CHECK(approval_claim(alice, id2, &got, err, sizeof err) == 0);
	CHECK_STR_EQ(got.text, "We look into it and write back.");
	approval_free(&got);
	memset(&au, 0, sizeof au);
	CHECK(audit_find(alice, id, "reject", &au) >= 0);
	CHECK_STR_EQ(au.who, "alice");
	store_audit_free(&au);
	/* No such item. */
	CHECK(approval_claim(alice, "nope", &got, err, sizeof err) == -1);
	post_unref(a.target);
	store_close(alice);
	store_close(carol);
}

TEST(details_that_are_not_items_are_refused)
{
	struct approval	a;

	CHECK(approval_parse(NULL, &a) == -1);
	CHECK(approval_parse("{}", &a) == -1);
	CHECK(approval_parse("{\"writer\":\"c\",\"account\":\"x\","
	    "\"kind\":\"reply\",\"text\":\"t\"}", &a) == -1);	/* no target */
	CHECK(approval_parse("{\"writer\":\"c\",\"account\":\"x\","
	    "\"kind\":\"post\",\"text\":\"t\"}", &a) == 0);
	CHECK(a.target == NULL);
	approval_free(&a);
}

int
main(void)
{
	char	cmd[128];

	snprintf(dir, sizeof dir, "/tmp/starling-approval-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	pg = getenv("STARLING_TEST_PG_URL");
	if (pg != NULL && *pg == '\0')
		pg = NULL;
	if (pg != NULL)
		printf("backend: PostgreSQL\n");
	RUN(submit_makes_an_open_item_with_its_card);
	RUN(two_approvers_racing_claim_it_once);
	RUN(reject_returns_it_with_a_note_and_resubmit_is_new);
	RUN(details_that_are_not_items_are_refused);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return harness_done();
}
