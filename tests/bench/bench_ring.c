/* bench_ring.c — throughput of the SPSC ring (include/starling/ring.h).
 *
 *   bench_ring [N] [CAPACITY]
 *
 * Two figures, on one line, each the median of three runs:
 *   - a producer thread pushes N items (1..N as pointers) while the main
 *     thread pops them; spins on full/empty, yielding after a while so a
 *     single CPU still makes progress; the order is checked;
 *   - one thread doing push then pop, N pairs.
 * Capacity defaults to 1024, the size each column's ring has (column.c).
 * A measurement, not a test: exits 0 unless the ring loses or reorders.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "starling/ring.h"

#define SPIN_BEFORE_YIELD	256
#define REPS			3	/* the median run is reported */

struct job {
	struct ring	*ring;
	uint64_t	 n;
};

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

static void *
producer(void *arg)
{
	struct job	*j = arg;
	uint64_t	 i;
	unsigned	 spins;

	for (i = 1; i <= j->n; i++) {
		spins = 0;
		while (!ring_push(j->ring, (void *)(uintptr_t)i)) {
			if (++spins < SPIN_BEFORE_YIELD)
				cpu_relax();
			else
				sched_yield();
		}
	}
	return NULL;
}

/* Producer thread, consumer here: items per second, or -1 on a fault. */
static double
two_threads(struct ring *r, uint64_t n)
{
	struct job	 job = { r, n };
	pthread_t	 t;
	uint64_t	 expect = 1, got;
	unsigned	 spins;
	double		 t0, t1;
	void		*p;

	t0 = now_s();
	if (pthread_create(&t, NULL, producer, &job) != 0) {
		fprintf(stderr, "bench_ring: pthread_create failed\n");
		return -1;
	}
	while (expect <= n) {
		spins = 0;
		while ((p = ring_pop(r)) == NULL) {
			if (++spins < SPIN_BEFORE_YIELD)
				cpu_relax();
			else
				sched_yield();
		}
		got = (uint64_t)(uintptr_t)p;
		if (got != expect) {
			fprintf(stderr, "bench_ring: popped %llu, expected %llu\n",
			    (unsigned long long)got, (unsigned long long)expect);
			exit(1);
		}
		expect++;
	}
	t1 = now_s();
	pthread_join(t, NULL);
	return (double)n / (t1 - t0);
}

/* One thread: push, pop; pairs per second. */
static double
one_thread(struct ring *r, uint64_t n)
{
	uint64_t	i;
	double		t0, t1;

	t0 = now_s();
	for (i = 1; i <= n; i++) {
		if (!ring_push(r, (void *)(uintptr_t)i) ||
		    (uint64_t)(uintptr_t)ring_pop(r) != i) {
			fprintf(stderr, "bench_ring: single-thread pair %llu "
			    "failed\n", (unsigned long long)i);
			exit(1);
		}
	}
	t1 = now_s();
	return (double)n / (t1 - t0);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	uint64_t	 n = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000000ULL;
	size_t		 cap = argc > 2 ? strtoul(argv[2], NULL, 10) : 1024;
	struct ring	*r;
	double		 two[REPS], one[REPS];
	int		 i;

	if (n == 0 || cap == 0) {
		fprintf(stderr, "usage: bench_ring [N] [CAPACITY]\n");
		return 2;
	}
	r = ring_new(cap);
	for (i = 0; i < REPS; i++) {
		if ((two[i] = two_threads(r, n)) < 0)
			return 2;
		one[i] = one_thread(r, n);
	}
	qsort(two, REPS, sizeof two[0], cmp_double);
	qsort(one, REPS, sizeof one[0], cmp_double);
	printf("ring: %.1f M items/s producer->consumer (2 threads, capacity "
	    "%zu, %g M items, median of %d, range %.1f-%.1f); %.1f M push+pop "
	    "pairs/s single thread\n", two[REPS / 2] / 1e6, ring_capacity(r),
	    (double)n / 1e6, REPS, two[0] / 1e6, two[REPS - 1] / 1e6,
	    one[REPS / 2] / 1e6);
	ring_free(r);
	return 0;
}
