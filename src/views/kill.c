#include "views/kill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"
#include "util/grow.h"
#include "views/sockfilter.h"
#include "views/view_json.h"

struct run {
    const struct options *o;
    struct platform *p;
    struct owners *owners;
    struct sock_rec *v;
    size_t n, cap;
};

/* As the listings choose: connections, -l listeners (and unconnected
 * datagram sockets), -a both. */
static bool chosen(const struct options *o, const struct sock_rec *s)
{
    if (o->all)
        return true;
    bool server =
        s->proto == PROTO_TCP ? s->state == ST_LISTEN : sock_addr_is_any(s->family, &s->raddr);
    return o->listening ? server : !server;
}

static int visit(const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    if (!chosen(r->o, s) || !sock_filter_pass(&r->o->filter, r->owners, r->p, s))
        return 0;
    if (grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)) < 0)
        return -ENOMEM;
    r->v[r->n] = *s;
    r->v[r->n++].detail = NULL;
    return 0;
}

static const char *why(int e)
{
    switch (e) {
    case -EOPNOTSUPP:
        return "the kernel cannot destroy sockets (built without CONFIG_INET_DIAG_DESTROY)";
    case -EPERM:
    case -EACCES:
        return "permission denied (destroying sockets needs CAP_NET_ADMIN: run as root)";
    case -ENOENT:
        return "gone already";
    default:
        return strerror(-e);
    }
}

static void json_endpoint(struct json *j, const char *key, const struct sock_rec *s,
                          const struct sock_addr *a, uint16_t port)
{
    char t[64];
    view_json_addr(s->family, a, t, sizeof(t));
    json_key(j, key);
    json_object_begin(j);
    json_kv_string(j, "address", t);
    json_kv_u64(j, "port", port);
    json_object_end(j);
}

int kill_view(const struct options *o, struct platform *p, FILE *out)
{
    if (!o->filter.present) {
        fprintf(stderr, "netstat: --kill needs at least one filter (--port, --dport, --src, "
                        "--state, --pid, ...) to say which sockets; it never kills them all\n");
        return EXIT_USAGE;
    }
    struct run r = {.o = o, .p = p};
    r.owners = view_owners_load(o, o->prog);
    static const struct {
        enum sock_table t;
        bool tcp;
    } tables[] = {{TABLE_TCP4, true}, {TABLE_TCP6, true}, {TABLE_UDP4, false}, {TABLE_UDP6, false}};
    bool any_kind = !o->flag_arg || (!o->tcp && !o->udp);
    int rc = 0;
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && !rc; i++) {
        bool fam4 = tables[i].t == TABLE_TCP4 || tables[i].t == TABLE_UDP4;
        if (!any_kind && !(tables[i].tcp ? o->tcp : o->udp))
            continue;
        if (o->flag_arg && !(fam4 ? o->inet : o->inet6))
            continue;
        struct gather_req req = {tables[i].t, ~0u, false, NULL, &o->filter, 0};
        int g = platform_sockets(p, &req, visit, &r);
        if (g < 0 && g != -ENOENT)
            rc = g;
    }
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot read sockets: %s\n", strerror(-rc));
        free(r.v);
        platform_owners_free(r.owners);
        return EXIT_FAIL;
    }
    struct json j;
    if (o->json) {
        json_init(&j, out);
        json_object_begin(&j);
        json_kv_string(&j, "view", "kill");
        view_json_netns(&j, p);
        json_kv_bool(&j, "dry_run", o->dry_run);
        json_key(&j, "sockets");
        json_array_begin(&j);
    }
    int status = r.n ? EXIT_OK : EXIT_NOTHING;
    for (size_t i = 0; i < r.n; i++) {
        const struct sock_rec *s = &r.v[i];
        int e = o->dry_run ? 0 : platform_destroy(p, s);
        if (e < 0 && e != -ENOENT)
            status = EXIT_FAIL;
        const char *proto = s->proto == PROTO_TCP ? "tcp" : "udp";
        if (o->json) {
            json_object_begin(&j);
            json_kv_string(&j, "protocol", proto);
            json_kv_string(&j, "family", s->family == FAM_INET6 ? "inet6" : "inet");
            json_kv_string(&j, "state", sock_state(s->state)->key);
            json_endpoint(&j, "local", s, &s->laddr, s->lport);
            json_endpoint(&j, "remote", s, &s->raddr, s->rport);
            json_kv_bool(&j, "killed", !o->dry_run && e == 0);
            json_kv_string(&j, "error", e < 0 ? why(e) : NULL);
            json_object_end(&j);
        } else {
            char l[80], f[80];
            view_endpoint_text(s->family, &s->laddr, s->lport, l, sizeof(l));
            view_endpoint_text(s->family, &s->raddr, s->rport, f, sizeof(f));
            if (e < 0) {
                fflush(out);
                fprintf(stderr, "netstat: --kill %s %s %s: %s\n", proto, l, f, why(e));
            } else {
                fprintf(out, "%s %s %s %s %s\n", o->dry_run ? "would kill" : "killed",
                        s->family == FAM_INET6 ? (s->proto == PROTO_TCP ? "tcp6" : "udp6") : proto,
                        l, f, sock_state(s->state)->text);
            }
        }
        if (e == -EOPNOTSUPP || e == -EPERM)
            break; /* the same for every other */
    }
    if (o->json) {
        json_array_end(&j);
        json_object_end(&j);
        json_end_document(&j);
    } else if (!r.n) {
        fprintf(stderr, "netstat: --kill: no socket matches the filters\n");
    }
    free(r.v);
    platform_owners_free(r.owners);
    return status;
}
