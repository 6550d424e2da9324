/* source.c — the fetch-thread loop every network adapter shares: call poll,
 * sleep on a stop pipe until the next call (no CPU while idle), back off with
 * jitter on errors, and hand posts to the UI through the column's ring. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/ratelimit.h"
#include "starling/ring.h"
#include "starling/source.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

#define SOURCE_BACKOFF_MIN	2.0
#define SOURCE_BACKOFF_MAX	300.0

struct source {
	const struct source_ops		*ops;
	const struct config_column	*column;
	struct account			*account;
	unsigned long			 seed;
	void				*data;
	struct ring			*ring;
	struct wake			*wake;
	int				 stop_pipe[2];
	volatile int			 stopping;	/* set under lock */
	pthread_t			 thread;
	bool				 running;

	pthread_mutex_t			 lock;		/* guards status */
	struct source_status		 status;
	unsigned			 status_gen, status_seen;
	char				*older;		/* history request */
	bool				 recovered;	/* LIVE or POLLING since
							   the last failure */
	volatile int			 retry;		/* :retry asked (atomic) */

	/* UI thread only: what source_get_status last reported. */
	enum source_state		 shown_state;
	time_t				 shown_until;
};

const struct source_ops *
source_find_ops(const char *name)
{
	const struct network	*net = network_find(name);

	return net != NULL ? net->source_ops : NULL;
}

const struct config_column *
source_column(const struct source *src)
{
	return src->column;
}

unsigned long
source_seed(const struct source *src)
{
	return src->seed;
}

void *
source_data(const struct source *src)
{
	return src->data;
}

void
source_set_data(struct source *src, void *data)
{
	src->data = data;
}

int
source_wake_fd(const struct source *src)
{
	return src->stop_pipe[0];
}

bool
source_stopping(const struct source *src)
{
	return __atomic_load_n(&src->stopping, __ATOMIC_ACQUIRE) != 0;
}

bool
source_wait(struct source *src, double seconds)
{
	struct pollfd	pfd = { .fd = src->stop_pipe[0], .events = POLLIN };
	struct timespec	now, end;
	int		timeout;
	char		c;

	/* A kick already seen is spent (the stop flag is what says stop);
	 * what it asked for is still pending. */
	while (read(src->stop_pipe[0], &c, 1) > 0)
		;
	if (source_has_request(src) ||
	    __atomic_load_n(&src->retry, __ATOMIC_ACQUIRE) != 0)
		return source_stopping(src);
	clock_gettime(CLOCK_MONOTONIC, &now);
	end = now;
	if (seconds >= 0) {
		end.tv_sec += (time_t)seconds;
		end.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
		if (end.tv_nsec >= 1000000000L) {
			end.tv_sec++;
			end.tv_nsec -= 1000000000L;
		}
	}
	for (;;) {
		if (source_stopping(src))
			return true;
		if (seconds < 0)
			timeout = -1;
		else {
			clock_gettime(CLOCK_MONOTONIC, &now);
			long long ms = (long long)(end.tv_sec - now.tv_sec) * 1000 +
			    (end.tv_nsec - now.tv_nsec) / 1000000;
			if (ms <= 0)
				return source_stopping(src);
			timeout = ms > 60000 ? 60000 : (int)ms;
		}
		if (poll(&pfd, 1, timeout) > 0) {
			char	buf[16];

			/* A stop, or a kick: run again now. */
			while (read(src->stop_pipe[0], buf, sizeof buf) > 0)
				;
			return source_stopping(src);
		}
	}
}

bool
source_emit(struct source *src, struct post *p)
{
	bool	woke = false;

	while (!ring_push(src->ring, p)) {
		/* Full: the UI is behind. Make sure it knows, then wait a bit. */
		if (!woke) {
			wake_signal(src->wake);
			woke = true;
		}
		if (source_wait(src, 0.005)) {
			post_unref(p);
			return false;
		}
	}
	wake_signal(src->wake);
	return true;
}

