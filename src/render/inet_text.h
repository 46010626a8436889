/* net-tools' text forms of inet socket fields. */
#ifndef NETSTAT_RENDER_INET_TEXT_H
#define NETSTAT_RENDER_INET_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/sock.h"

/* "host:service". Without wide, a pair longer than 22 characters is cut to
 * 23 the way net-tools does it: the service keeps up to 18 characters and
 * the host gives way. The result is then cut to bufsz - 1 characters, as
 * net-tools' own buffers cut it (128 bytes for TCP, 64 for the others). */
void inet_text_addr(const char *host, const char *svc, bool wide, char *buf, size_t bufsz);

/* The -o column: "off (0.00/0/0)", "on (1.23/2/0)", "keepalive (...)"... */
void inet_text_timer(const struct sock_rec *s, char *buf, size_t n);

#endif
