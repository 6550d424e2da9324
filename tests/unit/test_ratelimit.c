/* test_ratelimit.c — the shared request budget and the time formats of
 * rate-limit headers. Times are given, never read from the clock. */
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "harness.h"
#include "starling/ratelimit.h"

#define NOW	((time_t)1795356300)	/* 2026-11-22T14:05:00Z */

TEST(unknown_budget_never_waits)
{
	struct ratelimit	*rl = ratelimit_new();
	int			 i;

	for (i = 0; i < 1000; i++)
		CHECK_INT_EQ(ratelimit_take(rl, false, NOW), 0);
	/* An absent header changes nothing. */
	ratelimit_update(rl, -1, NOW + 300);
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, NOW), 0);
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW), 0);
	ratelimit_free(rl);
}

TEST(background_keeps_the_reserve)
{
	struct ratelimit	*rl = ratelimit_new();
	int			 i;

	ratelimit_update(rl, RATELIMIT_RESERVE + 3, NOW + 300);
	/* Asking spends nothing. */
	for (i = 0; i < 100; i++)
		CHECK_INT_EQ(ratelimit_wait_until(rl, false, NOW), 0);
	/* Each request let through spends one. */
	for (i = 0; i < 3; i++)
		CHECK_INT_EQ(ratelimit_take(rl, false, NOW), 0);
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, NOW), NOW + 300);
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW), NOW + 300);
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW + 10), NOW + 300);
	/* Interactive ones use the reserve, down to zero. */
	CHECK_INT_EQ(ratelimit_wait_until(rl, true, NOW), 0);
	for (i = 0; i < RATELIMIT_RESERVE; i++)
		CHECK_INT_EQ(ratelimit_take(rl, true, NOW), 0);
	CHECK_INT_EQ(ratelimit_wait_until(rl, true, NOW), NOW + 300);
	CHECK_INT_EQ(ratelimit_take(rl, true, NOW), NOW + 300);
	/* Once the window is over, the budget is full again. */
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, NOW + 300), 0);
	CHECK_INT_EQ(ratelimit_take(rl, true, NOW + 301), 0);
	ratelimit_free(rl);
}

TEST(update_follows_the_server)
{
	struct ratelimit	*rl = ratelimit_new();

	ratelimit_update(rl, 2, NOW + 300);
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW), NOW + 300);
	CHECK_INT_EQ(ratelimit_take(rl, true, NOW), 0);
	/* A new window with a fresh budget. */
	ratelimit_update(rl, 300, NOW + 600);
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW), 0);
	/* A late, older figure of the same window cannot raise it. */
	ratelimit_update(rl, 4, NOW + 600);
	ratelimit_update(rl, 250, NOW + 600);
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, NOW), NOW + 600);
	/* Zero left: even interactive waits. */
	ratelimit_update(rl, 0, NOW + 600);
	CHECK_INT_EQ(ratelimit_wait_until(rl, true, NOW), NOW + 600);
	/* Without a reset time nothing can be planned: no wait. */
	ratelimit_update(rl, 0, 0);
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW), 0);
	ratelimit_free(rl);
}

TEST(block_holds_everyone)
{
	struct ratelimit	*rl = ratelimit_new();

	ratelimit_update(rl, 200, NOW + 300);
	ratelimit_block(rl, NOW + 60);
	CHECK_INT_EQ(ratelimit_wait_until(rl, false, NOW), NOW + 60);
	CHECK_INT_EQ(ratelimit_take(rl, true, NOW), NOW + 60);
	CHECK_INT_EQ(ratelimit_take(rl, true, NOW + 59), NOW + 60);
	/* A shorter block does not shorten it; a longer one extends. */
	ratelimit_block(rl, NOW + 30);
	CHECK_INT_EQ(ratelimit_wait_until(rl, true, NOW), NOW + 60);
	ratelimit_block(rl, NOW + 90);
	CHECK_INT_EQ(ratelimit_wait_until(rl, true, NOW), NOW + 90);
	/* Over at its time. */
	CHECK_INT_EQ(ratelimit_take(rl, false, NOW + 90), 0);
	ratelimit_free(rl);
}

struct spender {
	struct ratelimit	*rl;
	int			 got;
};

static void *
spender_run(void *arg)
{
	struct spender	*s = arg;
	int		 i;

	for (i = 0; i < 10000; i++) {
		if (ratelimit_take(s->rl, false, NOW) == 0)
			s->got++;
		if (i % 100 == 0)
			ratelimit_update(s->rl, 5000, NOW + 300);
	}
	return NULL;
}

