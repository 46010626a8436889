#include "cli/options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/seconds.h"
#include "cli/usage.h"

/* Address family names accepted by -A and as long options. */
struct af_name {
    const char *alias;
    const char *name; /* canonical */
    size_t offset;    /* of the int flag in struct options */
};

#define AF(a, n, field)                                                                            \
    {                                                                                              \
        a, n, offsetof(struct options, field)                                                      \
    }
static const struct af_name af_names[] = {
    AF("inet", "inet", inet),
    AF("ip", "inet", inet),
    AF("tcpip", "inet", inet),
    AF("inet6", "inet6", inet6),
    AF("unix", "unix", unix_),
    AF("ipx", "ipx", ipx),
    AF("ax25", "ax25", ax25),
    AF("netrom", "netrom", netrom),
    AF("x25", "x25", x25),
    AF("rose", "rose", rose),
    AF("ddp", "ddp", ddp),
    AF("appletalk", "ddp", ddp),
    AF("econet", "ec", econet),
    AF("ash", "ash", ash),
    AF("bluetooth", "bluetooth", bluetooth),
};
#undef AF

static int *af_flag(struct options *o, const struct af_name *a)
{
    return (int *)(void *)((char *)o + a->offset);
}

/* One or more comma-separated family names; 1 on an unknown one. */
static int af_select(struct options *o, const char *list)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const struct af_name *hit = NULL;
        for (size_t i = 0; i < sizeof(af_names) / sizeof(af_names[0]); i++)
            if (strlen(af_names[i].alias) == len && strncmp(af_names[i].alias, p, len) == 0)
                hit = &af_names[i];
        if (!hit) {
            fprintf(stderr, "Unknown address family `%.*s'.\n", (int)len, p);
            return 1;
        }
        (*af_flag(o, hit))++;
        if (o->n_afname < (int)(sizeof(o->afname) / sizeof(o->afname[0])))
            o->afname[o->n_afname++] = hit->name;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

enum {
    OPT_AF = 1,
    OPT_NUM_HOSTS = '!',
    OPT_NUM_PORTS = '@',
    OPT_NUM_USERS = '#',
};

/* The long options net-tools has, in its order, so abbreviations and
 * getopt's messages come out the same. The address-family options come
 * first and share the value OPT_AF; "tcpip" sits past their range, as in
 * net-tools, where it is reported as an internal error and ignored. */
static const struct option longopts[] = {
    {"ax25", 0, 0, OPT_AF},
    {"ip", 0, 0, OPT_AF},
    {"ipx", 0, 0, OPT_AF},
    {"appletalk", 0, 0, OPT_AF},
    {"netrom", 0, 0, OPT_AF},
    {"inet", 0, 0, OPT_AF},
    {"inet6", 0, 0, OPT_AF},
    {"ddp", 0, 0, OPT_AF},
    {"unix", 0, 0, OPT_AF},
    {"x25", 0, 0, OPT_AF},
    {"rose", 0, 0, OPT_AF},
    {"bluetooth", 0, 0, OPT_AF},
    {"tcpip", 0, 0, OPT_AF},
    {"version", 0, 0, 'V'},
    {"interfaces", 0, 0, 'i'},
    {"help", 0, 0, 'h'},
    {"route", 0, 0, 'r'},
    {"masquerade", 0, 0, 'M'},
    {"protocol", 1, 0, 'A'},
    {"tcp", 0, 0, 't'},
    {"sctp", 0, 0, 'S'},
    {"udp", 0, 0, 'u'},
    {"udplite", 0, 0, 'U'},
    {"raw", 0, 0, 'w'},
    {"unix", 0, 0, 'x'},
    {"l2cap", 0, 0, '2'},
    {"rfcomm", 0, 0, 'f'},
    {"listening", 0, 0, 'l'},
    {"all", 0, 0, 'a'},
    {"timers", 0, 0, 'o'},
    {"continuous", 0, 0, 'c'},
    {"extend", 0, 0, 'e'},
    {"programs", 0, 0, 'p'},
    {"verbose", 0, 0, 'v'},
    {"statistics", 0, 0, 's'},
    {"wide", 0, 0, 'W'},
    {"numeric", 0, 0, 'n'},
    {"numeric-hosts", 0, 0, OPT_NUM_HOSTS},
    {"numeric-ports", 0, 0, OPT_NUM_PORTS},
    {"numeric-users", 0, 0, OPT_NUM_USERS},
    {"symbolic", 0, 0, 'N'},
    {"cache", 0, 0, 'C'},
    {"fib", 0, 0, 'F'},
    {"groups", 0, 0, 'g'},
    {"context", 0, 0, 'Z'},
    {"json", 0, 0, 'j'},
    {NULL, 0, 0, 0},
};

