/* Protocol counters: /proc/net/snmp and /proc/net/netstat (pairs of a
 * header line and a value line per section), /proc/net/snmp6 and
 * /proc/net/sctp/snmp (a name and a value per line). Pure, fuzzed. */
#ifndef NETSTAT_PROCSNMP_H
#define NETSTAT_PROCSNMP_H

#include <stddef.h>
#include <stdint.h>

typedef int (*snmp_visit_fn)(const char *section, const char *name, uint64_t value, void *ctx);

/* One header/value pair: calls fn per counter. 0, the visitor's value, or
 * -1 when the two lines do not match. */
int procsnmp_parse_pair(const char *head, const char *vals, snmp_visit_fn fn, void *ctx);

/* One "Name   value" line; section is the name's known prefix ("Ip6",
 * "Icmp6", "Udp6", "UdpLite6", "Sctp") or "". 0, visitor's value, -1. */
int procsnmp_parse_line(const char *line, snmp_visit_fn fn, void *ctx);

/* One line of /proc/net/sockstat{,6}: "TCP: inuse 5 orphan 0 tw 1 alloc 6
 * mem 2" as (section "TCP", name, value) per pair. 0, visitor's value,
 * -1 when malformed (what came before was visited). */
int procsnmp_parse_sockstat(const char *line, snmp_visit_fn fn, void *ctx);

#endif
