/* libFuzzer: the /proc/net line parsers (sockets and multicast groups).
 * The first byte picks the parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "platform/linux/linkinfo.h"
#include "platform/linux/procdev.h"
#include "platform/linux/procgroups.h"
#include "platform/linux/procroute.h"
#include "platform/linux/procsnmp.h"
#include "platform/linux/procnet.h"

static int ignore(const char *section, const char *name, uint64_t v, void *ctx)
{
    (void)section;
    (void)name;
    (void)v;
    (void)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct sock_rec r;
    const char *line = (const char *)data + 1;
    size_t len = size - 1;
    struct group_rec g;
    struct igmp_state st = {{0}, 0, 0};
    struct link_rec l;
    struct route_rec rt;
    switch (data[0] % 7) {
    case 6: {
        procroute_parse(line, len, &rt);
        procroute6_parse(line, len, &rt);
        /* The counter parsers read NUL-terminated lines: split the input
         * at its first newline into a header and a value line. */
        char copy[4097];
        size_t n = len < 4096 ? len : 4096;
        memcpy(copy, line, n);
        copy[n] = '\0';
        char *nl = strchr(copy, '\n');
        if (nl) {
            *nl = '\0';
            procsnmp_parse_pair(copy, nl + 1, ignore, NULL);
        }
        procsnmp_parse_line(copy, ignore, NULL);
        procsnmp_parse_sockstat(copy, ignore, NULL);
        break;
    }
    case 5: {
        struct link_addr6 a6;
        procdev_parse(line, len, &l);
        linkinfo_parse_inet6(line, len, &a6);
        break;
    }
    case 3:
        /* a device line first, so group lines get parsed too */
        procgroups_parse_igmp("1\teth0      :     1      V3\n", 27, &st, &g);
        procgroups_parse_igmp(line, len, &st, &g);
        break;
    case 4:
        procgroups_parse_igmp6(line, len, &g);
        break;
    case 0:
        procnet_parse_inet(line, len, FAM_INET, PROTO_TCP, &r);
        break;
    case 1:
        procnet_parse_inet(line, len, FAM_INET6, PROTO_UDP, &r);
        break;
    default:
        if (procnet_parse_unix(line, len, &r) == PROCNET_OK && r.path_len) {
            /* The path must lie inside the line. */
            if (r.path < line || r.path + r.path_len > line + len)
                __builtin_trap();
        }
        break;
    }
    return 0;
}
