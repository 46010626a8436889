/* Hashing helpers shared by the inode maps. */
#ifndef NETSTAT_UTIL_HASH_H
#define NETSTAT_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* A 64-bit mixer (the murmur3 finaliser's first half): inode numbers are
 * sequential, so they need spreading before masking. */
static inline size_t hash_u64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

#endif
