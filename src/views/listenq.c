#include "views/listenq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"
#include "util/escape.h"
#include "util/grow.h"
#include "views/sockfilter.h"
#include "views/view_json.h"

struct listener {
    struct sock_rec s; /* points at nothing */
    uint32_t syn;      /* half-open connections (SYN_RECV) to it */
};

struct run {
    const struct options *o;
    struct platform *p;
    struct owners *owners;
    struct listener *v;
    size_t n, cap;
    /* SYN_RECV requests, matched to their listener after the dump */
    struct sock_rec *syn;
    size_t nsyn, capsyn;
};

static int visit(const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    if (s->state == ST_SYN_RECV) {
        if (grow((void **)&r->syn, &r->capsyn, r->nsyn + 1, sizeof(*r->syn)) < 0)
            return -ENOMEM;
        r->syn[r->nsyn] = *s;
        r->syn[r->nsyn++].detail = NULL;
        return 0;
    }
    if (s->state != ST_LISTEN || !sock_filter_pass(&r->o->filter, r->owners, r->p, s))
        return 0;
    if (grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)) < 0)
        return -ENOMEM;
    r->v[r->n] = (struct listener){*s, 0};
    r->v[r->n++].s.detail = NULL;
    return 0;
}

/* Which listener a half-open connection waits on: the one on its port
 * and address, else the wildcard one on its port (an IPv4 request
 * reaches an IPv6 wildcard listener as a v4-mapped address). */
static void count_syn(struct run *r)
{
    for (size_t i = 0; i < r->nsyn; i++) {
        const struct sock_rec *q = &r->syn[i];
        struct listener *best = NULL;
        for (size_t k = 0; k < r->n; k++) {
            struct listener *l = &r->v[k];
            if (l->s.lport != q->lport)
                continue;
            if (l->s.family == q->family && memcmp(&l->s.laddr, &q->laddr, sizeof(q->laddr)) == 0) {
                best = l;
                break;
            }
            if (sock_addr_is_any(l->s.family, &l->s.laddr) &&
                (l->s.family == q->family || l->s.family == FAM_INET6) && !best)
                best = l;
        }
        if (best)
            best->syn++;
    }
}

struct counters {
    uint64_t overflows, drops;
    bool have;
};

static int counter_visit(const char *section, const char *name, uint64_t value, void *ctx)
{
    struct counters *c = ctx;
    if (strcmp(section, "TcpExt") != 0)
        return 0;
    if (strcmp(name, "ListenOverflows") == 0) {
        c->overflows = value;
        c->have = true;
    } else if (strcmp(name, "ListenDrops") == 0) {
        c->drops = value;
        c->have = true;
    }
    return 0;
}

/* The full rule of the kernel (sk_acceptq_is_full): more waiting than
 * the backlog allows. */
static bool queue_full(const struct sock_rec *s)
{
    return s->backlog && s->rxq > s->backlog;
}

static void addr_text(const struct sock_rec *s, char *buf, size_t n)
{
    char a[64];
    view_json_addr(s->family, &s->laddr, a, sizeof(a));
    snprintf(buf, n, "%s:%u", a, (unsigned)s->lport);
}

static void program(const struct run *r, const struct sock_rec *s, char *buf)
{
    struct owner first;
    if (!r->owners || platform_owners_find(r->owners, s, &first, 1) == 0) {
        strcpy(buf, "-");
        return;
    }
    char raw[64];
    snprintf(raw, sizeof(raw), "%d/%s", first.pid, first.name);
    escape_term(raw, strlen(raw), buf);
}

static void text(const struct run *r, const struct counters *now, const struct counters *was,
                 FILE *out)
{
    fprintf(out, "Listen queues (Accept: waiting/maximum; SYN: half-open)\n");
    fprintf(out, "Proto Accept          SYN    %-22s %s\n", "Local Address",
            r->o->prog ? "PID/Program name" : "");
    for (size_t i = 0; i < r->n; i++) {
        const struct sock_rec *s = &r->v[i].s;
        char addr[80], q[48], prog[ESCAPE_TERM_MAX(64)] = "";
        addr_text(s, addr, sizeof(addr));
        if (s->backlog)
            snprintf(q, sizeof(q), "%llu/%u", (unsigned long long)s->rxq, s->backlog);
        else
            snprintf(q, sizeof(q), "%llu/?", (unsigned long long)s->rxq);
        if (r->o->prog)
            program(r, s, prog);
        fprintf(out, "%-5s %-15s %-6u %-22s %s\n", s->family == FAM_INET6 ? "tcp6" : "tcp", q,
                r->v[i].syn, addr, prog);
    }
    if (now->have) {
        fprintf(out, "ListenOverflows: %llu", (unsigned long long)now->overflows);
        if (was->have)
            fprintf(out, " (+%llu)", (unsigned long long)(now->overflows - was->overflows));
        fprintf(out, "  ListenDrops: %llu", (unsigned long long)now->drops);
        if (was->have)
            fprintf(out, " (+%llu)", (unsigned long long)(now->drops - was->drops));
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct sock_rec *s = &r->v[i].s;
        if (!queue_full(s))
            continue;
        char addr[80];
        addr_text(s, addr, sizeof(addr));
        fprintf(out,
                "%s: the accept queue is full (%llu waiting, at most %u): the kernel drops new "
                "connections until the program accepts.\n",
                addr, (unsigned long long)s->rxq, s->backlog);
    }
}

