/* Command-line options: net-tools' option table into one struct. */
#ifndef NETSTAT_CLI_OPTIONS_H
#define NETSTAT_CLI_OPTIONS_H

#include <stdbool.h>

#include "filter/filter.h"
#include "platform/platform.h"

#define NUM_HOST 0x4000
#define NUM_PORT 0x2000
#define NUM_USER 0x1000
#define NUM_ALL  (NUM_HOST | NUM_PORT | NUM_USER)

/* Exit statuses, as net-tools uses them. */
enum exit_status {
    EXIT_OK = 0,
    EXIT_FAIL = 1,    /* a family or view not supported, a source missing */
    EXIT_USAGE = 3,   /* bad option, bad filter value or bad combination */
    EXIT_NOTHING = 4, /* --explain PORT|ADDRESS: nothing listens there */
};

struct options {
    /* views */
    int route, iface, masq, stats, groups;
    /* modifiers */
    int all, listening, cont, extend, prog, timers, wide, verbose, debug;
    unsigned numeric; /* NUM_* bits */
    bool symbolic, cache, fib;
    /* socket kinds */
    int tcp, sctp, udp, udplite, raw;
    /* address families */
    int inet, inet6, unix_, ipx, ax25, netrom, x25, rose, ddp, econet, ash, bluetooth;
    int l2cap, rfcomm;
    /* the families named, canonical names in the order given ("inet",
     * "inet6", "unix", ...), as net-tools' route tables walk them */
    const char *afname[16];
    int n_afname;
    /* how many socket kinds or families were named */
    int flag_arg;
    unsigned delay;          /* seconds between refreshes under -c */
    bool json;               /* -j, --json: one JSON document per listing */
    bool explain;            /* --explain: who can reach each listening socket */
    const char *explain_arg; /* --explain PORT|ADDRESS, or NULL */
    const char *netns;       /* --netns all|NAME|PID|PATH, or NULL */
    unsigned detail;         /* --info, --memory: DETAIL_* bits (model/sockdetail.h) */
    bool listen_queues;      /* --listen-queues: each listener's queues */
    bool summary;            /* --summary: socket totals */
    bool kill, dry_run;      /* --kill [--dry-run]: destroy the sockets selected */
    bool events;             /* --events: stream sockets as they close */
    unsigned count;          /* --count N: stop after N refreshes (-c, --rate, --top); 0: never */
    unsigned rate;           /* -i --rate[=SECS]: interface rates every SECS; 0: not asked */
    bool human;              /* --human: rates and sizes in k, M, G */
    const char *ifname;      /* --interface NAME|total: -i shows that one only */
    bool top;                /* --top: the live view of connections and processes */
    bool prometheus;         /* --prometheus: metrics in Prometheus' text format */
    const char *textfile;    /* --textfile DIR: those metrics into DIR/netstat.prom */
    enum source_pref source;
    struct filter filter; /* --port, --state, ...; free with filter_free() */
    /* What the Windows dialect asks for beyond the above (net-tools' never
     * sets them): the owner's pid as a column (-o), its image name under
     * each row (-b), full names for foreign hosts (-f), the offload state
     * column (-t), the Windows layouts of -e (Interface Statistics), -s
     * (counters by protocol; stat_protos: STAT_* bits, 0: all) and -r
     * (route print), and NetworkDirect's empty listing (-x). */
    bool pid_column, image, fqdn, offload, iface_totals, proto_blocks, route_print, netdirect;
    unsigned stat_protos;
};

/* The blocks -s -p shows in the Windows dialect. */
enum stat_proto {
    STAT_IP = 1u << 0,
    STAT_IPV6 = 1u << 1,
    STAT_ICMP = 1u << 2,
    STAT_ICMPV6 = 1u << 3,
    STAT_TCP = 1u << 4,
    STAT_TCPV6 = 1u << 5,
    STAT_UDP = 1u << 6,
    STAT_UDPV6 = 1u << 7,
};

/* Parses argv. Returns -1 when the caller should go on (and later frees
 * o->filter with filter_free()), or an exit status when parsing already
 * finished the run (help, version, an error, whose message has been
 * printed; nothing is left to free). */
int options_parse(int argc, char **argv, struct options *o);

#endif
