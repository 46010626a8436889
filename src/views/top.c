/* --top: TCP connections and the processes holding them, by throughput
 * (bytes a second from the kernel's per-socket counters, tcp_info's
 * bytes_acked and bytes_received), refreshed every interval; on a
 * terminal a full screen (views/top_ui.h), off one a table --count times. */
#include "views/top.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/sockdetail.h"
#include "util/escape.h"
#include "util/grow.h"
#include "views/pace.h"
#include "views/rates.h"
#include "views/sockfilter.h"
#include "views/top_ui.h"
#include "views/view_json.h"

struct conn {
    struct sock_rec s; /* path NULL, detail NULL */
    uint64_t acked, received, rtt_us, retrans;
    bool has_bytes;
    int pid; /* the first owner, or 0 */
    char name[64];
    double rx, tx; /* bytes a second over the last interval; -1: new */
};

struct sample {
    struct conn *v;
    size_t n, cap;
};

struct proc {
    int pid;
    char name[64];
    unsigned conns;
    double rx, tx;
};

enum sort_key { SORT_TOTAL, SORT_IN, SORT_OUT, SORT_RTT, SORT_RETRANS };
static const char *const sort_words[] = {"total", "in", "out", "rtt", "retransmits"};

struct top {
    const struct options *o;
    struct platform *p;
    struct sample cur, was;
    struct proc *procs;
    size_t nprocs, procs_cap;
    enum sort_key sort;
    bool paused;
    double at, interval;
    struct owners *owners;
    bool owners_partial;
    char **lines;
    size_t nlines, lines_cap;
};

/* The connections that move bytes: not listeners, nor what the kernel
 * keeps of one closing (TIME_WAIT) or of one not yet accepted (half-open
 * requests): those have no byte counters. */
#define CONN_STATES                                                                                \
    (~((1u << ST_LISTEN) | (1u << ST_TIME_WAIT) | (1u << ST_SYN_RECV) | (1u << ST_NEW_SYN_RECV) |  \
       1u))

static int collect(const struct sock_rec *s, void *ctx)
{
    struct top *t = ctx;
    if ((1u << s->state) & ~CONN_STATES || !sock_filter_pass(&t->o->filter, t->owners, t->p, s))
        return 0;
    if (grow((void **)&t->cur.v, &t->cur.cap, t->cur.n + 1, sizeof(*t->cur.v)) < 0)
        return -ENOMEM;
    struct conn *c = &t->cur.v[t->cur.n++];
    memset(c, 0, sizeof(*c));
    c->s = *s;
    c->s.path = NULL;
    c->s.detail = NULL;
    const struct sock_detail *d = s->detail;
    c->has_bytes = detail_has_tcp(d, TF_BYTES_ACKED) && detail_has_tcp(d, TF_BYTES_RECEIVED);
    if (c->has_bytes) {
        c->acked = d->tcp[TF_BYTES_ACKED];
        c->received = d->tcp[TF_BYTES_RECEIVED];
    }
    c->rtt_us = detail_has_tcp(d, TF_RTT) ? d->tcp[TF_RTT] : 0;
    c->retrans = detail_has_tcp(d, TF_TOTAL_RETRANS) ? d->tcp[TF_TOTAL_RETRANS] : 0;
    struct owner first;
    if (t->owners && platform_owners_find(t->owners, s, &first, 1) > 0) {
        c->pid = first.pid;
        snprintf(c->name, sizeof(c->name), "%s", first.name);
    }
    c->rx = c->tx = -1;
    return 0;
}

static int by_cookie(const void *a, const void *b)
{
    const struct conn *x = a, *y = b;
    return x->s.cookie < y->s.cookie ? -1 : x->s.cookie > y->s.cookie;
}