/* Four threads share 1000 requests: exactly 1000 - reserve go through, and
 * stale figures arriving meanwhile do not refill the budget. */
TEST(threads_never_overspend)
{
	struct ratelimit	*rl = ratelimit_new();
	struct spender		 s[4];
	pthread_t		 t[4];
	int			 i, total = 0;

	ratelimit_update(rl, 1000, NOW + 300);
	for (i = 0; i < 4; i++) {
		s[i].rl = rl;
		s[i].got = 0;
		pthread_create(&t[i], NULL, spender_run, &s[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += s[i].got;
	}
	CHECK_INT_EQ(total, 1000 - RATELIMIT_RESERVE);
	ratelimit_free(rl);
}

TEST(parse_iso_8601)
{
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00.000Z", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00Z", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22 14:05:00z", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05Z", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("  2026-11-22T14:05:00.000Z  ", 0),
	    NOW);
	/* Fractions round up: a wait never ends early. */
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:04:59.500Z", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:04:59.000001Z", 0),
	    NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00.000000Z", 0),
	    NOW);
	/* Zones. */
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T15:05:00+01:00", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T09:35:00-0430", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00.250+00:00", 0),
	    NOW + 1);
	/* Leap day, end of year. */
	CHECK_INT_EQ(ratelimit_parse_time("2024-02-29T00:00:00Z", 0),
	    1709164800);
	CHECK_INT_EQ(ratelimit_parse_time("2025-12-31T23:59:59Z", 0),
	    1767225599);
	/* Nonsense. */
	CHECK_INT_EQ(ratelimit_parse_time("2026-13-22T14:05:00Z", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-32T14:05:00Z", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T25:05:00Z", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00.Z", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22T14:05:00Zjunk", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("2026-11-22", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("1960-01-01T00:00:00Z", 0), 0);
}

TEST(parse_http_dates)
{
	CHECK_INT_EQ(ratelimit_parse_time("Sun, 22 Nov 2026 14:05:00 GMT", 0),
	    NOW);
	CHECK_INT_EQ(ratelimit_parse_time("Sunday, 22-Nov-26 14:05:00 GMT", 0),
	    NOW);
	CHECK_INT_EQ(ratelimit_parse_time("Sun Nov 22 14:05:00 2026", 0), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("Sun Nov  6 08:49:37 1994", 0),
	    784111777);
	CHECK_INT_EQ(ratelimit_parse_time("Sun, 06 Nov 1994 08:49:37 GMT", 0),
	    784111777);
	CHECK_INT_EQ(ratelimit_parse_time("Sun, 6 Nov 1994 08:49:37 GMT", 0),
	    784111777);
	CHECK_INT_EQ(ratelimit_parse_time("Sun, 22 Foo 2026 14:05:00 GMT", 0),
	    0);
	CHECK_INT_EQ(ratelimit_parse_time("Sun, 22 Nov 2026 14:05 GMT", 0), 0);
	CHECK_INT_EQ(ratelimit_parse_time("Sun, 22 Nov 2026 14:05:00 GMT x",
	    0), 0);
}

TEST(parse_seconds_and_junk)
{
	CHECK_INT_EQ(ratelimit_parse_time("120", NOW), NOW + 120);
	CHECK_INT_EQ(ratelimit_parse_time(" 0 ", NOW), NOW);
	/* A Unix time, as X sends in x-rate-limit-reset. */
	CHECK_INT_EQ(ratelimit_parse_time("1795356300", 5), NOW);
	CHECK_INT_EQ(ratelimit_parse_time("99999999999999999999999", NOW), 0);
	CHECK_INT_EQ(ratelimit_parse_time("-5", NOW), 0);
	CHECK_INT_EQ(ratelimit_parse_time("12s", NOW), 0);
	CHECK_INT_EQ(ratelimit_parse_time("", NOW), 0);
	CHECK_INT_EQ(ratelimit_parse_time("soon", NOW), 0);
	CHECK_INT_EQ(ratelimit_parse_time(NULL, NOW), 0);
}

int
main(void)
{
	RUN(unknown_budget_never_waits);
	RUN(background_keeps_the_reserve);
	RUN(update_follows_the_server);
	RUN(block_holds_everyone);
	RUN(threads_never_overspend);
	RUN(parse_iso_8601);
	RUN(parse_http_dates);
	RUN(parse_seconds_and_junk);
	return harness_done();
}
