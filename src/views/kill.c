#include "views/kill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"
#include "util/grow.h"
#include "views/sockets_json.h"
#include "views/sockfilter.h"
#include "views/spaces.h"
#include "views/view_json.h"

struct victim {
    struct sock_rec s; /* points at nothing */
    size_t space;      /* its namespace: an index in run.sp */
};

struct run {
    const struct options *o;
    struct spaces sp;
    struct platform *p; /* the namespace being read */
    size_t space;
    struct owners *owners;
    struct victim *v;
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
    r->v[r->n] = (struct victim){*s, r->space};
    r->v[r->n++].s.detail = NULL;
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

/* Every socket the options and filters choose, in every namespace. */
static int gather(struct run *r, FILE *out)
{
    static const struct {
        enum sock_table t;
        bool tcp;
    } tables[] = {{TABLE_TCP4, true}, {TABLE_TCP6, true}, {TABLE_UDP4, false}, {TABLE_UDP6, false}};
    const struct options *o = r->o;
    bool any_kind = !o->flag_arg || (!o->tcp && !o->udp);
    for (size_t k = 0; k < r->sp.n; k++) {
        r->space = k;
        if (!(r->p = spaces_open(&r->sp, k, out)))
            continue;
        for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
            bool fam4 = tables[i].t == TABLE_TCP4 || tables[i].t == TABLE_UDP4;
            if (!any_kind && !(tables[i].tcp ? o->tcp : o->udp))
                continue;
            if (o->flag_arg && !(fam4 ? o->inet : o->inet6))
                continue;
            struct gather_req req = {tables[i].t, ~0u, false, NULL, &o->filter, 0};
            int g = platform_sockets(r->p, &req, visit, r);
            if (g < 0 && g != -ENOENT)
                return g;
        }
    }
    return 0;
}

int kill_view(const struct options *o, struct platform *p, const struct netns_list *nss, FILE *out)
{
    if (!o->filter.present) {
        fprintf(stderr, "netstat: --kill needs at least one filter (--port, --dport, --src, "
                        "--state, --pid, ...) to say which sockets; it never kills them all\n");
        return EXIT_USAGE;
    }
    struct run r = {.o = o};
    if (spaces_init(&r.sp, p, nss, o->source) < 0) {
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    r.owners = view_owners_load(o, o->prog);
    int rc = gather(&r, out);
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot read sockets: %s\n", strerror(-rc));
        free(r.v);
        platform_owners_free(r.owners);
        spaces_free(&r.sp);
        return EXIT_FAIL;
    }
    bool labelled = nss != NULL;
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
    struct options numeric = *o;
    numeric.numeric = NUM_ALL;
    for (size_t i = 0; i < r.n; i++) {
        const struct sock_rec *s = &r.v[i].s;
        const struct space *sp = &r.sp.v[r.v[i].space];
        int e = o->dry_run ? 0 : platform_destroy(sp->p, s);
        if (e < 0 && e != -ENOENT)
            status = EXIT_FAIL;
        const char *proto = s->proto == PROTO_TCP ? "tcp" : "udp";
        if (o->json) {
            json_object_begin(&j);
            json_kv_bool(&j, "killed", !o->dry_run && e == 0);
            json_kv_string(&j, "error", e < 0 ? why(e) : NULL);
            json_key(&j, "socket");
            struct sock_json_ctx c = {
                &numeric, NULL, r.owners, o->prog, &j, labelled ? sp->ns : NULL, NULL, NULL};
            sock_json_inet(&c, s);
            json_object_end(&j);
            continue;
        }
        char l[80], f[80], prog[VIEW_PROGRAM_MAX] = "";
        view_endpoint_text(s->family, &s->laddr, s->lport, l, sizeof(l));
        view_endpoint_text(s->family, &s->raddr, s->rport, f, sizeof(f));
        if (o->prog) {
            prog[0] = ' ';
            view_program_text(r.owners, s, prog + 1);
        }
        const char *label = labelled ? sp->label : "";
        const char *sep = labelled ? " " : "";
        if (e < 0) {
            fflush(out);
            fprintf(stderr, "netstat: --kill %s%s%s %s %s: %s\n", label, sep, proto, l, f, why(e));
        } else {
            fprintf(out, "%s %s%s%s %s %s %s%s\n", o->dry_run ? "would kill" : "killed", label, sep,
                    s->family == FAM_INET6 ? (s->proto == PROTO_TCP ? "tcp6" : "udp6") : proto, l,
                    f, sock_state(s->state)->text, prog);
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
    spaces_note(&r.sp, nss, out);
    if (r.sp.failed && status == EXIT_OK)
        status = EXIT_FAIL;
    free(r.v);
    platform_owners_free(r.owners);
    spaces_free(&r.sp);
    return status;
}
