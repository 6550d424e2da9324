/* test_storeq.c — the store's worker: every queued change is committed on
 * the writer thread, reported back through the queue, and wakes the UI's
 * pipe; reads run on the reader thread with its own connection and watch;
 * and closing finishes what was queued. Runs under TSan too. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "starling/store.h"
#include "starling/storeq.h"
#include "starling/wake.h"

static char	dir[64];

static struct storeq_op *
wait_done(struct storeq *q, struct wake *w)
{
	struct pollfd		 pfd = { .fd = wake_fd(w), .events = POLLIN };
	struct storeq_op	*op;
	int			 i;

	for (i = 0; i < 100; i++) {
		if ((op = storeq_done(q)) != NULL)
			return op;
		poll(&pfd, 1, 50);
		wake_drain(w);
	}
	return NULL;
}

TEST(changes_are_committed_and_reported)
{
	char			 path[128], err[256];
	struct wake		*w = wake_new();
	struct storeq		*q;
	struct storeq_op	*op;
	struct store		*s;
	struct store_triage	 t = { 0 };
	int			 i, ok = 0;

	snprintf(path, sizeof path, "%s/q.db", dir);
	q = storeq_new(path, "alice", w, err, sizeof err);
	CHECK(q != NULL);
	if (q == NULL)
		return;
	storeq_submit(q, storeq_change_new(&(struct store_change){
	    .kind = STORE_CHANGE_ASSIGN, .network = "demo", .id = "1",
	    .arg = "bob" }));
	/* Twenty tags, each a change (a tag the post has is refused). */
	for (i = 0; i < 20; i++) {
		char	tag[16];

		snprintf(tag, sizeof tag, "tag%d", i);
		storeq_submit(q, storeq_change_new(&(struct store_change){
		    .kind = STORE_CHANGE_TAG, .network = "demo", .id = "1",
		    .arg = tag, .on = true }));
	}
	for (i = 0; i < 21; i++) {
		if ((op = wait_done(q, w)) == NULL)
			break;
		ok += op->result == 0;
		if (i == 0)
			CHECK_STR_EQ(op->message, "assigned to bob");
		storeq_op_free(op);
	}
	CHECK_INT_EQ(ok, 21);
	/* Queued, then closed at once: still written. */
	storeq_submit(q, storeq_change_new(&(struct store_change){
	    .kind = STORE_CHANGE_STATUS, .network = "demo", .id = "1",
	    .status = STORE_DONE }));
	storeq_free(q);
	s = store_open(path, "carol", err, sizeof err);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK_INT_EQ(store_get(s, "demo", "1", &t), 1);
		CHECK_STR_EQ(t.assignee, "bob");
		CHECK_INT_EQ(t.status, STORE_DONE);
		CHECK_INT_EQ(t.ntags, 20);
		store_triage_free(&t);
		store_close(s);
	}
	wake_free(w);
}

TEST(a_new_worker_clears_its_users_replying_marks)
{
	char			 path[128], err[256];
	struct wake		*w = wake_new();
	struct storeq		*q;
	struct store		*s;
	struct store_triage	 t = { 0 };

	snprintf(path, sizeof path, "%s/stale.db", dir);
	s = store_open(path, "alice", err, sizeof err);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT_EQ(store_apply(s, &(struct store_change){
	    .kind = STORE_CHANGE_REPLYING, .network = "demo", .id = "1",
	    .on = true }, err, sizeof err), 0);
	store_close(s);
	/* Alice's starling starts again. */
	q = storeq_new(path, "alice", w, err, sizeof err);
	CHECK(q != NULL);
	storeq_free(q);
	s = store_open(path, "bob", err, sizeof err);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK_INT_EQ(store_get(s, "demo", "1", &t), 1);
		CHECK(t.replying == NULL);
		store_triage_free(&t);
		store_close(s);
	}
	wake_free(w);
}

struct seen {
	int64_t	seq;
	int	freed;
};

static void
read_seq(struct store *s, void *arg)
{
	struct seen	*seen = arg;

	seen->seq = store_last_seq(s);
}

static void
free_seen(void *arg)
{
	struct seen	*seen = arg;

	seen->freed++;
}

TEST(reads_run_on_the_reader)
{
	char			 path[128], err[256];
	struct wake		*w = wake_new();
	struct storeq		*q;
	struct storeq_op	*op;
	struct seen		 seen = { -1, 0 };
	struct pollfd		 pfd = { .events = POLLIN };

	snprintf(path, sizeof path, "%s/r.db", dir);
	q = storeq_new(path, "alice", w, err, sizeof err);
	CHECK(q != NULL);
	if (q == NULL)
		return;
	pfd.fd = storeq_watch_fd(q);
	CHECK(pfd.fd >= 0);
	storeq_submit(q, storeq_change_new(&(struct store_change){
	    .kind = STORE_CHANGE_NOTE, .network = "demo", .id = "1",
	    .arg = "hi" }));
	op = wait_done(q, w);
	CHECK(op != NULL && op->kind == STOREQ_CHANGE && op->result == 0);
	storeq_op_free(op);
	/* The writer's commit shows on the reader's watch. */
	CHECK_INT_EQ(poll(&pfd, 1, 1000), 1);
	storeq_submit(q, storeq_read_new(read_seq, &seen, free_seen));
	op = wait_done(q, w);
	CHECK(op != NULL && op->kind == STOREQ_READ && op->result == 0);
	CHECK_INT_EQ(seen.seq, 1);
	storeq_op_free(op);
	CHECK_INT_EQ(seen.freed, 1);
	storeq_free(q);
	wake_free(w);
}

TEST(unusable_path_is_an_error)
{
	char	err[256] = "";

	CHECK(storeq_new("/proc/no/such/dir/q.db", "alice", NULL, err,
	    sizeof err) == NULL);
	CHECK(strstr(err, "/proc/no/such/dir") != NULL);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/starling-storeq-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	RUN(changes_are_committed_and_reported);
	RUN(a_new_worker_clears_its_users_replying_marks);
	RUN(reads_run_on_the_reader);
	RUN(unusable_path_is_an_error);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("  could not remove %s\n", dir);
	}
	return harness_done();
}
