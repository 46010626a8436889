/* Small formatters for the hot path: no locale, no printf parsing. Each
 * writes at p and returns the end; callers size buffers for the maximum
 * (FMT_U64_MAX, FMT_IPV4_MAX, both counting the NUL the caller adds). */
#ifndef NETSTAT_UTIL_FMT_H
#define NETSTAT_UTIL_FMT_H

#include <stdint.h>

#define FMT_U64_MAX  21
#define FMT_IPV4_MAX 16

/* Decimal digits of v. */
char *fmt_u64(char *p, uint64_t v);

/* Dotted quad of four bytes in network order. */
char *fmt_ipv4(char *p, const uint8_t b[4]);

#endif
