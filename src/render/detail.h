/* A socket's detail (model/sockdetail.h) as text and JSON: one table of
 * fields, their names and units, for both. Dialect-neutral: the text is
 * a continuation line under whichever layout printed the row. */
#ifndef NETSTAT_RENDER_DETAIL_H
#define NETSTAT_RENDER_DETAIL_H

#include <stdio.h>

#include "model/sockdetail.h"
#include "render/json.h"

/* The continuation line under a row: a tab, then the fields the kernel
 * sent as key:value separated by spaces (memory first with
 * DETAIL_MEMORY, then TCP internals with DETAIL_TCP_INFO), then a
 * newline; nothing when d has none of them. Times in milliseconds,
 * rates in bits per second, sizes in bytes. */
void detail_text(FILE *out, const struct sock_detail *d, unsigned what);

/* The members "tcp_info" and "memory" (with DETAIL_TCP_INFO,
 * DETAIL_MEMORY): objects of the fields the kernel sent, units in the
 * key names, or null when the source told none. */
void detail_json(struct json *j, const struct sock_detail *d, unsigned what);

/* For tests: the field table's JSON and text names. */
const char *detail_tcp_json_key(enum tcp_field f);
const char *detail_tcp_text_key(enum tcp_field f);

#endif
