/*
 * harness.h — a tiny single-header unit-test harness.
 *
 *   TEST(name) { CHECK(x == 1); CHECK_STR_EQ(a, b); }
 *   int main(void) { RUN(name); return harness_done(); }
 *
 * Each failed check prints file:line and the expression; harness_done() prints
 * "tally: <file> P passed, F failed" for tests/run-unit.sh to sum up.
 */
#ifndef STARLING_HARNESS_H
#define STARLING_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int harness_passed, harness_failed, harness_current_failed;

#define TEST(name) static void test_##name(void)

#define RUN(name) do {                                                        \
	harness_current_failed = 0;                                           \
	test_##name();                                                        \
	if (harness_current_failed) {                                         \
		harness_failed++;                                             \
		printf("FAIL %s\n", #name);                                   \
	} else {                                                              \
		harness_passed++;                                             \
		if (getenv("HARNESS_VERBOSE")) printf("ok   %s\n", #name);    \
	}                                                                     \
} while (0)

#define CHECK(expr) do {                                                      \
	if (!(expr)) {                                                        \
		printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); \
		harness_current_failed = 1;                                   \
	}                                                                     \
} while (0)

#define CHECK_STR_EQ(got, want) do {                                          \
	const char *harness_g = (got), *harness_w = (want);                   \
	if (harness_g == NULL || harness_w == NULL ?                          \
	    harness_g != harness_w : strcmp(harness_g, harness_w) != 0) {     \
		printf("  %s:%d: %s\n    got:  \"%s\"\n    want: \"%s\"\n",      \
		    __FILE__, __LINE__, #got, harness_g ? harness_g : "(null)",   \
		    harness_w ? harness_w : "(null)");                           \
		harness_current_failed = 1;                                   \
	}                                                                     \
} while (0)

#define CHECK_INT_EQ(got, want) do {                                          \
	long long harness_gi = (long long)(got), harness_wi = (long long)(want); \
	if (harness_gi != harness_wi) {                                       \
		printf("  %s:%d: %s\n    got:  %lld\n    want: %lld\n",          \
		    __FILE__, __LINE__, #got, harness_gi, harness_wi);            \
		harness_current_failed = 1;                                   \
	}                                                                     \
} while (0)

static inline int
harness_done(void)
{
	printf("tally: %d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