void
source_set_status(struct source *src, enum source_state state, time_t until,
    const char *fmt, ...)
{
	va_list	ap;
	char	text[sizeof src->status.text] = "";

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(text, sizeof text, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_lock(&src->lock);
	if (src->status.state != state || src->status.until != until ||
	    strcmp(src->status.text, text) != 0) {
		/* Logged once per reason, not again when only the retry time
		 * moves. */
		bool news = strcmp(src->status.text, text) != 0;

		src->status.state = state;
		src->status.until = until;
		memcpy(src->status.text, text, sizeof text);
		src->status_gen++;
		if (state == SOURCE_LIVE || state == SOURCE_POLLING)
			src->recovered = true;
		pthread_mutex_unlock(&src->lock);
		if (news && fmt != NULL && *text != '\0' &&
		    (state == SOURCE_ERROR || state == SOURCE_BACKOFF ||
		    state == SOURCE_AUTHFAILED))
			log_msg("column \"%s\": %s", src->column->title ?
			    src->column->title : "?", text);
		wake_signal(src->wake);
		return;
	}
	pthread_mutex_unlock(&src->lock);
}

void
source_set_note(struct source *src, const char *fmt, ...)
{
	va_list	ap;
	char	note[sizeof src->status.note] = "";

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(note, sizeof note, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_lock(&src->lock);
	if (strcmp(src->status.note, note) == 0) {
		pthread_mutex_unlock(&src->lock);
		return;
	}
	memcpy(src->status.note, note, sizeof note);
	src->status_gen++;
	pthread_mutex_unlock(&src->lock);
	wake_signal(src->wake);
}

void
source_set_again(struct source *src, const char *word)
{
	pthread_mutex_lock(&src->lock);
	snprintf(src->status.again, sizeof src->status.again, "%s",
	    word != NULL ? word : "");
	src->status_gen++;
	pthread_mutex_unlock(&src->lock);
}

/* The columns of one account share its budget: while it says wait, a
 * column that is not streaming shows the wait, whichever column met it. */
static void
source_shared_limit(struct source *src, struct source_status *out)
{
	struct ratelimit	*rl;
	time_t			 now = time(NULL), until;

	if (src->account == NULL ||
	    (rl = account_ratelimit(src->account)) == NULL)
		return;
	if (out->state != SOURCE_BACKOFF && out->state != SOURCE_POLLING &&
	    out->state != SOURCE_STARTING && out->state != SOURCE_RATELIMITED)
		return;
	if ((until = ratelimit_wait_until(rl, false, now)) <= now)
		return;
	if (out->state == SOURCE_RATELIMITED && out->until >= until)
		return;
	out->state = SOURCE_RATELIMITED;
	out->until = until;
	snprintf(out->text, sizeof out->text, "rate limited");
}

bool
source_get_status(struct source *src, struct source_status *out)
{
	bool	changed;

	pthread_mutex_lock(&src->lock);
	*out = src->status;
	changed = src->status_gen != src->status_seen;
	src->status_seen = src->status_gen;
	pthread_mutex_unlock(&src->lock);
	source_shared_limit(src, out);
	if (out->state != src->shown_state || out->until != src->shown_until)
		changed = true;
	src->shown_state = out->state;
	src->shown_until = out->until;
	return changed;
}

void
source_retry(struct source *src)
{
	if (src == NULL || !src->running)
		return;
	if (src->account != NULL)
		account_retry(src->account);
	__atomic_store_n(&src->retry, 1, __ATOMIC_RELEASE);
	source_kick(src);
}

/* Whether :retry was asked since the last look (and forgets it). */
static bool
source_take_retry(struct source *src)
{
	return __atomic_exchange_n(&src->retry, 0, __ATOMIC_ACQ_REL) != 0;
}

/* Whether the source went LIVE or POLLING since the last failure (and
 * forgets it): a recovery, after which backoff starts again from 1-2 s. */
static bool
source_take_recovered(struct source *src)
{
	bool	r;

	pthread_mutex_lock(&src->lock);
	r = src->recovered;
	src->recovered = false;
	pthread_mutex_unlock(&src->lock);
	return r;
}

static struct source_status
source_status_now(struct source *src)
{
	struct source_status	s;

	pthread_mutex_lock(&src->lock);
	s = src->status;
	pthread_mutex_unlock(&src->lock);
	return s;
}

/* Exponential backoff with full jitter in [base/2, base]. */
static double
source_backoff(double *base, unsigned *rnd)
{
	double	d;

	*base = *base < SOURCE_BACKOFF_MIN ? SOURCE_BACKOFF_MIN : *base * 2;
	if (*base > SOURCE_BACKOFF_MAX)
		*base = SOURCE_BACKOFF_MAX;
	d = *base / 2 + (*base / 2) * (rand_r(rnd) / (double)RAND_MAX);
	return d;
}

static void *
source_thread(void *arg)
{
	struct source		*src = arg;
	double			 delay, base = 0;
	unsigned		 rnd = (unsigned)(uintptr_t)src ^ (unsigned)time(NULL);
	bool			 opened = false;
	struct source_status	 st;

	while (!source_stopping(src)) {
		if (source_take_retry(src))
			base = 0;
		if (!opened) {
			if (src->ops->open == NULL || src->ops->open(src) == 0) {
				opened = true;
				base = 0;
				continue;
			}
			delay = -1;
		} else
			delay = src->ops->poll(src);

		if (delay >= 0 || delay == SOURCE_WAIT_FOREVER) {
			base = 0;
			if (source_wait(src, delay))
				break;
			continue;
		}
		st = source_status_now(src);
		if (st.state == SOURCE_ERROR) {
			/* No hammering: wait for stop, or for :retry. */
			if (source_wait(src, -1))
				break;
			continue;
		}
		if (st.state == SOURCE_AUTHFAILED) {
			/* A proxy or a WAF can say 401 too: ask again, slowly. */
			source_set_status(src, SOURCE_AUTHFAILED,
			    time(NULL) + SOURCE_AUTH_RETRY, "%s", st.text);
			if (source_wait(src, SOURCE_AUTH_RETRY))
				break;
			continue;
		}
		/* It worked again since the last failure: start over. */
		if (source_take_recovered(src))
			base = 0;
		/* Whole seconds, so the countdown shown ends when the retry
		 * begins, never "retrying in 0 s" for long. */
		delay = ceil(source_backoff(&base, &rnd));
		if (st.state != SOURCE_RATELIMITED)
			source_set_status(src, SOURCE_BACKOFF,
			    time(NULL) + (time_t)delay, "%s", st.text);
		if (source_wait(src, delay))
			break;
	}
	if (opened && src->ops->close != NULL)
		src->ops->close(src);
	return NULL;
}

static struct source *
source_start_with(const struct source_ops *ops,
    const struct config_column *column, struct account *account,
    unsigned long seed, struct wake *wake, size_t ring_capacity)
{
	struct source	*src = xcalloc(1, sizeof *src);

	src->ops = ops;
	src->column = column;
	src->account = account;
	src->seed = seed;
	src->wake = wake;
	src->ring = ring_new(ring_capacity);
	src->stop_pipe[0] = src->stop_pipe[1] = -1;
	pthread_mutex_init(&src->lock, NULL);
	src->status.state = ops ? SOURCE_STARTING : SOURCE_UNAVAILABLE;
	src->status_gen = 1;

	if (ops == NULL)
		return src;
	if (pipe(src->stop_pipe) != 0 ||
	    fcntl(src->stop_pipe[0], F_SETFL, O_NONBLOCK) != 0 ||
	    pthread_create(&src->thread, NULL, source_thread, src) != 0) {
		src->status.state = SOURCE_ERROR;
		snprintf(src->status.text, sizeof src->status.text,
		    "cannot start: %s", strerror(errno));
		return src;
	}
	src->running = true;
	return src;
}

struct source *
source_start(const struct source_ops *ops, const struct config_column *column,
    unsigned long seed, struct wake *wake, size_t ring_capacity)
{
	return source_start_with(ops, column, NULL, seed, wake, ring_capacity);
}

struct source *
source_start_account(const struct source_ops *ops,
    const struct config_column *column, struct account *account,
    struct wake *wake, size_t ring_capacity)
{
	return source_start_with(ops, column, account, 0, wake, ring_capacity);
}

struct account *
source_account(const struct source *src)
{
	return src->account;
}

void
source_kick(struct source *src)
{
	char	c = 0;

	/* A zero byte wakes source_wait without asking to stop. */
	if (src->running && write(src->stop_pipe[1], &c, 1) < 0) {
		/* A full pipe already holds a wake-up. */
	}
}

void
source_request_older(struct source *src, const char *id)
{
	pthread_mutex_lock(&src->lock);
	if (src->older == NULL && !src->status.loading) {
		src->older = xstrdup(id);
		src->status.loading = true;
		src->status_gen++;
	}
	pthread_mutex_unlock(&src->lock);
	source_kick(src);
}

char *
source_take_older(struct source *src)
{
	char	*id;

	pthread_mutex_lock(&src->lock);
	id = src->older;
	src->older = NULL;
	pthread_mutex_unlock(&src->lock);
	return id;
}

bool
source_has_request(struct source *src)
{
	bool	pending;

	pthread_mutex_lock(&src->lock);
	pending = src->older != NULL;
	pthread_mutex_unlock(&src->lock);
	return pending;
}

void
source_older_done(struct source *src, int n)
{
	pthread_mutex_lock(&src->lock);
	src->status.loading = false;
	if (n == 0)
		src->status.no_older = true;
	src->status_gen++;
	pthread_mutex_unlock(&src->lock);
	wake_signal(src->wake);
}

void
source_set_marker(struct source *src, const char *id)
{
	pthread_mutex_lock(&src->lock);
	snprintf(src->status.marker, sizeof src->status.marker, "%s",
	    id ? id : "");
	src->status_gen++;
	pthread_mutex_unlock(&src->lock);
	wake_signal(src->wake);
}

double
source_fail(struct source *src, const struct http_response *r, int rc,
    const char *why, const struct source_fail_rules *how)
{
	time_t	now = time(NULL), until;

	until = ratelimit_wait_until(account_ratelimit(source_account(src)),
	    false, now);
	if (r->status == 429 || (rc != 0 && until > now)) {
		if (until <= now)
			until = r->retry_after ? r->retry_after : how->reset &&
			    r->ratelimit_reset > now ? r->ratelimit_reset :
			    now + 60;
		source_set_status(src, SOURCE_RATELIMITED, until,
		    "rate limited");
		return (double)(until - now) + 1;
	}
	if (r->status != 0 && (r->status == how->auth[0] ||
	    r->status == how->auth[1])) {
		source_set_status(src, SOURCE_AUTHFAILED, 0, "auth failed: %s",
		    why);
		return -1;
	}
	source_set_status(src, how->stop != 0 && r->status == how->stop ?
	    SOURCE_ERROR : SOURCE_BACKOFF, 0, "%s", why);
	return -1;
}

void
source_stop_begin(struct source *src)
{
	char	c = 1;

	if (src == NULL)
		return;
	__atomic_store_n(&src->stopping, 1, __ATOMIC_RELEASE);
	if (src->running && write(src->stop_pipe[1], &c, 1) < 0) {
		/* The flag alone still stops it within a wait step. */
	}
}

void
source_stop(struct source *src)
{
	struct post	*p;

	if (src == NULL)
		return;
	source_stop_begin(src);
	if (src->running)
		pthread_join(src->thread, NULL);
	while ((p = ring_pop(src->ring)) != NULL)
		post_unref(p);
	ring_free(src->ring);
	free(src->older);
	if (src->stop_pipe[0] != -1) {
		close(src->stop_pipe[0]);
		close(src->stop_pipe[1]);
	}
	pthread_mutex_destroy(&src->lock);
	free(src);
}

struct post *
source_pop(struct source *src)
{
	return ring_pop(src->ring);
}