/* A new sample; each connection's rates against the one before. */
static int sample(struct top *t)
{
    struct sample keep = t->was;
    t->was = t->cur;
    t->cur = keep;
    t->cur.n = 0;
    platform_owners_free(t->owners);
    bool denied = false, none = false;
    if (platform_owners_load(&t->owners, &denied, &none) < 0)
        t->owners = NULL; /* the connections without their programs */
    t->owners_partial = denied || none || !t->owners;
    /* -4, -6 (or -A) pick the families; neither named, both */
    bool v4 = !t->o->n_afname || t->o->inet, v6 = !t->o->n_afname || t->o->inet6;
    int rc = 0;
    const enum sock_table tables[] = {TABLE_TCP4, TABLE_TCP6};
    const bool on[] = {v4, v6};
    for (int i = 0; i < 2 && rc == 0; i++) {
        if (!on[i])
            continue;
        struct gather_req req = {tables[i], CONN_STATES, false, NULL, NULL, DETAIL_TCP_INFO};
        sock_filter_request(&t->o->filter, &req);
        req.detail = DETAIL_TCP_INFO;
        rc = platform_sockets(t->p, &req, collect, t);
        if (rc == -ENOENT || rc == -EAFNOSUPPORT)
            rc = 0;
    }
    double now = pace_now(), secs = now - t->at;
    t->interval = secs;
    t->at = now;
    if (rc < 0)
        return rc;
    /* both by cookie, to pair them (the one before was shown in another
     * order) */
    if (t->cur.n)
        qsort(t->cur.v, t->cur.n, sizeof(*t->cur.v), by_cookie);
    if (t->was.n)
        qsort(t->was.v, t->was.n, sizeof(*t->was.v), by_cookie);
    for (size_t i = 0; i < t->cur.n; i++) {
        struct conn *c = &t->cur.v[i];
        struct conn *w =
            t->was.n ? bsearch(c, t->was.v, t->was.n, sizeof(*t->was.v), by_cookie) : NULL;
        if (w && c->s.cookie && c->has_bytes && w->has_bytes && secs > 0) {
            c->tx = c->acked >= w->acked ? (double)(c->acked - w->acked) / secs : 0;
            c->rx = c->received >= w->received ? (double)(c->received - w->received) / secs : 0;
        }
    }
    return 0;
}

static double rate_of(const struct conn *c)
{
    return (c->rx > 0 ? c->rx : 0) + (c->tx > 0 ? c->tx : 0);
}

static struct top *sorting; /* qsort has no context argument */

static int by_sort(const void *a, const void *b)
{
    const struct conn *x = a, *y = b;
    double kx, ky;
    switch (sorting->sort) {
    case SORT_IN:
        kx = x->rx, ky = y->rx;
        break;
    case SORT_OUT:
        kx = x->tx, ky = y->tx;
        break;
    case SORT_RTT:
        kx = (double)x->rtt_us, ky = (double)y->rtt_us;
        break;
    case SORT_RETRANS:
        kx = (double)x->retrans, ky = (double)y->retrans;
        break;
    default:
        kx = rate_of(x), ky = rate_of(y);
        break;
    }
    if (kx != ky)
        return kx > ky ? -1 : 1;
    return by_cookie(a, b);
}

static int procs_by_sort(const void *a, const void *b)
{
    const struct proc *x = a, *y = b;
    double kx = x->rx + x->tx, ky = y->rx + y->tx;
    if (sorting->sort == SORT_IN)
        kx = x->rx, ky = y->rx;
    else if (sorting->sort == SORT_OUT)
        kx = x->tx, ky = y->tx;
    if (kx != ky)
        return kx > ky ? -1 : 1;
    return x->pid - y->pid;
}

