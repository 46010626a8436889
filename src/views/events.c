#include "views/events.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "render/json.h"
#include "util/grow.h"
#include "views/sockets_json.h"
#include "views/sockfilter.h"
#include "views/spaces.h"
#include "views/view_json.h"

/* A socket of the last dump: its cookie (the kernel's identity of a
 * socket, never reused while it lives) and the inode its owners have. */
struct seen {
    uint64_t cookie, inode;
};

struct space_seen {
    struct seen *v; /* sorted by cookie */
    size_t n, cap;
};

struct run {
    struct options o; /* the caller's, numeric: names are not looked up */
    struct spaces sp;
    struct platform **ps; /* per namespace: subscribed, or NULL */
    FILE *out;
    struct json j;
    bool labelled;          /* --netns: each event names its namespace */
    struct owners *owners;  /* at the last dump (-p, --pid, --program) */
    struct space_seen *was; /* per namespace: the last dump */
    struct space_seen cur;  /* the dump being read */
    struct sock_rec *fresh; /* in it and not in the last one */
    size_t nfresh, capfresh;
    size_t space; /* the namespace being read */
};

static int by_cookie(const void *a, const void *b)
{
    const struct seen *x = a, *y = b;
    return x->cookie < y->cookie ? -1 : x->cookie > y->cookie;
}

static const struct seen *find_seen(const struct space_seen *s, uint64_t cookie)
{
    struct seen key = {cookie, 0};
    return s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), by_cookie) : NULL;
}

/* One event: a line, or a JSON document; written at once. */
static int report(struct run *r, const char *event, size_t space, const struct sock_rec *s)
{
    char when[VIEW_TIME_MAX];
    view_json_time_text(when, sizeof(when));
    const struct netns *ns = r->labelled ? r->sp.v[space].ns : NULL;
    if (r->o.json) {
        json_object_begin(&r->j);
        json_kv_string(&r->j, "view", "events");
        json_kv_string(&r->j, "event", event);
        json_kv_string(&r->j, "time", when);
        json_key(&r->j, "socket");
        struct sock_json_ctx c = {&r->o, NULL, r->owners, r->o.prog, &r->j, ns, NULL, NULL};
        sock_json_inet(&c, s);
        json_object_end(&r->j);
        json_end_document(&r->j);
    } else {
        char l[80], f[80], prog[VIEW_PROGRAM_MAX];
        view_endpoint_text(s->family, &s->laddr, s->lport, l, sizeof(l));
        view_endpoint_text(s->family, &s->raddr, s->rport, f, sizeof(f));
        const char *proto = s->proto == PROTO_TCP       ? "tcp"
                            : s->proto == PROTO_UDPLITE ? "udpl"
                                                        : "udp";
        fprintf(r->out, "%s ", when);
        if (ns)
            fprintf(r->out, "%s ", r->sp.v[space].label);
        fprintf(r->out, "%s %s%s %s %s %s", event, proto, s->family == FAM_INET6 ? "6" : "", l, f,
                s->proto == PROTO_TCP ? sock_state(s->state)->text : "-");
        if (r->o.prog) {
            view_program_text(r->owners, s, prog);
            fprintf(r->out, " %s", prog);
        }
        fputc('\n', r->out);
    }
    /* Each as it happens: a reader sees it at once. */
    return fflush(r->out) || ferror(r->out) ? -EIO : 0;
}

static int lost(struct run *r, size_t space)
{
    char when[VIEW_TIME_MAX];
    view_json_time_text(when, sizeof(when));
    fflush(r->out);
    fprintf(stderr,
            "netstat: %s: %s%sthe kernel dropped events (netstat fell behind): some sockets "
            "closed unreported\n",
            when, r->labelled ? r->sp.v[space].label : "", r->labelled ? ": " : "");
    if (r->o.json) {
        json_object_begin(&r->j);
        json_kv_string(&r->j, "view", "events");
        json_kv_string(&r->j, "event", "lost");
        json_kv_string(&r->j, "time", when);
        if (r->labelled)
            view_json_netns_member(&r->j, r->sp.v[space].ns);
        json_object_end(&r->j);
        json_end_document(&r->j);
    }
    return fflush(r->out) ? -EIO : 0;
}

