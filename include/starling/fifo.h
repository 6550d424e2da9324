/*
 * fifo — an unbounded first-in first-out list of pointers. Not locked: the
 * worker queues (account actions, triage writes) hold it under their mutex.
 */
#ifndef STARLING_FIFO_H
#define STARLING_FIFO_H

#include <stdbool.h>

struct fifo_node;

struct fifo {
	struct fifo_node	*head, *tail;
};

void	 fifo_push(struct fifo *, void *item);
void	*fifo_pop(struct fifo *);		/* NULL when empty */
bool	 fifo_empty(const struct fifo *);

#endif
