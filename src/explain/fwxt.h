/* iptables-nft's rules carry xtables matches and targets as the kernel
 * module's own data (struct xt_*): the ones on a packet's way in, read. */
#ifndef NETSTAT_EXPLAIN_FWXT_H
#define NETSTAT_EXPLAIN_FWXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain/fweval.h"
#include "model/firewall.h"

/* 0 no, 1 yes, 2 cannot tell (the same values as fweval's). */
int fwxt_match(const struct fw_expr *x, const struct fw_pkt *p);

enum fwxt_kind {
    FWXT_NONE,    /* no effect on where the packet goes (LOG, MARK, SNAT...) */
    FWXT_VERDICT, /* accept, drop, return... */
    FWXT_REJECT,
    FWXT_NAT, /* DNAT, REDIRECT */
};

struct fwxt_target {
    enum fwxt_kind kind;
    int verdict;
    uint32_t rej_type, rej_code; /* as nftables' reject: NFT_REJECT_ */
    bool redirect, addr_set, port_set;
    uint8_t addr[16];
    uint16_t port; /* host order */
};

/* 0, or -1 for a target netstat cannot read. */
int fwxt_target(const struct fw_expr *x, const struct fw_pkt *p, struct fwxt_target *out);

/* The rule's xtables match or target in iptables' words, for the
 * verdict's rule text ("-m multiport --dports 80,443"). */
void fwxt_text(const struct fw_expr *x, int family, char *buf, size_t n);

#endif
