/* net-tools' statistics tables (see stat_tables.c). */
#ifndef NETSTAT_VIEWS_STAT_TABLES_H
#define NETSTAT_VIEWS_STAT_TABLES_H

#include <stddef.h>

/* Kinds: a number always shown, one shown when not zero, a histogram line
 * under a title (input, output), configuration not shown. */
enum stat_kind {
    SK_NUMBER = 0,
    SK_OPT_NUMBER = 1,
    SK_FORWARD = 2,
    SK_IN_HIST = 3,
    SK_OUT_HIST = 4,
    SK_RTO_ALG = 5,
};
#define SK_STATIC (1 << 16) /* a configuration value: not printed */
#define SK_TITLE  (1 << 17) /* printed under its histogram's title */

struct stat_entry {
    const char *title;
    const char *out; /* "%llu" marks where the number goes */
    unsigned kind;
};

extern const struct stat_entry stat_ip[];
extern const size_t stat_ip_n;
extern const struct stat_entry stat_icmp[];
extern const size_t stat_icmp_n;
extern const struct stat_entry stat_tcp[];
extern const size_t stat_tcp_n;
extern const struct stat_entry stat_udp[];
extern const size_t stat_udp_n;
extern const struct stat_entry stat_tcpext[];
extern const size_t stat_tcpext_n;
extern const struct stat_entry stat_ip6[];
extern const size_t stat_ip6_n;
extern const struct stat_entry stat_icmp6[];
extern const size_t stat_icmp6_n;
extern const struct stat_entry stat_udp6[];
extern const size_t stat_udp6_n;
extern const struct stat_entry stat_sctp[];
extern const size_t stat_sctp_n;

#endif
