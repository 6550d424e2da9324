/* test_fifo.c — order, emptiness, reuse after draining. */
#include <stdint.h>

#include "harness.h"
#include "starling/fifo.h"

TEST(first_in_first_out)
{
	struct fifo	f = { 0 };
	uintptr_t	i;

	CHECK(fifo_empty(&f));
	CHECK(fifo_pop(&f) == NULL);
	for (i = 1; i <= 100; i++)
		fifo_push(&f, (void *)i);
	CHECK(!fifo_empty(&f));
	for (i = 1; i <= 50; i++)
		CHECK(fifo_pop(&f) == (void *)i);
	fifo_push(&f, (void *)1000);
	for (i = 51; i <= 100; i++)
		CHECK(fifo_pop(&f) == (void *)i);
	CHECK(fifo_pop(&f) == (void *)1000);
	CHECK(fifo_empty(&f));
	CHECK(fifo_pop(&f) == NULL);
	fifo_push(&f, (void *)7);
	CHECK(fifo_pop(&f) == (void *)7);
	CHECK(fifo_empty(&f));
}

int
main(void)
{
	RUN(first_in_first_out);
	return harness_done();
}
