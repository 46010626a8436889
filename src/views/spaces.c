#include "views/spaces.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/grow.h"

struct link_name {
    uint32_t index;
    char name[IF_NAMESIZE];
};

int spaces_init(struct spaces *s, struct platform *own, const struct netns_list *nss,
                enum source_pref pref)
{
    memset(s, 0, sizeof(*s));
    s->pref = pref;
    size_t n = nss ? nss->n : 1;
    s->v = calloc(n ? n : 1, sizeof(*s->v));
    if (!s->v)
        return -ENOMEM;
    s->n = n;
    s->one = nss && !nss->all;
    for (size_t i = 0; nss && i < n; i++) {
        struct space *sp = &s->v[i];
        sp->ns = &nss->v[i];
        escape_term(sp->ns->label, strlen(sp->ns->label), sp->label);
        if (sp->ns->own)
            sp->p = own;
    }
    if (!nss)
        s->v[0].p = own;
    return 0;
}

void spaces_free(struct spaces *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->v[i].opened)
            platform_close(s->v[i].p);
        free(s->v[i].links);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

struct platform *spaces_open(struct spaces *s, size_t i, FILE *out)
{
    struct space *sp = &s->v[i];
    if (sp->p || !sp->ns || sp->tried)
        return sp->p;
    sp->tried = true;
    int rc = platform_open_netns(&sp->p, s->pref, sp->ns);
    if (rc == 0) {
        sp->opened = true;
        return sp->p;
    }
    sp->p = NULL;
    if (rc == -EPERM && !s->one) {
        s->denied++;
    } else {
        fflush(out);
        fprintf(stderr, "netstat: network namespace %s: cannot read it: %s%s\n", sp->label,
                strerror(-rc), rc == -EPERM ? " (entering another namespace needs root)" : "");
        s->failed = true;
    }
    return NULL;
}

static int load_link(const struct link_rec *l, void *ctx)
{
    struct space *sp = ctx;
    if (grow((void **)&sp->links, &sp->links_cap, sp->nlinks + 1, sizeof(*sp->links)) < 0)
        return -ENOMEM;
    struct link_name *n = &sp->links[sp->nlinks++];
    n->index = l->ifindex;
    memcpy(n->name, l->name, IF_NAMESIZE);
    n->name[IF_NAMESIZE - 1] = '\0';
    return 0;
}

const char *spaces_ifname(struct space *sp, uint32_t index, char *buf)
{
    if (!sp->ns || sp->ns->own)
        return if_indextoname(index, buf);
    if (!sp->links_loaded && sp->p) {
        sp->links_loaded = true;
        platform_links(sp->p, load_link, sp);
    }
    for (size_t i = 0; i < sp->nlinks; i++)
        if (sp->links[i].index == index)
            return memcpy(buf, sp->links[i].name, IF_NAMESIZE);
    return NULL;
}

void spaces_note(const struct spaces *s, const struct netns_list *nss, FILE *out)
{
    if (!nss || !nss->all || (!nss->unseen && !s->denied))
        return; /* one namespace named: it was read, or said why not */
    fflush(out);
    if (geteuid() != 0)
        fprintf(stderr,
                "(Not all network namespaces could be %s, you would have to be root to "
                "see them all.)\n",
                nss->unseen ? "found" : "entered");
    else if (nss->unseen)
        fprintf(stderr, "(The network namespace of %u process%s could not be looked at.)\n",
                nss->unseen, nss->unseen == 1 ? "" : "es");
    if (s->denied && geteuid() == 0)
        fprintf(stderr, "(%u network namespace%s could not be entered.)\n", s->denied,
                s->denied == 1 ? "" : "s");
}
