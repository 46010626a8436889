/* --explain's firewall verdicts for each listening socket: who gets
 * through, in words and as JSON facts. */
#ifndef NETSTAT_VIEWS_EXPLAIN_FW_H
#define NETSTAT_VIEWS_EXPLAIN_FW_H

#include <stdbool.h>
#include <stddef.h>

#include "explain/fweval.h"
#include "model/firewall.h"
#include "platform/platform.h"
#include "render/json.h"
#include "views/explain_words.h"

/* The ruleset of one namespace, read once. */
struct fw_facts {
    bool read;
    int err; /* why not read: -EPERM (needs root), -EPROTONOSUPPORT... */
    struct fw_ruleset rs;
    struct fw_eval ev;
};

void explain_fw_load(struct fw_facts *f, struct platform *p);
void explain_fw_free(struct fw_facts *f);

/* Clients of one kind: through one interface, from one range of source
 * addresses (or this machine, through lo), and what happens to them. */
struct fw_class {
    int family; /* FW_IP, FW_IP6 */
    char ifname[16];
    bool lo;
    uint8_t lo_addr[16], hi[16]; /* the sources, a range */
    struct fw_outcome o;
};

struct fw_sock {
    struct fw_class *v;
    size_t n, cap;
};

/* Every kind of client of listener s. 0 or -ENOMEM. */
int explain_fw_socket(struct explain_ctx *c, struct fw_facts *f, const struct sock_rec *s,
                      struct fw_sock *out);
void explain_fw_sock_free(struct fw_sock *fs);

/* "accepted from 192.0.2.0/24 through veth0 only; dropped for everyone
 * else (table inet filter, chain input, policy drop)"; escaped. */
void explain_fw_words(const struct fw_facts *f, const struct fw_sock *fs, char *buf, size_t n);

/* The rule or policy that decided: "rule 7 of inet filter input: ...". */
void explain_fw_decider(const struct fw_facts *f, const struct fw_outcome *o, char *buf, size_t n);
void explain_fw_result_words(const struct fw_outcome *o, char *buf, size_t n);
const char *explain_fw_result_key(enum fw_res r);

/* "firewall": {read, error, summary, legacy_tables, verdicts: [...]}. */
void explain_fw_json(const struct fw_facts *f, const struct fw_sock *fs, struct json *j);

#endif
