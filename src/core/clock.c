/* clock.c — relative and absolute times. Relative forms change at most once a
 * minute, which is what lets the UI sleep for a minute when idle. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
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

static int64_t
clock_ms(clockid_t id)
{
	struct timespec	ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

int64_t
clock_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

const char *
clock_absolute(int64_t t, char *buf, size_t len)
{
	return clock_format(t, CLOCK_MINUTE, buf, len);
}

const char *
clock_format(int64_t t, enum clock_form form, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;
	size_t		n = 0;

	if ((form == CLOCK_ISO ? gmtime_r(&tt, &tm) :
	    localtime_r(&tt, &tm)) != NULL)
		switch (form) {
		case CLOCK_DAY:
			n = strftime(buf, len, "%Y-%m-%d", &tm);
			break;
		case CLOCK_MINUTE:
			n = strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
			break;
		case CLOCK_SECOND:
			n = strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
			break;
		case CLOCK_ISO:
			n = strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
			break;
		}
	if (n == 0)
		snprintf(buf, len, "%lld", (long long)t);
	return buf;
}

static const struct {
	char	unit;
	int64_t	seconds;
} clock_units[] = {		/* largest first: "1h30m", not "30m1h" */
	{ 'w', 7 * 86400 },
	{ 'd', 86400 },
	{ 'h', 3600 },
	{ 'm', 60 },
	{ 's', 1 },
};

int
clock_parse_duration(const char *s, int64_t *out)
{
	int64_t	total = 0, n;
	size_t	next = 0, i;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s != '\0') {
		if (*s < '0' || *s > '9')
			return -1;
		for (n = 0; *s >= '0' && *s <= '9'; s++) {
			n = n * 10 + (*s - '0');
			if (n > INT32_MAX)
				return -1;
		}
		for (i = next; i < sizeof clock_units / sizeof clock_units[0];
		    i++)
			if (clock_units[i].unit == *s)
				break;
		if (i == sizeof clock_units / sizeof clock_units[0])
			return -1;	/* no unit, an unknown one or out of order */
		total += n * clock_units[i].seconds;
		if (total > INT32_MAX)
			return -1;
		next = i + 1;
		s++;
	}
	if (total <= 0)
		return -1;
	*out = total;
	return 0;
}

/* n decimal digits at *sp, advancing it; -1 if they are not all there. */
static int
clock_digits(const char **sp, int n)
{
	const char	*s = *sp;
	int		 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	return v;
}

int
clock_parse_iso8601(const char *s, int flags, int64_t *out)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	struct tm		 tm;
	int			 y, mo, d, h = 0, mi = 0, sec = 0, oh, om = 0;
	long			 off = 0;
	bool			 zone = false, frac = false;
	time_t			 t;

	if (s == NULL || (y = clock_digits(&s, 4)) < 1 || *s++ != '-' ||
	    (mo = clock_digits(&s, 2)) < 1 || mo > 12 || *s++ != '-' ||
	    (d = clock_digits(&s, 2)) < 1 || d > mdays[mo - 1])
		return -1;
	if (mo == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)))
		return -1;
	if ((*s == 'T' || *s == 't' || *s == ' ') && s[1] >= '0' && s[1] <= '9') {
		s++;
		if ((h = clock_digits(&s, 2)) < 0 || h > 23 || *s++ != ':' ||
		    (mi = clock_digits(&s, 2)) < 0 || mi > 59)
			return -1;
		if (*s == ':') {
			s++;
			if ((sec = clock_digits(&s, 2)) < 0 || sec > 60)
				return -1;
			if (sec == 60)
				sec = 59;	/* a leap second */
			if (*s == '.' || *s == ',') {
				s++;
				if (*s < '0' || *s > '9')
					return -1;
				for (; *s >= '0' && *s <= '9'; s++)
					if (*s != '0')
						frac = true;
			}
		}
		if (*s == 'Z' || *s == 'z') {
			s++;
			zone = true;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1;

			if ((oh = clock_digits(&s, 2)) < 0 || oh > 23)
				return -1;
			if (*s == ':')
				s++;
			if (*s >= '0' && *s <= '9' &&
			    ((om = clock_digits(&s, 2)) < 0 || om > 59))
				return -1;
			off = sign * (oh * 3600L + om * 60L);
			zone = true;
		}
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (!zone && (flags & CLOCK_LOCAL)) {
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			return -1;
	} else
		t = timegm(&tm);
	*out = (int64_t)t - off + ((flags & CLOCK_ROUND_UP) && frac);
	return 0;
}
