/* test_exec.c — the exec source: its line parser, and a real program run by
 * the source's thread (posts as they come, bad lines counted, stderr to the
 * log, the exit said and the restart, the config's folder, SIGTERM and
 * SIGKILL at teardown). Run under ThreadSanitizer too (make tsan). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "starling/clock.h"
#include "starling/config.h"
#include "starling/exec.h"
#include "starling/log.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/wake.h"

#define NET	"exec@Tickets"
#define LINE(s)	s, sizeof (s) - 1

static enum exec_line
parse(const char *line, size_t len, struct post **p, char *err, size_t n)
{
	return exec_parse_line(line, len, NET, "Tickets", 1000, p, err, n);
}

TEST(line_full)
{
	struct post	*p;
	char		 err[160];

	CHECK_INT_EQ(parse(LINE("{\"id\":\"T-1\",\"text\":\"Printer on fire\\n"
	    "again\",\"author\":\"Ana Lima\",\"handle\":\"@ana\",\"url\":"
	    "\"https://tickets.example/T-1\",\"created\":\"2026-11-24T08:30:00Z\","
	    "\"reply_to\":\"T-0\",\"followers\":12,\"extra\":[1,2]}"), &p, err,
	    sizeof err), EXEC_LINE_POST);
	CHECK_STR_EQ(p->id, "T-1");
	CHECK_STR_EQ(p->network, NET);
	CHECK_STR_EQ(p->column, "Tickets");
	CHECK_STR_EQ(p->text, "Printer on fire\nagain");
	CHECK_STR_EQ(p->author_name, "Ana Lima");
	CHECK_STR_EQ(p->author_handle, "ana");
	CHECK_STR_EQ(p->url, "https://tickets.example/T-1");
	CHECK_STR_EQ(p->reply_to_id, "T-0");
	CHECK_INT_EQ(p->created, 1795509000);
	CHECK_INT_EQ(p->followers, 12);
	post_unref(p);

	/* Integer ids; no time: now; escapes in text do not survive. */
	CHECK_INT_EQ(parse(LINE("{\"id\":42,\"text\":\"a\\u001b[31mred\","
	    "\"reply_to\":7}"), &p, err, sizeof err), EXEC_LINE_POST);
	CHECK_STR_EQ(p->id, "42");
	CHECK_STR_EQ(p->reply_to_id, "7");
	CHECK_INT_EQ(p->created, 1000);
	CHECK(strchr(p->text, '\x1b') == NULL);
	post_unref(p);
}

TEST(line_bad)
{
	static const char *const bad[] = {
		"not json", "[1,2]", "{\"text\":\"no id\"}",
		"{\"id\":\"1\"}", "{\"id\":\"\",\"text\":\"x\"}",
		"{\"id\":1.5,\"text\":\"x\"}", "{\"id\":\"1\",\"text\":3}",
		"{\"id\":\"1\",\"text\":\"x\",\"created\":\"yesterday\"}",
		"{\"id\":\"1\",\"text\":\"x\",\"followers\":-1}",
		"{\"id\":\"1\",\"text\":\"x\",\"author\":{}}",
		"{\"id\":\"1\",\"text\":\"x\",\"url\":1}",
		"{\"id\":\"1\",\"text\":\"x\",\"id\":\"2\"}",
		"{\"id\":\"1\",\"text\":\"x\"} trailing",
		/* Found by fuzz_exec_line: nothing of the id survives. */
		"{\"id\":\"\x7f\",\"text\":\"A\xc2\x8f\"}",
		"{\"id\":\"\\u001b\",\"text\":\"x\"}",
	};
	struct post	*p;
	char		 err[160];
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		*err = '\0';
		CHECK_INT_EQ(parse(bad[i], strlen(bad[i]), &p, err, sizeof err),
		    EXEC_LINE_BAD);
		CHECK(p == NULL && *err != '\0');
	}
	CHECK_INT_EQ(parse(LINE("  \r"), &p, err, sizeof err), EXEC_LINE_BLANK);
	CHECK_INT_EQ(parse("", 0, &p, err, sizeof err), EXEC_LINE_BLANK);
}

