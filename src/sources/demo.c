/* demo.c — the built-in offline source behind the common source interface.
 * Posts come from demo_post.c; this file decides which are due. With a rate,
 * post n is due at DEMO_EPOCH + n / rate on the wall clock: the first poll
 * emits the most recent `backlog` due posts, later polls what has fallen due
 * since, and each poll returns the time until the next one, so the fetch
 * thread sleeps in between. With rate 0 the backlog is all there is. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/config.h"
#include "starling/demo.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/xmalloc.h"

#define DEMO_RATE_MAX		1000.0	/* posts per second */
#define DEMO_BACKLOG_MAX	10000
#define DEMO_CATCHUP_MAX	1000	/* after a suspend: the newest only */
#define DEMO_IDLE_SPAN		(4 * 3600)	/* rate 0: posts from 4 h back */
#define DEMO_DUE_MAX		1e15	/* keeps counts exact in a double */

struct demo_state {
	const char	*channel;
	const char	*query;		/* NULL: the channel's default */
	const char	*title;
	double		 rate;		/* 0: the backlog only */
	uint64_t	 backlog;
	uint64_t	 next;		/* first post not emitted yet */
	bool		 started;
};

double
demo_due_time(uint64_t n, double rate)
{
	return (double)DEMO_EPOCH + (double)n / rate;
}

uint64_t
demo_due_count(double now, double rate)
{
	double		x = (now - (double)DEMO_EPOCH) * rate;
	uint64_t	count;

	if (!(x >= 0))
		return 0;
	if (x > DEMO_DUE_MAX)
		x = DEMO_DUE_MAX;
	/* Rounding may put the estimate one off: settle it by demo_due_time,
	 * so "due" means the same everywhere. */
	count = (uint64_t)floor(x) + 1;
	while (count > 0 && demo_due_time(count - 1, rate) > now)
		count--;
	while (demo_due_time(count, rate) <= now)
		count++;
	return count;
}

double
demo_next_wait(double now, double rate, uint64_t next)
{
	double	wait = demo_due_time(next, rate) - now + 0.001;

	return wait > DEMO_WAIT_MIN ? wait : DEMO_WAIT_MIN;
}

uint64_t
demo_window_start(uint64_t next, uint64_t due, uint64_t limit)
{
	uint64_t	first = due > limit ? due - limit : 0;

	return first > next ? first : next;
}

int64_t
demo_idle_time(int64_t now, uint64_t n, uint64_t count)
{
	int64_t	hour = now - (now % 3600 + 3600) % 3600;
	int64_t	step, jitter;

	if (count == 0 || n >= count)
		return hour;
	step = DEMO_IDLE_SPAN / (int64_t)count;
	if (step < 1)
		step = 1;
	/* A little irregular, never reordering: jitter < step / 2. */
	jitter = (int64_t)((n * 2654435761u) % (uint64_t)(step / 2 + 1));
	return hour - (int64_t)(count - n) * step + jitter;
}

static double
demo_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
demo_known_channel(const char *channel)
{
	size_t	i;

	for (i = 0; demo_channels[i] != NULL; i++)
		if (strcmp(demo_channels[i], channel) == 0)
			return true;
	return false;
}

static int
demo_open(struct source *src)
{
	const struct config_column	*col = source_column(src);
	struct demo_state		*st;
	const char			*channel = col->channel;

	if (channel == NULL || *channel == '\0')
		channel = demo_network.default_column;
	if (!demo_known_channel(channel)) {
		source_set_status(src, SOURCE_ERROR, 0,
		    "demo: no channel \"%s\"", channel);
		return -1;
	}
	st = xcalloc(1, sizeof *st);
	st->channel = channel;
	st->query = col->query != NULL && *col->query != '\0' ?
	    col->query : NULL;
	st->title = col->title != NULL ? col->title : channel;
	st->rate = col->rate > 0 ? col->rate : 0;	/* also NaN -> 0 */
	if (st->rate > DEMO_RATE_MAX)
		st->rate = DEMO_RATE_MAX;
	st->backlog = col->backlog > 0 ? (uint64_t)col->backlog : 0;
	if (st->backlog > DEMO_BACKLOG_MAX)
		st->backlog = DEMO_BACKLOG_MAX;
	source_set_data(src, st);
	return 0;
}

/* Emits posts first .. last - 1; false when the source is stopping. */
static bool
demo_emit_due(struct source *src, struct demo_state *st, uint64_t first,
    uint64_t last)
{
	uint64_t	n;
	struct post	*p;

	for (n = first; n < last; n++) {
		p = demo_make_column_post(source_seed(src), st->channel,
		    st->query, st->title, n,
		    (int64_t)floor(demo_due_time(n, st->rate)));
		if (!source_emit(src, p))
			return false;
	}
	return true;
}

