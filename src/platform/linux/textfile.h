/* Helpers shared by the /proc text parsers. */
#ifndef NETSTAT_TEXTFILE_H
#define NETSTAT_TEXTFILE_H

#include <stddef.h>

/* The value of a hex digit, or -1. */
int text_hexval(char c);

/* Calls fn for each line of path (newline included). Stops at the first
 * non-zero return and returns it; -errno when the file cannot be opened
 * (-ENOENT: no such file) or read. */
int text_each_line(const char *path, int (*fn)(const char *line, size_t len, void *ctx), void *ctx);

#endif
