#include "platform/linux/nlattr.h"

#include <string.h>

int nl_attrs_table(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max)
{
    memset(tb, 0, (size_t)(max + 1) * sizeof(*tb));
    size_t off = MNL_ALIGN(hdrlen);
    size_t plen = mnl_nlmsg_get_payload_len(nlh);
    if (off > plen)
        return -1;
    const struct nlattr *a = (const void *)((const char *)mnl_nlmsg_get_payload(nlh) + off);
    for (int left = (int)(plen - off); left > 0;) {
        if (!mnl_attr_ok(a, left))
            return -1;
        int type = mnl_attr_get_type(a);
        if (type <= max) /* newer kernels' attributes: ignored */
            tb[type] = a;
        left -= MNL_ALIGN(a->nla_len);
        a = (const void *)((const char *)a + MNL_ALIGN(a->nla_len));
    }
    return 0;
}
