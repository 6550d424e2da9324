/* ring.c — bounded SPSC queue of pointers. head is written only by the
 * consumer, tail only by the producer; acquire/release pairs publish the slot
 * contents. Indices run free and are masked, so full is tail - head == cap. */
#include <stdatomic.h>
#include <stdlib.h>

#include "starling/ring.h"
#include "starling/xmalloc.h"

struct ring {
	_Alignas(64) atomic_size_t head;	/* next slot to pop */
	_Alignas(64) atomic_size_t tail;	/* next slot to push */
	_Alignas(64) size_t	 mask;
	void			**slot;
};

struct ring *
ring_new(size_t capacity)
{
	struct ring	*r = xcalloc(1, sizeof *r);
	size_t		 cap = 2;

	while (cap < capacity)
		cap <<= 1;
	r->mask = cap - 1;
	r->slot = xcalloc(cap, sizeof *r->slot);
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	return r;
}

void
ring_free(struct ring *r)
{
	if (r == NULL)
		return;
	free(r->slot);
	free(r);
}

size_t
ring_capacity(const struct ring *r)
{
	return r->mask + 1;
}

bool
ring_push(struct ring *r, void *item)
{
	size_t	tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t	head = atomic_load_explicit(&r->head, memory_order_acquire);

	if (tail - head > r->mask)
		return false;
	r->slot[tail & r->mask] = item;
	atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
	return true;
}

void *
ring_pop(struct ring *r)
{
	size_t	 head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t	 tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	void	*item;

	if (head == tail)
		return NULL;
	item = r->slot[head & r->mask];
	atomic_store_explicit(&r->head, head + 1, memory_order_release);
	return item;
}
