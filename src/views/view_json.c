#include "views/view_json.h"

#include <arpa/inet.h>
#include <string.h>

#include "util/fmt.h"

void view_json_netns(struct json *j, struct platform *p)
{
    uint64_t inode;
    json_key(j, "netns");
    if (platform_netns_inode(p, &inode) < 0) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    json_kv_u64(j, "inode", inode);
    json_object_end(j);
}

void view_json_addr(enum sock_family fam, const struct sock_addr *a, char *buf, size_t n)
{
    if (fam == FAM_INET) {
        *fmt_ipv4(buf, a->bytes) = '\0';
        return;
    }
    struct in6_addr in6;
    memcpy(&in6, a->bytes, 16);
    if (!inet_ntop(AF_INET6, &in6, buf, (socklen_t)n))
        buf[0] = '\0';
}
