#include "platform/linux/nlattr.h"

bool nl_attrs_well_formed(const struct nlmsghdr *nlh, size_t hdrlen)
{
    size_t off = MNL_ALIGN(hdrlen);
    size_t plen = mnl_nlmsg_get_payload_len(nlh);
    if (off > plen)
        return false;
    const struct nlattr *a = (const void *)((const char *)mnl_nlmsg_get_payload(nlh) + off);
    for (int left = (int)(plen - off); left > 0;) {
        if (!mnl_attr_ok(a, left))
            return false;
        left -= MNL_ALIGN(a->nla_len);
        a = (const void *)((const char *)a + MNL_ALIGN(a->nla_len));
    }
    return true;
}
