/* test_fileq.c — files written whole off the caller's thread: in order,
 * the newest state of a file replacing one queued, failures reported with
 * their file, the wake pipe woken, nothing half-written or left behind.
 * Runs under TSan too. */
#include <errno.h>
#include <poll.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "starling/fileq.h"
#include "starling/wake.h"

static char	dir[64];

static char *
slurp(const char *path)
{
	static char	buf[4096];
	FILE		*f = fopen(path, "r");
	size_t		 n;

	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

TEST(writes_now_whole_and_private)
{
	char		path[128], tmp[140];
	struct stat	st;

	snprintf(path, sizeof path, "%s/now/a.txt", dir);
	CHECK(fileq_write_file(path, "hello", 5) == 0);	/* folder made */
	CHECK_STR_EQ(slurp(path), "hello");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	CHECK(access(tmp, F_OK) != 0);
	CHECK(fileq_write_file("/proc/nowhere/x/a.txt", "x", 1) == -1);
	CHECK(errno != 0);
}

TEST(the_writer_writes_the_newest_in_order)
{
	struct wake	*w = wake_new();
	struct fileq	*q = fileq_new(w);
	struct pollfd	 pfd;
	char		 key[128], text[128], data[64], path[1024];
	int		 i, error;

	snprintf(key, sizeof key, "%s/q/d.key", dir);
	snprintf(text, sizeof text, "%s/q/d.txt", dir);
	for (i = 0; i < 200; i++) {
		snprintf(data, sizeof data, "typed %d", i);
		fileq_put(q, i % 10 == 0 ? key : NULL, "{\"key\":1}", 9, text,
		    data, strlen(data));
	}
	fileq_flush(q);
	CHECK_STR_EQ(slurp(text), "typed 199");
	CHECK_STR_EQ(slurp(key), "{\"key\":1}");
	CHECK(fileq_result(q, &error, path, sizeof path));
	CHECK_INT_EQ(error, 0);
	CHECK(!fileq_result(q, &error, path, sizeof path));	/* said once */
	/* The writer woke the pipe. */
	pfd.fd = wake_fd(w);
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, 1000) == 1);
	wake_drain(w);
	/* A failure names its file, and is kept until asked about even
	 * when a later job succeeds. */
	fileq_put(q, NULL, NULL, 0, "/proc/nowhere/x/d.txt", "x", 1);
	fileq_flush(q);
	fileq_put(q, NULL, NULL, 0, text, "again", 5);
	fileq_flush(q);
	CHECK(fileq_result(q, &error, path, sizeof path));
	CHECK(error != 0);
	CHECK_STR_EQ(path, "/proc/nowhere/x/d.txt");
	CHECK_STR_EQ(slurp(text), "again");
	/* Freed with a job queued: it is written first. */
	fileq_put(q, NULL, NULL, 0, text, "last words", 10);
	fileq_free(q);
	CHECK_STR_EQ(slurp(text), "last words");
	wake_free(w);
}

TEST(private_files_are_written_whole)
{
	char		 top[] = "/tmp/starling-paths-XXXXXX", path[128], buf[64];
	struct stat	 st;
	DIR		*d;
	struct dirent	*e;
	FILE		*f;
	size_t		 n = 0;

	CHECK(mkdtemp(top) != NULL);
	snprintf(path, sizeof path, "%s/a/b/token", top);
	CHECK_INT_EQ(fileq_write_file(path, "first\n", 6), 0);
	CHECK_INT_EQ(fileq_write_file(path, "second", 6), 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	snprintf(buf, sizeof buf, "%s/a/b", top);
	CHECK(stat(buf, &st) == 0 && (st.st_mode & 0777) == 0700);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f != NULL) {
		n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
		CHECK_STR_EQ(buf, "second");
	}
	/* Nothing but the file is left in its folder. */
	snprintf(buf, sizeof buf, "%s/a/b", top);
	n = 0;
	if ((d = opendir(buf)) != NULL) {
		while ((e = readdir(d)) != NULL)
			n += e->d_name[0] != '.';
		closedir(d);
	}
	CHECK_INT_EQ(n, 1);
	/* A folder that cannot be made: an error, errno says why. */
	CHECK_INT_EQ(fileq_write_file("/proc/self/no/token", "x", 1), -1);
	CHECK(errno != 0);
	snprintf(buf, sizeof buf, "rm -rf %s", top);
	CHECK_INT_EQ(system(buf), 0);
}

int
main(void)
{
	char	cmd[128];

	snprintf(dir, sizeof dir, "/tmp/starling-fileq-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	RUN(writes_now_whole_and_private);
	RUN(the_writer_writes_the_newest_in_order);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	RUN(private_files_are_written_whole);
	return harness_done();
}
