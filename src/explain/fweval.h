/* Runs one packet through the firewall's chains the way the kernel does:
 * the base chains of a hook in priority order, jumps, gotos, returns,
 * policies. A packet field may be unknown (the source address, while the
 * rules that can matter are found): a comparison on it is then "maybe".
 * A step that cannot be evaluated (an expression netstat does not know)
 * makes the outcome unknown, with the rule. */
#ifndef NETSTAT_EXPLAIN_FWEVAL_H
#define NETSTAT_EXPLAIN_FWEVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/firewall.h"

/* A connection's first packet. */
struct fw_pkt {
    int nfproto; /* FW_IP or FW_IP6 */
    uint8_t l4proto;
    uint16_t dport; /* host order */
    uint8_t saddr[16], daddr[16];
    bool saddr_known;
    bool dport_unknown; /* finding which ports the rules name */
    bool iif_known;     /* the interface it came in on */
    char iifname[16];
    uint32_t iif;
    uint16_t iiftype;
    char oifname[16]; /* the output hook: the interface it leaves by */
    uint32_t oif;
    uint16_t oiftype;
    uint32_t mark;
    bool daddr_local; /* the destination is an address of this machine */
};

enum fw_res { FWR_ACCEPT, FWR_DROP, FWR_REJECT, FWR_NAT, FWR_UNKNOWN };

struct fw_outcome {
    enum fw_res res;
    long chain;       /* the chain that decided; -1: no chain on this hook */
    long rule;        /* the rule that decided, an index into rules; -1: the policy */
    long accept_rule; /* accepted: the first rule that accepted, or -1 */
    long accept_chain;
    uint32_t rej_type, rej_code; /* NFT_REJECT_ type and code */
    /* FWR_NAT: where the packet goes instead */
    bool redirect; /* to this machine, port nat_port */
    bool nat_addr_set, nat_port_set;
    int nat_family; /* FW_IP or FW_IP6 */
    uint8_t nat_addr[16];
    uint16_t nat_port; /* host order */
    const char *why;   /* FWR_UNKNOWN: what could not be evaluated */
};

/* An address range some rule compares the source address with. */
struct fw_span {
    uint8_t lo[16], hi[16];
};

/* A port range some rule compares the destination port with. */
struct fw_pspan {
    uint16_t lo, hi;
};

struct fw_eval {
    const struct fw_ruleset *rs;
    /* Rules that can match (one bit each), from fw_find_relevant(); NULL:
     * every rule is tried. */
    uint8_t *relevant;
    /* Source ranges the relevant rules compare with. */
    struct fw_span *spans;
    size_t nspans, capspans;
    struct fw_pspan *ports; /* with dport_unknown */
    size_t nports, capports;
    bool collecting;
    int err; /* -ENOMEM while collecting */
};

/* Chains of type (NULL: every type) on hook, for the packet's family, in
 * priority order: fills idx (up to max), returns how many. */
size_t fw_hook_chains(const struct fw_ruleset *rs, enum fw_hook hook, int nfproto, const char *type,
                      size_t *idx, size_t max);

/* The packet through every base chain of type (NULL: all) on hook. A
 * chain of type nat decides only when it translates the packet. */
void fw_eval_hook(struct fw_eval *ev, enum fw_hook hook, const char *type, const struct fw_pkt *p,
                  struct fw_outcome *out);

/* With p's source address and interface unknown: marks the rules of hook
 * that can match p at all (ev->relevant, allocated on first use; marks
 * add up over calls until fw_eval_reset()), and collects the source
 * ranges they compare with. 0 or -ENOMEM. */
int fw_find_relevant(struct fw_eval *ev, enum fw_hook hook, const char *type,
                     const struct fw_pkt *p);

/* Forgets the marks and ranges, for the next packet. */
void fw_eval_reset(struct fw_eval *ev);
void fw_eval_free(struct fw_eval *ev);

#endif
