#include "views/events.h"

#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "render/json.h"
#include "views/sockets_json.h"
#include "views/sockfilter.h"
#include "views/view_json.h"

struct run {
    struct options o; /* the caller's, numeric: names are not looked up */
    struct platform *p;
    FILE *out;
    struct json j;
};

/* UTC, to the millisecond: 2026-12-03T09:30:01.123Z */
static void timestamp(char *buf, size_t n)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    /* gmtime, not gmtime_r (which not every C library has): no thread
     * of netstat's formats times. */
    time_t sec = tv.tv_sec;
    const struct tm *tm = gmtime(&sec);
    size_t k = tm ? strftime(buf, n, "%Y-%m-%dT%H:%M:%S", tm) : 0;
    snprintf(buf + k, n - k, ".%03ldZ", (long)(tv.tv_usec / 1000));
}

static int visit(const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    char when[40];
    timestamp(when, sizeof(when));
    if (!s) {
        fflush(r->out);
        fprintf(stderr,
                "netstat: %s: the kernel dropped events (netstat fell behind): some "
                "sockets closed unreported\n",
                when);
        if (r->o.json) {
            json_object_begin(&r->j);
            json_kv_string(&r->j, "view", "events");
            json_kv_string(&r->j, "event", "lost");
            json_kv_string(&r->j, "time", when);
            json_object_end(&r->j);
            json_end_document(&r->j);
        }
        return fflush(r->out) ? -EIO : 0;
    }
    if (!sock_filter_pass(&r->o.filter, NULL, r->p, s))
        return 0;
    if (r->o.json) {
        json_object_begin(&r->j);
        json_kv_string(&r->j, "view", "events");
        json_kv_string(&r->j, "event", "closed");
        json_kv_string(&r->j, "time", when);
        json_key(&r->j, "socket");
        struct sock_json_ctx c = {&r->o, NULL, NULL, false, &r->j, NULL, NULL, NULL};
        sock_json_inet(&c, s);
        json_object_end(&r->j);
        json_end_document(&r->j);
    } else {
        char l[80], f[80];
        view_endpoint_text(s->family, &s->laddr, s->lport, l, sizeof(l));
        view_endpoint_text(s->family, &s->raddr, s->rport, f, sizeof(f));
        const char *proto = s->proto == PROTO_TCP       ? "tcp"
                            : s->proto == PROTO_UDPLITE ? "udpl"
                                                        : "udp";
        fprintf(r->out, "%s closed %s%s %s %s %s\n", when, proto, s->family == FAM_INET6 ? "6" : "",
                l, f, s->proto == PROTO_TCP ? sock_state(s->state)->text : "-");
    }
    /* Each as it happens: a reader sees it at once. */
    return fflush(r->out) || ferror(r->out) ? -EIO : 0;
}

int events_view(const struct options *o, struct platform *p, FILE *out)
{
    struct run r = {.o = *o, .p = p, .out = out};
    r.o.numeric = NUM_ALL;
    json_init(&r.j, out);
    int rc = platform_events(p, visit, &r);
    if (rc == -EIO)
        return EXIT_FAIL; /* main tells the write error */
    const char *why = rc == -EOPNOTSUPP ? "this system does not report sockets as they close"
                      : rc == -EPERM    ? "permission denied (run as root)"
                                        : strerror(-rc);
    fprintf(stderr, "netstat: --events: %s\n", why);
    return EXIT_FAIL;
}
