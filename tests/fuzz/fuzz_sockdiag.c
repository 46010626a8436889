/* libFuzzer: netlink replies as raw bytes: sock_diag (inet_diag,
 * unix_diag, the destroy events of --events) and rtnetlink links, routes
 * and addresses. The first byte picks the decoder. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/sockdetail.h"
#include "platform/linux/rtnl.h"
#include "platform/linux/sockdiag.h"

static int take_event(const struct sock_rec *s, void *ctx)
{
    (void)ctx;
    /* A record the decoder hands over is whole: its fields are read. */
    return s->lport == 0 && s->rport == 0 && s->family == FAM_UNIX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* Netlink messages are 4-byte aligned in the kernel's buffer. */
    size_t n = size - 1;
    uint32_t *buf = malloc(n + 4);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, n);
    struct sock_rec r;
    struct sock_detail d;
    /* Bit 4 asks for the detail too (--info, --memory). */
    struct sock_detail *dp = data[0] & 16 ? &d : NULL;
    struct link_rec l;
    struct route_rec rt;
    uint32_t oif;
    struct iface_addr a;
    if (data[0] & 32) {
        sockdiag_events_decode(buf, n, take_event, NULL);
    } else if ((data[0] & 15) == 15) {
        rtnl_parse_addr(buf, n, &a);
    } else if ((data[0] & 7) == 7) {
        rtnl_parse_route4(buf, n, &rt, &oif);
    } else if ((data[0] & 3) == 3) {
        rtnl_parse_link(buf, n, &l);
    } else if (data[0] & 1) {
        if (sockdiag_parse_unix(buf, n, &r, dp) == 0 && r.path_len) {
            const char *b = (const char *)buf;
            if (r.path < b || r.path + r.path_len > b + n)
                __builtin_trap();
        }
    } else {
        if (sockdiag_parse_inet(buf, n, (data[0] >> 1) & 1 ? PROTO_UDP : PROTO_TCP, &r, dp) == 0 &&
            dp && (r.detail != dp || dp->congestion[sizeof(dp->congestion) - 1] != '\0'))
            __builtin_trap();
    }
    free(buf);
    return 0;
}
