/* log.c — an append-only log file shared by every thread. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "starling/log.h"

/* The one piece of process-wide state besides signal flags: the log is a
 * process resource, like stderr. */
static FILE		*log_file;
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;

int
log_open(const char *path)
{
	FILE	*f = fopen(path, "ae");

	if (f == NULL)
		return -1;
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = f;
	setvbuf(log_file, NULL, _IOLBF, 0);
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	pthread_mutex_unlock(&log_lock);
}

void
log_msg(const char *fmt, ...)
{
	va_list		ap;
	time_t		now = time(NULL);
	struct tm	tm;
	char		stamp[32];

	pthread_mutex_lock(&log_lock);
	if (log_file != NULL) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(log_file, "%s ", stamp);
		va_start(ap, fmt);
		vfprintf(log_file, fmt, ap);
		va_end(ap);
		fputc('\n', log_file);
	}
	pthread_mutex_unlock(&log_lock);
}
