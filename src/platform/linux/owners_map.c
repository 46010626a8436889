#include "platform/linux/owners_map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "platform/linux/owners_bpf.h"
#include "util/grow.h"
#include "util/hash.h"

#define FIRST_SLOTS 1024
#define HUGE        (2u << 20)

long owners_map_proc(struct owners_map *m, int pid)
{
    if (grow((void **)&m->procs, &m->cap_procs, m->n_procs + 1, sizeof(*m->procs)) < 0)
        return -ENOMEM;
    m->procs[m->n_procs] = (struct owner_proc){pid, 0, NULL};
    return (long)m->n_procs++;
}

static void put(struct owner_slot *slots, size_t mask, const struct owner_slot *e)
{
    size_t j = hash_u64(e->inode) & mask;
    while (slots[j].inode)
        j = (j + 1) & mask;
    slots[j] = *e;
}

/* Zeroed slots, their pages mapped at once (MAP_POPULATE): inserts land
 * all over the table, and a fault per page costs more than one call. */
static struct owner_slot *slots_alloc(size_t cap)
{
    size_t len = cap * sizeof(struct owner_slot);
    if (len < HUGE) {
        void *v = mmap(NULL, len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        return v == MAP_FAILED ? NULL : v;
    }
    size_t span = (len + HUGE - 1) / HUGE * HUGE;
    char *raw = mmap(NULL, span + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    char *a = (char *)(((uintptr_t)raw + HUGE - 1) / HUGE * HUGE);
    if (a > raw)
        munmap(raw, (size_t)(a - raw));
    munmap(a + span, (size_t)(raw + span + HUGE - a - span));
    madvise(a, span, MADV_HUGEPAGE);
    madvise(a, span, MADV_POPULATE_WRITE);
    return (struct owner_slot *)a;
}

static void slots_free(struct owners_map *m)
{
    if (!m->slots)
        return;
    size_t len = (m->mask + 1) * sizeof(*m->slots);
    munmap(m->slots, len < HUGE ? len : (len + HUGE - 1) / HUGE * HUGE);
}

/* cap slots (a power of two). The old table is walked from a free slot
 * on, so that each cluster is met in probe order: an inode's entries keep
 * theirs. */
static int rehash(struct owners_map *m, size_t cap)
{
    struct owner_slot *v = slots_alloc(cap);
    if (!v)
        return -ENOMEM;
    if (m->slots) {
        size_t old = m->mask + 1, start = 0;
        while (m->slots[start].inode)
            start++; /* there is one: the load stays under 3/4 */
        for (size_t k = 1; k <= old; k++) {
            const struct owner_slot *e = &m->slots[(start + k) & m->mask];
            if (e->inode)
                put(v, cap - 1, e);
        }
        slots_free(m);
    }
    m->slots = v;
    m->mask = cap - 1;
    return 0;
}

/* The load stays at most 3/4: linear probing's chains stay short. */
static size_t slots_for(size_t n)
{
    size_t cap = FIRST_SLOTS;
    while (cap < n / 3 * 4 + 4 && cap < SIZE_MAX / 4)
        cap *= 2;
    return cap;
}

int owners_map_reserve(struct owners_map *m, size_t n)
{
    size_t cap = slots_for(n);
    return m->slots && cap <= m->mask + 1 ? 0 : rehash(m, cap);
}

int owners_map_add(struct owners_map *m, uint64_t inode, uint32_t proc, int32_t fd)
{
    if (!inode || inode > UINT32_MAX)
        return 0;
    if ((!m->slots || (m->n + 1) * 4 > (m->mask + 1) * 3) &&
        rehash(m, m->slots ? (m->mask + 1) * 2 : FIRST_SLOTS) < 0)
        return -ENOMEM;
    struct owner_slot e = {(uint32_t)inode, proc, fd};
    put(m->slots, m->mask, &e);
    m->n++;
    return 0;
}

long owners_map_records(struct owners_map *m, const void *buf, size_t len, uint32_t self)
{
    size_t whole = len / sizeof(struct owners_rec);
    const char *p = buf;
    for (size_t i = 0; i < whole; i++) {
        struct owners_rec r;
        memcpy(&r, p + i * sizeof(r), sizeof(r));
        if (r.tgid == self || r.tgid > INT32_MAX)
            continue; /* as the scan: never netstat's own */
        if (!m->n_procs || m->procs[m->n_procs - 1].pid != (int)r.tgid) {
            long at = owners_map_proc(m, (int)r.tgid);
            if (at < 0)
                return at;
        }
        if (r.fd > INT32_MAX)
            continue;
        if (owners_map_add(m, r.inode, (uint32_t)(m->n_procs - 1), (int32_t)r.fd) < 0)
            return -ENOMEM;
    }
    return (long)(whole * sizeof(struct owners_rec));
}

static size_t scan_from(const struct owners_map *m, uint32_t inode, size_t j)
{
    for (; m->slots[j].inode; j = (j + 1) & m->mask)
        if (m->slots[j].inode == inode)
            return j;
    return SIZE_MAX;
}

size_t owners_map_first(const struct owners_map *m, uint64_t inode)
{
    if (!m->slots || !inode || inode > UINT32_MAX)
        return SIZE_MAX;
    return scan_from(m, (uint32_t)inode, hash_u64(inode) & m->mask);
}

size_t owners_map_next(const struct owners_map *m, size_t at)
{
    return scan_from(m, m->slots[at].inode, (at + 1) & m->mask);
}

void owners_map_free(struct owners_map *m)
{
    for (size_t i = 0; i < m->n_procs; i++)
        free(m->procs[i].name);
    free(m->procs);
    slots_free(m);
    memset(m, 0, sizeof(*m));
}