static void json(const struct run *r, const struct counters *now, const struct counters *was,
                 FILE *out)
{
    struct json j;
    json_init(&j, out);
    json_object_begin(&j);
    json_kv_string(&j, "view", "listen_queues");
    view_json_netns(&j, r->p);
    json_key(&j, "listeners");
    json_array_begin(&j);
    for (size_t i = 0; i < r->n; i++) {
        const struct sock_rec *s = &r->v[i].s;
        char a[64];
        view_json_addr(s->family, &s->laddr, a, sizeof(a));
        json_object_begin(&j);
        json_kv_string(&j, "protocol", "tcp");
        json_kv_string(&j, "family", s->family == FAM_INET6 ? "inet6" : "inet");
        json_key(&j, "local");
        json_object_begin(&j);
        json_kv_string(&j, "address", a);
        json_kv_u64(&j, "port", s->lport);
        json_object_end(&j);
        json_kv_u64(&j, "accept_queue", s->rxq);
        json_key(&j, "accept_queue_max");
        if (s->backlog)
            json_u64(&j, s->backlog);
        else
            json_null(&j);
        json_kv_u64(&j, "syn_queue", r->v[i].syn);
        json_kv_bool(&j, "full", queue_full(s));
        json_key(&j, "processes");
        if (r->owners)
            view_json_processes(&j, r->owners, s);
        else
            json_null(&j);
        json_object_end(&j);
    }
    json_array_end(&j);
    json_key(&j, "counters");
    if (now->have) {
        json_object_begin(&j);
        json_kv_u64(&j, "listen_overflows", now->overflows);
        json_kv_u64(&j, "listen_drops", now->drops);
        json_key(&j, "since_last");
        if (was->have) {
            json_object_begin(&j);
            json_kv_u64(&j, "listen_overflows", now->overflows - was->overflows);
            json_kv_u64(&j, "listen_drops", now->drops - was->drops);
            json_object_end(&j);
        } else {
            json_null(&j);
        }
        json_object_end(&j);
    } else {
        json_null(&j);
    }
    json_object_end(&j);
    json_end_document(&j);
}

int listenq_view(const struct options *o, struct platform *p, FILE *out)
{
    /* The counters of the refresh before (-c). */
    static struct counters was;
    struct run r = {.o = o, .p = p};
    int rc = 0;
    if (o->prog || filter_needs_owners(&o->filter)) {
        bool denied, none;
        if (platform_owners_load(&r.owners, &denied, &none) < 0)
            r.owners = NULL;
        else if (none || denied)
            fprintf(stderr, "(Not all processes could be identified: run as root to see them "
                            "all.)\n");
    }
    /* The filter goes to the kernel too (the half-open requests share
     * their listener's port and address). */
    static const enum sock_table tables[] = {TABLE_TCP4, TABLE_TCP6};
    for (size_t i = 0; i < 2 && !rc; i++) {
        struct gather_req req = {
            tables[i],  1u << ST_LISTEN | 1u << ST_SYN_RECV | 1u << ST_NEW_SYN_RECV,
            false,      NULL,
            &o->filter, 0};
        int g = platform_sockets(p, &req, visit, &r);
        if (g < 0 && g != -ENOENT)
            rc = g;
    }
    count_syn(&r);
    struct counters now = {0};
    platform_snmp(p, SNMP_EXT, counter_visit, &now);
    if (!rc) {
        if (o->json)
            json(&r, &now, &was, out);
        else
            text(&r, &now, &was, out);
    }
    was = now;
    free(r.v);
    free(r.syn);
    platform_owners_free(r.owners);
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot read sockets: %s\n", strerror(-rc));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
