/* Pieces every view's JSON document shares. */
#ifndef NETSTAT_VIEWS_VIEW_JSON_H
#define NETSTAT_VIEWS_VIEW_JSON_H

#include <stddef.h>

#include "model/sock.h"
#include "platform/platform.h"
#include "render/json.h"

/* "netns": {"inode": N} for the network namespace the data comes from
 * (null when the system cannot tell). */
void view_json_netns(struct json *j, struct platform *p);

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

#endif
