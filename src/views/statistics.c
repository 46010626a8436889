#include "views/statistics.h"

#include <errno.h>
#include <string.h>

#include "render/json.h"
#include "views/stat_tables.h"
#include "views/view_json.h"

struct table_ref {
    const char *section;
    const struct stat_entry *tab;
    const size_t *n;
    int filter; /* which -t/-u/-w/-S flag shows it; 0: always shown */
};

enum { F_ALWAYS, F_RAW, F_TCP, F_UDP, F_SCTP };

static const struct table_ref v4_tables[] = {
    {"Ip", stat_ip, &stat_ip_n, F_RAW},
    {"Icmp", stat_icmp, &stat_icmp_n, F_RAW},
    {"Tcp", stat_tcp, &stat_tcp_n, F_TCP},
    {"Udp", stat_udp, &stat_udp_n, F_UDP},
    {"TcpExt", stat_tcpext, &stat_tcpext_n, F_TCP},
    {"Sctp", stat_sctp, &stat_sctp_n, F_SCTP},
};

static const struct table_ref v6_tables[] = {
    {"Ip6", stat_ip6, &stat_ip6_n, F_RAW},
    {"Icmp6", stat_icmp6, &stat_icmp6_n, F_RAW},
    {"Udp6", stat_udp6, &stat_udp6_n, F_UDP},
    {"Tcp", stat_tcp, &stat_tcp_n, F_TCP},
};

/* Indentation per kind, and the histogram titles. */
static const int indent[] = {4, 4, 4, 8, 8, 4};

struct run {
    const struct options *o;
    FILE *out;
    const struct table_ref *refs;
    size_t n_refs;
    const char *only; /* print this section only (or NULL) */
    char section[64]; /* the section being printed */
    bool shown;       /* whether it passes the filters */
    const struct table_ref *table;
    unsigned state;  /* the kind printed last, net-tools' layout state */
    struct json *j;  /* --json, else NULL */
    bool in_section; /* a JSON section object is open */
};

/* A kernel counter name in snake_case: "InReceives" -> "in_receives",
 * "TCPLostRetransmit" -> "tcp_lost_retransmit", "Ip6InHdrErrors" ->
 * "ip6_in_hdr_errors". */
void statistics_key(const char *name, char *out, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; name[i] && k + 2 < n; i++) {
        char c = name[i];
        bool upper = c >= 'A' && c <= 'Z';
        if (upper && i > 0) {
            char prev = name[i - 1], next = name[i + 1];
            bool prev_lower_or_digit = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
            bool prev_upper = prev >= 'A' && prev <= 'Z';
            /* A plural 's' after an acronym stays with it: "ReasmOKs". */
            char after = next ? name[i + 2] : '\0';
            bool plural = next == 's' && (after == '\0' || (after >= 'A' && after <= 'Z'));
            bool next_lower = next >= 'a' && next <= 'z' && !plural;
            if (prev_lower_or_digit || (prev_upper && next_lower))
                out[k++] = '_';
        }
        out[k++] = upper ? (char)(c - 'A' + 'a') : c;
    }
    out[k] = '\0';
}

static bool filter_on(const struct options *o, int f)
{
    switch (f) {
    case F_RAW:
        return o->raw;
    case F_TCP:
        return o->tcp;
    case F_UDP:
        return o->udp;
    case F_SCTP:
        return o->sctp;
    default:
        return true;
    }
}

/* net-tools' lookup: a binary search by strcmp over the table in its own
 * order; a counter it misses is printed by name. */
static const struct stat_entry *lookup(const struct table_ref *t, const char *name)
{
    if (!t)
        return NULL;
    size_t lo = 0, hi = *t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, t->tab[mid].title);
        if (c < 0)
            hi = mid;
        else if (c > 0)
            lo = mid + 1;
        else
            return &t->tab[mid];
    }
    return NULL;
}

/* The sentence with the number where "%llu" stands. */
static void put_sentence(FILE *out, int ind, const char *fmt, uint64_t v)
{
    const char *mark = strstr(fmt, "%llu");
    fprintf(out, "%*s", ind, "");
    if (!mark) {
        fputs(fmt, out);
    } else {
        fwrite(fmt, 1, (size_t)(mark - fmt), out);
        fprintf(out, "%llu%s", (unsigned long long)v, mark + 4);
    }
    fputc('\n', out);
}

static void print_counter(struct run *r, const char *name, uint64_t v)
{
    const struct stat_entry *e = lookup(r->table, name);
    if (!e) {
        if (v)
            fprintf(r->out, "%*s%s: %llu\n", indent[r->state], "", name, (unsigned long long)v);
        return;
    }
    unsigned kind = e->kind;
    if ((kind & SK_STATIC) || e->out[0] == '\0')
        return;
    if (kind & SK_TITLE) {
        kind &= ~(unsigned)SK_TITLE;
        if (r->state != kind)
            fprintf(r->out, "%*s%s\n", indent[r->state], "",
                    kind == SK_IN_HIST ? "ICMP input histogram:" : "ICMP output histogram:");
    }
    bool print = false;
    switch (kind) {
    case SK_OPT_NUMBER:
        print = v != 0;
        break;
    case SK_NUMBER:
        print = true;
        break;
    case SK_IN_HIST:
    case SK_OUT_HIST:
        print = v > 0;
        break;
    default:
        break;
    }
    if (print)
        put_sentence(r->out, indent[kind], e->out, v);
    r->state = kind;
}