/* Events and a dump's new sockets meet the whole filter here (platform
 * NULL: no clause is taken as the kernel's). */
static int closed(size_t space, const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    if (!s)
        return lost(r, space);
    /* The kernel sends a socket's last record when its file is gone:
     * its owners are those of the last dump, found by its inode then. */
    struct sock_rec c = *s;
    const struct seen *was = r->was ? find_seen(&r->was[space], s->cookie) : NULL;
    if (was && !c.inode)
        c.inode = was->inode;
    if (!sock_filter_pass(&r->o.filter, r->owners, NULL, &c))
        return 0;
    return report(r, "closed", space, &c);
}

/* A dump's socket: kept, and held for an "opened" event when the last
 * dump had it not. */
static int dumped(const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    if (grow((void **)&r->cur.v, &r->cur.cap, r->cur.n + 1, sizeof(*r->cur.v)) < 0)
        return -ENOMEM;
    r->cur.v[r->cur.n++] = (struct seen){s->cookie, s->inode};
    if (!r->was || find_seen(&r->was[r->space], s->cookie))
        return 0;
    if (grow((void **)&r->fresh, &r->capfresh, r->nfresh + 1, sizeof(*r->fresh)) < 0)
        return -ENOMEM;
    r->fresh[r->nfresh] = *s;
    r->fresh[r->nfresh++].detail = NULL;
    return 0;
}

/* The sockets a dump compares: TCP but its TIME_WAIT and half-open
 * entries (what a connection leaves behind or is not yet), and UDP. */
static int dump_space(struct run *r, struct platform *p)
{
    static const struct {
        enum sock_table t;
        bool tcp;
    } tables[] = {{TABLE_TCP4, true}, {TABLE_TCP6, true}, {TABLE_UDP4, false}, {TABLE_UDP6, false}};
    unsigned tcp_states = ~(1u << ST_TIME_WAIT | 1u << ST_SYN_RECV | 1u << ST_NEW_SYN_RECV);
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        struct gather_req req = {
            tables[i].t, tables[i].tcp ? tcp_states : ~0u, false, NULL, &r->o.filter, 0};
        int g = platform_sockets(p, &req, dumped, r);
        if (g < 0 && g != -ENOENT)
            return g;
    }
    return 0;
}

/* Reads every namespace's sockets; from the second dump on, the ones
 * that are new are reported as opened. first: the dump that only
 * learns what is there. */
static int dump(struct run *r, bool first)
{
    struct space_seen *now = calloc(r->sp.n, sizeof(*now));
    if (!now)
        return -ENOMEM;
    struct space_seen *before = r->was;
    if (first)
        r->was = NULL; /* nothing is new */
    /* ends[k]: where namespace k's new sockets end in fresh */
    size_t *ends = calloc(r->sp.n, sizeof(*ends));
    int rc = ends ? 0 : -ENOMEM;
    for (size_t k = 0; k < r->sp.n && !rc; k++) {
        ends[k] = r->nfresh;
        if (!r->ps[k])
            continue;
        r->space = k;
        r->cur = (struct space_seen){0};
        int g = dump_space(r, r->ps[k]);
        if (g == -ENOMEM) {
            rc = g;
        } else if (g < 0) {
            fflush(r->out);
            fprintf(stderr, "netstat: --events: %s%scannot read sockets: %s\n",
                    r->labelled ? r->sp.v[k].label : "", r->labelled ? ": " : "", strerror(-g));
        }
        if (r->cur.n)
            qsort(r->cur.v, r->cur.n, sizeof(*r->cur.v), by_cookie);
        now[k] = r->cur;
        r->cur = (struct space_seen){0};
        ends[k] = r->nfresh;
    }
    /* The owners after the sockets: a socket found is held by then. */
    if (!rc && (r->o.prog || filter_needs_owners(&r->o.filter))) {
        platform_owners_free(r->owners);
        r->owners = view_owners_load(&r->o, first);
    }
    for (size_t k = 0, i = 0; k < r->sp.n && !rc; k++)
        for (; i < ends[k] && !rc; i++)
            if (sock_filter_pass(&r->o.filter, r->owners, NULL, &r->fresh[i]))
                rc = report(r, "opened", k, &r->fresh[i]);
    free(ends);
    r->nfresh = 0;
    for (size_t k = 0; before && k < r->sp.n; k++)
        free(before[k].v);
    free(before);
    r->was = now;
    return rc;
}

