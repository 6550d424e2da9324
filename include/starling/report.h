/*
 * report — how the team is doing, from the store's audit log: what came
 * into the inbox columns (the "record" rows, {"column": TITLE, "author":
 * HANDLE, "followers": N, ...}), how fast the team answered (the first
 * "reply" action on a recorded post), who carried the load, the loud
 * authors and the tags, and which posts broke their SLA. `starling report`
 * prints it, the deck's :report shows the last 24 hours, and the deck's
 * spike alerts count the same rows (report_spikes()).
 *
 * Built by streaming the audit log once (store_audit_each()): the memory is
 * one small record per post recorded in the range, kept in arrays that
 * grow by doubling, not one allocation per post.
 *
 * Definitions:
 * - volume: posts recorded in [since, until), per column, in local days (or
 *   local hours when the range is at most a day); "open", "replied",
 *   "done", "ignored": their status at until (new, open and assigned are
 *   open).
 * - first response: from a post's record to the first "reply" on it (up to
 *   until), credited to who replied. Median: the middle value (the mean of
 *   the two middle ones for an even count); p90: the nearest rank, the
 *   value at ceil(0.9 n) in increasing order. Whole seconds.
 * - SLA: a recorded post whose column has an SLA (its own sla:, else the
 *   top-level one) breaks it when its clock ran longer than the SLA; the
 *   clock stops at the first reply or when the post is closed (done or
 *   ignored), else runs until min(until, now).
 * - agents: per teammate, the posts assigned to them, the posts they
 *   closed as done, and the replies they sent, in the range ("rule NAME"
 *   is not an agent).
 * - authors: by reach (the most followers seen in a record) and by volume
 *   (posts recorded), each the top REPORT_TOP.
 * - tags: tags added in the range, by count.
 */
#ifndef STARLING_REPORT_H
#define STARLING_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct store_audit;

#define REPORT_TOP	10	/* authors listed each way */

/* A column's own SLA (seconds). */
struct report_sla {
	const char	*column;
	int64_t		 seconds;
};

struct report_options {
	int64_t			 since;	/* UTC seconds; 0: from the start */
	int64_t			 until;	/* UTC seconds; 0: now (included) */
	int64_t			 now;	/* 0: time(NULL) */
	int64_t			 sla;	/* the default SLA (seconds); 0: none */
	const struct report_sla	*slas;	/* per column */
	size_t			 nslas;
};

/* Median and 90th percentile of n durations (seconds); -1 when n is 0. */
struct report_stats {
	size_t	 count;
	int64_t	 median, p90;
};

struct report_column {
	char		*title;
	uint32_t	 total;
	uint32_t	*counts;	/* one per bucket */
	int64_t		 sla;		/* seconds; 0: none */
	uint32_t	 sla_checked, sla_breached;
};

struct report_agent {
	char			*name;
	uint32_t		 assigned, done, replied;
	struct report_stats	 first_response;
};

struct report_author {
	char		*network, *handle;
	long		 followers;
	uint32_t	 posts;
};

struct report_tag {
	char		*tag;
	uint32_t	 count;
};

struct report {
	int64_t			 since, until, now;
	bool			 hourly;	/* buckets are hours, else days */
	int64_t			*bucket;	/* each bucket's start */
	size_t			 nbuckets;
	struct report_column	*columns;	/* by title */
	size_t			 ncolumns;
	uint32_t		 recorded, open, replied, done, ignored;
	struct report_stats	 first_response;
	struct report_agent	*agents;	/* by name */
	size_t			 nagents;
	struct report_author	*by_reach, *by_volume;
	size_t			 nby_reach, nby_volume;
	struct report_tag	*tags;		/* by count, then name */
	size_t			 ntags;
	int64_t			 sla;		/* the default */
	uint32_t		 sla_checked, sla_breached;

	struct report_acc	*acc;		/* while building */
};

/* Building: begin, feed the audit entries oldest first (those outside
 * [since, until) are passed over), finish. report_read() does it all from
 * a store in one snapshot: 0, or -1 with a message. */
void	report_begin(struct report *, const struct report_options *);
void	report_add(struct report *, const struct store_audit *);
void	report_finish(struct report *);
int	report_read(struct report *, struct store *,
	    const struct report_options *, char *err, size_t errlen);
void	report_free(struct report *);

/* The statistics of n durations (sorts v). */
struct report_stats report_stats_of(int64_t *v, size_t n);

/* `starling report`: format "text" (aligned for a terminal), "json"
 * (top-level keys volume, first_response, agents, authors, tags, sla;
 * times ISO 8601 UTC) or "csv" (RFC 4180: one table per part, each with
 * its header, separated by empty lines). 0, or -1 with a message. */
int	report_print(const struct report *, const char *format, void *file,
	    char *err, size_t errlen);

/* "45s", "4m 10s", "2h 5m", "1d 3h"; "-" when s < 0. */
const char *report_duration(int64_t s, char *buf, size_t len);

/* --- spikes ---------------------------------------------------------------
 *
 * A spike: the last hour's count is above the mean plus 3 standard
 * deviations (population) of the previous hours' counts, and at least
 * REPORT_SPIKE_MIN. Pure: true or false, with the mean and deviation. */
#define REPORT_SPIKE_MIN	10
#define REPORT_SPIKE_HOURS	(7 * 24)	/* the previous hours weighed */

bool	report_spike(uint32_t last, const uint32_t *previous, size_t n,
	    double *mean, double *sd);

struct report_spike {
	char		*column;
	uint32_t	 last;		/* posts in the last hour */
	double		 mean, sd;
	bool		 spike;
};

/* Counts every column's records in the hour up to now (included) and in
 * each of the REPORT_SPIKE_HOURS hours before that (hours counted back
 * from now), and
 * says which spike; *out (free with report_spikes_free()) holds one entry
 * per column title with records in those hours. 0, or -1. */
int	report_spikes(struct store *, int64_t now, struct report_spike **out,
	    size_t *n);
void	report_spikes_free(struct report_spike *, size_t n);

#endif
