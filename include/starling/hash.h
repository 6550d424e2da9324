/*
 * hash — the one string hash of the hash tables (timelines, the triage
 * cache): 32-bit FNV-1a over the bytes up to the NUL.
 */
#ifndef STARLING_HASH_H
#define STARLING_HASH_H

#include <stdint.h>

uint32_t	hash_str(const char *);

#endif
