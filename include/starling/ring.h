/*
 * ring — a bounded single-producer single-consumer queue of pointers.
 * Lock-free (C11 atomics); one thread pushes, one other thread pops.
 */
#ifndef STARLING_RING_H
#define STARLING_RING_H

#include <stdbool.h>
#include <stddef.h>

struct ring;

/* capacity is rounded up to a power of two (at least 2). */
struct ring	*ring_new(size_t capacity);
void		 ring_free(struct ring *);		/* items left are not freed */
bool		 ring_push(struct ring *, void *item);	/* false when full */
void		*ring_pop(struct ring *);		/* NULL when empty */
size_t		 ring_capacity(const struct ring *);

#endif
