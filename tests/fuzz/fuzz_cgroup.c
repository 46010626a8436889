/* libFuzzer: the cgroup-path reader never crashes or reads out of bounds;
 * what it finds is a known runtime with a non-empty, NUL-terminated id,
 * and the label made from it fits. */
#include <stdint.h>
#include <string.h>

#include "model/netns.h"
#include "platform/linux/cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct container c;
    bool found = cgroup_container((const char *)data, size, &c);
    if (found != (c.runtime[0] != '\0'))
        __builtin_trap();
    if (!found)
        return 0;
    if (!memchr(c.id, '\0', sizeof(c.id)) || !c.id[0] ||
        !memchr(c.runtime, '\0', sizeof(c.runtime)))
        __builtin_trap();
    struct netns ns = {.inode = 1, .pid = 1, .container = c, .fd = -1};
    netns_label(&ns);
    if (strncmp(ns.label, c.runtime, strlen(c.runtime)) != 0)
        __builtin_trap();
    return 0;
}
