/* Network interfaces and their counters. */
#ifndef NETSTAT_MODEL_LINK_H
#define NETSTAT_MODEL_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "model/sock.h"

struct link_stats {
    uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped, rx_fifo, rx_frame;
    uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped, tx_fifo, tx_carrier, collisions;
    /* of the packets above, those sent to many (multicast and broadcast),
     * and those received for a protocol the system does not know, where
     * the system counts them (Windows' Interface Statistics); else 0 */
    uint64_t rx_nucast, tx_nucast, rx_unknown;
};

/* Interface flags, our own bits (the classic BSD values). */
#define LINK_UP          0x1
#define LINK_BROADCAST   0x2
#define LINK_DEBUG       0x4
#define LINK_LOOPBACK    0x8
#define LINK_POINTOPOINT 0x10
#define LINK_NOTRAILERS  0x20
#define LINK_RUNNING     0x40
#define LINK_NOARP       0x80
#define LINK_PROMISC     0x100
#define LINK_ALLMULTI    0x200
#define LINK_MASTER      0x400
#define LINK_SLAVE       0x800
#define LINK_MULTICAST   0x1000
#define LINK_DYNAMIC     0x8000

struct link_rec {
    char name[16]; /* raw bytes */
    uint32_t ifindex;
    uint32_t flags; /* LINK_* */
    uint32_t mtu;
    bool has_stats;
    struct link_stats st;
    char descr[80]; /* what the system calls the adapter (Windows), or "" */
};

/* What the extended view (-ie) shows beyond the table. */
struct link_detail {
    bool has_ipv4; /* the primary IPv4 address */
    uint8_t addr4[4], mask4[4], brd4[4], dst4[4];
    int hwtype; /* ARP hardware type; -1 unknown */
    uint8_t hwaddr[32];
    size_t hwlen;
    int txqlen; /* -1 unknown */
    /* the device map: interrupt, I/O base, memory window, DMA channel */
    unsigned irq, base_addr, dma;
    unsigned long mem_start, mem_end;
};

/* One IPv6 address of an interface. */
struct link_addr6 {
    uint8_t addr[16];
    uint32_t ifindex;
    unsigned prefix_len;
    unsigned scope; /* the kernel's scope bits, as /proc/net/if_inet6 */
    unsigned flags; /* IFA_F_* */
    char ifname[16];
};

/* Address scopes, our own numbering. */
enum addr_scope {
    SCOPE_GLOBAL,
    SCOPE_SITE,
    SCOPE_LINK,
    SCOPE_HOST,
    SCOPE_NOWHERE,
};

/* One address of an interface, any family. */
struct iface_addr {
    enum sock_family family; /* FAM_INET or FAM_INET6 */
    struct sock_addr addr;
    uint8_t prefix_len;
    uint32_t ifindex;
    enum addr_scope scope;
    bool tentative; /* still in duplicate address detection, or failed it: not usable */
};

#endif
