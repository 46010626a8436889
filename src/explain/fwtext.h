/* A firewall rule in nft's words, for a verdict. */
#ifndef NETSTAT_EXPLAIN_FWTEXT_H
#define NETSTAT_EXPLAIN_FWTEXT_H

#include <stddef.h>

#include "model/firewall.h"

/* "ip saddr 192.0.2.0/24 tcp dport 22 accept"; raw bytes from the rules
 * (interface names, comments): escape before printing. */
void fw_rule_text(const struct fw_ruleset *rs, const struct fw_rule *ru, char *buf, size_t n);

#endif
