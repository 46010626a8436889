/* --prometheus's listeners: each listening socket --explain shows, with
 * the word for who can reach it (views/explain.h). */
#include "views/explain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/reach.h"
#include "views/explain_fw.h"
#include "views/explain_pub.h"
#include "views/explain_words.h"
#include "views/spaces.h"

/* A published port that leads to s: its rule in s's namespace, its
 * target the port s listens on. */
static bool is_published(const struct pub_list *l, const struct sock_rec *s)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct pub *e = &l->v[i];
        bool proto = e->proto == (s->proto == PROTO_TCP ? 6 : 17);
        uint16_t port = e->o.nat_port_set ? e->o.nat_port : e->port;
        if (e->where == PUB_HERE && proto && port == s->lport)
            return true;
    }
    return false;
}

int explain_listeners(const struct options *o, struct platform *p, const struct netns_list *nss,
                      struct owners *owners, explain_listener_fn fn, void *ctx)
{
    struct fw_facts fw;
    memset(&fw, 0, sizeof(fw));
    struct explain_ctx c = {.o = o, .fw = &fw, .owners = owners};
    c.addrs.elem = sizeof(struct iface_addr);
    c.links.elem = sizeof(struct link_rec);
    c.socks.elem = sizeof(struct sock_rec);
    struct spaces sp;
    int rc = spaces_init(&sp, p, nss, o->source);
    for (size_t i = 0; i < sp.n && rc == 0; i++) {
        struct platform *pp = spaces_open(&sp, i, stdout);
        if (!pp)
            continue;
        c.ns = sp.v[i].ns;
        c.addrs.n = c.links.n = c.socks.n = 0;
        rc = explain_gather(&c, pp);
        if (rc < 0 && nss) {
            fprintf(stderr, "netstat: network namespace %s: cannot read it: %s\n", sp.v[i].label,
                    strerror(-rc));
            rc = 0;
            continue;
        }
        struct pub_list pubs = {0};
        explain_fw_free(&fw);
        memset(&fw, 0, sizeof(fw));
        explain_fw_load(&fw, pp);
        if (rc == 0 && fw.read && explain_pub_find(&c, &fw, &pubs) == 0)
            explain_pub_follow(&c, pp, &pubs);
        const struct sock_rec *s = c.socks.v;
        for (size_t k = 0; k < c.socks.n && rc == 0; k++) {
            struct reach r;
            reach_socket(&s[k], c.addrs.v, c.addrs.n, &r);
            static const char *const words[] = {"any",  "loopback", "network",
                                                "link", "nowhere",  "unknown"};
            const char *w = is_published(&pubs, &s[k]) ? "published" : words[r.kind];
            rc = fn(&s[k], w, nss ? sp.v[i].ns->label : NULL, ctx);
        }
        explain_pub_free(&pubs);
    }
    free(c.addrs.v);
    free(c.links.v);
    free(c.socks.v);
    own_free(&c.own);
    explain_fw_free(&fw);
    spaces_free(&sp);
    return rc;
}
