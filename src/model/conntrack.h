/* One tracked connection (the kernel's conntrack table). */
#ifndef NETSTAT_MODEL_CONNTRACK_H
#define NETSTAT_MODEL_CONNTRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "model/sock.h"

struct ct_tuple {
    struct sock_addr src, dst;
    uint16_t sport, dport; /* host order; 0 for protocols without ports */
};

struct ct_rec {
    enum sock_family family;
    uint8_t l4proto; /* IPPROTO_ */
    struct ct_tuple orig, reply;
    uint32_t status;  /* IPS_ bits */
    uint32_t timeout; /* seconds left */
    int tcp_state;    /* TCP_CONNTRACK_; -1 none */
    uint32_t mark;
    bool snat, dnat;
};

#endif
