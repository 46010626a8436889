/* libFuzzer: the /proc/net line parsers. The first byte picks the table. */
#include <stddef.h>
#include <stdint.h>

#include "platform/linux/procnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct sock_rec r;
    const char *line = (const char *)data + 1;
    size_t len = size - 1;
    switch (data[0] % 3) {
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
