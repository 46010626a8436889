/* -i --rate: interface traffic per second, as FreeBSD's netstat -w. */
#include "views/rates.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"
#include "util/escape.h"
#include "views/interfaces.h"
#include "views/pace.h"
#include "views/view_json.h"

/* What a rate line counts, per second. */
enum {
    R_RX_PACKETS,
    R_RX_ERRORS,
    R_RX_DROPPED,
    R_RX_BYTES,
    R_TX_PACKETS,
    R_TX_ERRORS,
    R_TX_DROPPED,
    R_TX_BYTES,
    R_COUNT
};

static void counters(const struct link_rec *l, uint64_t c[R_COUNT])
{
    c[R_RX_PACKETS] = l->st.rx_packets;
    c[R_RX_ERRORS] = l->st.rx_errors;
    c[R_RX_DROPPED] = l->st.rx_dropped;
    c[R_RX_BYTES] = l->st.rx_bytes;
    c[R_TX_PACKETS] = l->st.tx_packets;
    c[R_TX_ERRORS] = l->st.tx_errors;
    c[R_TX_DROPPED] = l->st.tx_dropped;
    c[R_TX_BYTES] = l->st.tx_bytes;
}

static const struct link_rec *find(const struct link_list *s, const struct link_rec *l)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].ifindex == l->ifindex && strcmp(s->v[i].name, l->name) == 0)
            return &s->v[i];
    return NULL;
}

/* The lines of the screen, when the header repeats: $LINES, else the
 * terminal's height; 0 off a terminal (scripts read the header once). */
static unsigned screen_rows(void)
{
    const char *env = getenv("LINES");
    if (env && *env) {
        char *end;
        unsigned long v = strtoul(env, &end, 10);
        if (!*end && v >= 3 && v < 100000)
            return (unsigned)v;
    }
    unsigned rows = platform_terminal_rows();
    return rows >= 3 ? rows : 0;
}

/* 1234567 -> "1.2M"; under 1000 the number itself. SI units: rates of
 * a network are counted in thousands. */
