/* Escaping of untrusted strings (process names, socket paths, interface
 * names) before they reach a terminal. */
#ifndef NETSTAT_UTIL_ESCAPE_H
#define NETSTAT_UTIL_ESCAPE_H

#include <stddef.h>

/* Worst-case output size for len input bytes, including the NUL. */
#define ESCAPE_TERM_MAX(len) ((len)*4 + 1)

/* Copies in to out, replacing every byte that could drive a terminal with
 * a visible "\xHH": C0 controls, DEL, C1 controls (U+0080..U+009F) and
 * bytes that are not valid UTF-8. Valid UTF-8 text, including a backslash,
 * passes unchanged, so ordinary names print exactly as before. out must
 * hold ESCAPE_TERM_MAX(len) bytes. Returns the output length. */
size_t escape_term(const char *in, size_t len, char *out);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

#endif
