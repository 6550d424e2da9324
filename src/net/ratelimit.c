/* ratelimit.c — one account's request budget, shared by its fetch threads
 * and the action worker. The server's figures are the truth; between a
 * request and its response the budget is spent ahead (remaining - 1, in
 * ratelimit_take) so ten columns asking at once do not all take the last
 * requests before the reserve. */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "starling/clock.h"
#include "starling/ratelimit.h"
#include "starling/xmalloc.h"

/* A bare number this large is a Unix time (X's x-rate-limit-reset), not a
 * number of seconds (Retry-After): 2001-09-09. */
#define RATELIMIT_EPOCH_MIN	1000000000LL

struct ratelimit {
	pthread_mutex_t	 lock;
	long		 remaining;	/* -1 unknown */
	time_t		 reset;		/* when remaining refills; 0 unknown */
	time_t		 blocked_until;	/* after a 429 */
};

struct ratelimit *
ratelimit_new(void)
{
	struct ratelimit	*rl = xcalloc(1, sizeof *rl);

	pthread_mutex_init(&rl->lock, NULL);
	rl->remaining = -1;
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

time_t
ratelimit_clamp(time_t t, time_t now)
{
	if (t != 0 && t > now + RATELIMIT_MAX_WAIT)
		return now + RATELIMIT_MAX_WAIT;
	return t;
}

void
ratelimit_update(struct ratelimit *rl, long remaining, time_t reset)
{
	if (remaining < 0)
		return;
	reset = ratelimit_clamp(reset, time(NULL));
	pthread_mutex_lock(&rl->lock);
	/* Within one window the budget only shrinks: a late response with
	 * an older, higher figure must not undo a newer one. */
	if (reset == 0 || reset != rl->reset || rl->remaining < 0 ||
	    remaining < rl->remaining)
		rl->remaining = remaining;
	rl->reset = reset;
	pthread_mutex_unlock(&rl->lock);
}

void
ratelimit_block(struct ratelimit *rl, time_t until)
{
	until = ratelimit_clamp(until, time(NULL));
	pthread_mutex_lock(&rl->lock);
	if (until > rl->blocked_until)
		rl->blocked_until = until;
	pthread_mutex_unlock(&rl->lock);
}

void
ratelimit_clear(struct ratelimit *rl)
{
	pthread_mutex_lock(&rl->lock);
	rl->blocked_until = 0;
	rl->remaining = -1;
	rl->reset = 0;
	pthread_mutex_unlock(&rl->lock);
}

/* The answer of ratelimit_wait_until; spends one request when it is go. */
static time_t
ratelimit_check(struct ratelimit *rl, bool interactive, time_t now,
    bool spend)
{
	time_t	until = 0;
	long	floor = interactive ? 0 : RATELIMIT_RESERVE;

	pthread_mutex_lock(&rl->lock);
	if (rl->blocked_until > now)
		until = rl->blocked_until;
	else if (rl->remaining >= 0 && rl->reset != 0 && rl->reset <= now) {
		/* The window is over: the budget is full again. */
		rl->remaining = -1;
		rl->reset = 0;
	} else if (rl->remaining >= 0 && rl->reset != 0 &&
	    rl->remaining <= floor)
		until = rl->reset;
	/* Without a reset time only a 429 stops requests: a budget that
	 * cannot refill on a known date must not block forever. */
	if (spend && until == 0 && rl->remaining > 0)
		rl->remaining--;
	pthread_mutex_unlock(&rl->lock);
	return until;
}

time_t
ratelimit_wait_until(struct ratelimit *rl, bool interactive, time_t now)
{
	return ratelimit_check(rl, interactive, now, false);
}

time_t
ratelimit_take(struct ratelimit *rl, bool interactive, time_t now)
{
	return ratelimit_check(rl, interactive, now, true);
}

static const char *
ratelimit_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads exactly n digits; -1 if they are not there. */
static int
ratelimit_digits(const char **sp, int n)
{
	const char	*s = *sp;
	int		 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	return v;
}

static int
ratelimit_month(const char *s)
{
	static const char	*months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int			 i;

	for (i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0)
			return i;
	return -1;
}

static time_t
ratelimit_make_time(int year, int mon, int day, int hour, int min, int sec,
    long offset)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	struct tm		 tm;
	time_t			 t;

	if (year < 1970 || year > 9999 || mon < 0 || mon > 11 || day < 1 ||
	    day > mdays[mon] || hour > 23 || min > 59 || sec > 60)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return 0;
	t -= offset;
	return t > 0 ? t : 0;
}

