/* fuzz_sse.c — libFuzzer target for the event-stream parser. The input is
 * cut into chunks by a seed taken from its first bytes and fed with a small
 * cap; whatever the cut, the events must be the ones of the uncut input,
 * and none may carry more data than the cap. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "starling/sse.h"

/* A running digest of what the parser reported, and checks on each call. */
struct fuzz_seen {
	size_t		cap;
	uint64_t	hash;
	size_t		events, heartbeats;
};

static uint64_t
fuzz_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull;
}

static void
fuzz_event(const char *event, const char *data, size_t len, const char *id,
    void *arg)
{
	struct fuzz_seen	*f = arg;

	FUZZ_ASSERT(event != NULL && *event != '\0');
	FUZZ_ASSERT(data != NULL && data[len] == '\0');
	FUZZ_ASSERT(len <= f->cap);
	FUZZ_ASSERT(id == NULL || *id != '\0');
	f->events++;
	f->hash = fuzz_hash(f->hash, event, strlen(event));
	f->hash = fuzz_hash(f->hash, data, len);
	if (id != NULL)
		f->hash = fuzz_hash(f->hash, id, strlen(id));
}

static void
fuzz_heartbeat(void *arg)
{
	struct fuzz_seen	*f = arg;

	f->heartbeats++;
	f->hash = fuzz_hash(f->hash, "~", 1);
}

static void
fuzz_run(const uint8_t *data, size_t size, size_t cap, uint32_t seed,
    struct fuzz_seen *f)
{
	struct sse	*p;
	size_t		 i = 0, n;

	memset(f, 0, sizeof *f);
	f->cap = cap;
	f->hash = 14695981039346656037ull;
	p = sse_new(fuzz_event, fuzz_heartbeat, f);
	sse_set_max_event(p, cap);
	while (i < size) {
		if (seed == 0)
			n = size - i;
		else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 17;
			if (n > size - i)
				n = size - i;
		}
		sse_feed(p, (const char *)data + i, n);
		i += n;
	}
	sse_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_seen	whole, cut;
	size_t			cap;
	uint32_t		seed;

	if (size < 3)
		return 0;
	cap = data[0] % 64;
	seed = (uint32_t)data[1] << 8 | data[2];
	seed |= 1;
	data += 3;
	size -= 3;

	fuzz_run(data, size, cap, 0, &whole);
	fuzz_run(data, size, cap, seed, &cut);
	FUZZ_ASSERT(whole.events == cut.events);
	FUZZ_ASSERT(whole.heartbeats == cut.heartbeats);
	FUZZ_ASSERT(whole.hash == cut.hash);

	/* With the real cap too (nothing here comes near it). */
	fuzz_run(data, size, SSE_MAX_EVENT, seed, &cut);
	return 0;
}
