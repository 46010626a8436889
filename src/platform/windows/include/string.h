/* The Windows build's <string.h>: the C runtime's, and strndup, which it
 * lacks (platform/windows/compat.c). */
#ifndef NETSTAT_WIN_STRING_H
#define NETSTAT_WIN_STRING_H
#include_next <string.h>
#include <stddef.h>
char *strndup(const char *s, size_t n);
#endif
