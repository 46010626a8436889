/* A backend for systems without one: compiles everywhere, lists nothing.
 * It keeps the seam honest: the core builds without any OS code. */
#include "platform/platform.h"

#include <errno.h>
#include <stdlib.h>

struct platform {
    int unused;
};

int platform_open(struct platform **out, enum source_pref pref)
{
    (void)pref;
    *out = calloc(1, sizeof(**out));
    return *out ? 0 : -ENOMEM;
}

void platform_close(struct platform *p)
{
    free(p);
}

const char *platform_last_source(const struct platform *p)
{
    (void)p;
    return "none";
}

int platform_sockets(struct platform *p, const struct gather_req *req, sock_visit_fn fn, void *ctx)
{
    (void)p;
    (void)req;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

int platform_groups(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct group_rec *, void *), void *ctx)
{
    (void)p;
    (void)fam;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

int platform_links(struct platform *p, int (*fn)(const struct link_rec *, void *), void *ctx)
{
    (void)p;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

int platform_routes(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct route_rec *, void *), void *ctx)
{
    (void)p;
    (void)fam;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

int platform_link_detail(struct platform *p, const char *name, struct link_detail *out)
{
    (void)p;
    (void)name;
    (void)out;
    return -ENOENT;
}

int platform_link_addrs6(struct platform *p, int (*fn)(const struct link_addr6 *, void *),
                         void *ctx)
{
    (void)p;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

int platform_snmp(struct platform *p, enum snmp_source which,
                  int (*fn)(const char *section, const char *name, uint64_t value, void *ctx),
                  void *ctx)
{
    (void)p;
    (void)which;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

int platform_owners_load(struct owners **out, bool *denied, bool *none_readable)
{
    *out = NULL;
    *denied = false;
    *none_readable = true;
    return 0;
}

void platform_owners_free(struct owners *o)
{
    (void)o;
}

const char *platform_owners_source(const struct owners *o)
{
    (void)o;
    return NULL;
}

size_t platform_owners_find(const struct owners *o, const struct sock_rec *s, struct owner *out,
                            size_t max)
{
    (void)o;
    (void)s;
    (void)out;
    (void)max;
    return 0;
}

const char *platform_name(void)
{
    return "none";
}

int platform_addresses(struct platform *p, int (*fn)(const struct iface_addr *, void *), void *ctx)
{
    (void)p;
    (void)fn;
    (void)ctx;
    return -ENOSYS;
}

int platform_process_sockets(int pid, uint64_t **v, size_t *n, size_t *cap)
{
    (void)pid;
    (void)v;
    (void)n;
    (void)cap;
    return -ENOSYS;
}

int platform_persistent_routes(struct platform *p, enum sock_family fam,
                               int (*fn)(const struct route_rec *, void *), void *ctx)
{
    (void)p;
    (void)fam;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

unsigned platform_terminal_rows(void)
{
    return 0;
}
