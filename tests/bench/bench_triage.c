/* bench_triage.c — how long a triage change made by one process takes to
 * reach another process's screen. Bob's real ./starling runs under a
 * pseudo-terminal this program opens (as bench_keys does); the writes come
 * from this program, through the store API, as alice:
 *
 *   bench_triage STARLING CONFIG DB SEED [ROUNDS] [GAP_MS]   (50, 200)
 *
 * CONFIG is bob's deck (me: bob, store: DB, a demo "mentions" column and a
 * `type: assigned, to: me` column); SEED is passed to him as --seed, so the
 * post snapshot made here with demo_make_post() is the post on his screen.
 * Each round: store_apply() assigns the post to bob as alice; from its return
 * (the commit) until bob's pty carries "bob (alice)", the badge of the card in
 * his queue; GAP_MS later an unassign takes it away again, and GAP_MS after
 * that bob's screen must have gone quiet before the next round. The figure is
 * the time to the first byte of the burst of output (bytes no more than
 * BURST_GAP_MS apart) that carries the badge, i.e. the start of that redraw;
 * the time to the badge bytes themselves is printed too.
 *
 * Bob hears of a commit through inotify on the WAL plus PRAGMA data_version
 * (src/store/store_sqlite.c; after a WAL write he re-checks every 50 ms for
 * 1 s, because the WAL is written before the index that makes the commit
 * visible), read on his store's reader thread (src/store/triage.c). Every wait is bounded; a watchdog kills bob if the run overstays;
 * bob is always reaped. Prints one line; "n/a (why)" and exit 1 on failure.
 * BENCH_DUMP=FILE writes everything bob drew to FILE, rounds marked.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "starling/demo.h"
#include "starling/post.h"
#include "starling/store.h"

#define COLS		200
#define ROWS		50
#define BACKLOG		10	/* the demo column's backlog in CONFIG */
#define POST_N		(BACKLOG - 1)	/* the newest backlog post */
#define SETTLE_QUIET_MS	300	/* "the deck has drawn": this long silent */
#define SETTLE_MAX_MS	15000
#define ROUND_QUIET_MS	50	/* quiet before each assignment */
#define ROUND_QUIET_MAX	3000
#define SEEN_MAX_MS	3000	/* the badge must show within this */
#define BURST_GAP_MS	5	/* one redraw: bytes no further apart */
#define SLOW_MS		10	/* rounds slower than this are counted */
#define WATCHDOG_S	150

static const char	 needle[] = "bob (alice)";
static volatile pid_t	 child = -1;
static FILE		*dump;

static void na(const char *, ...) __attribute__((format(printf, 1, 2)));

static void
na(const char *fmt, ...)
{
	va_list	ap;

	printf("n/a (");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
	fflush(stdout);
}

static int64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
on_watchdog(int sig)
{
	static const char msg[] = "n/a (bench_triage: watchdog expired)\n";

	if (child > 0)
		kill(child, SIGKILL);
	if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing to do */
	}
	_exit(sig == SIGALRM ? 3 : 128 + sig);
}

/* Starts bin --seed seed --config config on a new pty; returns the master
 * (nonblocking). */
static int
spawn(const char *bin, const char *config, const char *seed)
{
	struct winsize	 ws = { .ws_row = ROWS, .ws_col = COLS };
	const char	*term = getenv("BENCH_TERM");
	char		*name;
	int		 m, s;
	pid_t		 pid;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(m) != 0 ||
	    unlockpt(m) != 0 || (name = ptsname(m)) == NULL) {
		perror("bench_triage: pty");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("bench_triage: fork");
		close(m);
		return -1;
	}
	if (pid == 0) {
		close(m);
		setsid();
		if ((s = open(name, O_RDWR)) < 0)
			_exit(126);
		ioctl(s, TIOCSCTTY, 0);
		ioctl(s, TIOCSWINSZ, &ws);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		setenv("TERM", term && *term ? term : "screen-256color", 1);
		unsetenv("NO_COLOR");
		execl(bin, bin, "--seed", seed, "--config", config,
		    (char *)NULL);
		_exit(127);
	}
	child = pid;
	fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
	return m;
}

/* What has been read from bob's pty: the tail kept for the needle search
 * (a badge split across two reads), the start of the current burst. */
struct reader {
	int	fd;
	char	tail[sizeof needle + 65536];
	size_t	ntail;
	int64_t	last_byte, burst_start;
	int	found;		/* the needle went by since the last reset */
	int64_t	found_at, found_burst;
	size_t	bytes;
};

static void
reader_reset(struct reader *r)
{
	r->ntail = 0;
	r->found = 0;
	r->bytes = 0;
}

