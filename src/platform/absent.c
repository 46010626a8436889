/* The parts of platform.h a system may simply not have: SELinux, destroying
 * sockets, text sources
 * that skip lines or leave rows out, kernel-side filters, network
 * namespaces, a helper process, nftables and conntrack. The stub backend
 * and the Windows one share these. */
#include "platform/platform.h"

#include <errno.h>

bool platform_selinux_enabled(void)
{
    return false;
}

int platform_netns_inode(struct platform *p, uint64_t *inode)
{
    (void)p;
    (void)inode;
    return -ENOSYS;
}

int platform_destroy(struct platform *p, const struct sock_rec *s)
{
    (void)p;
    (void)s;
    return -EOPNOTSUPP;
}

int platform_events_open(struct platform *p)
{
    (void)p;
    return -EOPNOTSUPP;
}

int platform_events_wait(struct platform *const *ps, size_t n, int timeout_ms, event_fn fn,
                         void *ctx)
{
    (void)ps;
    (void)n;
    (void)timeout_ms;
    (void)fn;
    (void)ctx;
    return -EOPNOTSUPP;
}

int platform_netns_list(const char *spec, struct netns_list *out)
{
    (void)spec;
    out->v = NULL;
    out->n = 0;
    out->unseen = 0;
    return -ENOSYS;
}

void platform_netns_list_free(struct netns_list *l)
{
    (void)l;
}

int platform_open_netns(struct platform **out, enum source_pref pref, const struct netns *ns)
{
    (void)out;
    (void)pref;
    (void)ns;
    return -ENOSYS;
}

int platform_enter_netns(const struct netns *ns)
{
    (void)ns;
    return -ENOSYS;
}

int platform_helper_start(struct helper **h, void (*fn)(int in, int out), int *to, int *from)
{
    (void)h;
    (void)fn;
    (void)to;
    (void)from;
    return -ENOSYS;
}

int platform_helper_pause(struct helper *h)
{
    (void)h;
    return -ESRCH;
}

void platform_helper_resume(struct helper *h)
{
    (void)h;
}

void platform_helper_end(struct helper *h)
{
    (void)h;
}

int platform_firewall(struct platform *p, struct fw_ruleset *out)
{
    (void)p;
    (void)out;
    return -ENOSYS;
}

int platform_conntrack(struct platform *p, int (*fn)(const struct ct_rec *, void *), void *ctx)
{
    (void)p;
    (void)fn;
    (void)ctx;
    return -ENOSYS;
}

bool platform_last_partial(const struct platform *p)
{
    (void)p;
    return false;
}

bool platform_last_filtered(const struct platform *p)
{
    (void)p;
    return false;
}

unsigned platform_last_bad(const struct platform *p)
{
    (void)p;
    return 0;
}

int platform_replace_file(const char *dir, const char *name, int (*write)(FILE *f, void *ctx),
                          void *ctx)
{
    (void)dir;
    (void)name;
    (void)write;
    (void)ctx;
    return -ENOSYS;
}
