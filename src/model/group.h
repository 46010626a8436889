/* Multicast group memberships, one record per (interface, group). */
#ifndef NETSTAT_MODEL_GROUP_H
#define NETSTAT_MODEL_GROUP_H

#include <stdint.h>

#include "model/sock.h"

struct group_rec {
    enum sock_family family;
    char ifname[16]; /* raw bytes as the kernel names the interface */
    uint32_t ifindex;
    uint32_t refcnt; /* sockets (users) joined */
    struct sock_addr addr;
};

#endif
