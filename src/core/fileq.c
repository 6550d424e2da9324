/* fileq.c — atomic small-file writes, now or on a writer thread (fileq.h).
 * The queue is a short list guarded by one mutex: the writer takes the
 * oldest job, writes it with the lock released, then says how it went. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "starling/fileq.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

int
fileq_write_file(const char *path, const char *data, size_t len)
{
	char		*tmp, *dir, *s;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, saved;

	dir = xstrdup(path);
	for (s = dir + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			saved = errno;
			free(dir);
			errno = saved;
			return -1;
		}
		*s = '/';
	}
	free(dir);
	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {	/* mode 0600 */
		saved = errno;
		free(tmp);
		errno = saved;
		return -1;
	}
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	n = close(fd);
	fd = -1;
	if (n != 0 || rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;

fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

struct fileq_job {
	char			*path[2], *data[2];
	size_t			 len[2];
	struct fileq_job	*next;
};

struct fileq {
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 work, idle;
	struct wake		*wake;
	struct fileq_job	*head;		/* queued, oldest first */
	bool			 busy;		/* a job is being written */
	bool			 stop;
	bool			 finished;	/* results since last asked */
	int			 error;		/* the last job's */
	char			 failed[1024];
};

static void
fileq_job_free(struct fileq_job *j)
{
	size_t	i;

	for (i = 0; i < 2; i++) {
		free(j->path[i]);
		free(j->data[i]);
	}
	free(j);
}

static void *
fileq_thread(void *arg)
{
	struct fileq		*q = arg;
	struct fileq_job	*j;
	const char		*failed;
	size_t			 i;
	int			 error;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->head == NULL && !q->stop)
			pthread_cond_wait(&q->work, &q->mu);
		if (q->head == NULL)
			break;
		j = q->head;
		q->head = j->next;
		q->busy = true;
		pthread_mutex_unlock(&q->mu);
		error = 0;
		failed = "";
		for (i = 0; i < 2 && error == 0; i++)
			if (j->path[i] != NULL && fileq_write_file(j->path[i],
			    j->data[i], j->len[i]) != 0) {
				error = errno;
				failed = j->path[i];
			}
		pthread_mutex_lock(&q->mu);
		q->busy = false;
		/* A failure stays said until it is asked about. */
		if (error != 0 || !q->finished || q->error == 0) {
			q->error = error;
			snprintf(q->failed, sizeof q->failed, "%s", failed);
		}
		q->finished = true;
		fileq_job_free(j);
		pthread_cond_broadcast(&q->idle);
		if (q->wake != NULL)
			wake_signal(q->wake);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

struct fileq *
fileq_new(struct wake *wake)
{
	struct fileq	*q = xcalloc(1, sizeof *q);

	q->wake = wake;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->idle, NULL);
	if (pthread_create(&q->thread, NULL, fileq_thread, q) != 0) {
		fprintf(stderr, "starling: cannot start the file writer\n");
		abort();
	}
	return q;
}

void
fileq_free(struct fileq *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->idle);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

static bool
fileq_same(const struct fileq_job *a, const struct fileq_job *b)
{
	size_t	i;

	for (i = 0; i < 2; i++)
		if ((a->path[i] == NULL) != (b->path[i] == NULL) ||
		    (a->path[i] != NULL && strcmp(a->path[i], b->path[i]) != 0))
			return false;
	return true;
}

void
fileq_put(struct fileq *q, const char *path1, const char *data1, size_t len1,
    const char *path2, const char *data2, size_t len2)
{
	struct fileq_job	*j = xcalloc(1, sizeof *j), **at, *old;

	if (path1 != NULL) {
		j->path[0] = xstrdup(path1);
		j->data[0] = xmalloc(len1 + 1);
		memcpy(j->data[0], data1, len1);
		j->len[0] = len1;
	}
	j->path[1] = xstrdup(path2);
	j->data[1] = xmalloc(len2 + 1);
	memcpy(j->data[1], data2, len2);
	j->len[1] = len2;
	pthread_mutex_lock(&q->mu);
	/* A newer state of the same files replaces one not started; it
	 * goes last, after what was queued since (in the order asked). */
	for (at = &q->head; *at != NULL; ) {
		if (fileq_same(*at, j)) {
			old = *at;
			*at = old->next;
			fileq_job_free(old);
		} else
			at = &(*at)->next;
	}
	*at = j;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
}

void
fileq_flush(struct fileq *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->head != NULL || q->busy)
		pthread_cond_wait(&q->idle, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

bool
fileq_result(struct fileq *q, int *error, char *path, size_t len)
{
	bool	done;

	pthread_mutex_lock(&q->mu);
	done = q->finished;
	*error = q->error;
	snprintf(path, len, "%s", q->failed);
	q->finished = false;
	q->error = 0;
	q->failed[0] = '\0';
	pthread_mutex_unlock(&q->mu);
	return done;
}