static bool
demo_emit_idle(struct source *src, struct demo_state *st)
{
	int64_t		now = (int64_t)time(NULL);
	uint64_t	n;
	struct post	*p;

	for (n = 0; n < st->backlog; n++) {
		p = demo_make_column_post(source_seed(src), st->channel,
		    st->query, st->title, n,
		    demo_idle_time(now, n, st->backlog));
		if (!source_emit(src, p))
			return false;
	}
	return true;
}

static double
demo_poll(struct source *src)
{
	struct demo_state	*st = source_data(src);
	uint64_t		 due, first;

	if (st->rate <= 0) {
		if (!st->started) {
			st->started = true;
			if (!demo_emit_idle(src, st))
				return SOURCE_WAIT_FOREVER;
			source_set_status(src, SOURCE_IDLE, 0, NULL);
		}
		return SOURCE_WAIT_FOREVER;
	}

	due = demo_due_count(demo_now(), st->rate);
	first = demo_window_start(st->next, due, st->started ? (st->backlog >
	    DEMO_CATCHUP_MAX ? st->backlog : DEMO_CATCHUP_MAX) : st->backlog);
	if (!demo_emit_due(src, st, first, due))
		return SOURCE_WAIT_FOREVER;	/* stopping */
	if (due > st->next)
		st->next = due;
	if (!st->started) {
		st->started = true;
		source_set_status(src, SOURCE_LIVE, 0, NULL);
	}
	/* Emitting may have blocked on a full ring: measure again. */
	return demo_next_wait(demo_now(), st->rate, st->next);
}

static void
demo_close(struct source *src)
{
	free(source_data(src));
	source_set_data(src, NULL);
}

const struct source_ops demo_source_ops = {
	"demo", demo_open, demo_poll, demo_close
};

/* Every channel reads the same keys. The same names as demo_channels. */
static const char *const demo_keys[] = { "query", "rate", "backlog", NULL };
static const struct network_column demo_columns[] = {
	{ "home", 0, NULL, NULL, NULL, demo_keys, NULL },
	{ "mentions", 1, NULL, NULL, NULL, demo_keys, NULL },
	{ "search", 2, NULL, NULL, NULL, demo_keys, NULL },
	{ "competitors", 3, NULL, NULL, NULL, demo_keys, NULL },
	{ "hashtag", 4, NULL, NULL, NULL, demo_keys, NULL },
	{ "notifications", 5, NULL, NULL, NULL, demo_keys, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

/* The demo deck: rates chosen so posts keep arriving at a readable pace. */
static const struct network_deck_column demo_deck[] = {
	{ "Home", "home", NULL, 0.2 },
	{ "Mentions", "mentions", NULL, 0.1 },
	{ "Search \"acme\"", "search", "acme", 0.15 },
	{ "Competitors", "competitors", "globex OR initech", 0.1 },
	{ NULL, NULL, NULL, 0 }
};

/* "home-12", "search-ab12-5": by what comes before the number, then by the
 * number. */
static int
demo_id_cmp(const char *a, const char *b)
{
	const char	*na = strrchr(a, '-'), *nb = strrchr(b, '-');
	size_t		 pa, pb, la, lb;
	int		 c;

	na = na ? na + 1 : a + strlen(a);
	nb = nb ? nb + 1 : b + strlen(b);
	pa = (size_t)(na - a);
	pb = (size_t)(nb - b);
	if ((c = memcmp(a, b, pa < pb ? pa : pb)) != 0 || pa != pb)
		return c != 0 ? c : pa < pb ? -1 : 1;
	la = strlen(na);
	lb = strlen(nb);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(na, nb);
}

static bool
demo_web_url(const struct post *p, char *buf, size_t len)
{
	int	n;

	if (p->author_handle == NULL || p->id == NULL)
		return false;
	n = snprintf(buf, len, "https://demo.invalid/@%s/%s", p->author_handle,
	    p->id);
	return n > 0 && (size_t)n < len;
}

const struct network demo_network = {
	.name = "demo",
	.account = false,
	.source_ops = &demo_source_ops,
	.column_key = "channel",
	.columns = demo_columns,
	.default_column = "home",
	.deck = demo_deck,
	.words = { "reposted", "reposting", "unreposting", "liking",
	    "unliking" },
	.count = network_count_graphemes,
	.reply_mentions = true,
	.counts = true,
	.id_cmp = demo_id_cmp,
	.web_url = demo_web_url,
};
