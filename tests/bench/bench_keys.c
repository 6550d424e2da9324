/* bench_keys.c — the real ./starling under a pseudo-terminal this program
 * opens itself: end-to-end keypress latency, startup to first frame, and the
 * memory of a loaded deck. The UI cannot run without a terminal (ui_new()
 * checks isatty and calls newterm), so this drives the binary from outside,
 * the way a terminal emulator would, and measures what crosses the pty.
 *
 *   bench_keys keys    STARLING CONFIG [MOVES]         (default 200; g, j k
 *                                                       warm-up, then j k j k …)
 *   bench_keys startup STARLING CONFIG [RUNS] [NEEDLE] (10, "1 Home")
 *   bench_keys rss     STARLING CONFIG [WAIT_MS]       (3000)
 *   bench_keys baseline [MOVES]   the same key loop against a child that
 *                                 only answers each byte with 131 bytes
 *
 * The child gets a 200x50 window, TERM=screen-256color (unless BENCH_TERM is
 * set) and the rest of this program's environment (run.sh gives it a private
 * HOME and LANG=C.UTF-8). Every wait is bounded and a watchdog kills the child
 * if the whole run overstays; the child is always reaped. Prints one line (rss:
 * "VmHWM_kB VmRSS_kB") on stdout; on failure prints "n/a (why)" and exits 1.
 * BENCH_DUMP=FILE writes everything the program drew to FILE, keys marked.
 */
#define _GNU_SOURCE	/* memmem */
#include <dirent.h>
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
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define COLS		200
#define ROWS		50
#define SETTLE_QUIET_MS	300	/* "the deck has drawn": this long silent */
#define SETTLE_MAX_MS	15000
#define MOVE_QUIET_MS	20	/* a move is over after this much silence */
#define FIRST_BYTE_MAX_MS 1000
#define WATCHDOG_S	120

static volatile pid_t	child = -1;

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
	static const char msg[] = "n/a (bench_keys: watchdog expired)\n";

	if (child > 0)
		kill(child, SIGKILL);
	if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing to do */
	}
	_exit(sig == SIGALRM ? 3 : 128 + sig);
}

/* Starts bin --config config on a new pty; returns the master (nonblocking). */
static int
spawn(const char *bin, const char *config)
{
	struct winsize	 ws = { .ws_row = ROWS, .ws_col = COLS };
	const char	*term = getenv("BENCH_TERM");
	char		*name;
	int		 m, s;
	pid_t		 pid;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(m) != 0 ||
	    unlockpt(m) != 0 || (name = ptsname(m)) == NULL) {
		perror("bench_keys: pty");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("bench_keys: fork");
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
		if (config == NULL)	/* the baseline: this program echoing */
			execl(bin, bin, "echo-child", (char *)NULL);
		else
			execl(bin, bin, "--config", config, (char *)NULL);
		_exit(127);
	}
	child = pid;
	fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
	return m;
}

/* Reads what is there; returns bytes read, 0 if nothing yet, -1 at EOF/EIO.
 * With keep, appends to a growing buffer. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

static FILE	*dump;	/* BENCH_DUMP=FILE: every byte read, for diagnosis */

static ssize_t
drain_once(int fd, struct buf *keep)
{
	char	tmp[65536];
	ssize_t	n, total = 0;

	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n > 0) {
			total += n;
			if (dump != NULL)
				fwrite(tmp, 1, (size_t)n, dump);
			if (keep != NULL) {
				if (keep->len + (size_t)n > keep->cap) {
					keep->cap = (keep->len + (size_t)n) * 2;
					keep->p = realloc(keep->p, keep->cap);
					if (keep->p == NULL)
						abort();
				}
				memcpy(keep->p + keep->len, tmp, (size_t)n);
				keep->len += (size_t)n;
			}
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return total;
		return total > 0 ? total : -1;	/* EOF or EIO: child gone */
	}
}

/* Drains until quiet_ms pass with no output, at most max_ms. Returns 0 when
 * quiet, -1 on timeout or when the child has gone. *bytes gets the count. */
