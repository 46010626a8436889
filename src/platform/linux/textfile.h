/* Helpers shared by the /proc text parsers. */
#ifndef NETSTAT_TEXTFILE_H
#define NETSTAT_TEXTFILE_H

#include <stddef.h>

/* The value of a hex digit, or -1. */
int text_hexval(char c);

/* Copies the word starting after the blanks at line[i] (ending at a blank
 * or the newline) into out; returns its length, or 0 when there is none
 * or it does not fit (out keeps a NUL). */
size_t text_last_word(const char *line, size_t i, size_t len, char *out, size_t outsz);

/* Calls fn for each line of path (newline included). Stops at the first
 * non-zero return and returns it; -errno when the file cannot be opened
 * (-ENOENT: no such file) or read. */
int text_each_line(const char *path, int (*fn)(const char *line, size_t len, void *ctx), void *ctx);

/* The same over an open descriptor, which it closes. */
int text_each_line_fd(int fd, int (*fn)(const char *line, size_t len, void *ctx), void *ctx);

#endif
