#include "views/listenq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"
#include "util/escape.h"
#include "util/grow.h"
#include "views/sockfilter.h"
#include "views/spaces.h"
#include "views/view_json.h"

struct listener {
    struct sock_rec s; /* points at nothing */
    uint32_t syn;      /* half-open connections (SYN_RECV) to it */
    size_t space;      /* its namespace: an index in run.sp */
};

struct counters {
    uint64_t overflows, drops;
    bool have;
};

/* What one namespace's counters were at the refresh before (-c). */
struct was {
    uint64_t inode; /* the namespace's; 0: netstat's own */
    struct counters c;
};

struct run {
    const struct options *o;
    struct spaces sp;
    struct platform *p; /* the namespace being read */
    size_t space;
    struct owners *owners;
    struct listener *v;
    size_t n, cap;
    /* SYN_RECV requests, matched to their listener after each namespace's dump */
    struct sock_rec *syn;
    size_t nsyn, capsyn, first; /* first: the namespace's first listener */
    struct counters *now;       /* per namespace */
    struct counters *was;       /* per namespace: of the refresh before, have false if none */
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
    r->v[r->n] = (struct listener){*s, 0, r->space};
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
        for (size_t k = r->first; k < r->n; k++) {
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

static void counters_text(const struct counters *now, const struct counters *was, FILE *out)
{
    fprintf(out, "ListenOverflows: %llu", (unsigned long long)now->overflows);
    if (was->have)
        fprintf(out, " (+%llu)", (unsigned long long)(now->overflows - was->overflows));
    fprintf(out, "  ListenDrops: %llu", (unsigned long long)now->drops);
    if (was->have)
        fprintf(out, " (+%llu)", (unsigned long long)(now->drops - was->drops));
    fputc('\n', out);
}

static void text(const struct run *r, FILE *out)
{
    bool labelled = r->sp.v[0].ns != NULL;
    fprintf(out, "Listen queues (Accept: waiting/maximum; SYN: half-open)\n");
    if (labelled)
        fprintf(out, "%-19s ", "Netns");
    fprintf(out, "Proto Accept          SYN    %-22s %s\n", "Local Address",
            r->o->prog ? "PID/Program name" : "");
    for (size_t i = 0; i < r->n; i++) {
        const struct sock_rec *s = &r->v[i].s;
        char addr[80], q[48], prog[VIEW_PROGRAM_MAX] = "";
        addr_text(s, addr, sizeof(addr));
        if (s->backlog)
            snprintf(q, sizeof(q), "%llu/%u", (unsigned long long)s->rxq, s->backlog);
        else
            snprintf(q, sizeof(q), "%llu/?", (unsigned long long)s->rxq);
        if (r->o->prog)
            view_program_text(r->owners, s, prog);
        if (labelled)
            fprintf(out, "%-19s ", r->sp.v[r->v[i].space].label);
        fprintf(out, "%-5s %-15s %-6u %-22s %s\n", s->family == FAM_INET6 ? "tcp6" : "tcp", q,
                r->v[i].syn, addr, prog);
    }
    for (size_t k = 0; k < r->sp.n; k++) {
        if (!r->now[k].have)
            continue;
        if (labelled)
            fprintf(out, "%s: ", r->sp.v[k].label);
        counters_text(&r->now[k], &r->was[k], out);
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct sock_rec *s = &r->v[i].s;
        if (!queue_full(s))
            continue;
        char addr[80];
        addr_text(s, addr, sizeof(addr));
        if (labelled)
            fprintf(out, "%s: ", r->sp.v[r->v[i].space].label);
        fprintf(out,
                "%s: the accept queue is full (%llu waiting, at most %u): the kernel drops new "
                "connections until the program accepts.\n",
                addr, (unsigned long long)s->rxq, s->backlog);
    }
}

static void counters_json(struct json *j, const struct counters *now, const struct counters *was)
{
    json_key(j, "counters");
    if (!now->have) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    json_kv_u64(j, "listen_overflows", now->overflows);
    json_kv_u64(j, "listen_drops", now->drops);
    json_key(j, "since_last");
    if (was->have) {
        json_object_begin(j);
        json_kv_u64(j, "listen_overflows", now->overflows - was->overflows);
        json_kv_u64(j, "listen_drops", now->drops - was->drops);
        json_object_end(j);
    } else {
        json_null(j);
    }
    json_object_end(j);
}

static void json(const struct run *r, struct platform *own, FILE *out)
{
    bool labelled = r->sp.v[0].ns != NULL;
    struct json j;
    json_init(&j, out);
    json_object_begin(&j);
    json_kv_string(&j, "view", "listen_queues");
    view_json_netns(&j, own);
    json_key(&j, "listeners");
    json_array_begin(&j);
    for (size_t i = 0; i < r->n; i++) {
        const struct sock_rec *s = &r->v[i].s;
        char a[64];
        view_json_addr(s->family, &s->laddr, a, sizeof(a));
        json_object_begin(&j);
        if (labelled)
            view_json_netns_member(&j, r->sp.v[r->v[i].space].ns);
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
    if (labelled) {
        /* Each namespace counts for itself. */
        json_kv_string(&j, "counters", NULL);
        json_key(&j, "namespaces");
        json_array_begin(&j);
        for (size_t k = 0; k < r->sp.n; k++) {
            if (!r->sp.v[k].p)
                continue; /* not read */
            json_object_begin(&j);
            view_json_netns_member(&j, r->sp.v[k].ns);
            counters_json(&j, &r->now[k], &r->was[k]);
            json_object_end(&j);
        }
        json_array_end(&j);
    } else {
        counters_json(&j, &r->now[0], &r->was[0]);
    }
    json_object_end(&j);
    json_end_document(&j);
}

/* One namespace's listeners, their half-open requests and its counters. */
static int read_space(struct run *r)
{
    /* The filter goes to the kernel too (the half-open requests share
     * their listener's port and address). */
    static const enum sock_table tables[] = {TABLE_TCP4, TABLE_TCP6};
    r->first = r->n;
    r->nsyn = 0;
    for (size_t i = 0; i < 2; i++) {
        struct gather_req req = {
            tables[i],     1u << ST_LISTEN | 1u << ST_SYN_RECV | 1u << ST_NEW_SYN_RECV,
            false,         NULL,
            &r->o->filter, 0};
        int g = platform_sockets(r->p, &req, visit, r);
        if (g < 0 && g != -ENOENT)
            return g;
    }
    count_syn(r);
    platform_snmp(r->p, SNMP_EXT, counter_visit, &r->now[r->space]);
    return 0;
}

int listenq_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out)
{
    /* Each namespace's counters at the refresh before (-c), by inode. */
    static struct was *was;
    static size_t nwas;
    struct run r = {.o = o};
    if (spaces_init(&r.sp, p, nss, o->source) < 0) {
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    size_t n = r.sp.n ? r.sp.n : 1;
    r.now = calloc(n, sizeof(*r.now));
    r.was = calloc(n, sizeof(*r.was));
    int rc = r.now && r.was ? 0 : -ENOMEM;
    if (!rc)
        r.owners = view_owners_load(o, true);
    for (size_t k = 0; k < r.sp.n && !rc; k++) {
        r.space = k;
        if (!(r.p = spaces_open(&r.sp, k, out)))
            continue;
        int g = read_space(&r);
        if (g < 0 && r.sp.v[k].ns && r.sp.n > 1) {
            fflush(out);
            fprintf(stderr, "netstat: network namespace %s: cannot read sockets: %s\n",
                    r.sp.v[k].label, strerror(-g));
            r.sp.failed = true;
        } else if (g < 0) {
            rc = g;
        }
    }
    uint64_t *inodes = calloc(n, sizeof(*inodes));
    if (!inodes && !rc)
        rc = -ENOMEM;
    for (size_t k = 0; !rc && k < r.sp.n; k++) {
        inodes[k] = r.sp.v[k].ns ? r.sp.v[k].ns->inode : 0;
        for (size_t w = 0; w < nwas; w++)
            if (was[w].inode == inodes[k])
                r.was[k] = was[w].c;
    }
    if (!rc) {
        if (o->json)
            json(&r, p, out);
        else
            text(&r, out);
        spaces_note(&r.sp, nss, out);
        /* Kept for the next refresh. */
        struct was *keep = realloc(was, n * sizeof(*was));
        if (keep) {
            was = keep;
            nwas = r.sp.n;
            for (size_t k = 0; k < r.sp.n; k++)
                was[k] = (struct was){inodes[k], r.now[k]};
        }
    }
    bool failed = r.sp.failed;
    free(inodes);
    free(r.v);
    free(r.syn);
    free(r.now);
    free(r.was);
    platform_owners_free(r.owners);
    spaces_free(&r.sp);
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot read sockets: %s\n", strerror(-rc));
        return EXIT_FAIL;
    }
    return failed ? EXIT_FAIL : EXIT_OK;
}