/* 2026-11-22T14:05:00.000Z and its kin (clock.c); no zone means UTC, and a
 * fraction of a second rounds up, so a wait never ends early. */
static time_t
ratelimit_parse_iso(const char *s)
{
	int64_t	t;

	/* A reset is a moment: a bare date does not say when. */
	if (strchr(s, ':') == NULL ||
	    clock_parse_iso8601(s, CLOCK_ROUND_UP, &t) != 0 || t <= 0)
		return 0;
	return (time_t)t;
}

/* HH:MM:SS then optional spaces and GMT. */
static bool
ratelimit_parse_hms(const char **sp, int *h, int *mi, int *sec)
{
	const char	*s = *sp;

	if ((*h = ratelimit_digits(&s, 2)) < 0 || *s++ != ':' ||
	    (*mi = ratelimit_digits(&s, 2)) < 0 || *s++ != ':' ||
	    (*sec = ratelimit_digits(&s, 2)) < 0)
		return false;
	*sp = s;
	return true;
}

/* The three HTTP-date forms of RFC 9110: "Sun, 06 Nov 1994 08:49:37 GMT",
 * the obsolete "Sunday, 06-Nov-94 08:49:37 GMT" and asctime's
 * "Sun Nov  6 08:49:37 1994". */
static time_t
ratelimit_parse_http_date(const char *s)
{
	const char	*comma;
	int		 y, mo, d, h, mi, sec;

	while (isalpha((unsigned char)*s))
		s++;			/* day name, checked no further */
	comma = s;
	if (*comma == ',') {
		s = ratelimit_skip_space(s + 1);
		if (isdigit((unsigned char)s[0]) && !isdigit((unsigned char)s[1])) {
			d = s[0] - '0';
			s++;
		} else if ((d = ratelimit_digits(&s, 2)) < 0)
			return 0;
		if (*s != ' ' && *s != '-')
			return 0;
		s++;
		if ((mo = ratelimit_month(s)) < 0)
			return 0;
		s += 3;
		if (*s != ' ' && *s != '-')
			return 0;
		s++;
		if ((y = ratelimit_digits(&s, 4)) < 0) {
			if ((y = ratelimit_digits(&s, 2)) < 0)
				return 0;
			y += y < 70 ? 2000 : 1900;
		}
		s = ratelimit_skip_space(s);
		if (!ratelimit_parse_hms(&s, &h, &mi, &sec))
			return 0;
		s = ratelimit_skip_space(s);
		if (strncmp(s, "GMT", 3) == 0 || strncmp(s, "UTC", 3) == 0)
			s += 3;
		else if (*s != '\0')
			return 0;
	} else {
		s = ratelimit_skip_space(s);
		if ((mo = ratelimit_month(s)) < 0)
			return 0;
		s = ratelimit_skip_space(s + 3);
		if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]))
			d = ratelimit_digits(&s, 2);
		else if (isdigit((unsigned char)s[0]))
			d = ratelimit_digits(&s, 1);
		else
			return 0;
		s = ratelimit_skip_space(s);
		if (!ratelimit_parse_hms(&s, &h, &mi, &sec))
			return 0;
		s = ratelimit_skip_space(s);
		if ((y = ratelimit_digits(&s, 4)) < 0)
			return 0;
	}
	if (*ratelimit_skip_space(s) != '\0')
		return 0;
	return ratelimit_make_time(y, mo, d, h, mi, sec, 0);
}

time_t
ratelimit_parse_time(const char *value, time_t now)
{
	const char	*s;
	long long	 n = 0;

	if (value == NULL)
		return 0;
	s = ratelimit_skip_space(value);
	if (isdigit((unsigned char)*s)) {
		const char	*p = s;

		while (isdigit((unsigned char)*p)) {
			if (n > (LLONG_MAX - 9) / 10)
				return 0;
			n = n * 10 + (*p++ - '0');
		}
		if (*ratelimit_skip_space(p) == '\0') {
			if (n >= RATELIMIT_EPOCH_MIN)
				return n <= INT64_MAX / 2 ? (time_t)n : 0;
			return now + (time_t)n;
		}
		return ratelimit_parse_iso(s);
	}
	return ratelimit_parse_http_date(s);
}
