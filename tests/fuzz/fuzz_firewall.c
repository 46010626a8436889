/* libFuzzer: the firewall's decoders. Input: one byte of choice, then a
 * netlink message as the kernel sends it. Low bit 0: an nftables rule
 * (NFT_MSG_NEWRULE) added to a ruleset with one base chain and one set,
 * then a packet run through it, every hook, and the rule written in
 * words; bit 1: a conntrack entry (IPCTNL_MSG_CT_NEW). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/fweval.h"
#include "explain/fwtext.h"
#include "model/conntrack.h"
#include "model/firewall.h"
#include "platform/linux/ctnetlink.h"
#include "platform/linux/nftables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 + sizeof(struct nlmsghdr))
        return 0;
    size_t n = size - 1;
    uint32_t *buf = malloc(n + 4);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, n);
    struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
    if (data[0] & 1) {
        struct ct_rec r;
        ct_parse(buf, n, &r);
        free(buf);
        return 0;
    }
    if (nlh->nlmsg_len > n)
        nlh->nlmsg_len = (uint32_t)n; /* the socket layer checks it; nldump trusts it */
    if (nlh->nlmsg_len < sizeof(*nlh)) {
        free(buf);
        return 0;
    }
    struct fw_ruleset rs;
    memset(&rs, 0, sizeof(rs));
    struct fw_chain ch[2];
    memset(ch, 0, sizeof(ch));
    /* the chain the message names (and "t"/"c"), so the rule is kept */
    char table[64] = "t", chain[64] = "c";
    int family = 1;
    if (!nft_rule_where(nlh, &family, table, sizeof(table), chain, sizeof(chain))) {
        strcpy(table, "t");
        strcpy(chain, "c");
    }
    for (int i = 0; i < 2; i++) {
        ch[i].family = i ? 2 : family;
        strcpy(ch[i].table, table);
        strcpy(ch[i].name, chain);
        ch[i].base = true;
        ch[i].hook = data[0] >> 1 & 3;
        strcpy(ch[i].type, data[0] & 8 ? "nat" : "filter");
        ch[i].policy = data[0] & 16 ? 0 : 1;
    }
    struct fw_set set;
    memset(&set, 0, sizeof(set));
    struct fw_elem el[2];
    memset(el, 0, sizeof(el));
    el[0].key.len = el[1].key.len = 2;
    el[0].key.b[1] = 22;
    el[1].key.b[1] = 80;
    el[1].key_end.len = 2;
    el[1].key_end.b[1] = 90;
    set.family = family;
    snprintf(set.table, sizeof(set.table), "%s", table);
    strcpy(set.name, "s");
    set.key_len = 2;
    set.el = el;
    set.nel = 2;
    rs.chains = malloc(sizeof(ch));
    rs.sets = malloc(sizeof(set));
    if (!rs.chains || !rs.sets) {
        free(rs.chains);
        free(rs.sets);
        free(buf);
        return 0;
    }
    memcpy(rs.chains, ch, sizeof(ch));
    rs.nchains = 2;
    memcpy(rs.sets, &set, sizeof(set));
    rs.nsets = 1;
    size_t cap = 0;
    nft_rule_decode(nlh, &rs, &cap);
    for (size_t i = 0; i < rs.nrules; i++)
        rs.rules[i].order = i;
    for (size_t i = 0; i < rs.nchains; i++)
        rs.chains[i].first = rs.chains[i].count = 0;
    for (size_t i = 0; i < rs.nrules; i++) {
        struct fw_chain *c = &rs.chains[rs.rules[i].chain];
        if (!c->count)
            c->first = i;
        c->count = i - c->first + 1; /* one chain's rules together: one rule here */
    }
    struct fw_eval ev;
    memset(&ev, 0, sizeof(ev));
    ev.rs = &rs;
    struct fw_pkt p;
    memset(&p, 0, sizeof(p));
    p.nfproto = data[0] & 32 ? 10 : 2;
    p.l4proto = data[0] & 64 ? 17 : 6;
    p.dport = 22;
    p.saddr_known = p.iif_known = true;
    strcpy(p.iifname, "lo");
    for (int h = 0; h < 5; h++) {
        struct fw_outcome o;
        fw_eval_hook(&ev, (enum fw_hook)h, NULL, &p, &o);
        fw_eval_reset(&ev);
        fw_find_relevant(&ev, (enum fw_hook)h, NULL, &p);
    }
    p.dport_unknown = true;
    fw_find_relevant(&ev, FW_PREROUTING, "nat", &p);
    char text[600];
    for (size_t i = 0; i < rs.nrules; i++)
        fw_rule_text(&rs, &rs.rules[i], text, sizeof(text));
    fw_eval_free(&ev);
    rs.sets[0].el = NULL; /* on the stack */
    rs.sets[0].nel = 0;
    fw_ruleset_free(&rs);
    free(buf);
    return 0;
}
