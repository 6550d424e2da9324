/* storeq.c — the store's worker: a writer thread and a reader thread, each
 * owning one store connection and a queue of its own; one mutex guards the
 * queues, and both threads hand what they finish to one done queue. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/fifo.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/storeq.h"
#include "starling/wake.h"
#include "starling/xmalloc.h"

enum storeq_lane_id { STOREQ_WRITER, STOREQ_READER, STOREQ_NLANES };

struct storeq_lane {
	struct storeq		*q;
	struct store		*store;
	pthread_t		 thread;
	bool			 started;
	pthread_cond_t		 cond;
	struct fifo		 todo;
};

struct storeq {
	struct wake		*wake;
	pthread_mutex_t		 lock;
	struct fifo		 done;
	bool			 stopping;
	int			 watch;		/* the reader's watch */
	struct storeq_lane	 lane[STOREQ_NLANES];
};

/* What the status line says once the change is committed. */
static void
storeq_done_message(struct storeq_op *op)
{
	const struct store_change	*c = &op->change;
	char				*m = op->message;
	size_t				 len = sizeof op->message;

	if (op->done) {
		snprintf(m, len, "%s", op->done);
		return;
	}
	switch (c->kind) {
	case STORE_CHANGE_ASSIGN:
		if (c->arg)
			snprintf(m, len, "assigned to %s", c->arg);
		else
			snprintf(m, len, "unassigned");
		break;
	case STORE_CHANGE_TAG:
		snprintf(m, len, "%s #%s", c->on ? "tagged" : "untagged",
		    c->arg);
		break;
	case STORE_CHANGE_STATUS:
		snprintf(m, len, "marked %s", store_status_name(c->status));
		break;
	case STORE_CHANGE_NOTE:
		snprintf(m, len, "note added");
		break;
	case STORE_CHANGE_PRIORITY:
		snprintf(m, len, "priority %d", c->priority);
		break;
	case STORE_CHANGE_REPLYING:
	case STORE_CHANGE_ACTION:
	case STORE_CHANGE_RECORD:
		snprintf(m, len, "recorded");
		break;
	}
}

static void
storeq_run(struct store *s, struct storeq_op *op)
{
	switch (op->kind) {
	case STOREQ_CHANGE:
		op->result = store_apply(s, &op->change, op->message,
		    sizeof op->message);
		if (op->result == 0)
			storeq_done_message(op);
		break;
	case STOREQ_READ:
	case STOREQ_WRITE:
		op->read(s, op->arg);
		op->result = 0;
		break;
	}
}