/* Reads what is there; returns bytes read, 0 if nothing yet, -1 at EOF/EIO. */
static ssize_t
drain_once(struct reader *r)
{
	char	*buf;
	ssize_t	 n, total = 0;
	int64_t	 t;
	size_t	 keep;

	for (;;) {
		buf = r->tail + r->ntail;
		n = read(r->fd, buf, sizeof r->tail - r->ntail);
		if (n > 0) {
			t = now_ns();
			if (r->last_byte == 0 ||
			    t - r->last_byte > (int64_t)BURST_GAP_MS * 1000000)
				r->burst_start = t;
			r->last_byte = t;
			total += n;
			r->bytes += (size_t)n;
			if (dump != NULL)
				fwrite(buf, 1, (size_t)n, dump);
			r->ntail += (size_t)n;
			if (!r->found && memmem(r->tail, r->ntail, needle,
			    sizeof needle - 1) != NULL) {
				r->found = 1;
				r->found_at = t;
				r->found_burst = r->burst_start;
			}
			/* Keep only what could begin a split needle. */
			keep = sizeof needle - 2;
			if (r->ntail > keep) {
				memmove(r->tail, r->tail + r->ntail - keep, keep);
				r->ntail = keep;
			}
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return total;
		return total > 0 ? total : -1;	/* EOF or EIO: bob is gone */
	}
}

/* Reads until ms pass, or (with until_found) the needle goes by, or (with
 * quiet_ms > 0) quiet_ms pass with no output. 0 when the condition was met,
 * 1 on timeout, -1 when bob has gone. */
static int
pump(struct reader *r, int max_ms, int quiet_ms, int until_found)
{
	struct pollfd	pfd = { .fd = r->fd, .events = POLLIN };
	int64_t		start = now_ns(), end = start + (int64_t)max_ms * 1000000;
	int64_t		quiet_from = start, t;
	int		wait, rc;

	for (;;) {
		if (until_found && r->found)
			return 0;
		t = now_ns();
		if (quiet_ms > 0 && t - quiet_from >= (int64_t)quiet_ms * 1000000)
			return 0;
		if (t >= end)
			return quiet_ms > 0 || until_found ? 1 : 0;
		wait = (int)((end - t) / 1000000) + 1;
		if (quiet_ms > 0 && quiet_ms < wait)
			wait = quiet_ms - (int)((t - quiet_from) / 1000000);
		if (wait < 1)
			wait = 1;
		rc = poll(&pfd, 1, wait);
		if (rc < 0 && errno != EINTR)
			return -1;
		if (rc > 0) {
			ssize_t n = drain_once(r);

			if (n < 0)
				return -1;
			if (n > 0)
				quiet_from = r->last_byte;
		}
	}
}

/* q, then SIGTERM, then SIGKILL; always reaps. */
static void
stop_child(struct reader *r)
{
	int	status, i;
	pid_t	pid = child;

	if (pid <= 0)
		return;
	if (write(r->fd, "q", 1) < 0) {
		/* it may be gone already */
	}
	for (i = 0; i < 200; i++) {		/* 2 s */
		drain_once(r);
		if (waitpid(pid, &status, WNOHANG) == pid)
			goto reaped;
		usleep(10000);
		if (i == 100)
			kill(pid, SIGTERM);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
reaped:
	child = -1;
	close(r->fd);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static int64_t
pct(const int64_t *v, size_t n, int p)
{
	size_t	k = (size_t)((p * n + 99) / 100);

	if (n == 0)
		return 0;
	if (k < 1)
		k = 1;
	return v[k - 1];
}

static int
bench(const char *bin, const char *config, const char *db, const char *seedstr,
    int rounds, int gap_ms)
{
	static struct reader	 r;
	struct store		*s;
	struct post		*p;
	struct store_change	 assign = { .kind = STORE_CHANGE_ASSIGN,
				    .network = "demo" };
	char			 err[512], id[64];
	unsigned long		 seed = strtoul(seedstr, NULL, 10);
	int64_t			*lat = calloc((size_t)rounds, sizeof *lat);
	int64_t			*badge = calloc((size_t)rounds, sizeof *badge);
	int64_t			*commit = calloc((size_t)rounds, sizeof *commit);
	int64_t			 t_call, t0;
	size_t			 n = 0;
	int			 i, rc, missed = 0, noisy = 0;
	const char		*why = NULL;

	if (rounds < 1 || !lat || !badge || !commit)
		return 1;
	/* The store first, so bob and this program agree on a migrated file. */
	if ((s = store_open(db, "alice", err, sizeof err)) == NULL) {
		na("store_open: %s", err);
		return 1;
	}
	p = demo_make_post(seed, "mentions", NULL, POST_N,
	    demo_idle_time((int64_t)time(NULL), POST_N, BACKLOG));
	snprintf(id, sizeof id, "%s", p->id);
	assign.id = id;

	if ((r.fd = spawn(bin, config, seedstr)) < 0) {
		store_close(s);
		post_unref(p);
		na("cannot open a pty");
		return 1;
	}
	if (pump(&r, SETTLE_MAX_MS, SETTLE_QUIET_MS, 0) != 0 || r.bytes == 0) {
		stop_child(&r);
		store_close(s);
		post_unref(p);
		na("bob's deck did not start or never went quiet");
		return 1;
	}
	for (i = 0; i < rounds; i++) {
		if (dump != NULL)
			fprintf(dump, "\n=== round %d: assign ===\n", i);
		/* Bob's screen is quiet, nothing of the last round pending. */
		if ((rc = pump(&r, ROUND_QUIET_MAX, ROUND_QUIET_MS, 0)) != 0) {
			if (rc < 0) {
				why = "bob exited";
				break;
			}
			noisy++;
		}
		reader_reset(&r);
		t_call = now_ns();
		assign.post = i == 0 ? p : NULL;
		assign.arg = "bob";
		if (store_apply(s, &assign, err, sizeof err) != 0) {
			why = "store_apply (assign) failed";
			break;
		}
		t0 = now_ns();
		rc = pump(&r, SEEN_MAX_MS, 0, 1);
		if (rc < 0) {
			why = "bob exited";
			break;
		}
		if (rc == 0) {
			/* The redraw may have begun while store_apply was
			 * returning: count that as no time at all. */
			lat[n] = r.found_burst > t0 ? r.found_burst - t0 : 0;
			badge[n] = r.found_at - t0;
			commit[n] = t0 - t_call;
			n++;
		} else
			missed++;
		if (pump(&r, gap_ms, 0, 0) < 0) {
			why = "bob exited";
			break;
		}
		if (dump != NULL)
			fprintf(dump, "\n=== round %d: unassign ===\n", i);
		assign.post = NULL;
		assign.arg = NULL;
		if (store_apply(s, &assign, err, sizeof err) != 0) {
			why = "store_apply (unassign) failed";
			break;
		}
		if (pump(&r, gap_ms, 0, 0) < 0) {
			why = "bob exited";
			break;
		}
		if (missed >= 5 && n == 0) {
			why = "bob's screen never showed \"bob (alice)\"";
			break;
		}
	}
	stop_child(&r);
	store_close(s);
	post_unref(p);
	if (n == 0) {
		na("%s", why ? why : "no round was measured");
		return 1;
	}
	qsort(lat, n, sizeof *lat, cmp_i64);
	qsort(badge, n, sizeof *badge, cmp_i64);
	qsort(commit, n, sizeof *commit, cmp_i64);
	printf("triage latency: median %.1f ms, p95 %.1f ms from a "
	    "store_apply() commit in one process to the first byte of the "
	    "redraw showing \"→bob (alice)\" on another's pty (badge bytes: "
	    "median %.1f ms, p95 %.1f ms; the commit itself median %.1f ms; "
	    "%zu rounds of assign/unassign %d ms apart",
	    (double)pct(lat, n, 50) / 1e6, (double)pct(lat, n, 95) / 1e6,
	    (double)pct(badge, n, 50) / 1e6, (double)pct(badge, n, 95) / 1e6,
	    (double)pct(commit, n, 50) / 1e6, n, gap_ms);
	for (i = 0; i < (int)n && lat[i] <= (int64_t)SLOW_MS * 1000000; i++)
		;
	if (i < (int)n)
		printf("; %zu of them over %d ms, max %.1f ms (after a WAL "
		    "write bob re-checks every 50 ms)", n - (size_t)i, SLOW_MS,
		    (double)lat[n - 1] / 1e6);
	if (missed)
		printf("; %d not shown within %d ms", missed, SEEN_MAX_MS);
	if (noisy)
		printf("; %d rounds began with the screen still busy", noisy);
	if (why)
		printf("; stopped early: %s", why);
	printf("; bob learns of changes through inotify on the WAL plus "
	    "PRAGMA data_version on his store's reader thread, "
	    "src/store/store_sqlite.c and src/store/triage.c)\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction	sa;

	if (argc < 5) {
		fprintf(stderr, "usage: bench_triage STARLING CONFIG DB SEED "
		    "[ROUNDS] [GAP_MS]\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_watchdog;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	alarm(WATCHDOG_S);
	if (getenv("BENCH_DUMP") != NULL && *getenv("BENCH_DUMP") != '\0')
		dump = fopen(getenv("BENCH_DUMP"), "w");
	if (access(argv[1], X_OK) != 0) {
		na("%s is not executable", argv[1]);
		return 1;
	}
	return bench(argv[1], argv[2], argv[3], argv[4],
	    argc > 5 ? atoi(argv[5]) : 50, argc > 6 ? atoi(argv[6]) : 200);
}
