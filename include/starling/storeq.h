/*
 * storeq — the store's worker, so a locked or slow database never freezes
 * the screen. The UI queues a change or a read; the worker runs it on a
 * connection of its own and hands the result back through the done queue
 * and the wake pipe. The UI says "done" only for results that say so.
 *
 * Changes and reads run on two threads, each with its own connection: a
 * change waits out another process's write lock (up to the busy timeout),
 * and with WAL a reader is never blocked by a writer, so reads queued behind
 * a waiting change would wait for nothing. Changes are committed in the
 * order they were submitted, reads run in theirs; the done queue holds both
 * as they finish.
 *
 * The writer starts by clearing its user's "is replying" marks
 * (store_replying_clear()): they are left from a run that ended without
 * closing its reply box.
 */
#ifndef STARLING_STOREQ_H
#define STARLING_STOREQ_H

#include <stdbool.h>
#include <stddef.h>

#include "starling/store.h"

struct wake;

enum storeq_kind {
	STOREQ_CHANGE,		/* change: written on the writer's connection */
	STOREQ_READ,		/* read(): run on the reader's connection */
	STOREQ_WRITE		/* read(): run on the writer's connection, in
				 * order with the changes (a batch of them,
				 * recording an inbox post); made even when
				 * closing */
};

struct storeq_op {
	enum storeq_kind	 kind;

	/* STOREQ_CHANGE: a copy; its strings and post belong to the op,
	 * and it has a change id (one made when c had none). */
	struct store_change	 change;
	bool			 quiet;		/* no status-line message */
	char			*done;		/* the message once committed;
						 * NULL: one that says what */

	/* STOREQ_READ: reads what arg asks for into arg, on the reader's
	 * thread; free_arg (may be NULL) frees arg with the op. A read still
	 * queued when the worker is freed is not made (result -1). */
	void			(*read)(struct store *, void *arg);
	void			*arg;
	void			(*free_arg)(void *);

	/* Filled by the worker. */
	int			 result;	/* 0 committed (or read), -1
						 * failed */
	char			 message[256];
};

struct storeq;

/* Opens its connections to the store at url (store_open()); NULL with a
 * message on failure. */
struct storeq	*storeq_new(const char *url, const char *who, struct wake *,
		    char *err, size_t errlen);
/* The same with the store's password (store_open_password()). */
struct storeq	*storeq_new_password(const char *url, const char *password,
		    const char *who, struct wake *, char *err, size_t errlen);
void		 storeq_free(struct storeq *);	/* finishes queued ops first */
void		 storeq_submit(struct storeq *, struct storeq_op *);
struct storeq_op *storeq_done(struct storeq *);	/* NULL when none */
/* The reader connection's store_watch_fd() (-1: none), made when the
 * worker starts: poll it, then submit a read that asks store_changed(). */
int		 storeq_watch_fd(const struct storeq *);

/* A change to submit: a copy of c. */
struct storeq_op *storeq_change_new(const struct store_change *c);
/* A read to submit. */
struct storeq_op *storeq_read_new(void (*read)(struct store *, void *),
		    void *arg, void (*free_arg)(void *));
/* Work that changes the store (store_apply_batch()) to submit. */
struct storeq_op *storeq_write_new(void (*write)(struct store *, void *),
		    void *arg, void (*free_arg)(void *));
void		 storeq_op_free(struct storeq_op *);

#endif