static void *
storeq_thread(void *arg)
{
	struct storeq_lane	*l = arg;
	struct storeq		*q = l->q;
	struct storeq_op	*op;
	bool			 stopping;
	char			 err[256];

	/* The writer first clears the marks its user's last run left: a
	 * starling starting again has no reply open. */
	if (l == &q->lane[STOREQ_WRITER])
		(void)store_replying_clear(l->store, err, sizeof err);
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->stopping && fifo_empty(&l->todo))
			pthread_cond_wait(&l->cond, &q->lock);
		/* Even when stopping, what was queued is written first. */
		if ((op = fifo_pop(&l->todo)) == NULL)
			break;
		stopping = q->stopping;
		pthread_mutex_unlock(&q->lock);
		/* Changes are written; reads nobody will look at are not
		 * made. */
		if (stopping && op->kind == STOREQ_READ) {
			op->result = -1;
			snprintf(op->message, sizeof op->message, "closing");
		} else
			storeq_run(l->store, op);
		pthread_mutex_lock(&q->lock);
		fifo_push(&q->done, op);
		wake_signal(q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct storeq *
storeq_new(const char *url, const char *who, struct wake *wake, char *err,
    size_t errlen)
{
	return storeq_new_password(url, NULL, who, wake, err, errlen);
}

struct storeq *
storeq_new_password(const char *url, const char *password, const char *who,
    struct wake *wake, char *err, size_t errlen)
{
	struct storeq	*q = xcalloc(1, sizeof *q);
	size_t		 i;

	q->wake = wake;
	pthread_mutex_init(&q->lock, NULL);
	for (i = 0; i < STOREQ_NLANES; i++) {
		q->lane[i].q = q;
		pthread_cond_init(&q->lane[i].cond, NULL);
	}
	/* The writer opens first: it creates and migrates the file. */
	for (i = 0; i < STOREQ_NLANES; i++)
		if ((q->lane[i].store = store_open_waiting(url, who,
		    password, err, errlen)) == NULL)
			goto fail;
	/* Made before the reader runs: from then on, only it reads it. */
	q->watch = store_watch_fd(q->lane[STOREQ_READER].store);
	for (i = 0; i < STOREQ_NLANES; i++) {
		if (pthread_create(&q->lane[i].thread, NULL, storeq_thread,
		    &q->lane[i]) != 0) {
			snprintf(err, errlen, "cannot start the store's "
			    "worker");
			goto fail;
		}
		q->lane[i].started = true;
	}
	return q;

fail:
	storeq_free(q);
	return NULL;
}

void
storeq_free(struct storeq *q)
{
	struct storeq_op	*op;
	size_t			 i;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	for (i = 0; i < STOREQ_NLANES; i++)
		pthread_cond_signal(&q->lane[i].cond);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < STOREQ_NLANES; i++) {
		if (q->lane[i].started)
			pthread_join(q->lane[i].thread, NULL);
		/* Only a lane that never started has ops left. */
		while ((op = fifo_pop(&q->lane[i].todo)) != NULL)
			storeq_op_free(op);
		store_close(q->lane[i].store);
		pthread_cond_destroy(&q->lane[i].cond);
	}
	while ((op = fifo_pop(&q->done)) != NULL)
		storeq_op_free(op);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

void
storeq_submit(struct storeq *q, struct storeq_op *op)
{
	struct storeq_lane	*l = &q->lane[op->kind == STOREQ_READ ?
				    STOREQ_READER : STOREQ_WRITER];

	pthread_mutex_lock(&q->lock);
	fifo_push(&l->todo, op);
	pthread_cond_signal(&l->cond);
	pthread_mutex_unlock(&q->lock);
}

int
storeq_watch_fd(const struct storeq *q)
{
	return q->watch;
}

struct storeq_op *
storeq_done(struct storeq *q)
{
	struct storeq_op	*op;

	pthread_mutex_lock(&q->lock);
	op = fifo_pop(&q->done);
	pthread_mutex_unlock(&q->lock);
	return op;
}

static char *
storeq_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct storeq_op *
storeq_change_new(const struct store_change *c)
{
	struct storeq_op	*op = xcalloc(1, sizeof *op);

	op->kind = STOREQ_CHANGE;
	op->change = *c;
	op->change.post = c->post ? post_ref((struct post *)c->post) : NULL;
	op->change.network = storeq_strdup(c->network);
	op->change.id = storeq_strdup(c->id);
	op->change.arg = storeq_strdup(c->arg);
	op->change.detail = storeq_strdup(c->detail);
	op->change.who = storeq_strdup(c->who);
	/* One id for the change, whatever happens to its connection. */
	if (c->change_id != NULL)
		op->change.change_id = xstrdup(c->change_id);
	else {
		char	id[STORE_CHANGE_ID_LEN + 1];

		store_change_id_new(id);
		op->change.change_id = xstrdup(id);
	}
	return op;
}

struct storeq_op *
storeq_read_new(void (*read)(struct store *, void *), void *arg,
    void (*free_arg)(void *))
{
	struct storeq_op	*op = xcalloc(1, sizeof *op);

	op->kind = STOREQ_READ;
	op->read = read;
	op->arg = arg;
	op->free_arg = free_arg;
	return op;
}

struct storeq_op *
storeq_write_new(void (*write)(struct store *, void *), void *arg,
    void (*free_arg)(void *))
{
	struct storeq_op	*op = storeq_read_new(write, arg, free_arg);

	op->kind = STOREQ_WRITE;
	return op;
}

void
storeq_op_free(struct storeq_op *op)
{
	if (op == NULL)
		return;
	if (op->kind == STOREQ_CHANGE) {
		/* The op's own copies (storeq_change_new). */
		if (op->change.post)
			post_unref((struct post *)op->change.post);
		free((char *)op->change.network);
		free((char *)op->change.id);
		free((char *)op->change.arg);
		free((char *)op->change.detail);
		free((char *)op->change.who);
		free((char *)op->change.change_id);
	}
	if (op->free_arg != NULL)
		op->free_arg(op->arg);
	free(op->done);
	free(op);
}