/* A new section: its table (net-tools' wording, if it knows it) and
 * whether the filters show it; the text heading or the JSON object. */
static void enter_section(struct run *r, const char *section)
{
    snprintf(r->section, sizeof(r->section), "%s", section);
    r->table = NULL;
    int filter = F_ALWAYS;
    for (size_t i = 0; i < r->n_refs; i++)
        if (strcmp(r->refs[i].section, section) == 0) {
            r->table = &r->refs[i];
            filter = r->refs[i].filter;
            /* A section net-tools knows starts its layout afresh, shown or
             * not; others carry the indentation on. */
            r->state = SK_NUMBER;
        }
    r->shown = filter_on(r->o, filter);
    if (!r->j) {
        if (r->shown)
            fprintf(r->out, "%s:\n", section);
        return;
    }
    if (r->in_section)
        json_object_end(r->j);
    r->in_section = r->shown;
    if (r->shown) {
        char key[128];
        statistics_key(section, key, sizeof(key));
        json_key(r->j, key);
        json_object_begin(r->j);
    }
}

/* JSON: a counter as a member; a value the kernel printed negative (Tcp
 * MaxConn is -1) stays negative. */
static void counter_json(struct run *r, const char *name, uint64_t v)
{
    char key[128];
    statistics_key(name, key, sizeof(key));
    json_key(r->j, key);
    if (v > (uint64_t)INT64_MAX)
        json_i64(r->j, (int64_t)v);
    else
        json_u64(r->j, v);
}

static int counter(const char *section, const char *name, uint64_t v, void *ctx)
{
    struct run *r = ctx;
    if (r->only && strcmp(section, r->only) != 0)
        return 0;
    if (strcmp(section, r->section) != 0)
        enter_section(r, section);
    if (r->shown && r->j)
        counter_json(r, name, v);
    else if (r->shown)
        print_counter(r, name, v);
    return ferror(r->out) ? -EIO : 0;
}

static int read_source(struct run *r, struct platform *p, enum snmp_source which, const char *path)
{
    r->section[0] = '\0';
    int rc = platform_snmp(p, which, counter, r);
    if (r->in_section) {
        json_object_end(r->j);
        r->in_section = false;
    }
    if (rc == -ENOENT && which == SNMP_IPV4) {
        /* net-tools' words; unlike net-tools, the run fails */
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(ENOENT));
        return 1;
    }
    if (rc == -EBADMSG) {
        fprintf(stderr, "error parsing %s\n", path);
        return 0;
    }
    return rc == -ENOENT ? 0 : rc;
}

int statistics_view(const struct options *o, struct platform *p, FILE *out)
{
    /* The families named, joined as net-tools joins them; inet by default. */
    char af[128] = "";
    for (int i = 0; i < o->n_afname; i++) {
        if (i)
            strncat(af, ",", sizeof(af) - strlen(af) - 1);
        strncat(af, o->afname[i], sizeof(af) - strlen(af) - 1);
    }
    if (!af[0])
        strcpy(af, "inet");

    struct run r = {.o = o, .out = out};
    struct json j;
    bool known = strcmp(af, "inet") == 0 || strcmp(af, "inet6") == 0;
    if (o->json && known) {
        r.j = &j;
        json_init(&j, out);
        json_object_begin(&j);
        json_kv_string(&j, "view", "statistics");
        view_json_netns(&j, p);
        json_kv_string(&j, "family", af);
        json_key(&j, "sections");
        json_object_begin(&j);
    }
    int rc = 0;
    if (strcmp(af, "inet") == 0) {
        r.refs = v4_tables;
        r.n_refs = sizeof(v4_tables) / sizeof(v4_tables[0]);
        rc = read_source(&r, p, SNMP_IPV4, "/proc/net/snmp");
        if (!rc)
            rc = read_source(&r, p, SNMP_EXT, "/proc/net/netstat");
        if (!rc && o->sctp)
            rc = read_source(&r, p, SNMP_SCTP, "/proc/net/sctp/snmp");
    } else if (strcmp(af, "inet6") == 0) {
        r.refs = v6_tables;
        r.n_refs = sizeof(v6_tables) / sizeof(v6_tables[0]);
        rc = read_source(&r, p, SNMP_IPV6, "/proc/net/snmp6");
        /* IPv6 has no TCP counters of its own: net-tools shows Tcp. */
        r.only = "Tcp";
        if (!rc)
            rc = read_source(&r, p, SNMP_IPV4, "/proc/net/snmp");
    } else {
        fprintf(out, "netstat: No statistics support for specified address family: %s\n", af);
        return EXIT_FAIL;
    }
    if (r.j) {
        json_object_end(&j);
        json_object_end(&j);
        json_end_document(&j);
    }
    if (rc < 0 && !ferror(out)) {
        fprintf(stderr, "netstat: cannot read statistics: %s\n", strerror(-rc));
        return EXIT_FAIL;
    }
    return rc > 0 ? EXIT_FAIL : EXIT_OK;
}
