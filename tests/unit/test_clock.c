/* test_clock.c — relative times and the one ISO 8601 parser. */
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "starling/clock.h"

TEST(relative_forms)
{
	char	buf[32];

	CHECK_STR_EQ(clock_relative(1000, 1059, buf, sizeof buf), "now");
	CHECK_STR_EQ(clock_relative(1000, 1060, buf, sizeof buf), "1m");
	CHECK_STR_EQ(clock_relative(0, 3599, buf, sizeof buf), "59m");
	CHECK_STR_EQ(clock_relative(0, 7200, buf, sizeof buf), "2h");
	CHECK_STR_EQ(clock_relative(0, 6 * 86400, buf, sizeof buf), "6d");
	/* A future post (clock skew) is "now", not negative. */
	CHECK_STR_EQ(clock_relative(2000, 1000, buf, sizeof buf), "now");
}

TEST(iso8601_utc_and_offsets)
{
	int64_t	t;

	CHECK_INT_EQ(clock_parse_iso8601("2019-12-08T03:48:33.901Z", 0, &t), 0);
	CHECK_INT_EQ(t, 1575776913);
	CHECK_INT_EQ(clock_parse_iso8601("2019-12-08T04:48:33+01:00", 0, &t), 0);
	CHECK_INT_EQ(t, 1575776913);
	CHECK_INT_EQ(clock_parse_iso8601("2019-12-07T22:48:33-0500", 0, &t), 0);
	CHECK_INT_EQ(t, 1575776913);
	CHECK_INT_EQ(clock_parse_iso8601("2019-12-08 03:48:33Z  ", 0, &t), 0);
	CHECK_INT_EQ(t, 1575776913);
	CHECK_INT_EQ(clock_parse_iso8601("2019-12-08T03:48:33.1Z",
	    CLOCK_ROUND_UP, &t), 0);
	CHECK_INT_EQ(t, 1575776914);
	CHECK_INT_EQ(clock_parse_iso8601("2024-02-29", 0, &t), 0);
	CHECK_INT_EQ(t, 1709164800);
}

TEST(iso8601_refuses_nonsense)
{
	int64_t	t;

	CHECK_INT_EQ(clock_parse_iso8601("2023-02-29", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601("2026-13-01", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601("2026-04-31", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601("2026-11-22T25:00", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601("2026-11-22T14:05x", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601("yesterday", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601("", 0, &t), -1);
	CHECK_INT_EQ(clock_parse_iso8601(NULL, 0, &t), -1);
}

TEST(iso8601_local_time)
{
	int64_t	t;

	setenv("TZ", "UTC+2", 1);	/* two hours behind UTC, no DST */
	tzset();
	CHECK_INT_EQ(clock_parse_iso8601("2026-11-22 10:00", CLOCK_LOCAL, &t),
	    0);
	CHECK_INT_EQ(t, 1795341600 + 2 * 3600);
	/* A zone given wins over local. */
	CHECK_INT_EQ(clock_parse_iso8601("2026-11-22T10:00Z", CLOCK_LOCAL, &t),
	    0);
	CHECK_INT_EQ(t, 1795341600);
}

TEST(durations)
{
	int64_t	t = 0;

	CHECK_INT_EQ(clock_parse_duration("90s", &t), 0);
	CHECK_INT_EQ(t, 90);
	CHECK_INT_EQ(clock_parse_duration("2w", &t), 0);
	CHECK_INT_EQ(t, 14 * 86400);
	CHECK_INT_EQ(clock_parse_duration("1h30m", &t), 0);
	CHECK_INT_EQ(t, 5400);
	CHECK_INT_EQ(clock_parse_duration("1w2d3h4m5s", &t), 0);
	CHECK_INT_EQ(t, 9 * 86400 + 3 * 3600 + 4 * 60 + 5);
	CHECK_INT_EQ(clock_parse_duration("30m1h", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("1h1h", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("7", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("h", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("0s", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("-1h", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("", &t), -1);
	CHECK_INT_EQ(clock_parse_duration("99999999999w", &t), -1);
}

int
main(void)
{
	RUN(relative_forms);
	RUN(iso8601_utc_and_offsets);
	RUN(iso8601_refuses_nonsense);
	RUN(iso8601_local_time);
	RUN(durations);
	return harness_done();
}
