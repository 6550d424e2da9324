/* log.c — an append-only log file shared by every thread.
 *
 * Every line goes through one filter: the text is sanitised (controls,
 * escape sequences and invalid UTF-8 from servers never reach the file),
 * each reason (the message's start, digits left out) is written at most
 * LOG_BURST times a LOG_WINDOW, then counted, and the file is rotated to
 * PATH.1 when it passes LOG_CAP bytes, so the log never holds more than
 * twice that. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "starling/log.h"
#include "starling/text.h"
#include "starling/xmalloc.h"

#define LOG_LINE_MAX	1024	/* bytes of one message kept */
#define LOG_BURST	5	/* lines of one reason per window */
#define LOG_WINDOW	60	/* seconds */
#define LOG_REASONS	64	/* reasons remembered */
#define LOG_SAMPLE	160	/* bytes of a reason shown with its count */
#define LOG_KEY_LEN	72	/* bytes (digits aside) that make a reason */

struct log_reason {
	uint32_t	 key;		/* 0: free */
	time_t		 start;		/* of its window */
	unsigned	 written;	/* in this window */
	unsigned long	 dropped;	/* in this window, not written */
	char		 sample[LOG_SAMPLE];
};

/* The one piece of process-wide state besides signal flags: the log is a
 * process resource, like stderr. */
static struct {
	FILE			*file;
	char			*path;
	off_t			 size;
	struct log_reason	 reasons[LOG_REASONS];
} log_state;
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Opens path for appending, mode 0600 whatever the umask; NULL on error. */
static FILE *
log_fopen(const char *path, off_t *size)
{
	struct stat	 st;
	FILE		*f;
	int		 fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1)
		return NULL;
	if (fchmod(fd, 0600) != 0 || fstat(fd, &st) != 0 ||
	    (f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	*size = st.st_size;
	return f;
}

int
log_open(const char *path)
{
	FILE	*f;
	off_t	 size = 0;

	if ((f = log_fopen(path, &size)) == NULL)
		return -1;
	pthread_mutex_lock(&log_lock);
	if (log_state.file != NULL)
		fclose(log_state.file);
	free(log_state.path);
	log_state.file = f;
	log_state.path = xstrdup(path);
	log_state.size = size;
	memset(log_state.reasons, 0, sizeof log_state.reasons);
	pthread_mutex_unlock(&log_lock);
	return 0;
}

/* "1234567" -> "1,234,567". */
static void
log_count(unsigned long n, char *buf, size_t len)
{
	char	digits[32];
	size_t	nd, i, o = 0;

	nd = (size_t)snprintf(digits, sizeof digits, "%lu", n);
	for (i = 0; i < nd && o + 2 < len; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* Writes one line, rotating the file first when it is full. Locked. */
static void
log_write(time_t now, const char *text)
{
	struct tm	 tm;
	char		 stamp[32], *old;
	int		 n;

	if (log_state.file == NULL)
		return;
	if (log_state.size >= LOG_CAP && log_state.path != NULL) {
		xasprintf(&old, "%s.1", log_state.path);
		fclose(log_state.file);
		log_state.file = NULL;
		if (rename(log_state.path, old) != 0)
			unlink(log_state.path);
		free(old);
		if ((log_state.file = log_fopen(log_state.path,
		    &log_state.size)) == NULL)
			return;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((n = fprintf(log_state.file, "%s %s\n", stamp, text)) > 0)
		log_state.size += n;
}

/* The count of what a reason's window left out, if anything. Locked. */
static void
log_flush_reason(struct log_reason *r, time_t now)
{
	char	count[40], line[LOG_SAMPLE + 80];

	if (r->dropped > 0) {
		log_count(r->dropped, count, sizeof count);
		snprintf(line, sizeof line, "… %s more like this: %s", count,
		    r->sample);
		log_write(now, line);
	}
	r->dropped = 0;
	r->written = 0;
	r->start = now;
}

/* FNV-1a of the text's first LOG_KEY_LEN bytes that are not digits, up to
 * a " near '" (what jansson quotes of a bad body): "retrying in 3 s" and
 * "retrying in 4 s" are one reason, and so are all "stream event update:
 * malformed JSON at line 1 column 9: invalid token near '…'" whatever
 * garbage each event quotes. Never 0. */
static uint32_t
log_key(const char *s)
{
	uint32_t	h = 2166136261u;
	size_t		n = 0;
	const char	*end = strstr(s, " near '");	/* jansson quoting */

	for (; *s != '\0' && n < LOG_KEY_LEN && s != end; s++) {
		if (*s >= '0' && *s <= '9')
			continue;
		h = (h ^ (unsigned char)*s) * 16777619u;
		n++;
	}
	return h != 0 ? h : 1;
}

/* Whether text may be written now; counts it when not. Locked. */
static bool
log_admit(const char *text, time_t now)
{
	struct log_reason	*r, *slot = NULL, *oldest = NULL;
	uint32_t		 key = log_key(text);
	size_t			 i;

	for (i = 0; i < LOG_REASONS; i++) {
		r = &log_state.reasons[i];
		if (r->key != 0 && now - r->start >= LOG_WINDOW)
			log_flush_reason(r, now);
		if (r->key == key)
			slot = r;
		else if (oldest == NULL || (oldest->key != 0 &&
		    (r->key == 0 || r->start < oldest->start)))
			oldest = r;
	}
	if (slot == NULL) {
		slot = oldest;
		if (slot->key != 0)
			log_flush_reason(slot, now);
		memset(slot, 0, sizeof *slot);
		slot->key = key;
		slot->start = now;
	}
	if (slot->written < LOG_BURST) {
		slot->written++;
		return true;
	}
	if (slot->dropped++ == 0)
		text_sanitize_into(text, strlen(text), false, slot->sample,
		    sizeof slot->sample);
	return false;
}

void
log_close(void)
{
	time_t	now = time(NULL);
	size_t	i;

	pthread_mutex_lock(&log_lock);
	for (i = 0; i < LOG_REASONS; i++)
		if (log_state.reasons[i].key != 0)
			log_flush_reason(&log_state.reasons[i], now);
	if (log_state.file != NULL)
		fclose(log_state.file);
	log_state.file = NULL;
	free(log_state.path);
	log_state.path = NULL;
	pthread_mutex_unlock(&log_lock);
}

size_t
log_clean(const char *fmt, va_list ap, char *out, size_t cap)
{
	char	raw[LOG_LINE_MAX];
	int	n;

	n = vsnprintf(raw, sizeof raw, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof raw)
		n = sizeof raw - 1;
	return text_sanitize_into(raw, (size_t)n, false, out, cap);
}

void
log_msg(const char *fmt, ...)
{
	va_list	ap;
	time_t	now = time(NULL);
	char	text[LOG_LINE_MAX];

	va_start(ap, fmt);
	log_clean(fmt, ap, text, sizeof text);
	va_end(ap);
	pthread_mutex_lock(&log_lock);
	if (log_state.file != NULL && log_admit(text, now))
		log_write(now, text);
	pthread_mutex_unlock(&log_lock);
}

void
log_stderr(const char *fmt, ...)
{
	va_list	ap;
	char	text[LOG_LINE_MAX];

	va_start(ap, fmt);
	log_clean(fmt, ap, text, sizeof text);
	va_end(ap);
	fprintf(stderr, "starling: %s\n", text);
}
