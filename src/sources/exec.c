/* exec.c — the exec source behind the common source interface, and its row
 * in the network registry. One poll is one run of the program: start it,
 * read its stdout (posts) and stderr (the log) as they come while waiting
 * on its pipes and the column's stop pipe, and when it exits say so and
 * return an error, so the shared loop restarts it with backoff. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "starling/clock.h"
#include "starling/config.h"
#include "starling/exec.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/xmalloc.h"

#define EXEC_CLOSE_MAX	65536	/* descriptors closed in the child */
#define EXEC_STDERR_MAX	4096	/* bytes of one stderr line logged */

/* Lines as they come: what is read is appended, whole lines taken. */
struct exec_buf {
	char	*v;
	size_t	 len, cap;
	bool	 overlong;	/* dropping a line past its limit */
};

struct exec_state {
	const char	*command, *dir, *title;
	char		*network;
	pid_t		 pid;		/* 0: not running */
	int		 out, err;	/* -1: closed */
	struct exec_buf	 obuf, ebuf;
	unsigned long	 bad;
	bool		 live;
};

static void
exec_cloexec(int fd)
{
	int	flags = fcntl(fd, F_GETFD);

	if (flags != -1)
		fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
	flags = fcntl(fd, F_GETFL);
	if (flags != -1)
		fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* The child: its own process group, its pipes, default signals, nothing
 * else open; only async-signal-safe calls from fork to exec. */
static void
exec_child(const char *command, const char *dir, int null, int out, int err,
    long maxfd)
{
	struct sigaction	sa;
	sigset_t		none;
	long			fd;
	int			sig;

	setpgid(0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < 32; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	for (fd = 3; fd < maxfd; fd++)
		close((int)fd);
	if (dir != NULL && chdir(dir) != 0) {
		static const char msg[] = "cannot enter the config's folder\n";

		if (write(2, msg, sizeof msg - 1) < 0) {
			/* Nothing more to say it with. */
		}
		_exit(126);
	}
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

static int
exec_start(struct source *src, struct exec_state *st)
{
	int	out[2] = { -1, -1 }, err[2] = { -1, -1 }, null, saved;
	long	maxfd = sysconf(_SC_OPEN_MAX);
	pid_t	pid;

	if (maxfd < 0 || maxfd > EXEC_CLOSE_MAX)
		maxfd = EXEC_CLOSE_MAX;
	if ((null = open("/dev/null", O_RDONLY)) < 0 || pipe(out) != 0 ||
	    pipe(err) != 0)
		goto fail;
	if ((pid = fork()) < 0)
		goto fail;
	if (pid == 0)
		exec_child(st->command, st->dir, null, out[1], err[1], maxfd);
	setpgid(pid, pid);	/* whichever of the two runs first */
	close(null);
	close(out[1]);
	close(err[1]);
	exec_cloexec(out[0]);
	exec_cloexec(err[0]);
	st->pid = pid;
	st->out = out[0];
	st->err = err[0];
	st->obuf.len = st->ebuf.len = 0;
	st->obuf.overlong = st->ebuf.overlong = false;
	st->live = false;
	return 0;
fail:
	saved = errno;
	if (null >= 0)
		close(null);
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	source_set_status(src, SOURCE_BACKOFF, 0, "cannot start: %s",
	    strerror(saved));
	return -1;
}

static void
exec_close_pipes(struct exec_state *st)
{
	if (st->out >= 0)
		close(st->out);
	if (st->err >= 0)
		close(st->err);
	st->out = st->err = -1;
}

/* Stops the program's process group: TERM, then KILL after the grace to
 * whatever of it is left (a script that ignores TERM under a shell that
 * does not). Leaves the program reaped. */
static void
exec_stop(struct exec_state *st)
{
	int64_t	end;
	int	status;
	bool	reaped = false;

	if (st->pid <= 0)
		return;
	kill(-st->pid, SIGTERM);
	end = clock_mono_ms() + EXEC_KILL_GRACE * 1000;
	for (;;) {
		if (!reaped && waitpid(st->pid, &status, WNOHANG) != 0)
			reaped = true;
		/* Done when nothing of the group is left. */
		if (reaped && kill(-st->pid, 0) != 0 && errno == ESRCH)
			break;
		if (clock_mono_ms() >= end) {
			kill(-st->pid, SIGKILL);
			if (!reaped)
				waitpid(st->pid, &status, 0);
			break;
		}
		poll(NULL, 0, 20);
	}
	st->pid = 0;
	exec_close_pipes(st);
}

static void
exec_line_out(struct source *src, struct exec_state *st, const char *line,
    size_t len)
{
	struct post	*p;
	char		 err[160];

	switch (exec_parse_line(line, len, st->network, st->title,
	    (int64_t)time(NULL), &p, err, sizeof err)) {
	case EXEC_LINE_POST:
		if (!st->live) {
			st->live = true;
			source_set_status(src, SOURCE_LIVE, 0, NULL);
		}
		source_emit(src, p);
		break;
	case EXEC_LINE_BLANK:
		break;
	case EXEC_LINE_BAD:
		st->bad++;
		source_set_note(src, "%lu bad line%s", st->bad,
		    st->bad == 1 ? "" : "s");
		log_msg("column \"%s\": bad line: %s", st->title, err);
		break;
	}
}

static void
exec_line_err(struct exec_state *st, const char *line, size_t len)
{
	if (len > EXEC_STDERR_MAX)
		len = EXEC_STDERR_MAX;
	if (len > 0)
		log_msg("column \"%s\": %.*s", st->title, (int)len, line);
}

/* Hands each whole line of b on (out: posts; else the log); keeps the
 * rest. A line past max is dropped (and, for posts, counted bad). */
static void
exec_lines(struct source *src, struct exec_state *st, struct exec_buf *b,
    bool out, bool flush)
{
	size_t	 start = 0, max = out ? EXEC_LINE_MAX : EXEC_STDERR_MAX * 4;
	char	*nl;

	while ((nl = memchr(b->v + start, '\n', b->len - start)) != NULL ||
	    (flush && start < b->len)) {
		size_t end = nl != NULL ? (size_t)(nl - b->v) : b->len;

		if (!b->overlong) {
			if (out)
				exec_line_out(src, st, b->v + start,
				    end - start);
			else
				exec_line_err(st, b->v + start, end - start);
		}
		b->overlong = false;
		start = nl != NULL ? end + 1 : b->len;
	}
	memmove(b->v, b->v + start, b->len - start);
	b->len -= start;
	if (b->len > max) {
		/* The rest of this line is not worth keeping. */
		if (!b->overlong && out)
			exec_line_out(src, st, b->v, EXEC_LINE_MAX + 1);
		else if (!b->overlong)
			exec_line_err(st, b->v, b->len);
		b->overlong = true;
		b->len = 0;
	}
}

/* Reads what fd has; false at its end (or on an error). */
static bool
exec_read(struct source *src, struct exec_state *st, int fd, bool out)
{
	struct exec_buf	*b = out ? &st->obuf : &st->ebuf;
	ssize_t		 n;

	for (;;) {
		if (b->cap - b->len < 65536) {
			b->cap = b->len + 65536;
			b->v = xrealloc(b->v, b->cap);
		}
		n = read(fd, b->v + b->len, b->cap - b->len);
		if (n > 0) {
			b->len += (size_t)n;
			exec_lines(src, st, b, out, false);
			if (source_stopping(src))
				return true;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return true;
		exec_lines(src, st, b, out, true);
		return false;
	}
}

static int
exec_open(struct source *src)
{
	const struct config_column	*col = source_column(src);
	struct exec_state		*st;

	if (col->command == NULL || *col->command == '\0') {
		source_set_status(src, SOURCE_ERROR, 0, "no command");
		return -1;
	}
	st = xcalloc(1, sizeof *st);
	st->command = col->command;
	st->dir = col->dir;
	st->title = col->title != NULL ? col->title : col->command;
	xasprintf(&st->network, "exec@%s", st->title);
	st->out = st->err = -1;
	source_set_again(src, "restarting");
	source_set_data(src, st);
	return 0;
}

/* One run: until the program exits (-1: the loop restarts it) or the
 * column stops. */
static double
exec_poll(struct source *src)
{
	struct exec_state	*st = source_data(src);
	struct pollfd		 pfd[3];
	int64_t			 started;
	int			 status = 0, n;
	pid_t			 r;
	char			 drain[64];

	if (exec_start(src, st) != 0)
		return -1;
	started = clock_mono_ms();
	source_set_status(src, SOURCE_STARTING, 0, NULL);
	for (;;) {
		if (source_stopping(src)) {
			exec_stop(st);
			return SOURCE_WAIT_FOREVER;
		}
		pfd[0].fd = source_wake_fd(src);
		pfd[1].fd = st->out;
		pfd[2].fd = st->err;
		for (n = 0; n < 3; n++) {
			pfd[n].events = POLLIN;
			pfd[n].revents = 0;
		}
		/* Pipes closed, the program may still run: look again soon. */
		n = poll(pfd, 3, st->out < 0 && st->err < 0 ? 50 : 1000);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (pfd[0].revents & POLLIN)) {
			/* A kick means nothing here; a stop is the flag. */
			while (read(pfd[0].fd, drain, sizeof drain) > 0)
				;
		}
		if (st->out >= 0 && (pfd[1].revents & (POLLIN | POLLHUP |
		    POLLERR)) && !exec_read(src, st, st->out, true)) {
			close(st->out);
			st->out = -1;
		}
		if (st->err >= 0 && (pfd[2].revents & (POLLIN | POLLHUP |
		    POLLERR)) && !exec_read(src, st, st->err, false)) {
			close(st->err);
			st->err = -1;
		}
		if (!st->live && clock_mono_ms() - started >=
		    EXEC_LIVE_AFTER * 1000) {
			st->live = true;
			source_set_status(src, SOURCE_LIVE, 0, NULL);
		}
		if ((r = waitpid(st->pid, &status, WNOHANG)) == st->pid ||
		    (r < 0 && errno == ECHILD))
			break;
	}
	/* Exited: what it printed last still counts. */
	if (st->out >= 0)
		exec_read(src, st, st->out, true);
	if (st->err >= 0)
		exec_read(src, st, st->err, false);
	kill(-st->pid, SIGKILL);
	st->pid = 0;
	exec_close_pipes(st);
	if (WIFEXITED(status))
		source_set_status(src, SOURCE_BACKOFF, 0, "exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		source_set_status(src, SOURCE_BACKOFF, 0, "killed by signal %d",
		    WTERMSIG(status));
	else
		source_set_status(src, SOURCE_BACKOFF, 0, "exited");
	return -1;
}

static void
exec_close(struct source *src)
{
	struct exec_state	*st = source_data(src);

	if (st == NULL)
		return;
	exec_stop(st);
	free(st->obuf.v);
	free(st->ebuf.v);
	free(st->network);
	free(st);
	source_set_data(src, NULL);
}

const struct source_ops exec_source_ops = {
	"exec", exec_open, exec_poll, exec_close
};

static const struct network_column exec_columns[] = {
	{ "exec", 0, "command", NULL, NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

static int
exec_id_cmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

static bool
exec_web_url(const struct post *p, char *buf, size_t len)
{
	(void)p;
	(void)buf;
	(void)len;
	return false;
}

const struct network exec_network = {
	.name = "exec",
	.account = false,
	.source_ops = &exec_source_ops,
	.column_key = "channel",
	.columns = exec_columns,
	.default_column = "exec",
	.words = { "reposted", "reposting", "unreposting", "liking",
	    "unliking" },
	.count = network_count_graphemes,
	.id_cmp = exec_id_cmp,
	.web_url = exec_web_url,
};
