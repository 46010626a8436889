#include "views/sockfilter.h"

#include <stdlib.h>

void sock_filter_request(const struct filter *f, struct gather_req *req)
{
    if (!f->present)
        return;
    req->filter = f;
    if (req->table == TABLE_UNIX)
        return; /* the UNIX dump has no such mask: user space decides */
    bool tcp = req->table == TABLE_TCP4 || req->table == TABLE_TCP6;
    req->states &= filter_states_of(f, tcp ? PROTO_TCP : PROTO_UDP);
}

bool sock_filter_pass(const struct filter *f, const struct owners *owners, const struct platform *p,
                      const struct sock_rec *s)
{
    if (!f->present)
        return true;
    unsigned skip = p && platform_last_filtered(p) ? FILTER_KERNEL_KINDS : 0;
    if (!filter_needs_owners(f) || !owners)
        return filter_match(f, s, NULL, 0, skip);
    struct owner own[16];
    size_t n = platform_owners_find(owners, s, own, 16);
    if (n <= 16)
        return filter_match(f, s, own, n, skip);
    /* shared by many processes (a server's workers): ask for them all */
    struct owner *all = malloc(n * sizeof(*all));
    if (!all)
        return filter_match(f, s, own, 16, skip);
    size_t m = platform_owners_find(owners, s, all, n);
    bool pass = filter_match(f, s, all, m < n ? m : n, skip);
    free(all);
    return pass;
}
