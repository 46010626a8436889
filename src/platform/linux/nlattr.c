#include "platform/linux/nlattr.h"

#include <errno.h>
#include <stdlib.h>

/* The kernel fills each dump datagram up to about 32 KiB. */
#define NL_DUMP_BUF_SIZE (64 * 1024)

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

/* NLMSG_DONE may carry an error: a dump the kernel cannot serve (no diag
 * handler for the protocol) ends with DONE holding -ENOENT. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
    (void)data;
    if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
        int err = *(const int *)mnl_nlmsg_get_payload(nlh);
        if (err < 0) {
            errno = -err;
            return MNL_CB_ERROR;
        }
    }
    return MNL_CB_STOP;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
    [NLMSG_DONE] = done_cb,
};

int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
            const int *visit_rc)
{
    unsigned int portid = mnl_socket_get_portid(nl);
    uint32_t seq = req->nlmsg_seq;
    if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
        return -errno;

    char *buf = malloc(NL_DUMP_BUF_SIZE);
    if (!buf)
        return -ENOMEM;
    int rc = 0;
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl, buf, NL_DUMP_BUF_SIZE);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = -errno;
            break;
        }
        errno = 0;
        int r = mnl_cb_run2(buf, (size_t)n, seq, portid, cb, data, ctl_cbs, NLMSG_MIN_TYPE);
        if (r == MNL_CB_STOP) {
            if (visit_rc && *visit_rc) {
                /* The visitor stopped early: drain the rest of the dump so
                 * the socket stays usable for the next request. */
                while ((n = mnl_socket_recvfrom(nl, buf, NL_DUMP_BUF_SIZE)) > 0)
                    if (mnl_cb_run2(buf, (size_t)n, seq, portid, NULL, NULL, ctl_cbs,
                                    NLMSG_MIN_TYPE) <= MNL_CB_STOP)
                        break;
                rc = *visit_rc;
            }
            break;
        }
        if (r < 0) {
            rc = errno ? -errno : -EIO;
            break;
        }
    }
    free(buf);
    return rc;
}
