/* --explain's published ports: DNAT and redirect rules that lead a port
 * of this machine elsewhere, and what listens where they lead. */
#ifndef NETSTAT_VIEWS_EXPLAIN_PUB_H
#define NETSTAT_VIEWS_EXPLAIN_PUB_H

#include "views/explain_fw.h"

enum pub_where { PUB_NOWHERE, PUB_HERE, PUB_NETNS };
enum pub_verdict { PUB_UNKNOWN, PUB_REACHABLE, PUB_LOOPBACK_ONLY, PUB_NOTHING };

struct pub {
    int proto;  /* 6, 17 */
    int family; /* FW_IP, FW_IP6 */
    uint16_t port;
    bool from_outside, from_host; /* prerouting, output */
    struct fw_outcome o;          /* FWR_NAT (where to), or FWR_UNKNOWN */
    enum pub_where where;
    char label[160];  /* the namespace that has the address */
    char runtime[16]; /* its container runtime, or "" */
    enum pub_verdict verdict;
};

struct pub_list {
    struct pub *v;
    size_t n, cap;
};

/* Every published port of the ruleset f (read in c's namespace). 0 or
 * -ENOMEM. */
int explain_pub_find(struct explain_ctx *c, struct fw_facts *f, struct pub_list *out);
/* Where each leads: this namespace (own), another, or none netstat sees. */
void explain_pub_follow(struct explain_ctx *c, struct platform *own, struct pub_list *l);
void explain_pub_free(struct pub_list *l);

const char *explain_pub_key(enum pub_verdict v);
/* "203.0.113.2:80" */
void explain_pub_target(const struct pub *e, char *buf, size_t n);
/* "refused: inside docker:3f2a… it listens on loopback only; ..." */
void explain_pub_words(const struct pub *e, char *buf, size_t n);

#endif
