/* fuzz.h — what every libFuzzer target here shares: the entry point, an
 * assertion that aborts with where it failed (libFuzzer saves the input),
 * and the check that a string reaching the screen is clean. */
#ifndef STARLING_FUZZ_H
#define STARLING_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_ASSERT(x) do {						\
	if (!(x)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #x);				\
		abort();						\
	}								\
} while (0)

/* No control character (but '\n' where multiline allows it) and no DEL:
 * what the screen may be given. NULL is clean. */
static inline void
fuzz_clean(const char *s, bool multiline)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (s == NULL)
		return;
	for (; *u != '\0'; u++) {
		FUZZ_ASSERT(*u >= 0x20 || (multiline && *u == '\n'));
		FUZZ_ASSERT(*u != 0x7f);
	}
}

#endif