void rates_human(double v, char *buf, size_t n)
{
    static const char units[] = "kMGTPE";
    if (v < 999.5) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    size_t u = 0;
    v /= 1000;
    while (v >= 999.5 && u + 1 < sizeof(units) - 1) { /* "1000k" is "1.00M" */
        v /= 1000;
        u++;
    }
    snprintf(buf, n, v < 9.995 ? "%.2f%c" : v < 99.95 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

struct rates {
    const struct options *o;
    FILE *out;
    struct json j;
    unsigned rows, since_header;
    bool total_only, one;
};

static void header(struct rates *r)
{
    fprintf(r->out, "%-15s %9s %8s %8s %10s %9s %8s %8s %10s\n", "Iface", "RX-pkts/s", "RX-err/s",
            "RX-drp/s", "RX-bytes/s", "TX-pkts/s", "TX-err/s", "TX-drp/s", "TX-bytes/s");
    r->since_header = 0;
}

static void text_line(struct rates *r, const char *name, size_t len, const double v[R_COUNT])
{
    char esc[ESCAPE_TERM_MAX(16)], c[R_COUNT][24];
    escape_term(name, len, esc);
    for (int i = 0; i < R_COUNT; i++) {
        if (r->o->human)
            rates_human(v[i], c[i], sizeof(c[i]));
        else
            snprintf(c[i], sizeof(c[i]), "%.0f", v[i]);
    }
    fprintf(r->out, "%-15s %9s %8s %8s %10s %9s %8s %8s %10s\n", esc, c[0], c[1], c[2], c[3], c[4],
            c[5], c[6], c[7]);
    r->since_header++;
}

static void json_dir(struct json *j, const char *key, const double *v)
{
    json_key(j, key);
    json_object_begin(j);
    static const char *const keys[] = {"packets", "errors", "dropped", "bytes"};
    for (int i = 0; i < 4; i++) {
        json_key(j, keys[i]);
        json_fixed(j, (int64_t)(v[i] * 100 + 0.5), 2);
    }
    json_object_end(j);
}

static void json_rates(struct json *j, const double v[R_COUNT])
{
    json_dir(j, "rx", v);
    json_dir(j, "tx", v + R_TX_PACKETS);
}

static bool shown(const struct rates *r, const struct link_rec *l)
{
    if (r->one)
        return strcmp(l->name, r->o->ifname) == 0;
    return r->total_only || (l->flags & LINK_UP) || r->o->all;
}

/* One interval, from a to b, secs apart. 0 or -ENOMEM. */
static int interval(struct rates *r, struct platform *p, const struct link_list *a,
                    const struct link_list *b, double secs)
{
    double total[R_COUNT] = {0};
    size_t lines = 0;
    double(*v)[R_COUNT] = calloc(b->n ? b->n : 1, sizeof(*v));
    bool *have = calloc(b->n ? b->n : 1, sizeof(*have));
    if (!v || !have) {
        free(v);
        free(have);
        return -ENOMEM;
    }
    for (size_t i = 0; i < b->n; i++) {
        const struct link_rec *l = &b->v[i], *was = find(a, l);
        if (!shown(r, l) || !was || !l->has_stats || !was->has_stats)
            continue;
        uint64_t x[R_COUNT], y[R_COUNT];
        counters(was, x);
        counters(l, y);
        for (int k = 0; k < R_COUNT; k++) {
            /* a counter that went back was reset: it counts from zero */
            double d = (double)(y[k] >= x[k] ? y[k] - x[k] : y[k]);
            v[i][k] = secs > 0 ? d / secs : 0;
            total[k] += v[i][k];
        }
        have[i] = true;
        lines++;
    }
    bool with_total = r->total_only || (!r->one && lines > 1);
    if (r->o->json) {
        json_object_begin(&r->j);
        json_kv_string(&r->j, "view", "interface_rates");
        view_json_netns(&r->j, p);
        json_key(&r->j, "seconds");
        json_fixed(&r->j, (int64_t)(secs * 1000 + 0.5), 3);
        json_key(&r->j, "interfaces");
        json_array_begin(&r->j);
        for (size_t i = 0; i < b->n && !r->total_only; i++) {
            if (!have[i])
                continue;
            json_object_begin(&r->j);
            json_kv_bytes(&r->j, "name", b->v[i].name, strnlen(b->v[i].name, 16));
            json_kv_u64(&r->j, "index", b->v[i].ifindex);
            json_rates(&r->j, v[i]);
            json_object_end(&r->j);
        }
        json_array_end(&r->j);
        json_key(&r->j, "total");
        if (!r->one) {
            json_object_begin(&r->j);
            json_rates(&r->j, total);
            json_object_end(&r->j);
        } else {
            json_null(&r->j);
        }
        json_object_end(&r->j);
        json_end_document(&r->j);
    } else {
        size_t need = (r->total_only ? 0 : lines) + (with_total ? 1 : 0);
        if (r->rows && r->since_header + need + 1 > r->rows)
            header(r);
        for (size_t i = 0; i < b->n && !r->total_only; i++)
            if (have[i])
                text_line(r, b->v[i].name, strnlen(b->v[i].name, 16), v[i]);
        if (with_total)
            text_line(r, "total", 5, total);
    }
    free(v);
    free(have);
    return 0;
}

int rates_view(const struct options *o, struct platform *p, FILE *out)
{
    struct rates r = {.o = o, .out = out, .rows = screen_rows()};
    r.total_only = o->ifname && strcmp(o->ifname, "total") == 0;
    r.one = o->ifname && !r.total_only;
    struct link_list s[2] = {{0}, {0}};
    int rc = interfaces_load(p, &s[0]);
    double t0 = pace_now();
    bool found = !r.one;
    for (size_t i = 0; i < s[0].n && !found; i++)
        found = strcmp(s[0].v[i].name, o->ifname) == 0;
    int status = EXIT_OK;
    if (rc < 0) {
        fprintf(stderr, "netstat: --rate: cannot read the interface counters: %s\n", strerror(-rc));
        status = EXIT_FAIL;
    } else if (!found) {
        fprintf(stderr, "netstat: --interface %s: no such interface\n", o->ifname);
        status = EXIT_FAIL;
    }
    if (o->json) {
        json_init(&r.j, out);
        view_json_stamp(true);
    } else if (!status) {
        header(&r);
    }
    /* Each line a whole interval after the one before, on a fixed beat
     * (the time spent reading and printing is not added to it). */
    double next = t0;
    for (unsigned done = 0; !status && (!o->count || done < o->count); done++) {
        if (fflush(out) != 0 || ferror(out))
            break;
        next += o->rate;
        pace_sleep(next - pace_now());
        struct link_list *a = &s[done % 2], *b = &s[(done + 1) % 2];
        if ((rc = interfaces_load(p, b)) < 0) {
            fprintf(stderr, "netstat: --rate: cannot read the interface counters: %s\n",
                    strerror(-rc));
            status = EXIT_FAIL;
            break;
        }
        double t = pace_now();
        bool still = !r.one;
        for (size_t i = 0; i < b->n && !still; i++)
            still = strcmp(b->v[i].name, o->ifname) == 0;
        if (!still) {
            fflush(out);
            fprintf(stderr, "netstat: --interface %s: the interface is gone\n", o->ifname);
            status = EXIT_FAIL;
            break;
        }
        if (interval(&r, p, a, b, t - t0) < 0) {
            fprintf(stderr, "netstat: out of memory\n");
            status = EXIT_FAIL;
            break;
        }
        t0 = t;
    }
    free(s[0].v);
    free(s[1].v);
    return status;
}