static long long now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static int stream(struct run *r)
{
    size_t subscribed = 0;
    for (size_t k = 0; k < r->sp.n; k++) {
        struct platform *p = spaces_open(&r->sp, k, r->out);
        if (!p)
            continue;
        int e = platform_events_open(p);
        if (e < 0 && (r->sp.n == 1 || e == -EOPNOTSUPP))
            return e;
        if (e < 0) {
            fflush(r->out);
            fprintf(stderr, "netstat: --events: %s: %s\n", r->sp.v[k].label, strerror(-e));
            r->sp.failed = true;
            continue;
        }
        r->ps[k] = p;
        subscribed++;
    }
    if (!subscribed) {
        if (!r->sp.failed) {
            fflush(r->out);
            fprintf(stderr, "netstat: --events: no network namespace could be read%s\n",
                    r->sp.denied ? " (entering them needs root)" : "");
        }
        return -ENOENT;
    }
    /* Subscribed first, then the first dump: nothing falls between. */
    bool dumps = r->o.cont || r->o.prog || filter_needs_owners(&r->o.filter);
    int rc = dumps ? dump(r, true) : 0;
    long long next = now_ms() + (long long)r->o.delay * 1000;
    unsigned dumps_done = 0;
    while (!rc) {
        int wait = -1;
        if (r->o.cont) {
            long long left = next - now_ms();
            wait = left < 0 ? 0 : left > 86400000 ? 86400000 : (int)left;
        }
        rc = platform_events_wait(r->ps, r->sp.n, wait, closed, r);
        if (!rc && r->o.cont && now_ms() >= next) {
            rc = dump(r, false);
            next += (long long)r->o.delay * 1000;
            if (!rc && r->o.count && ++dumps_done >= r->o.count)
                return 1; /* --count N: N intervals */
        }
    }
    return rc;
}

int events_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                FILE *out)
{
    struct run r = {.o = *o, .out = out};
    r.o.numeric = NUM_ALL;
    json_init(&r.j, out);
    if (spaces_init(&r.sp, p, nss, o->source) < 0 ||
        !(r.ps = calloc(r.sp.n ? r.sp.n : 1, sizeof(*r.ps)))) {
        spaces_free(&r.sp);
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    r.labelled = nss != NULL;
    int rc = stream(&r);
    for (size_t k = 0; r.was && k < r.sp.n; k++)
        free(r.was[k].v);
    free(r.was);
    free(r.cur.v);
    free(r.fresh);
    free(r.ps);
    platform_owners_free(r.owners);
    spaces_free(&r.sp);
    if (rc == 1)
        return EXIT_OK;
    if (rc == -EIO)
        return EXIT_FAIL; /* main tells the write error */
    if (rc == -ENOENT)
        return EXIT_FAIL; /* said already */
    const char *why = rc == -EOPNOTSUPP ? "this system does not report sockets as they close"
                      : rc == -EPERM    ? "permission denied (run as root)"
                                        : strerror(-rc);
    fprintf(stderr, "netstat: --events: %s\n", why);
    return EXIT_FAIL;
}
