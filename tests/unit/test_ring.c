/* test_ring.c — the SPSC ring, alone and across two threads. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "starling/ring.h"

TEST(capacity_rounds_to_power_of_two)
{
	struct ring	*r = ring_new(5);

	CHECK_INT_EQ(ring_capacity(r), 8);
	ring_free(r);
	r = ring_new(0);
	CHECK_INT_EQ(ring_capacity(r), 2);
	ring_free(r);
}

TEST(fifo_full_and_empty)
{
	struct ring	*r = ring_new(4);
	uintptr_t	 i;

	CHECK(ring_pop(r) == NULL);
	for (i = 1; i <= 4; i++)
		CHECK(ring_push(r, (void *)i));
	CHECK(!ring_push(r, (void *)5));
	for (i = 1; i <= 4; i++)
		CHECK(ring_pop(r) == (void *)i);
	CHECK(ring_pop(r) == NULL);
	/* Wrap around many times. */
	for (i = 1; i < 1000; i++) {
		CHECK(ring_push(r, (void *)i));
		CHECK(ring_push(r, (void *)(i + 1)));
		CHECK(ring_pop(r) == (void *)i);
		CHECK(ring_pop(r) == (void *)(i + 1));
	}
	ring_free(r);
}

#define STRESS_N	1000000

struct stress {
	struct ring	*r;
	int		*payload;
};

static void *
stress_producer(void *arg)
{
	struct stress	*s = arg;
	uintptr_t	 i;

	for (i = 0; i < STRESS_N; i++) {
		s->payload[i] = (int)i * 3;	/* published by the push */
		while (!ring_push(s->r, &s->payload[i]))
			;
	}
	return NULL;
}

TEST(two_thread_stress_keeps_order_and_data)
{
	struct stress	 s;
	pthread_t	 t;
	size_t		 got = 0;
	int		*p, bad = 0;

	s.r = ring_new(64);
	s.payload = calloc(STRESS_N, sizeof *s.payload);
	pthread_create(&t, NULL, stress_producer, &s);
	while (got < STRESS_N) {
		if ((p = ring_pop(s.r)) == NULL)
			continue;
		if (p != &s.payload[got] || *p != (int)got * 3)
			bad++;
		got++;
	}
	pthread_join(t, NULL);
	CHECK_INT_EQ(bad, 0);
	CHECK(ring_pop(s.r) == NULL);
	free(s.payload);
	ring_free(s.r);
}

int
main(void)
{
	RUN(capacity_rounds_to_power_of_two);
	RUN(fifo_full_and_empty);
	RUN(two_thread_stress_keeps_order_and_data);
	return harness_done();
}
