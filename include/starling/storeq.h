/*
 * storeq — triage changes written on their own thread, so a locked or slow
 * database never freezes the screen. The UI queues a change; the worker
 * commits it on its own connection (waiting out a busy database up to the
 * busy timeout) and hands the result back through a queue and the wake pipe.
 * The UI says "done" only for results that say so.
 */
#ifndef STARLING_STOREQ_H
#define STARLING_STOREQ_H

#include <stdbool.h>
#include <stddef.h>

struct post;
struct wake;

enum storeq_kind {
	STOREQ_ASSIGN,		/* arg: assignee, NULL to unassign */
	STOREQ_TAG,		/* arg: tag; on: add or remove */
	STOREQ_STATUS,		/* status */
	STOREQ_NOTE,		/* arg: text */
	STOREQ_REPLYING,	/* on: start or stop */
	STOREQ_ACTION		/* arg: action name, detail: JSON */
};

struct storeq_op {
	enum storeq_kind	 kind;
	struct post		*post;		/* referenced; may be NULL */
	char			*network, *id;
	char			*arg, *detail;
	bool			 on;
	int			 status;	/* enum store_status */
	bool			 quiet;		/* no status-line message */
	char			*done;		/* the message once committed;
						 * NULL: one that says what */

	/* Filled by the worker. */
	int			 result;	/* 0 committed, -1 failed */
	char			 message[256];
};

struct storeq;

/* Opens its own connection to path; NULL with a message on failure. */
struct storeq	*storeq_new(const char *path, const char *who, struct wake *,
		    char *err, size_t errlen);
void		 storeq_free(struct storeq *);	/* finishes queued ops first */
void		 storeq_submit(struct storeq *, struct storeq_op *);
struct storeq_op *storeq_done(struct storeq *);	/* NULL when none */

struct storeq_op *storeq_op_new(enum storeq_kind, const struct post *,
		    const char *network, const char *id);
void		 storeq_op_free(struct storeq_op *);

#endif
