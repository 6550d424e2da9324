/* test_source.c — the shared fetch-thread loop, driven by a tiny fake
 * adapter: emitting, sleeping between polls, backoff, errors, prompt stops
 * and a full ring. Run under ThreadSanitizer too (make tsan). */
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "starling/config.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/wake.h"

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* What the fake adapter does; shared with its thread, so counters are
 * touched atomically. The test hands it over as the source's seed. */
struct fake {
	int			 emit;		/* posts the first poll emits */
	double			 wait;		/* what poll returns */
	bool			 poll_fails;
	bool			 open_fails;
	enum source_state	 open_state;	/* set when open fails */
	int			 recover_at;	/* this poll goes LIVE, then
						   drops; those before fail */

	int			 opens, polls, closes, emitted;
	bool			 emit_stopped;	/* source_emit said stop */
};

static int
fake_get(int *v)
{
	return __atomic_load_n(v, __ATOMIC_SEQ_CST);
}

static void
fake_inc(int *v)
{
	__atomic_add_fetch(v, 1, __ATOMIC_SEQ_CST);
}

static struct fake *
fake_of(const struct source *src)
{
	return (struct fake *)(uintptr_t)source_seed(src);
}

static int
fake_open(struct source *src)
{
	struct fake	*f = fake_of(src);

	fake_inc(&f->opens);
	if (f->open_fails) {
		source_set_status(src, f->open_state, 0, "no token");
		return -1;
	}
	source_set_data(src, f);
	return 0;
}

static double
fake_poll(struct source *src)
{
	struct fake	*f = source_data(src);
	struct post	 t;
	char		 id[32];
	int		 i;

	if (f->recover_at > 0) {
		int n = __atomic_add_fetch(&f->polls, 1, __ATOMIC_SEQ_CST);

		if (n > f->recover_at)
			return SOURCE_WAIT_FOREVER;
		if (n == f->recover_at)
			/* Streaming again, then a drop: one failure. */
			source_set_status(src, SOURCE_LIVE, 0, "streaming");
		source_set_status(src, SOURCE_BACKOFF, 0, n == f->recover_at ?
		    "stream dropped" : "outage");
		return -1;
	}
	if (fake_get(&f->polls) == 0)
		source_set_status(src, SOURCE_POLLING, 0, NULL);
	fake_inc(&f->polls);
	if (f->poll_fails) {
		source_set_status(src, SOURCE_POLLING, 0, "boom");
		return -1;
	}
	for (i = 0; fake_get(&f->polls) == 1 && i < f->emit; i++) {
		memset(&t, 0, sizeof t);
		snprintf(id, sizeof id, "fake-%d", i);
		t.network = "fake";
		t.id = id;
		t.text = "hello";
		if (!source_emit(src, post_new(&t))) {
			__atomic_store_n(&f->emit_stopped, true,
			    __ATOMIC_SEQ_CST);
			break;
		}
		fake_inc(&f->emitted);
	}
	return f->wait;
}

static void
fake_close(struct source *src)
{
	fake_inc(&((struct fake *)source_data(src))->closes);
}

static const struct source_ops fake_ops = {
	"fake", fake_open, fake_poll, fake_close
};

static struct config_column fake_column = { .title = "Fake" };

static double
now_mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct source *
fake_start(struct fake *f, struct wake *w, size_t capacity)
{
	return source_start(&fake_ops, &fake_column,
	    (unsigned long)(uintptr_t)f, w, capacity);
}

/* Waits (on the wake fd) until the status is state; false on timeout. */
static bool
wait_state(struct source *src, struct wake *w, enum source_state state,
    double timeout, struct source_status *st)
{
	struct pollfd	pfd = { .fd = wake_fd(w), .events = POLLIN };
	double		end = now_mono() + timeout;

	for (;;) {
		wake_drain(w);
		source_get_status(src, st);
		if (st->state == state)
			return true;
		if (now_mono() >= end)
			return false;
		poll(&pfd, 1, 20);
	}
}

/* Stops src and returns how long that took, in seconds. */
static double
timed_stop(struct source *src)
{
	double	start = now_mono();

	source_stop(src);
	return now_mono() - start;
}

TEST(find_ops)
{
	CHECK(source_find_ops("demo") != NULL);
	CHECK(source_find_ops("nope") == NULL);
	CHECK(source_find_ops(NULL) == NULL);
}

TEST(unavailable_without_ops)
{
	struct wake		*w = wake_new();
	struct source		*src = source_start(NULL, &fake_column, 0, w, 8);
	struct source_status	 st;

	CHECK(source_get_status(src, &st));
	CHECK_INT_EQ(st.state, SOURCE_UNAVAILABLE);
	CHECK(!source_get_status(src, &st));	/* no change since */
	CHECK(source_pop(src) == NULL);
	CHECK(timed_stop(src) < 0.5);
	wake_free(w);
}

