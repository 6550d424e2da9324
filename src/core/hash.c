/* hash.c — FNV-1a, for the hash tables of timelines and the triage cache. */
#include "starling/hash.h"

uint32_t
hash_str(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}
