/* clock — time as people read it in a column: "now", "3m", "2h", "5d",
 * "Mar 4", "2024-03-04". */
#ifndef STARLING_CLOCK_H
#define STARLING_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Short relative form of t seen at now (both UTC seconds). */
const char	*clock_relative(int64_t t, int64_t now, char *buf, size_t len);
/* Absolute local time "2026-11-22 14:05". */
const char	*clock_absolute(int64_t t, char *buf, size_t len);
/* The forms a time is written in; the number of seconds when it cannot
 * be shown. */
enum clock_form {
	CLOCK_DAY,		/* "2026-11-22", local */
	CLOCK_MINUTE,		/* "2026-11-22 14:05", local */
	CLOCK_SECOND,		/* "2026-11-22 14:05:03", local */
	CLOCK_ISO		/* "2026-11-22T13:05:03Z", UTC (exports) */
};
const char	*clock_format(int64_t t, enum clock_form, char *buf,
		    size_t len);

/* Milliseconds: on the monotonic clock (for timeouts and intervals), and
 * on the wall clock (to wake on the second the screen shows). */
int64_t		 clock_mono_ms(void);
int64_t		 clock_wall_ms(void);

#define CLOCK_LOCAL	0x1	/* no zone given: local time, not UTC */
#define CLOCK_ROUND_UP	0x2	/* a fraction of a second counts as one */

/* ISO 8601 / RFC 3339 as servers and people write it: "2026-11-22",
 * "2026-11-22T14:05", "2026-11-22 14:05:03.250Z", "...+01:00" or "+0100".
 * Impossible dates (02-30) are refused; trailing blanks are fine. 0 with
 * *out in UTC seconds, or -1. The one parser every module uses. */
int		 clock_parse_iso8601(const char *s, int flags, int64_t *out);

/* A span as people write it: "90s", "30m", "2h", "1d", "2w", or parts of
 * them from the largest down, "1h30m", "1w2d". 0 with *out in seconds (more
 * than 0), or -1. The one duration parser (--since, sla:). */
int		 clock_parse_duration(const char *s, int64_t *out);

#endif
