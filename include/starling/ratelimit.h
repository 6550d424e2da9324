/*
 * ratelimit — one request budget per account, shared by every thread that
 * talks to that account's server (thread-safe). Fed from X-RateLimit-Remaining
 * / X-RateLimit-Reset and 429 Retry-After; asked before each request.
 */
#ifndef STARLING_RATELIMIT_H
#define STARLING_RATELIMIT_H

#include <stdbool.h>
#include <time.h>

struct ratelimit;

struct ratelimit *ratelimit_new(void);
void		  ratelimit_free(struct ratelimit *);
/* After a response: remaining < 0 when the header was absent (then nothing
 * changes); reset is an absolute time (0 when absent). Within one window
 * (same reset) a higher figure than the one held is ignored, so responses
 * arriving out of order cannot raise the budget. */
void		  ratelimit_update(struct ratelimit *, long remaining, time_t reset);
/* After a 429: nothing until 'until' (a later block extends, never
 * shortens). */
void		  ratelimit_block(struct ratelimit *, time_t until);
/* Forgets the block and the budget (the user asked to try now: the next
 * response says again where it stands). */
void		  ratelimit_clear(struct ratelimit *);
/* Before a request: 0 to go now, else the time until which to wait. Keeps a
 * small reserve so interactive actions (replies) still get through when
 * background polling has used the budget: background requests wait once
 * remaining <= RATELIMIT_RESERVE, interactive ones only at 0. Once reset has
 * passed the budget is taken as full again; with no reset time known, only
 * a block makes anyone wait. Only asks: nothing is spent. */
time_t		  ratelimit_wait_until(struct ratelimit *, bool interactive, time_t now);
/* The same answer, and when it is 0 the request is counted against the
 * budget (remaining - 1) until the next response brings the server's
 * figure, atomically, so threads sharing the budget cannot all take its
 * last requests. http calls this just before sending. */
time_t		  ratelimit_take(struct ratelimit *, bool interactive, time_t now);

#define RATELIMIT_RESERVE 5

/* No server makes anyone wait longer than this (seconds): a Retry-After
 * or reset in the year 2100 is taken as an hour from now. Every time
 * read from a header goes through ratelimit_clamp; block and update clamp
 * again. */
#define RATELIMIT_MAX_WAIT 3600

/* t, or now + RATELIMIT_MAX_WAIT when t is later than that (0 stays 0). */
time_t		  ratelimit_clamp(time_t t, time_t now);

/* Parses an HTTP date or ISO 8601 timestamp ("2026-11-22T14:05:00.000Z",
 * "Sun, 22 Nov 2026 14:05:00 GMT") or a number of seconds relative to now;
 * 0 when it cannot. Fractions of a second round up. A bare number of
 * 1000000000 or more is taken as a Unix time (X's x-rate-limit-reset),
 * not as seconds. An ISO time without a zone is UTC. */
time_t		  ratelimit_parse_time(const char *value, time_t now);

#endif
