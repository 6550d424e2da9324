/* clock.c — relative and absolute times. Relative forms change at most once a
 * minute, which is what lets the UI sleep for a minute when idle. */
#include <stdio.h>
#include <time.h>

#include "starling/clock.h"

const char *
clock_relative(int64_t t, int64_t now, char *buf, size_t len)
{
	int64_t		d = now - t;
	time_t		tt = (time_t)t;
	struct tm	tm, nowtm;
	time_t		nt = (time_t)now;

	if (d < 60)
		snprintf(buf, len, "now");
	else if (d < 3600)
		snprintf(buf, len, "%lldm", (long long)(d / 60));
	else if (d < 86400)
		snprintf(buf, len, "%lldh", (long long)(d / 3600));
	else if (d < 7 * 86400)
		snprintf(buf, len, "%lldd", (long long)(d / 86400));
	else {
		localtime_r(&tt, &tm);
		localtime_r(&nt, &nowtm);
		strftime(buf, len, tm.tm_year == nowtm.tm_year ? "%b %d" :
		    "%Y-%m-%d", &tm);
	}
	return buf;
}

const char *
clock_absolute(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	localtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	return buf;
}
