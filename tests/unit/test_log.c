/* test_log.c — the log file: its mode, what reaches it from hostile
 * servers, and how far it can grow. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "starling/log.h"

static char	test_dir[64];

static char *
test_read(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void
test_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", test_dir, name);
	unlink(buf);
}

/* Lines of buf containing needle. */
static int
test_count(const char *buf, const char *needle)
{
	int	n = 0;

	while ((buf = strstr(buf, needle)) != NULL) {
		n++;
		buf += strlen(needle);
	}
	return n;
}

TEST(file_mode_0600)
{
	char		path[128];
	struct stat	st;
	mode_t		old = umask(022);

	test_path(path, sizeof path, "mode.log");
	CHECK(log_open(path) == 0);
	log_msg("hello");
	log_close();
	umask(old);
	CHECK(stat(path, &st) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	/* An existing file others could read is tightened too. */
	chmod(path, 0644);
	CHECK(log_open(path) == 0);
	log_close();
	CHECK(stat(path, &st) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
}

TEST(control_bytes_never_reach_the_file)
{
	char		 path[128], *buf;
	size_t		 len, i;
	bool		 clean = true;

	test_path(path, sizeof path, "ctl.log");
	CHECK(log_open(path) == 0);
	/* What jansson's "near '…'" quotes from a hostile body: raw C1 CSI
	 * and OSC, ESC sequences, a BEL, a bare invalid byte. */
	log_msg("malformed JSON near '%s'",
	    "\x9b" "2J\xc2\x9d" "0;pwned\x07\x1b]0;title\x1b\\\x1b[31mred\x7f\x80");
	log_close();
	buf = test_read(path, &len);
	CHECK(buf != NULL);
	for (i = 0; buf != NULL && i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			clean = false;
		if (c == 0xc2 && i + 1 < len &&
		    (unsigned char)buf[i + 1] >= 0x80 &&
		    (unsigned char)buf[i + 1] <= 0x9f)
			clean = false;
		/* A bare continuation byte (C1 in Latin-1): none. */
		if (c >= 0x80 && c <= 0xbf &&
		    (i == 0 || (unsigned char)buf[i - 1] < 0x80))
			clean = false;
	}
	CHECK(clean);
	CHECK(buf != NULL && strstr(buf, "malformed JSON near") != NULL);
	CHECK(buf != NULL && strstr(buf, "red") != NULL);
	free(buf);
}

TEST(stderr_is_sanitised)
{
	char	 path[128], *buf;
	size_t	 len;
	int	 fd, saved;

	test_path(path, sizeof path, "stderr.txt");
	fflush(stderr);
	saved = dup(2);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	log_stderr("exchanging the code: %s", "bad\x1b]52;c;aGk=\x07 \x9b" "6n");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	buf = test_read(path, &len);
	CHECK(buf != NULL && strncmp(buf, "starling: exchanging the code: bad",
	    34) == 0);
	CHECK(buf != NULL && strchr(buf, '\x1b') == NULL);
	CHECK(buf != NULL && strchr(buf, '\x07') == NULL);
	CHECK(buf != NULL && strchr(buf, '\x9b') == NULL);
	free(buf);
}

TEST(one_reason_a_few_times_then_a_count)
{
	char	path[128], *buf;
	size_t	len;
	int	i;

	test_path(path, sizeof path, "flood.log");
	CHECK(log_open(path) == 0);
	for (i = 0; i < 2000; i++)
		/* What each event quotes differs: still one reason. */
		log_msg("column \"home\": stream event update: bad id: "
		    "malformed JSON at line 1 column %d: invalid token near "
		    "'%c%c'", i, 'a' + i % 26, 'a' + i / 26 % 26);
	log_msg("something else");
	log_close();
	buf = test_read(path, &len);
	CHECK(buf != NULL);
	if (buf == NULL)
		return;
	CHECK(test_count(buf, "stream event update: bad id") <= 6);
	CHECK(test_count(buf, "stream event update: bad id") >= 1);
	CHECK(strstr(buf, "1,995 more like this") != NULL);
	CHECK(strstr(buf, "something else") != NULL);
	free(buf);
}

TEST(file_is_rotated_at_its_cap)
{
	char		path[128], old[160], word[8];
	struct stat	st;
	int		i, j, v;

	test_path(path, sizeof path, "big.log");
	snprintf(old, sizeof old, "%s.1", path);
	unlink(old);
	CHECK(log_open(path) == 0);
	/* Distinct reasons (digits do not make one), well past the cap. */
	for (i = 0; i < 3 * LOG_CAP / 100; i++) {
		for (j = 0, v = i; j < 6; j++, v /= 26)
			word[j] = (char)('a' + v % 26);
		word[6] = '\0';
		log_msg("reason %s: %s", word, "padding padding padding "
		    "padding padding padding padding padding");
	}
	log_close();
	CHECK(stat(path, &st) == 0);
	CHECK(st.st_size <= LOG_CAP + 1024);
	CHECK(stat(old, &st) == 0);
	CHECK(st.st_size <= LOG_CAP + 1024);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	unlink(old);
}

int
main(void)
{
	snprintf(test_dir, sizeof test_dir, "/tmp/starling-log-XXXXXX");
	if (mkdtemp(test_dir) == NULL)
		return 1;
	RUN(file_mode_0600);
	RUN(control_bytes_never_reach_the_file);
	RUN(stderr_is_sanitised);
	RUN(one_reason_a_few_times_then_a_count);
	RUN(file_is_rotated_at_its_cap);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", test_dir);
		if (system(cmd) != 0)
			return 1;
	}
	return harness_done();
}