TEST(emits_in_order_then_sleeps)
{
	struct fake		 f = { .emit = 10, .wait = SOURCE_WAIT_FOREVER };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 64);
	struct source_status	 st;
	struct post		*p;
	char			 want[32];
	int			 got = 0;
	double			 end = now_mono() + 5;

	while (got < 10 && now_mono() < end) {
		if ((p = source_pop(src)) == NULL) {
			sleep_ms(2);
			continue;
		}
		snprintf(want, sizeof want, "fake-%d", got++);
		CHECK_STR_EQ(p->id, want);
		post_unref(p);
	}
	CHECK_INT_EQ(got, 10);
	CHECK(wait_state(src, w, SOURCE_POLLING, 5, &st));
	sleep_ms(100);
	CHECK_INT_EQ(fake_get(&f.polls), 1);	/* waiting, not spinning */
	CHECK(source_pop(src) == NULL);
	CHECK(timed_stop(src) < 0.5);
	CHECK_INT_EQ(f.opens, 1);
	CHECK_INT_EQ(f.closes, 1);
	wake_free(w);
}

TEST(polls_again_after_the_wait)
{
	struct fake	 f = { .wait = 0.05 };
	struct wake	*w = wake_new();
	struct source	*src = fake_start(&f, w, 8);
	int		 polls;

	sleep_ms(400);
	polls = fake_get(&f.polls);
	CHECK(polls >= 3);	/* about 8 */
	CHECK(polls <= 12);	/* it slept in between */
	source_stop(src);
	wake_free(w);
}

TEST(backoff_after_poll_error)
{
	struct fake		 f = { .poll_fails = true };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;
	time_t			 now;

	CHECK(wait_state(src, w, SOURCE_BACKOFF, 5, &st));
	now = time(NULL);
	CHECK(st.until >= now);		/* retrying within [1 s, 2 s] */
	CHECK(st.until <= now + 3);
	CHECK_STR_EQ(st.text, "boom");
	CHECK_INT_EQ(fake_get(&f.polls), 1);
	/* Stopping cuts the backoff short. */
	CHECK(timed_stop(src) < 0.5);
	CHECK_INT_EQ(f.closes, 1);
	wake_free(w);
}

TEST(open_error_waits_for_stop)
{
	struct fake		 f = { .open_fails = true,
				    .open_state = SOURCE_AUTHFAILED };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;

	CHECK(wait_state(src, w, SOURCE_AUTHFAILED, 5, &st));
	CHECK_STR_EQ(st.text, "no token");
	sleep_ms(100);
	CHECK_INT_EQ(fake_get(&f.opens), 1);	/* no hammering */
	CHECK_INT_EQ(fake_get(&f.polls), 0);
	CHECK(timed_stop(src) < 0.5);
	CHECK_INT_EQ(f.closes, 0);		/* never opened */
	wake_free(w);
}

TEST(open_failure_retries_with_backoff)
{
	struct fake		 f = { .open_fails = true,
				    .open_state = SOURCE_POLLING };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;
	double			 end = now_mono() + 4;

	CHECK(wait_state(src, w, SOURCE_BACKOFF, 5, &st));
	CHECK_STR_EQ(st.text, "no token");
	while (fake_get(&f.opens) < 2 && now_mono() < end)
		sleep_ms(20);
	CHECK_INT_EQ(fake_get(&f.opens), 2);	/* after 1-2 s, not sooner */
	CHECK(timed_stop(src) < 0.5);
	wake_free(w);
}


TEST(backoff_starts_over_after_recovery)
{
	struct fake		 f = { .recover_at = 3 };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;
	double			 end = now_mono() + 15;
	time_t			 now;

	/* Two failures in a row (1-2 s, then 2-4 s), then live, then one
	 * drop: its wait is 1-2 s again, not 4-8 s. */
	while (fake_get(&f.polls) < 3 && now_mono() < end)
		sleep_ms(10);
	CHECK(wait_state(src, w, SOURCE_BACKOFF, 2, &st));
	/* The adapter's own status first (no time), then the loop's. */
	end = now_mono() + 3;
	while (st.until == 0 && now_mono() < end) {
		sleep_ms(5);
		source_get_status(src, &st);
	}
	now = time(NULL);
	CHECK_STR_EQ(st.text, "stream dropped");
	CHECK(st.until >= now);
	CHECK(st.until <= now + 2);
	CHECK(timed_stop(src) < 0.5);
	wake_free(w);
}