static int
drain_until_quiet(int fd, int quiet_ms, int max_ms, size_t *bytes,
    int64_t *last_ns)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	int64_t		start = now_ns(), last = start, t;
	int		r, wait;
	ssize_t		n;

	if (bytes)
		*bytes = 0;
	for (;;) {
		t = now_ns();
		if ((t - last) / 1000000 >= quiet_ms)
			break;
		if ((t - start) / 1000000 >= max_ms)
			return -1;
		wait = quiet_ms - (int)((t - last) / 1000000);
		if (wait < 1)
			wait = 1;
		r = poll(&pfd, 1, wait);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0) {
			if ((n = drain_once(fd, NULL)) < 0)
				return -1;
			if (n > 0) {
				last = now_ns();
				if (bytes)
					*bytes += (size_t)n;
			}
		}
	}
	if (last_ns)
		*last_ns = last;
	return 0;
}

/* Reads everything for ms milliseconds; -1 if the child went away. */
static int
drain_for(int fd, int ms)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	int64_t		end = now_ns() + (int64_t)ms * 1000000;
	int64_t		left;

	while ((left = end - now_ns()) > 0) {
		if (poll(&pfd, 1, (int)(left / 1000000) + 1) > 0 &&
		    drain_once(fd, NULL) < 0)
			return -1;
	}
	return 0;
}

/* q, then SIGTERM, then SIGKILL; always reaps. */
static void
stop_child(int fd)
{
	int	status, i;
	pid_t	pid = child;

	if (pid <= 0)
		return;
	if (write(fd, "q", 1) < 0) {
		/* it may be gone already */
	}
	for (i = 0; i < 200; i++) {		/* 2 s */
		drain_once(fd, NULL);
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
	close(fd);
}

/* On-CPU nanoseconds of every thread of pid (schedstat); -1 if unknown. */
static int64_t
cpu_ns(pid_t pid)
{
	char		 path[300];
	DIR		*d;
	struct dirent	*e;
	FILE		*f;
	long long	 ns;
	int64_t		 sum = 0;
	int		 any = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%.32s/schedstat",
		    (int)pid, e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fscanf(f, "%lld", &ns) == 1) {
			sum += ns;
			any = 1;
		}
		fclose(f);
	}
	closedir(d);
	return any ? sum : -1;
}

