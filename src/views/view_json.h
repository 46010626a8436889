/* Pieces every view's JSON document shares. */
#ifndef NETSTAT_VIEWS_VIEW_JSON_H
#define NETSTAT_VIEWS_VIEW_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/options.h"
#include "model/sock.h"
#include "platform/platform.h"
#include "render/json.h"
#include "util/escape.h"

/* "platform", then "time" when documents are stamped (-c), then
 * "netns": {"inode": N} for the network namespace the data comes from
 * (null when the system cannot tell): the members every document starts
 * with after "view". */
void view_json_netns(struct json *j, struct platform *p);

/* Under -c each document says when it was taken: on from then on. */
void view_json_stamp(bool on);

/* Now, in UTC to the millisecond: "2026-12-03T09:30:01.123Z" (RFC 3339);
 * n at least VIEW_TIME_MAX. */
#define VIEW_TIME_MAX 32
void view_json_time_text(char *buf, size_t n);

/* The members of a namespace object: inode, label, name, pid, host and
 * container ({"runtime", "id"} or null). */
void view_json_netns_fields(struct json *j, const struct netns *ns);

/* "netns": {those members}, the namespace of one row or port. */
void view_json_netns_member(struct json *j, const struct netns *ns);

/* An address in numeric form: dotted quad, or RFC 5952 IPv6 text (a
 * v4-mapped address keeps its ::ffff: prefix). */
void view_json_addr(enum sock_family fam, const struct sock_addr *a, char *buf, size_t n);

/* The same with its port, for a line of text: "192.0.2.1:80",
 * "[2001:db8::1]:80". */
void view_endpoint_text(enum sock_family fam, const struct sock_addr *a, uint16_t port, char *buf,
                        size_t n);

/* Every process holding the socket: [{"pid", "program", "fd"}...]. */
void view_json_processes(struct json *j, const struct owners *owners, const struct sock_rec *s);

/* The processes, scanned when o asks for owners (-p, --pid, --program):
 * the table, or NULL (not asked, or the scan failed: said on stderr).
 * tell: also say when some processes could not be inspected. */
struct owners *view_owners_load(const struct options *o, bool tell);

/* The first process holding s, "PID/name" escaped for a terminal, or
 * "-"; buf holds VIEW_PROGRAM_MAX bytes. */
#define VIEW_PROGRAM_MAX ESCAPE_TERM_MAX(64)
void view_program_text(const struct owners *owners, const struct sock_rec *s, char *buf);

#endif