/* --- a real program, through the source's thread ----------------------- */

static char	tmpdir[64];

static void
write_file(const char *name, const char *text, bool exe)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
	if (exe)
		chmod(path, 0755);
}

/* Posts popped until n arrived or ms passed, their ids appended to ids. */
static int
collect(struct source *src, struct wake *w, int n, long ms, char *ids,
    size_t len)
{
	int64_t		 end = clock_mono_ms() + ms;
	struct post	*p;
	int		 got = 0;

	while (got < n && clock_mono_ms() < end) {
		while ((p = source_pop(src)) != NULL) {
			got++;
			if (ids != NULL && strlen(ids) + strlen(p->id) + 2 < len) {
				strcat(ids, p->id);
				strcat(ids, " ");
			}
			post_unref(p);
		}
		if (got < n) {
			struct pollfd pfd = { wake_fd(w), POLLIN, 0 };

			poll(&pfd, 1, 50);
			wake_drain(w);
		}
	}
	return got;
}

/* Waits until the status text holds want (or ms pass). */
static bool
status_says(struct source *src, const char *want, long ms,
    struct source_status *st)
{
	int64_t	end = clock_mono_ms() + ms;

	do {
		source_get_status(src, st);
		if (strstr(st->text, want) != NULL || strstr(st->note, want))
			return true;
		poll(NULL, 0, 20);
	} while (clock_mono_ms() < end);
	return false;
}

/* Running: it exists and is not a zombie waiting for its reaper (in a
 * container, init may take its time). */
static bool
alive(pid_t pid)
{
	char	 path[64], buf[512], *p;
	FILE	*f;
	size_t	 n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return kill(pid, 0) == 0 || errno != ESRCH;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	/* "pid (comm) S ...": the state after the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL || p[1] == '\0')
		return true;
	return p[2] != 'Z' && p[2] != 'X';
}

static pid_t
read_pid(const char *name, long ms)
{
	char	 path[256];
	FILE	*f;
	int64_t	 end = clock_mono_ms() + ms;
	long	 pid = 0;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	do {
		if ((f = fopen(path, "r")) != NULL) {
			if (fscanf(f, "%ld", &pid) != 1)
				pid = 0;
			fclose(f);
			if (pid > 0)
				return (pid_t)pid;
		}
		poll(NULL, 0, 20);
	} while (clock_mono_ms() < end);
	return 0;
}

TEST(program_posts_exits_and_restarts)
{
	struct config_column	 col = { .title = "Tickets" };
	struct wake		*w = wake_new();
	struct source		*src;
	struct source_status	 st;
	char			 ids[512] = "", path[256], log[4096];
	FILE			*f;
	size_t			 n;

	/* In the config's folder: the script is found by a relative path. */
	write_file("feed.sh",
	    "#!/bin/sh\n"
	    "echo '{\"id\":\"a\",\"text\":\"first\"}'\n"
	    "echo 'garbage'\n"
	    "echo 'to the log' >&2\n"
	    "sleep 0.3\n"
	    "printf '{\"id\":\"b\",\"text\":\"second\"}'\n"
	    "exit 3\n", true);
	col.command = "./feed.sh";
	col.dir = tmpdir;
	src = source_start(&exec_source_ops, &col, 0, w, 64);
	/* The last line needs no newline. */
	CHECK_INT_EQ(collect(src, w, 2, 5000, ids, sizeof ids), 2);
	CHECK_STR_EQ(ids, "a b ");
	CHECK(status_says(src, "exited with status 3", 5000, &st));
	CHECK(st.state == SOURCE_BACKOFF);
	CHECK_STR_EQ(st.again, "restarting");
	CHECK_STR_EQ(st.note, "1 bad line");
	/* Restarted: the same posts again (the column keeps one of each). */
	CHECK_INT_EQ(collect(src, w, 2, 8000, NULL, 0), 2);
	CHECK(status_says(src, "2 bad lines", 5000, &st));
	source_stop(src);
	wake_free(w);

	snprintf(path, sizeof path, "%s/starling.log", tmpdir);
	log[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(log, 1, sizeof log - 1, f);
		log[n] = '\0';
		fclose(f);
	}
	CHECK(strstr(log, "column \"Tickets\": to the log") != NULL);
	CHECK(strstr(log, "column \"Tickets\": bad line: not JSON") != NULL);
}

