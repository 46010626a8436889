/* A model of how the kernel checks and runs inet_diag bytecode (the
 * rules of net/ipv4/inet_diag.c as documented with linux/inet_diag.h),
 * for the unit test and the fuzzer: a program diagbc_compile() writes must
 * pass the check, and accept exactly what filter_match() accepts. */
#ifndef NETSTAT_TESTS_BCVM_H
#define NETSTAT_TESTS_BCVM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <sys/socket.h>

#include "model/sock.h"

static inline struct inet_diag_bc_op bcvm_op(const uint8_t *p)
{
    struct inet_diag_bc_op op;
    memcpy(&op, p, sizeof(op));
    return op;
}

/* Whether a jump landing with cc bytes left lands on a condition the
 * chain of "yes" steps from the start reaches (or on the end). */
static inline bool bcvm_reachable(const uint8_t *bc, int len, int cc)
{
    while (len >= 0) {
        if (cc > len)
            return false;
        if (cc == len)
            return true;
        struct inet_diag_bc_op op = bcvm_op(bc);
        if (op.yes < 4 || (op.yes & 3))
            return false;
        len -= op.yes;
        bc += op.yes;
    }
    return false;
}

/* The kernel's check of a program before it runs it: 0, or -1 when it
 * would refuse the request (EINVAL). */
static inline int bcvm_audit(const uint8_t *bc, int total)
{
    const uint8_t *p = bc;
    int len = total;
    while (len > 0) {
        if (len < 4)
            return -1;
        struct inet_diag_bc_op op = bcvm_op(p);
        int min = 4;
        switch (op.code) {
        case INET_DIAG_BC_S_COND:
        case INET_DIAG_BC_D_COND: {
            if (len < 4 + (int)sizeof(struct inet_diag_hostcond))
                return -1;
            struct inet_diag_hostcond hc;
            memcpy(&hc, p + 4, sizeof(hc));
            int alen = hc.family == AF_INET ? 4 : hc.family == AF_INET6 ? 16 : -1;
            if (hc.family == AF_UNSPEC)
                alen = 0;
            if (alen < 0)
                return -1;
            min = 4 + (int)sizeof(hc) + alen;
            if (len < min || hc.prefix_len > alen * 8)
                return -1;
            break;
        }
        case INET_DIAG_BC_S_GE:
        case INET_DIAG_BC_S_LE:
        case INET_DIAG_BC_D_GE:
        case INET_DIAG_BC_D_LE:
        case INET_DIAG_BC_S_EQ:
        case INET_DIAG_BC_D_EQ:
            min = 8;
            if (len < min)
                return -1;
            break;
        case INET_DIAG_BC_JMP:
        case INET_DIAG_BC_AUTO:
        case INET_DIAG_BC_NOP:
            break;
        default:
            return -1;
        }
        if (op.code != INET_DIAG_BC_NOP) {
            if (op.no < min || op.no > len + 4 || (op.no & 3))
                return -1;
            if (op.no < len && !bcvm_reachable(bc, total, len - op.no))
                return -1;
        }
        if (op.yes < min || op.yes > len + 4 || (op.yes & 3))
            return -1;
        p += op.yes;
        len -= op.yes;
    }
    return len == 0 ? 0 : -1;
}

static inline bool bcvm_prefix(const uint8_t *a, const uint8_t *b, int bits)
{
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, (size_t)whole) != 0)
        return false;
    return !rest || ((a[whole] ^ b[whole]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

/* Runs a checked program on an inet socket: whether the kernel sends it. */
static inline bool bcvm_run(const uint8_t *bc, int total, const struct sock_rec *s)
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    int family = s->family == FAM_INET ? AF_INET : AF_INET6;
    const uint8_t *p = bc;
    int len = total;
    while (len > 0) {
        struct inet_diag_bc_op op = bcvm_op(p);
        bool yes = true;
        uint16_t arg = len >= 8 ? bcvm_op(p + 4).no : 0;
        switch (op.code) {
        case INET_DIAG_BC_NOP:
            break;
        case INET_DIAG_BC_JMP:
            yes = false;
            break;
        case INET_DIAG_BC_S_GE:
            yes = s->lport >= arg;
            break;
        case INET_DIAG_BC_S_LE:
            yes = s->lport <= arg;
            break;
        case INET_DIAG_BC_D_GE:
            yes = s->rport >= arg;
            break;
        case INET_DIAG_BC_D_LE:
            yes = s->rport <= arg;
            break;
        case INET_DIAG_BC_S_EQ:
            yes = s->lport == arg;
            break;
        case INET_DIAG_BC_D_EQ:
            yes = s->rport == arg;
            break;
        case INET_DIAG_BC_S_COND:
        case INET_DIAG_BC_D_COND: {
            struct inet_diag_hostcond hc;
            memcpy(&hc, p + 4, sizeof(hc));
            const uint8_t *want = p + 4 + sizeof(hc);
            bool src = op.code == INET_DIAG_BC_S_COND;
            if (hc.port != -1 && hc.port != (src ? s->lport : s->rport)) {
                yes = false;
                break;
            }
            const uint8_t *addr = src ? s->laddr.bytes : s->raddr.bytes;
            if (hc.family != AF_UNSPEC && hc.family != family) {
                yes = family == AF_INET6 && hc.family == AF_INET && memcmp(addr, mapped, 12) == 0 &&
                      bcvm_prefix(addr + 12, want, hc.prefix_len);
                break;
            }
            yes = hc.prefix_len == 0 || bcvm_prefix(addr, want, hc.prefix_len);
            break;
        }
        default:
            return false;
        }
        len -= yes ? op.yes : op.no;
        p += yes ? op.yes : op.no;
    }
    return len == 0;
}

#endif
