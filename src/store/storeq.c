/* storeq.c — the triage writer thread. It owns one store connection; the
 * queues are plain linked lists under one mutex. */
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

struct storeq {
	struct store		*store;
	struct wake		*wake;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct fifo		 todo, done;
	bool			 stopping;
};

/* What the status line says once the change is committed. */
static void
storeq_done_message(struct storeq_op *op)
{
	char	*m = op->message;
	size_t	 len = sizeof op->message;

	if (op->done) {
		snprintf(m, len, "%s", op->done);
		return;
	}
	switch (op->kind) {
	case STOREQ_ASSIGN:
		if (op->arg)
			snprintf(m, len, "assigned to %s", op->arg);
		else
			snprintf(m, len, "unassigned");
		break;
	case STOREQ_TAG:
		snprintf(m, len, "%s #%s", op->on ? "tagged" : "untagged",
		    op->arg);
		break;
	case STOREQ_STATUS:
		snprintf(m, len, "marked %s",
		    store_status_name((enum store_status)op->status));
		break;
	case STOREQ_NOTE:
		snprintf(m, len, "note added");
		break;
	case STOREQ_REPLYING:
	case STOREQ_ACTION:
		snprintf(m, len, "recorded");
		break;
	}
}

static void
storeq_run(struct store *s, struct storeq_op *op)
{
	char	*err = op->message;
	size_t	 len = sizeof op->message;

	switch (op->kind) {
	case STOREQ_ASSIGN:
		op->result = store_assign(s, op->post, op->network, op->id,
		    op->arg, err, len);
		break;
	case STOREQ_TAG:
		op->result = store_tag(s, op->post, op->network, op->id,
		    op->arg, op->on, err, len);
		break;
	case STOREQ_STATUS:
		op->result = store_set_status(s, op->post, op->network, op->id,
		    (enum store_status)op->status, err, len);
		break;
	case STOREQ_NOTE:
		op->result = store_note(s, op->post, op->network, op->id,
		    op->arg, err, len);
		break;
	case STOREQ_REPLYING:
		op->result = store_replying(s, op->post, op->network, op->id,
		    op->on, err, len);
		break;
	case STOREQ_ACTION:
		op->result = store_action(s, op->post, op->network, op->id,
		    op->arg, op->detail ? op->detail : "{}", err, len);
		break;
	}
	if (op->result == 0)
		storeq_done_message(op);
}

static void *
storeq_thread(void *arg)
{
	struct storeq		*q = arg;
	struct storeq_op	*op;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->stopping && fifo_empty(&q->todo))
			pthread_cond_wait(&q->cond, &q->lock);
		/* Even when stopping, what was queued is written first. */
		if ((op = fifo_pop(&q->todo)) == NULL)
			break;
		pthread_mutex_unlock(&q->lock);
		storeq_run(q->store, op);
		pthread_mutex_lock(&q->lock);
		fifo_push(&q->done, op);
		wake_signal(q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct storeq *
storeq_new(const char *path, const char *who, struct wake *wake, char *err,
    size_t errlen)
{
	struct storeq	*q;
	struct store	*s;

	if ((s = store_open(path, who, err, errlen)) == NULL)
		return NULL;
	q = xcalloc(1, sizeof *q);
	q->store = s;
	q->wake = wake;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	if (pthread_create(&q->thread, NULL, storeq_thread, q) != 0) {
		snprintf(err, errlen, "cannot start the triage writer");
		store_close(s);
		pthread_mutex_destroy(&q->lock);
		pthread_cond_destroy(&q->cond);
		free(q);
		return NULL;
	}
	return q;
}

void
storeq_free(struct storeq *q)
{
	struct storeq_op	*op;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	while ((op = fifo_pop(&q->done)) != NULL)
		storeq_op_free(op);
	store_close(q->store);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	free(q);
}

void
storeq_submit(struct storeq *q, struct storeq_op *op)
{
	pthread_mutex_lock(&q->lock);
	fifo_push(&q->todo, op);
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
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

struct storeq_op *
storeq_op_new(enum storeq_kind kind, const struct post *p, const char *network,
    const char *id)
{
	struct storeq_op	*op = xcalloc(1, sizeof *op);

	op->kind = kind;
	op->post = p ? post_ref((struct post *)p) : NULL;
	op->network = xstrdup(network);
	op->id = xstrdup(id);
	return op;
}

void
storeq_op_free(struct storeq_op *op)
{
	if (op == NULL)
		return;
	if (op->post)
		post_unref(op->post);
	free(op->network);
	free(op->id);
	free(op->arg);
	free(op->detail);
	free(op->done);
	free(op);
}
