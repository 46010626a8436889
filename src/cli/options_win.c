/* Command-line options, Windows' dialect: netstat.exe's letters (one dash
 * or a slash, run together as in -ano, -p taking the next word) and an
 * interval, plus netstat's own long options (--json, --explain, the
 * filters), filling the same query as net-tools' dialect. */
#include "cli/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/seconds.h"
#include "cli/usage.h"

/* -p's protocols: which socket tables, and which -s blocks. */
struct proto_name {
    const char *name;
    bool tcp, udp, v4, v6;
    unsigned stats;
};

static const struct proto_name protos[] = {
    {"tcp", true, false, true, false, STAT_TCP},
    {"udp", false, true, true, false, STAT_UDP},
    {"tcpv6", true, false, false, true, STAT_TCPV6},
    {"udpv6", false, true, false, true, STAT_UDPV6},
    {"ip", false, false, false, false, STAT_IP},
    {"ipv6", false, false, false, false, STAT_IPV6},
    {"icmp", false, false, false, false, STAT_ICMP},
    {"icmpv6", false, false, false, false, STAT_ICMPV6},
};

static const struct proto_name *proto_lookup(const char *s)
{
    for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
        if (strcasecmp(protos[i].name, s) == 0)
            return &protos[i];
    return NULL;
}

static int bad(const char *fmt, const char *arg)
{
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage_print(stderr);
    return EXIT_USAGE;
}

/* The long options: filters, --json, --explain [ARG], --help, --version.
 * *i is moved past what was taken. -1: go on; else an exit status. */
static int long_option(int argc, char **argv, int *i, struct options *o)
{
    const char *a = argv[*i];
    if (strcmp(a, "--json") == 0) {
        o->json = true;
        return -1;
    }
    if (strcmp(a, "--explain") == 0) {
        o->explain = true;
        if (*i + 1 < argc && argv[*i + 1][0] != '-' && argv[*i + 1][0] != '/')
            o->explain_arg = argv[++*i];
        return -1;
    }
    if (strcmp(a, "--help") == 0) {
        usage_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(a, "--version") == 0) {
        usage_version(stdout);
        return EXIT_OK;
    }
    char name[16];
    size_t len = strcspn(a + 2, "=");
    int fk = -1;
    if (len > 0 && len < sizeof(name)) {
        memcpy(name, a + 2, len);
        name[len] = '\0';
        fk = filter_kind_of(name);
    }
    if (fk < 0)
        return bad("netstat: unknown option %s", a);
    const char *eq = strchr(a, '=');
    const char *value = eq ? eq + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
    if (!value) {
        fprintf(stderr, "netstat: option '--%s' requires an argument\n", name);
        return EXIT_USAGE;
    }
    char err[512];
    if (filter_add(&o->filter, (enum filter_kind)fk, value, err, sizeof(err)) < 0) {
        fprintf(stderr, "netstat: --%s: %s\n", filter_option_name((enum filter_kind)fk), err);
        return EXIT_USAGE;
    }
    return -1;
}

static int parse(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof(*o));
    o->extend = 1;
    o->delay = 1;
    o->source = SOURCE_AUTO;
    const struct proto_name *proto = NULL;
    bool want_proto = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (want_proto) {
            want_proto = false;
            if (!(proto = proto_lookup(a)))
                return bad("netstat: unknown protocol %s", a);
            continue;
        }
        if (a[0] == '-' && a[1] == '-') {
            int rc = long_option(argc, argv, &i, o);
            if (rc >= 0)
                return rc;
            continue;
        }
        if (a[0] != '-' && a[0] != '/') {
            if (o->cont)
                return bad("netstat: one interval only: %s", a);
            if (!cli_seconds(a, &o->delay))
                return bad("netstat: not an option or an interval: %s", a);
            o->cont = 1;
            continue;
        }
        if (!a[1])
            return bad("netstat: not an option: %s", a);
        for (const char *c = a + 1; *c; c++) {
            switch (*c) {
            case 'a':
            case 'A':
                o->all = 1;
                break;
            case 'b':
            case 'B':
                o->image = true;
                break;
            case 'e':
            case 'E':
                o->iface = 1;
                break;
            case 'f':
            case 'F':
                o->fqdn = true;
                break;
            case 'i':
            case 'I':
                break; /* time in state: IP Helper does not tell it */
            case 'n':
            case 'N':
                o->numeric = NUM_HOST | NUM_PORT;
                break;
            case 'o':
            case 'O':
                o->pid_column = true;
                break;
            case 'p':
            case 'P':
                if (c[1]) { /* -ptcp */
                    if (!(proto = proto_lookup(c + 1)))
                        return bad("netstat: unknown protocol %s", c + 1);
                    c += strlen(c) - 1;
                } else {
                    want_proto = true;
                }
                break;
            case 'q':
            case 'Q':
                o->all = 1; /* bound, not listening sockets: none are shown (README) */
                break;
            case 'r':
            case 'R':
                o->route = 1;
                break;
            case 's':
            case 'S':
                o->stats = 1;
                break;
            case 't':
            case 'T':
                o->offload = true;
                break;
            case 'x':
            case 'X':
                o->netdirect = true;
                break;
            case 'y':
            case 'Y':
                break; /* connection templates: none on this system (README) */
            case '?':
            case 'h':
            case 'H':
                usage_help(stdout);
                return EXIT_OK;
            default: {
                char one[2] = {*c, '\0'};
                return bad("netstat: unknown option -%s", one);
            }
            }
        }
    }
    if (want_proto) {
        fprintf(stderr, "netstat: -p needs a protocol: TCP, UDP, TCPv6, UDPv6 (with -s also IP, "
                        "IPv6, ICMP, ICMPv6)\n");
        return EXIT_USAGE;
    }
    /* The sockets: TCP and UDP, both families; -p narrows them. */
    o->tcp = o->udp = 1;
    o->inet = o->inet6 = 1;
    if (proto) {
        if (o->stats) {
            o->stat_protos = proto->stats;
        } else if (!proto->tcp && !proto->udp) {
            fprintf(stderr,
                    "netstat: -p %s goes with -s; connections are TCP, UDP, TCPv6 or "
                    "UDPv6\n",
                    proto->name);
            return EXIT_USAGE;
        } else {
            o->tcp = proto->tcp;
            o->udp = proto->udp;
            o->inet = proto->v4;
            o->inet6 = proto->v6;
        }
    }
    o->flag_arg = o->tcp + o->udp;
    o->prog = o->image || o->pid_column;
    if (o->explain)
        o->prog = 1;
    /* JSON keeps the views' own documents; text takes Windows' layouts. */
    if (!o->json) {
        o->iface_totals = o->iface;
        o->proto_blocks = o->stats;
        o->route_print = o->route;
        if (o->iface_totals || o->proto_blocks || o->route_print)
            o->iface = o->stats = o->route = 0;
    }
    if (o->filter.present && (o->iface || o->route || o->stats || o->iface_totals ||
                              o->proto_blocks || o->route_print)) {
        fprintf(stderr, "netstat: the filters (--port, --state, ...) select connections; -r, -e "
                        "and -s list none\n");
        return EXIT_USAGE;
    }
    /* --state picks the states itself, as -a does */
    if (filter_has(&o->filter, FK_STATE))
        o->all = 1;
    return -1;
}

int options_parse(int argc, char **argv, struct options *o)
{
    int rc = parse(argc, argv, o);
    if (rc >= 0)
        filter_free(&o->filter);
    return rc;
}
