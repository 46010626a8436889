/* The packet filter's rules as plain records: tables, chains, rules and
 * sets, each rule a list of the kernel's own register-machine steps
 * (nftables; iptables-nft writes the same). The platform backend fills it
 * from the kernel; explain/fweval.c runs a packet through it. */
#ifndef NETSTAT_MODEL_FIREWALL_H
#define NETSTAT_MODEL_FIREWALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Families (the kernel's NFPROTO_ numbers). */
enum {
    FW_INET = 1,
    FW_IP = 2,
    FW_ARP = 3,
    FW_NETDEV = 5,
    FW_BRIDGE = 7,
    FW_IP6 = 10,
};

/* Hooks of the ip, ip6 and inet families (NF_INET_). */
enum fw_hook {
    FW_PREROUTING,
    FW_INPUT,
    FW_FORWARD,
    FW_OUTPUT,
    FW_POSTROUTING,
    FW_HOOK_NONE = 255,
};

/* Verdicts (NF_ and NFT_ codes). */
enum {
    FW_V_DROP = 0,
    FW_V_ACCEPT = 1,
    FW_V_QUEUE = 3,
    FW_V_CONTINUE = -1,
    FW_V_BREAK = -2,
    FW_V_JUMP = -3,
    FW_V_GOTO = -4,
    FW_V_RETURN = -5,
};

#define FW_DATA_MAX 64 /* bytes of one constant (a register file's data) */

struct fw_data {
    uint8_t len;
    uint8_t b[FW_DATA_MAX];
};

enum fw_op {
    FW_PAYLOAD,   /* load: base, offset, len -> dreg */
    FW_META,      /* load: key -> dreg; with has_sreg, a set (mark) */
    FW_CT,        /* load: key, dir -> dreg; with has_sreg, a set */
    FW_FIB,       /* result, flags -> dreg */
    FW_CMP,       /* sreg op data */
    FW_BITWISE,   /* dreg = (sreg & mask) ^ xor, len bytes; shift: unknown */
    FW_RANGE,     /* sreg in [from, to] (op eq) or not (neq) */
    FW_LOOKUP,    /* sreg in set; dreg 0 verdict map, >0 data map, -1 none */
    FW_IMMEDIATE, /* dreg = data, or the verdict register = verdict */
    FW_REJECT,    /* type, code */
    FW_NAT,       /* snat/dnat from registers */
    FW_REDIR,     /* redirect to this machine, port from a register */
    FW_MASQ,
    FW_MATCH,  /* iptables-nft: an xtables match, name and its data */
    FW_TARGET, /* iptables-nft: an xtables target */
    FW_NOOP,   /* counter, log, limit-free statements: no effect on the verdict */
    FW_OTHER,  /* anything else: the rule cannot be evaluated */
};

/* Comparison operators (NFT_CMP_). */
enum { FW_EQ, FW_NEQ, FW_LT, FW_LTE, FW_GT, FW_GTE };

struct fw_expr {
    uint8_t op;          /* enum fw_op */
    char name[16];       /* the kernel's expression name; an xtables extension's */
    uint32_t key;        /* payload base; meta, ct key; fib result; reject type; nat type */
    uint32_t offset;     /* payload offset; ct dir; fib flags; reject code; nat family; rev */
    uint32_t len;        /* payload, bitwise length */
    int sreg, dreg;      /* register numbers as the kernel numbers them; -1 none */
    int sreg2, dreg2;    /* nat: address max, proto min; redir: proto max; -1 none */
    int sreg3;           /* nat: proto max */
    uint32_t flags;      /* lookup invert; nat flags */
    int cmp;             /* FW_EQ... */
    int verdict;         /* immediate */
    int32_t set;         /* lookup: index into the ruleset's sets, -1 unknown */
    char *chain;         /* immediate jump/goto target; owned */
    struct fw_data a, b; /* cmp, range from; bitwise mask; imm data | range to; xor */
    uint8_t *info;       /* xtables match or target data; owned */
    uint32_t info_len;
};

struct fw_rule {
    uint64_t handle;
    size_t chain; /* index into the ruleset's chains */
    struct fw_expr *e;
    size_t ne;
    char *comment; /* the rule's user comment, or NULL; owned */
    size_t order;  /* its place in the kernel's dump */
};

struct fw_chain {
    int family;
    char table[64];
    char name[64];
    bool base;
    uint8_t hook; /* enum fw_hook; FW_HOOK_NONE for a regular chain */
    int32_t prio;
    char type[16];       /* filter, nat, route */
    int policy;          /* FW_V_ACCEPT or FW_V_DROP (base chains) */
    size_t first, count; /* its rules: ruleset.rules[first .. first+count) */
};

/* An element's verdict while the dump is read: the end of a range (the
 * first value past it), paired with its start by fw_sets_normalise(). */
#define FW_ELEM_END (-100)

struct fw_elem {
    struct fw_data key, key_end; /* key_end.len 0: one value; else inclusive */
    int verdict;                 /* verdict maps */
    char *chain;                 /* verdict maps: jump/goto target; owned */
    struct fw_data data;         /* data maps */
};

struct fw_set {
    int family;
    char table[64];
    char name[64];
    uint32_t id;
    uint32_t flags; /* NFT_SET_ */
    uint32_t key_len, data_len, data_type;
    struct fw_elem *el;
    size_t nel;
    bool interval; /* elements are ranges [key, key_end] */
    bool broken;   /* its elements could not be read */
};

struct fw_ruleset {
    struct fw_chain *chains;
    size_t nchains;
    struct fw_rule *rules; /* in chain order, each chain's rules together */
    size_t nrules;
    struct fw_set *sets;
    size_t nsets;
    /* iptables-legacy tables that hold rules netstat does not read
     * ("filter nat"), or "" */
    char legacy[128];
};

void fw_ruleset_free(struct fw_ruleset *r);
/* Frees what one rule owns. */
void fw_rule_clear(struct fw_rule *r);
/* qsort order: by place in the dump. */
int fw_rule_by_order(const void *a, const void *b);
/* An interval set's elements as ranges [key, key_end], in ascending
 * order, the kernel's end markers gone. */
void fw_sets_normalise(struct fw_ruleset *r);

#endif
