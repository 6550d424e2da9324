/* fifo.c — a singly linked list with a tail pointer. */
#include <stdlib.h>

#include "starling/fifo.h"
#include "starling/xmalloc.h"

struct fifo_node {
	void			*item;
	struct fifo_node	*next;
};

void
fifo_push(struct fifo *f, void *item)
{
	struct fifo_node	*n = xmalloc(sizeof *n);

	n->item = item;
	n->next = NULL;
	if (f->tail)
		f->tail->next = n;
	else
		f->head = n;
	f->tail = n;
}

void *
fifo_pop(struct fifo *f)
{
	struct fifo_node	*n = f->head;
	void			*item;

	if (n == NULL)
		return NULL;
	f->head = n->next;
	if (f->head == NULL)
		f->tail = NULL;
	item = n->item;
	free(n);
	return item;
}

bool
fifo_empty(const struct fifo *f)
{
	return f->head == NULL;
}