/* Whether pid is gone within ms: a grandchild killed by its parent's
 * trap is reaped by init a moment later, not at once. */
static bool
gone_within(pid_t pid, int ms)
{
	int	waited;

	for (waited = 0; alive(pid) && waited < ms; waited += 10)
		usleep(10000);
	return !alive(pid);
}

TEST(teardown_terms_then_kills)
{
	struct config_column	 col = { .title = "Stubborn" };
	struct wake		*w = wake_new();
	struct source		*src;
	pid_t			 pid, child;
	int64_t			 t0;
	long			 took;

	/* One that stops on TERM (and says so), with a child of its own. */
	write_file("polite.sh",
	    "#!/bin/sh\n"
	    "trap 'echo term > polite.term; kill $kid; exit 0' TERM\n"
	    "sleep 100 & kid=$!; echo $kid > polite.child\n"
	    "echo $$ > polite.pid\n"
	    "wait\n", true);
	col.command = "./polite.sh";
	col.dir = tmpdir;
	src = source_start(&exec_source_ops, &col, 0, w, 64);
	pid = read_pid("polite.pid", 5000);
	child = read_pid("polite.child", 5000);
	CHECK(pid > 0 && child > 0);
	source_stop(src);
	/* TERM came first, and was enough. */
	{
		char	 path[256];
		FILE	*f;

		snprintf(path, sizeof path, "%s/polite.term", tmpdir);
		CHECK((f = fopen(path, "r")) != NULL);
		if (f != NULL)
			fclose(f);
	}
	if (pid > 0)
		CHECK(!alive(pid));
	if (child > 0)
		CHECK(gone_within(child, 2000));

	/* One that ignores TERM: killed after the grace. */
	write_file("stubborn.sh",
	    "#!/bin/sh\n"
	    "trap '' TERM\n"
	    "echo $$ > stubborn.pid\n"
	    "while :; do sleep 0.1; done\n", true);
	col.command = "./stubborn.sh";
	src = source_start(&exec_source_ops, &col, 0, w, 64);
	pid = read_pid("stubborn.pid", 5000);
	CHECK(pid > 0);
	t0 = clock_mono_ms();
	source_stop(src);
	took = (long)(clock_mono_ms() - t0);
	printf("  a program ignoring TERM stopped in %ld ms\n", took);
	CHECK(took >= EXEC_KILL_GRACE * 1000 - 100);
	CHECK(took < EXEC_KILL_GRACE * 1000 + 3000);
	if (pid > 0)
		CHECK(!alive(pid));
	wake_free(w);
}

TEST(no_command_folder_is_said)
{
	struct config_column	 col = { .title = "Nowhere" };
	struct wake		*w = wake_new();
	struct source		*src;
	struct source_status	 st;

	col.command = "echo hi";
	col.dir = "/nonexistent-starling-dir";
	src = source_start(&exec_source_ops, &col, 0, w, 64);
	CHECK(status_says(src, "exited with status 126", 5000, &st));
	source_stop(src);
	wake_free(w);
}

int
main(void)
{
	char	path[256];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/starling-exec-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/starling.log", tmpdir);
	log_open(path);
	RUN(line_full);
	RUN(line_bad);
	RUN(program_posts_exits_and_restarts);
	RUN(teardown_terms_then_kills);
	RUN(no_command_folder_is_said);
	log_close();
	snprintf(path, sizeof path, "rm -rf '%s'", tmpdir);
	if (system(path) != 0)
		printf("note: %s left behind\n", tmpdir);
	return harness_done();
}
