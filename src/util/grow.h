/* Growing arrays: one doubling helper for every list the views and
 * backends build. */
#ifndef NETSTAT_UTIL_GROW_H
#define NETSTAT_UTIL_GROW_H

#include <stddef.h>

/* Makes room for need elements of elem bytes at *p (capacity *cap),
 * doubling from 32. 0, or -ENOMEM with *p untouched. */
int grow(void **p, size_t *cap, size_t need, size_t elem);

#endif