TEST(auth_failure_is_retried_slowly_and_on_retry)
{
	struct fake		 f = { .open_fails = true,
				    .open_state = SOURCE_AUTHFAILED };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;
	double			 end = now_mono() + 3;

	CHECK(wait_state(src, w, SOURCE_AUTHFAILED, 5, &st));
	while (st.until == 0 && now_mono() < end) {
		sleep_ms(10);
		source_get_status(src, &st);
	}
	/* Asked again in 10 minutes, and the header can say when. */
	CHECK(st.until >= time(NULL) + SOURCE_AUTH_RETRY - 5);
	CHECK(st.until <= time(NULL) + SOURCE_AUTH_RETRY);
	CHECK_STR_EQ(st.text, "no token");
	CHECK_INT_EQ(fake_get(&f.opens), 1);
	/* :retry: now. */
	source_retry(src);
	while (fake_get(&f.opens) < 2 && now_mono() < end)
		sleep_ms(10);
	CHECK_INT_EQ(fake_get(&f.opens), 2);
	CHECK(timed_stop(src) < 0.5);
	wake_free(w);
}

TEST(error_waits_for_retry)
{
	struct fake		 f = { .open_fails = true,
				    .open_state = SOURCE_ERROR };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;
	double			 end = now_mono() + 3;

	CHECK(wait_state(src, w, SOURCE_ERROR, 5, &st));
	sleep_ms(100);
	CHECK_INT_EQ(fake_get(&f.opens), 1);
	source_retry(src);
	while (fake_get(&f.opens) < 2 && now_mono() < end)
		sleep_ms(10);
	CHECK_INT_EQ(fake_get(&f.opens), 2);
	CHECK(timed_stop(src) < 0.5);
	wake_free(w);
}

TEST(stop_during_long_wait_is_prompt)
{
	struct fake		 f = { .emit = 1, .wait = 3600 };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;

	CHECK(wait_state(src, w, SOURCE_POLLING, 5, &st));
	sleep_ms(50);
	CHECK(timed_stop(src) < 0.5);	/* the queued post is freed too */
	CHECK_INT_EQ(f.polls, 1);
	CHECK_INT_EQ(f.closes, 1);
	wake_free(w);
}

TEST(full_ring_blocks_without_losing_posts)
{
	struct fake	 f = { .emit = 50, .wait = SOURCE_WAIT_FOREVER };
	struct wake	*w = wake_new();
	struct source	*src = fake_start(&f, w, 2);
	struct post	*p;
	char		 want[32];
	int		 got = 0;
	double		 end;

	sleep_ms(150);
	CHECK(fake_get(&f.emitted) <= 2);	/* the producer is held */
	end = now_mono() + 10;
	while (got < 50 && now_mono() < end) {
		if ((p = source_pop(src)) == NULL) {
			sleep_ms(1);
			continue;
		}
		snprintf(want, sizeof want, "fake-%d", got++);
		CHECK_STR_EQ(p->id, want);
		post_unref(p);
	}
	CHECK_INT_EQ(got, 50);
	CHECK_INT_EQ(fake_get(&f.emitted), 50);
	source_stop(src);
	CHECK(!f.emit_stopped);
	wake_free(w);
}

TEST(stop_while_ring_full)
{
	struct fake	 f = { .emit = 50, .wait = SOURCE_WAIT_FOREVER };
	struct wake	*w = wake_new();
	struct source	*src = fake_start(&f, w, 2);

	sleep_ms(100);
	CHECK(timed_stop(src) < 0.5);
	CHECK(f.emit_stopped);		/* told to give up */
	CHECK(f.emitted <= 2);		/* leak-free: LSan checks the rest */
	wake_free(w);
}

TEST(status_changes_are_reported_once)
{
	struct fake		 f = { .wait = SOURCE_WAIT_FOREVER };
	struct wake		*w = wake_new();
	struct source		*src = fake_start(&f, w, 8);
	struct source_status	 st;

	CHECK(wait_state(src, w, SOURCE_POLLING, 5, &st));
	CHECK(!source_get_status(src, &st));
	CHECK_INT_EQ(st.state, SOURCE_POLLING);
	source_stop(src);
	wake_free(w);
}

int
main(void)
{
	RUN(find_ops);
	RUN(unavailable_without_ops);
	RUN(emits_in_order_then_sleeps);
	RUN(polls_again_after_the_wait);
	RUN(backoff_after_poll_error);
	RUN(open_error_waits_for_stop);
	RUN(open_failure_retries_with_backoff);
	RUN(backoff_starts_over_after_recovery);
	RUN(auth_failure_is_retried_slowly_and_on_retry);
	RUN(error_waits_for_retry);
	RUN(stop_during_long_wait_is_prompt);
	RUN(full_ring_blocks_without_losing_posts);
	RUN(stop_while_ring_full);
	RUN(status_changes_are_reported_once);
	return harness_done();
}