/* utime and stime of pid in clock ticks (all threads). */
static int
cpu_ticks(pid_t pid, long long *user, long long *sys)
{
	char	 path[64], buf[1024], *p;
	FILE	*f;
	size_t	 n;
	int	 field;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	/* After "pid (comm)", field 3 is the state; utime is 14, stime 15. */
	for (field = 2; field < 14 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %lld %lld", user, sys) != 2)
		return -1;
	return 0;
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

/* The baseline child: raw mode, and for every byte read, write as many bytes
 * as a move costs. What the pty and two wake-ups cost, with no program. */
static int
echo_child(void)
{
	struct termios	t;
	char		c, out[131];

	memset(out, 'x', sizeof out);
	if (tcgetattr(0, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(0, TCSANOW, &t);
	}
	if (write(1, "ready", 5) != 5)
		return 1;
	while (read(0, &c, 1) == 1) {
		if (c == 'q')
			return 0;
		if (write(1, out, sizeof out) != (ssize_t)sizeof out)
			return 1;
	}
	return 0;
}

static int
bench_keys(const char *label, const char *bin, const char *config, int moves)
{
	struct pollfd	 pfd;
	int64_t		*first = calloc((size_t)moves, sizeof *first);
	int64_t		*last = calloc((size_t)moves, sizeof *last);
	int64_t		*bytes = calloc((size_t)moves, sizeof *bytes);
	int64_t		 t0, t1, tlast, cpu0, cpu1;
	long long	 u0 = 0, s0 = 0, u1 = 0, s1 = 0;
	int		 ticks_ok;
	size_t		 n = 0, b;
	int		 fd, i, r, silent = 0;
	char		 key;

	if (moves < 1 || !first || !last || !bytes)
		return 1;
	if ((fd = spawn(bin, config)) < 0) {
		na("cannot open a pty");
		return 1;
	}
	if (drain_until_quiet(fd, SETTLE_QUIET_MS, SETTLE_MAX_MS, &b,
	    NULL) != 0 || b == 0) {
		stop_child(fd);
		na("the deck did not start or never went quiet");
		return 1;
	}
	/* Select the newest post first: where the selection lands at start-up
	 * depends on how the backlog was drained (see run.sh), and the bytes a
	 * move costs depend on the heights of the cards it moves between. */
	if (write(fd, "g", 1) != 1 || drain_until_quiet(fd, SETTLE_QUIET_MS,
	    SETTLE_MAX_MS, NULL, NULL) != 0) {
		stop_child(fd);
		na("the deck did not settle after g");
		return 1;
	}
	/* Two warm-up moves, not counted: the first keys also mark the posts
	 * on screen seen, which redraws counts and dots once. */
	for (i = 0; i < 2; i++) {
		if (write(fd, i ? "k" : "j", 1) != 1 ||
		    drain_until_quiet(fd, SETTLE_QUIET_MS, SETTLE_MAX_MS, NULL,
		    NULL) != 0) {
			stop_child(fd);
			na("the deck did not settle after a warm-up move");
			return 1;
		}
	}
	cpu0 = cpu_ns(child);
	ticks_ok = cpu_ticks(child, &u0, &s0) == 0;
	for (i = 0; i < moves; i++) {
		key = i % 2 ? 'k' : 'j';
		if (dump != NULL)
			fprintf(dump, "\n=== move %d: %c ===\n", i, key);
		pfd.fd = fd;
		pfd.events = POLLIN;
		t0 = now_ns();
		if (write(fd, &key, 1) != 1)
			break;
		do
			r = poll(&pfd, 1, FIRST_BYTE_MAX_MS);
		while (r < 0 && errno == EINTR);
		t1 = now_ns();
		if (r <= 0) {
			silent++;		/* nothing drawn for this key */
			if (silent >= 5 && n == 0)
				break;		/* keys do nothing at all */
			continue;
		}
		if (drain_until_quiet(fd, MOVE_QUIET_MS, 2000, &b, &tlast) != 0)
			break;
		first[n] = (t1 - t0) / 1000;
		last[n] = (tlast - t0) / 1000;
		bytes[n] = (int64_t)b;
		n++;
	}
	cpu1 = cpu_ns(child);
	ticks_ok = ticks_ok && cpu_ticks(child, &u1, &s1) == 0 &&
	    u1 + s1 > u0 + s0;
	stop_child(fd);
	if (n == 0) {
		na("no key produced output");
		return 1;
	}
	qsort(first, n, sizeof *first, cmp_i64);
	qsort(last, n, sizeof *last, cmp_i64);
	qsort(bytes, n, sizeof *bytes, cmp_i64);
	printf("%s: median %lld µs to first byte, p95 %lld µs; "
	    "bytes per move: median %lld, p95 %lld (%zu moves j/k after g j k; "
	    "last byte median %lld µs, p95 %lld µs",
	    label, (long long)pct(first, n, 50), (long long)pct(first, n, 95),
	    (long long)pct(bytes, n, 50), (long long)pct(bytes, n, 95), n,
	    (long long)pct(last, n, 50), (long long)pct(last, n, 95));
	if (cpu0 >= 0 && cpu1 >= cpu0) {
		printf("; CPU %.0f µs per move", (double)(cpu1 - cpu0) / 1e3 /
		    (double)(n + (size_t)silent));
		if (ticks_ok)
			printf(" (%.0f%% user)", 100.0 * (double)(u1 - u0) /
			    (double)(u1 - u0 + s1 - s0));
	}
	if (silent)
		printf("; %d keys drew nothing", silent);
	printf(")\n");
	return 0;
}

static int
bench_startup(const char *bin, const char *config, int runs,
    const char *needle)
{
	int64_t		*t = calloc((size_t)runs, sizeof *t);
	struct buf	 out = { 0 };
	struct pollfd	 pfd;
	int64_t		 t0, now;
	size_t		 n = 0, nl = strlen(needle), from;
	int		 fd, i, found;

	if (runs < 1 || t == NULL)
		return 1;
	for (i = 0; i < runs; i++) {
		out.len = 0;
		found = 0;
		t0 = now_ns();
		if ((fd = spawn(bin, config)) < 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		while (!found && (now = now_ns()) - t0 < 5000000000LL) {
			if (poll(&pfd, 1, 50) <= 0)
				continue;
			from = out.len > nl ? out.len - nl : 0;
			if (drain_once(fd, &out) < 0)
				break;
			if (out.len > from && memmem(out.p + from, out.len - from,
			    needle, nl) != NULL) {
				t[n++] = now_ns() - t0;
				found = 1;
			}
		}
		stop_child(fd);
		if (!found)
			break;
	}
	free(out.p);
	if (n == 0) {
		na("no output containing \"%s\" within 5 s", needle);
		return 1;
	}
	qsort(t, n, sizeof *t, cmp_i64);
	printf("startup: median %.1f ms from exec to first column header on "
	    "screen (min %.1f, max %.1f; %zu runs)\n",
	    (double)pct(t, n, 50) / 1e6, (double)t[0] / 1e6,
	    (double)t[n - 1] / 1e6, n);
	return 0;
}

static long
status_kb(pid_t pid, const char *field)
{
	char	path[64], line[256];
	FILE	*f;
	long	kb = -1;
	size_t	fl = strlen(field);

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, fl) == 0 && line[fl] == ':') {
			kb = strtol(line + fl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

static int
bench_rss(const char *bin, const char *config, int wait_ms)
{
	long	hwm, rss;
	int	fd;

	if ((fd = spawn(bin, config)) < 0) {
		na("cannot open a pty");
		return 1;
	}
	/* Wait for it to draw, then until it is quiet: loaded and drawn. */
	if (drain_for(fd, wait_ms) != 0) {
		stop_child(fd);
		na("the deck exited during start-up");
		return 1;
	}
	if (drain_until_quiet(fd, SETTLE_QUIET_MS, SETTLE_MAX_MS, NULL,
	    NULL) != 0) {
		stop_child(fd);
		na("the deck did not settle");
		return 1;
	}
	hwm = status_kb(child, "VmHWM");
	rss = status_kb(child, "VmRSS");
	stop_child(fd);
	if (hwm < 0 || rss < 0) {
		na("cannot read /proc/PID/status");
		return 1;
	}
	printf("%ld %ld\n", hwm, rss);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction	sa;
	int			rc;

	if (argc == 2 && strcmp(argv[1], "echo-child") == 0)
		return echo_child();
	if (argc >= 2 && strcmp(argv[1], "baseline") == 0) {
		static char	self[4096];
		ssize_t		len = readlink("/proc/self/exe", self,
				    sizeof self - 1);

		if (len <= 0) {
			na("cannot find this program");
			return 1;
		}
		self[len] = '\0';
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_watchdog;
		sigaction(SIGALRM, &sa, NULL);
		alarm(WATCHDOG_S);
		return bench_keys("pty baseline", self, NULL,
		    argc > 2 ? atoi(argv[2]) : 200);
	}
	if (argc < 4) {
		fprintf(stderr, "usage: bench_keys keys|startup|rss STARLING "
		    "CONFIG [N] [NEEDLE]\n");
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

	if (access(argv[2], X_OK) != 0) {
		na("%s is not executable", argv[2]);
		return 1;
	}
	if (strcmp(argv[1], "keys") == 0)
		rc = bench_keys("keypress", argv[2], argv[3], argc > 4 ?
		    atoi(argv[4]) : 200);
	else if (strcmp(argv[1], "startup") == 0)
		rc = bench_startup(argv[2], argv[3], argc > 4 ? atoi(argv[4]) :
		    10, argc > 5 ? argv[5] : "1 Home");
	else if (strcmp(argv[1], "rss") == 0)
		rc = bench_rss(argv[2], argv[3], argc > 4 ? atoi(argv[4]) :
		    3000);
	else {
		fprintf(stderr, "bench_keys: unknown mode %s\n", argv[1]);
		rc = 2;
	}
	return rc;
}