/* The processes: each connection counted under its first owner. */
static int tally(struct top *t)
{
    t->nprocs = 0;
    for (size_t i = 0; i < t->cur.n; i++) {
        const struct conn *c = &t->cur.v[i];
        if (!c->pid)
            continue;
        size_t k = 0;
        while (k < t->nprocs && t->procs[k].pid != c->pid)
            k++;
        if (k == t->nprocs) {
            if (grow((void **)&t->procs, &t->procs_cap, k + 1, sizeof(*t->procs)) < 0)
                return -ENOMEM;
            t->procs[k] = (struct proc){.pid = c->pid};
            snprintf(t->procs[k].name, sizeof(t->procs[k].name), "%s", c->name);
            t->nprocs++;
        }
        t->procs[k].conns++;
        t->procs[k].rx += c->rx > 0 ? c->rx : 0;
        t->procs[k].tx += c->tx > 0 ? c->tx : 0;
    }
    sorting = t;
    if (t->nprocs)
        qsort(t->procs, t->nprocs, sizeof(*t->procs), procs_by_sort);
    if (t->cur.n)
        qsort(t->cur.v, t->cur.n, sizeof(*t->cur.v), by_sort);
    return 0;
}

static int line(struct top *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int line(struct top *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    char *copy = strdup(buf);
    if (!copy || grow((void **)&t->lines, &t->lines_cap, t->nlines + 1, sizeof(*t->lines)) < 0) {
        free(copy);
        return -ENOMEM;
    }
    t->lines[t->nlines++] = copy;
    return 0;
}

static void clear_lines(struct top *t)
{
    for (size_t i = 0; i < t->nlines; i++)
        free(t->lines[i]);
    t->nlines = 0;
}

static void rate_text(double v, char *buf, size_t n)
{
    if (v < 0)
        snprintf(buf, n, "-");
    else
        rates_human(v, buf, n);
}

/* The screen as lines of text, every name escaped; at most rows lines
 * (0: all). measuring: the first interval is not over, the title only. */
static int render(struct top *t, unsigned rows, bool measuring)
{
    clear_lines(t);
    char when[VIEW_TIME_MAX];
    view_json_time_text(when, sizeof(when));
    int rc = line(t,
                  "netstat --top  %.19s  every %u s  sorted by %s%s  (keys: t i o r x sort, "
                  "p pause, q quit)",
                  when, t->o->delay, sort_words[t->sort], t->paused ? "  [paused]" : "");
    if (!rc && measuring)
        return line(t, "measuring for %u s...", t->o->delay);
    if (!rc && t->owners_partial)
        rc = line(t, "(not all processes could be identified: run as root to see them all)");
    size_t budget = rows ? rows : (size_t)-1;
    size_t room_procs = rows ? (rows > 12 ? (rows - 6) / 3 : 2) : t->nprocs;
    if (!rc)
        rc = line(t, "%s", "");
    if (!rc)
        rc = line(t, "%7s %-20s %5s %9s %9s %9s", "PID", "Program", "Conns", "RX/s", "TX/s",
                  "Total/s");
    for (size_t i = 0; i < t->nprocs && i < room_procs && !rc; i++) {
        const struct proc *pr = &t->procs[i];
        char name[ESCAPE_TERM_MAX(64)], rx[16], tx[16], tot[16];
        escape_term(pr->name, strlen(pr->name), name);
        rate_text(pr->rx, rx, sizeof(rx));
        rate_text(pr->tx, tx, sizeof(tx));
        rate_text(pr->rx + pr->tx, tot, sizeof(tot));
        rc = line(t, "%7d %-20.20s %5u %9s %9s %9s", pr->pid, name, pr->conns, rx, tx, tot);
    }
    if (!rc)
        rc = line(t, "%s", "");
    if (!rc)
        rc = line(t, "%-5s %-23s %-23s %-11s %-22s %8s %8s %8s %7s", "Proto", "Local Address",
                  "Foreign Address", "State", "PID/Program name", "RX/s", "TX/s", "RTT", "Retrans");
    for (size_t i = 0; i < t->cur.n && !rc && t->nlines < budget; i++) {
        const struct conn *c = &t->cur.v[i];
        char l[64], r[64], prog[ESCAPE_TERM_MAX(80)], raw[80], rx[16], tx[16], rtt[16];
        view_endpoint_text(c->s.family, &c->s.laddr, c->s.lport, l, sizeof(l));
        view_endpoint_text(c->s.family, &c->s.raddr, c->s.rport, r, sizeof(r));
        if (c->pid) {
            snprintf(raw, sizeof(raw), "%d/%s", c->pid, c->name);
            escape_term(raw, strlen(raw), prog);
        } else {
            strcpy(prog, "-");
        }
        rate_text(c->rx, rx, sizeof(rx));
        rate_text(c->tx, tx, sizeof(tx));
        if (c->rtt_us)
            snprintf(rtt, sizeof(rtt), "%.1fms", (double)c->rtt_us / 1000);
        else
            strcpy(rtt, "-");
        rc = line(t, "%-5s %-23s %-23s %-11s %-22.22s %8s %8s %8s %7llu",
                  c->s.family == FAM_INET6 ? "tcp6" : "tcp", l, r, sock_state_name(c->s.state),
                  prog, rx, tx, rtt, (unsigned long long)c->retrans);
    }
    return rc;
}

/* Off a terminal: the table --count times (once without it). */
static int plain(struct top *t, FILE *out)
{
    unsigned n = t->o->count ? t->o->count : 1;
    double next = t->at;
    for (unsigned k = 0; k < n; k++) {
        next += t->o->delay;
        pace_sleep(next - pace_now());
        int rc = sample(t);
        if (rc == 0)
            rc = tally(t);
        if (rc == 0)
            rc = render(t, 0, false);
        if (rc < 0)
            return rc;
        if (k)
            fputc('\n', out);
        for (size_t i = 0; i < t->nlines; i++)
            fprintf(out, "%s\n", t->lines[i]);
        if (fflush(out) != 0 || ferror(out))
            return -EIO;
    }
    return 0;
}

static int live(struct top *t)
{
    unsigned shown = 0;
    double next = t->at + t->o->delay;
    bool fresh = false;
    for (;;) {
        unsigned rows = top_ui_rows();
        if (render(t, rows, !fresh) < 0)
            return -ENOMEM;
        top_ui_draw((const char *const *)t->lines, t->nlines);
        double left = next - pace_now();
        int key = top_ui_key(left > 0 ? (int)(left * 1000) + 1 : 0);
        switch (key) {
        case 'q':
        case 'Q':
            return 0;
        case 't':
            t->sort = SORT_TOTAL;
            break;
        case 'i':
            t->sort = SORT_IN;
            break;
        case 'o':
            t->sort = SORT_OUT;
            break;
        case 'r':
            t->sort = SORT_RTT;
            break;
        case 'x':
            t->sort = SORT_RETRANS;
            break;
        case 'p':
        case ' ':
            t->paused = !t->paused;
            break;
        default:
            break;
        }
        if (key != TOP_KEY_NONE) {
            if (fresh && tally(t) < 0)
                return -ENOMEM;
            continue; /* redrawn at once, the sample kept */
        }
        if (pace_now() < next)
            continue;
        next += t->o->delay;
        if (next < pace_now())
            next = pace_now() + t->o->delay;
        if (t->paused)
            continue;
        int rc = sample(t);
        if (rc == 0)
            rc = tally(t);
        if (rc < 0)
            return rc;
        fresh = true;
        if (t->o->count && ++shown >= t->o->count)
            return 0;
    }
}

int top_view(const struct options *o, struct platform *p, FILE *out)
{
    struct top t = {.o = o, .p = p};
    int rc = sample(&t); /* the first: the rates start from it */
    bool screen = rc == 0 && top_ui_open() == 0;
    if (rc == 0)
        rc = screen ? live(&t) : plain(&t, out);
    if (screen)
        top_ui_close();
    clear_lines(&t);
    free(t.lines);
    free(t.cur.v);
    free(t.was.v);
    free(t.procs);
    platform_owners_free(t.owners);
    if (rc == -EIO)
        return EXIT_FAIL; /* main tells the write error */
    if (rc < 0) {
        fprintf(stderr, "netstat: --top: cannot read the TCP sockets: %s\n", strerror(-rc));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
