/* inet_diag bytecode: the port and address clauses of a filter, run by
 * the kernel while it dumps a table, so only matching sockets cross. */
#ifndef NETSTAT_DIAGBC_H
#define NETSTAT_DIAGBC_H

#include <stddef.h>
#include <stdint.h>

#include "filter/filter.h"

/* The largest program sent; a longer filter runs in user space only. */
#define DIAGBC_MAX 8192

/* Writes the program for f's kernel clauses (FILTER_KERNEL_KINDS) into
 * buf. Returns its length in bytes, 0 when f has no such clause, or
 * -E2BIG when it needs more than cap bytes. The program accepts exactly
 * the sockets whose addresses and ports filter_match() accepts. */
int diagbc_compile(const struct filter *f, uint8_t *buf, size_t cap);

#endif
