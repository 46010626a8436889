/* libFuzzer: the eBPF iterator's records (platform/linux/owners_map.c),
 * handed over in cuts of any size, never crash the map, and every kept
 * record is found again: each inode's owners are exactly its records, in
 * the order they came, with the pid they came with; netstat's own, a
 * zero or 64-bit inode, out-of-range tgids and fds are left out. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/owners_bpf.h"
#include "platform/linux/owners_map.h"

static int kept(const struct owners_rec *r, uint32_t self)
{
    return r->tgid != self && r->tgid <= INT32_MAX && r->fd <= INT32_MAX && r->inode &&
           r->inode <= UINT32_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t cut = (size_t)data[0] + 1; /* bytes per hand-over */
    uint32_t self = data[1];
    data += 2;
    size -= 2;
    struct owners_map m = {0};
    if (data[-2] & 1 && owners_map_reserve(&m, size / 8) < 0)
        __builtin_trap();
    /* As the reader hands them over: what take leaves comes again. */
    size_t at = 0, pending = 0;
    while (at + pending < size) {
        size_t n = pending + (cut < size - at - pending ? cut : size - at - pending);
        long used = owners_map_records(&m, data + at, n, self);
        if (used < 0 || (size_t)used > n || used % sizeof(struct owners_rec))
            __builtin_trap();
        at += (size_t)used;
        pending = n - (size_t)used;
    }
    size_t whole = size / sizeof(struct owners_rec), want = 0;
    struct owners_rec *r = malloc((whole ? whole : 1) * sizeof(*r));
    if (!r)
        return 0;
    memcpy(r, data, whole * sizeof(*r));
    for (size_t i = 0; i < whole; i++)
        want += (size_t)kept(&r[i], self);
    if (m.n != want)
        __builtin_trap();
    for (size_t i = 0; i < whole; i++) {
        if (!kept(&r[i], self)) {
            if ((!r[i].inode || r[i].inode > UINT32_MAX) &&
                owners_map_first(&m, r[i].inode) != SIZE_MAX)
                __builtin_trap();
            continue;
        }
        /* Its inode's owners, against the records that hold it. */
        size_t j = owners_map_first(&m, r[i].inode);
        for (size_t k = 0; k < whole; k++) {
            if (!kept(&r[k], self) || r[k].inode != r[i].inode)
                continue;
            if (j == SIZE_MAX)
                __builtin_trap();
            const struct owner_slot *e = &m.slots[j];
            if (e->proc >= m.n_procs || m.procs[e->proc].pid != (int)r[k].tgid ||
                e->fd != (int32_t)r[k].fd)
                __builtin_trap();
            j = owners_map_next(&m, j);
        }
        if (j != SIZE_MAX)
            __builtin_trap();
    }
    free(r);
    owners_map_free(&m);
    return 0;
}