#define AF_OPTS_END 12 /* index of "tcpip" */

/* A filter option as a whole word ("--port" or "--port=..."): its kind,
 * or -1. */
static int filter_option(const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return -1;
    char name[16];
    size_t len = strcspn(arg + 2, "=");
    if (len == 0 || len >= sizeof(name))
        return -1;
    memcpy(name, arg + 2, len);
    name[len] = '\0';
    return filter_kind_of(name);
}

/* The whole-word options beyond net-tools' that take no value: sets the
 * one arg names and returns true, or false when it names none. */
static bool word_option(const char *arg, struct options *o)
{
    static const struct {
        const char *name;
        unsigned detail;
        size_t flag; /* offset of a bool in struct options, or 0 */
    } words[] = {
        {"--info", DETAIL_TCP_INFO, 0},
        {"--memory", DETAIL_MEMORY, 0},
        {"--listen-queues", 0, offsetof(struct options, listen_queues)},
        {"--summary", 0, offsetof(struct options, summary)},
        {"--kill", 0, offsetof(struct options, kill)},
        {"--dry-run", 0, offsetof(struct options, dry_run)},
        {"--events", 0, offsetof(struct options, events)},
        {"--human", 0, offsetof(struct options, human)},
        {"--top", 0, offsetof(struct options, top)},
        {"--prometheus", 0, offsetof(struct options, prometheus)},
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (strcmp(arg, words[i].name) != 0)
            continue;
        o->detail |= words[i].detail;
        if (words[i].flag)
            *(bool *)((char *)o + words[i].flag) = true;
        return true;
    }
    return false;
}

/* A whole-word option with a value, "--NAME=V" or "--NAME V": the value
 * and how many words it took, or 0 when arg is not that option. With
 * optional set, "--NAME" alone is the option without a value (*value
 * NULL), and a following word is its value only if it is a number. */
static int value_option(int argc, char **argv, int i, const char *name, bool optional,
                        const char **value)
{
    size_t len = strlen(name);
    if (strncmp(argv[i], name, len) != 0)
        return 0;
    if (argv[i][len] == '=') {
        *value = argv[i] + len + 1;
        return 1;
    }
    if (argv[i][len] != '\0')
        return 0;
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (optional && (!next || next[strspn(next, "0123456789")] != '\0' || !*next)) {
        *value = NULL;
        return 1;
    }
    *value = next;
    return 2;
}

/* The options of issue-21's views that take values: --count N,
 * --rate[=SECS], --interface NAME, --textfile DIR. Returns the words
 * taken (0: none of them), or -1 after a message. */
static int valued_option(int argc, char **argv, int i, struct options *o)
{
    const char *v = NULL;
    int take;
    if ((take = value_option(argc, argv, i, "--count", false, &v)) > 0) {
        if (!v || !cli_count(v, &o->count)) {
            fprintf(stderr, "netstat: --count needs a number of refreshes, 1 or more\n");
            return -1;
        }
    } else if ((take = value_option(argc, argv, i, "--rate", true, &v)) > 0) {
        o->rate = 1;
        if (v && !cli_seconds(v, &o->rate)) {
            fprintf(stderr, "netstat: --rate=SECS: a whole number of seconds, 1 to 86400\n");
            return -1;
        }
    } else if ((take = value_option(argc, argv, i, "--interface", false, &v)) > 0) {
        if (!v || !*v) {
            fprintf(stderr, "netstat: --interface needs an interface name (or total)\n");
            return -1;
        }
        o->ifname = v;
    } else if ((take = value_option(argc, argv, i, "--textfile", false, &v)) > 0) {
        if (!v || !*v) {
            fprintf(stderr, "netstat: --textfile needs a directory (node_exporter's "
                            "--collector.textfile.directory)\n");
            return -1;
        }
        o->textfile = v;
    }
    return take;
}

