/* test_hash.c — the string hash gives FNV-1a's published values. */
#include "harness.h"
#include "starling/hash.h"

TEST(fnv1a_values)
{
	CHECK(hash_str("") == 0x811c9dc5u);
	CHECK(hash_str("a") == 0xe40c292cu);
	CHECK(hash_str("foobar") == 0xbf9cf968u);
	/* Bytes, not characters: UTF-8 hashes as its bytes. */
	CHECK(hash_str("\xc3\xa9") != hash_str("e"));
}

int
main(void)
{
	RUN(fnv1a_values);
	return harness_done();
}
