/* The nftables ruleset of one network namespace, over netlink. */
#ifndef NETSTAT_NFTABLES_H
#define NETSTAT_NFTABLES_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/netlink.h>

#include "model/firewall.h"

/* Reads every chain, set (with its elements) and rule of namespace nsfd
 * (ours when nsfd < 0). 0, or -errno (-EPERM: needs CAP_NET_ADMIN). */
int nft_read(int nsfd, struct fw_ruleset *rs);

/* One NFT_MSG_NEWRULE message added to rs (its chains and sets read
 * already); *cap: rs->rules' allocated capacity. A message that is no
 * rule, or of a chain rs does not have, is skipped. 0, or -ENOMEM. */
int nft_rule_decode(const struct nlmsghdr *nlh, struct fw_ruleset *rs, size_t *cap);

/* The family, table and chain a rule message names. false when it names
 * none (or they are not strings). */
bool nft_rule_where(const struct nlmsghdr *nlh, int *family, char *table, size_t tn, char *chain,
                    size_t cn);

#endif