static int parse(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof(*o));
    o->extend = 1; /* net-tools counts -e from 1 */
    o->delay = 1;
    o->source = SOURCE_AUTO;
    const char *src = getenv("NETSTAT_SOURCE");
    if (src && strcmp(src, "proc") == 0)
        o->source = SOURCE_PROC;
    else if (src && strcmp(src, "netlink") == 0)
        o->source = SOURCE_NETLINK;

    /* --explain is taken out before getopt sees the rest: in getopt's
     * table it would make net-tools' abbreviations "--e" and "--ex" (for
     * --extend) ambiguous. Only the whole word counts. So with --info
     * ("--in"), --memory ("--m", --masquerade), --listen-queues, --summary,
     * --kill, --dry-run and --events ("--e" again). */
    /* --netns likewise: it would make "--net" (for --netrom) ambiguous.
     * And the filters: "--d", "--st" and "--prog" keep net-tools' meaning
     * (only "--program" itself, no longer --programs, changes). */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0;) {
        int take = 0;
        int fk = filter_option(argv[i]);
        if (fk >= 0) {
            const char *name = filter_option_name((enum filter_kind)fk);
            const char *eq = strchr(argv[i], '=');
            const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
            if (!value) {
                fprintf(stderr, "netstat: option '--%s' requires an argument\n", name);
                return EXIT_USAGE;
            }
            char err[512];
            if (filter_add(&o->filter, (enum filter_kind)fk, value, err, sizeof(err)) < 0) {
                fprintf(stderr, "netstat: --%s: %s\n", name, err);
                return EXIT_USAGE;
            }
            take = eq ? 1 : 2;
        } else if (strcmp(argv[i], "--explain") == 0) {
            o->explain = true;
            take = 1;
        } else if (word_option(argv[i], o)) {
            take = 1;
        } else if ((take = valued_option(argc, argv, i, o)) < 0) {
            return EXIT_USAGE;
        } else if (strncmp(argv[i], "--netns=", 8) == 0) {
            o->netns = argv[i] + 8;
            take = 1;
        } else if (strcmp(argv[i], "--netns") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "netstat: option '--netns' requires an argument\n");
                usage_print(stderr);
                return EXIT_USAGE;
            }
            o->netns = argv[i + 1];
            take = 2;
        }
        if (take) {
            memmove(&argv[i], &argv[i + take], (size_t)(argc - i - take + 1) * sizeof(*argv));
            argc -= take;
        } else {
            i++;
        }
    }

    int c, lop;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "A:CFMacdeghijlnNoprsStuUvVWwx64?Z", longopts, &lop)) !=
           -1) {
        switch (c) {
        case OPT_AF:
            if (lop < 0 || lop >= AF_OPTS_END) {
                fprintf(stderr, "netstat.c: Internal Error `longopts 1 range'.\n");
                break;
            }
            if (af_select(o, longopts[lop].name))
                return EXIT_FAIL;
            break;
        case 'A':
            if (af_select(o, optarg))
                return EXIT_FAIL;
            break;
        case 'M':
            o->masq++;
            break;
        case 'a':
            o->all++;
            break;
        case 'l':
            o->listening++;
            break;
        case 'c':
            o->cont++;
            break;
        case 'd':
            o->debug++;
            break;
        case 'g':
            o->groups++;
            break;
        case 'e':
            o->extend++;
            break;
        case 'p':
            o->prog++;
            break;
        case 'i':
            o->iface++;
            break;
        case 'W':
            o->wide++;
            break;
        case 'n':
            o->numeric |= NUM_ALL;
            break;
        case OPT_NUM_HOSTS:
            o->numeric |= NUM_HOST;
            break;
        case OPT_NUM_PORTS:
            o->numeric |= NUM_PORT;
            break;
        case OPT_NUM_USERS:
            o->numeric |= NUM_USER;
            break;
        case 'N':
            o->symbolic = true;
            break;
        case 'C':
            o->cache = true;
            break;
        case 'F':
            o->fib = true;
            break;
        case 'o':
            o->timers++;
            break;
        case '6':
            af_select(o, "inet6");
            break;
        case '4':
            af_select(o, "inet");
            break;
        case 'V':
            usage_version(stdout);
            return EXIT_OK;
        case 'v':
            o->verbose = 1;
            break;
        case 'r':
            o->route++;
            break;
        case 't':
            o->tcp++;
            break;
        case 'S':
            o->sctp++;
            break;
        case 'u':
            o->udp++;
            break;
        case 'U':
            o->udplite++;
            break;
        case 'w':
            o->raw++;
            break;
        case '2':
            o->l2cap++;
            break;
        case 'f':
            o->rfcomm++;
            break;
        case 'x':
            af_select(o, "unix");
            break;
        case 'Z':
            if (!platform_selinux_enabled())
                fprintf(stderr, "SELinux is not enabled on this machine.\n");
            else
                fprintf(stderr, "netstat: SELinux contexts are not supported.\n");
            return EXIT_FAIL;
        case 'h':
            usage_help(stdout);
            return EXIT_OK;
        case 's':
            o->stats++;
            break;
        case 'j':
            o->json = true;
            break;
        case '?':
        default:
            usage_print(stderr);
            return EXIT_USAGE;
        }
    }

    /* A number after -c is the refresh delay in seconds (net-tools
     * ignores operands and always waits one second). */
    if (o->explain && optind < argc)
        o->explain_arg = argv[optind++];
    if (o->cont && optind < argc)
        cli_seconds(argv[optind], &o->delay);

    /* --rate and --interface are about interfaces: -i, said or not (net-tools
     * took "--interface" as short for --interfaces). */
    if ((o->rate || o->ifname) && !o->iface && !o->route && !o->masq && !o->stats)
        o->iface = 1;
    if (o->textfile)
        o->prometheus = true;
    if (o->iface + o->route + o->masq + o->stats > 1) {
        usage_print(stderr);
        return EXIT_USAGE;
    }
    if (o->netns && !*o->netns) {
        fprintf(stderr, "netstat: --netns needs a namespace: all, a name, a process id or a "
                        "path\n");
        return EXIT_USAGE;
    }
    if (o->netns && strcmp(o->netns, "all") == 0 &&
        (o->iface || o->route || o->masq || o->stats || o->groups)) {
        fprintf(stderr, "netstat: --netns all lists sockets; -r, -i, -s, -g and -M read one "
                        "namespace: name it (--netns NAME|PID|PATH)\n");
        return EXIT_USAGE;
    }

    if (o->rate && !o->iface) {
        fprintf(stderr, "netstat: --rate goes with -i: it shows interface traffic\n");
        return EXIT_USAGE;
    }
    if (o->ifname && !o->iface) {
        fprintf(stderr, "netstat: --interface NAME goes with -i\n");
        return EXIT_USAGE;
    }
    if (o->human && !o->rate && !o->top) {
        fprintf(stderr, "netstat: --human goes with --rate or --top\n");
        return EXIT_USAGE;
    }
    if (o->count && !o->cont && !o->rate && !o->top) {
        fprintf(stderr, "netstat: --count N counts refreshes: it goes with -c, --rate or --top\n");
        return EXIT_USAGE;
    }
    if (o->top && (o->iface || o->route || o->masq || o->stats || o->groups || o->explain ||
                   o->listen_queues || o->summary || o->kill || o->events || o->prometheus ||
                   o->json || o->netns)) {
        fprintf(stderr, "netstat: --top is a view of its own: it takes the socket kinds, "
                        "families, -n and the filters, not another view, --json or --netns\n");
        return EXIT_USAGE;
    }
    if (o->prometheus && (o->route || o->masq || o->groups || o->explain || o->listen_queues ||
                          o->kill || o->events || o->json || o->rate || o->detail)) {
        fprintf(stderr, "netstat: --prometheus writes -s, -i, --summary and the listeners "
                        "(-l) as metrics: not another view, nor --json\n");
        return EXIT_USAGE;
    }
    if (o->dry_run && !o->kill) {
        fprintf(stderr,
                "netstat: --dry-run goes with --kill: it shows what --kill would destroy\n");
        return EXIT_USAGE;
    }

    /* --state picks the states itself: all of them are candidates, as
     * with -a, unless -l narrows them to the listening ones. */
    if (filter_has(&o->filter, FK_STATE) && !o->listening)
        o->all = 1;

    if ((o->inet || o->inet6 || o->stats) && !(o->tcp || o->sctp || o->udp || o->udplite || o->raw))
        o->tcp = o->udp = o->udplite = o->raw = 1;
    if ((o->tcp || o->sctp || o->udp || o->udplite || o->raw || o->groups) &&
        !(o->inet || o->inet6))
        o->inet = o->inet6 = 1;
    if (o->bluetooth && !(o->l2cap || o->rfcomm))
        o->l2cap = o->rfcomm = 1;

    o->flag_arg = o->tcp + o->sctp + o->udplite + o->udp + o->raw + o->unix_ + o->ipx + o->ax25 +
                  o->netrom + o->groups + o->x25 + o->rose + o->l2cap + o->rfcomm;
    if (o->filter.present &&
        (o->iface || o->route || o->stats || (o->groups && o->flag_arg == o->groups))) {
        fprintf(stderr, "netstat: the filters (--port, --state, ...) select sockets and "
                        "connections; -r, -i, -s and -g list neither\n");
        return EXIT_USAGE;
    }
    return -1;
}

int options_parse(int argc, char **argv, struct options *o)
{
    int rc = parse(argc, argv, o);
    if (rc >= 0)
        filter_free(&o->filter);
    return rc;
}
