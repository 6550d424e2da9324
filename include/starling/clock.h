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

#endif
