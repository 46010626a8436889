/* The one interface every OS backend implements. Backends never print
 * and never exit: they return 0 or a negative errno value. */
#ifndef NETSTAT_PLATFORM_H
#define NETSTAT_PLATFORM_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "model/group.h"
#include "model/link.h"
#include "model/netns.h"
#include "model/route.h"
#include "model/sock.h"
#include "model/sockdetail.h"

/* The socket tables, in the order net-tools lists them. */
enum sock_table {
    TABLE_TCP4,
    TABLE_TCP6,
    TABLE_SCTP4,
    TABLE_SCTP6,
    TABLE_UDP4,
    TABLE_UDP6,
    TABLE_UDPLITE4,
    TABLE_UDPLITE6,
    TABLE_RAW4,
    TABLE_RAW6,
    TABLE_UNIX,
    TABLE_COUNT
};

enum source_pref {
    SOURCE_AUTO,    /* kernel interface first, text files second */
    SOURCE_NETLINK, /* kernel interface only */
    SOURCE_PROC,    /* text files only */
};

struct filter;

struct gather_req {
    enum sock_table table;
    uint32_t states;  /* bit per enum sock_state the caller wants; a hint */
    bool want_timers; /* fill timer fields */
    /* The table the caller will ask for next, if known: the backend may
     * start reading it while this one is read. Copied; may be NULL. */
    const struct gather_req *then;
    /* The caller's filter (filter/filter.h), or NULL. The backend may
     * leave out sockets its port and address clauses reject (see
     * platform_last_filtered); it never leaves out others. */
    const struct filter *filter;
    unsigned detail; /* DETAIL_* bits: rec->detail is filled where told */
};

/* Called once per record; a non-zero return stops the walk and is
 * returned by platform_sockets(). */
typedef int (*sock_visit_fn)(const struct sock_rec *rec, void *ctx);

struct platform;

int platform_open(struct platform **out, enum source_pref pref);
void platform_close(struct platform *p);

/* Walks one table. Returns 0, the visitor's non-zero value, -ENOENT when
 * the table does not exist on this system, or another -errno. */
int platform_sockets(struct platform *p, const struct gather_req *req, sock_visit_fn fn, void *ctx);

/* Destroys socket s, a record a walk of this backend gave, as the kernel
 * would on an error: its peer sees a reset (--kill). 0, or -errno:
 * -EOPNOTSUPP (the system cannot), -EPERM (not privileged), -ENOENT
 * (gone since). */
int platform_destroy(struct platform *p, const struct sock_rec *s);

/* --events. Subscribes p to the sockets its namespace destroys (TCP and
 * UDP): 0, or -errno: -EOPNOTSUPP where the system has no such events,
 * -EPERM. */
int platform_events_open(struct platform *p);

/* Waits up to timeout_ms (< 0: without end) for the subscribed backends
 * among ps[0..n-1] to report sockets destroyed, and hands each to fn
 * with the index of its backend and the socket's last record (s NULL:
 * that system dropped some, the reader fell behind). Returns 0 once what
 * came is handed over or the time ran out, fn's non-zero value, or
 * -errno. */
typedef int (*event_fn)(size_t i, const struct sock_rec *s, void *ctx);
int platform_events_wait(struct platform *const *ps, size_t n, int timeout_ms, event_fn fn,
                         void *ctx);

/* Which source served the last platform_sockets() call ("netlink",
 * "proc"), for diagnostics and tests. */
const char *platform_last_source(const struct platform *p);

/* Whether the rows of the current or last platform_sockets() call have
 * passed every port and address clause of its filter already
 * (FILTER_KERNEL_KINDS), so the caller need not check them again. Valid
 * from the first row visited. */
bool platform_last_filtered(const struct platform *p);

/* How many malformed lines the last platform_sockets() call skipped (text
 * source only), so the caller can report them. */
unsigned platform_last_bad(const struct platform *p);

/* Whether the last platform_sockets() call had to leave rows out: UNIX
 * connections not yet accepted, which only /proc/net/unix shows, when
 * that file cannot be read. */
bool platform_last_partial(const struct platform *p);

/* Multicast group memberships of one family. Returns 0, the visitor's
 * value, -ENOENT when the system has no such list, or another -errno. */
int platform_groups(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct group_rec *, void *), void *ctx);

/* Every network interface with its counters, in the kernel's order.
 * Returns 0, the visitor's value, or -errno. */
int platform_links(struct platform *p, int (*fn)(const struct link_rec *, void *), void *ctx);

/* Addresses, hardware address and queue length of one interface. */
int platform_link_detail(struct platform *p, const char *name, struct link_detail *out);

/* Every IPv6 address, in the kernel's order. 0, the visitor's value, or
 * -errno (-ENOENT: no IPv6; -ENOTDIR: no /proc to tell by). */
int platform_link_addrs6(struct platform *p, int (*fn)(const struct link_addr6 *, void *),
                         void *ctx);

/* Every address of every interface, both families, in the kernel's
 * order. Returns 0, the visitor's value, or -errno. */
int platform_addresses(struct platform *p, int (*fn)(const struct iface_addr *, void *), void *ctx);

/* A routing table as the classic tables show it: IPv4's main table, or
 * every IPv6 route. Returns 0, the visitor's value, -ENOENT when the
 * system has no such routing, or another -errno. */
int platform_routes(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct route_rec *, void *), void *ctx);

/* The routes the system restores at boot (Windows' persistent routes, kept
 * in the registry), as destination, mask, gateway and metric. 0, the
 * visitor's value, -ENOENT when the system keeps none of this family, or
 * another -errno. */
int platform_persistent_routes(struct platform *p, enum sock_family fam,
                               int (*fn)(const struct route_rec *, void *), void *ctx);

/* Protocol counters, in the kernel's order: section, counter name, value. */
enum snmp_source {
    SNMP_IPV4, /* Ip, Icmp, IcmpMsg, Tcp, Udp, UdpLite */
    SNMP_EXT,  /* TcpExt, IpExt, MPTcpExt */
    SNMP_IPV6, /* Ip6, Icmp6, Udp6, UdpLite6 */
    SNMP_SCTP, /* Sctp */
    /* Socket counts: sockets (used), TCP (inuse, orphan, tw, alloc, mem
     * in pages), UDP, UDPLITE, RAW, FRAG; and TCP6, UDP6, ... inuse. */
    SNMP_SOCKSTAT,
    SNMP_SOCKSTAT6,
};
/* Returns 0, the visitor's value, -ENOENT when the system has no such
 * counters, -EBADMSG when they cannot be read, or another -errno. A
 * backend of another namespace (platform_open_netns) reads its counters. */
int platform_snmp(struct platform *p, enum snmp_source which,
                  int (*fn)(const char *section, const char *name, uint64_t value, void *ctx),
                  void *ctx);

/* Socket owners: processes holding each socket inode. */
struct owner {
    int pid;
    int fd;
    const char *name; /* argv[0] base name as net-tools derives it, raw bytes */
};

struct owners;

/* Scans every process once. *denied is set when some processes could not
 * be inspected; *none_readable when no process could. Returns 0, -ENOENT
 * when the system has no process information at all (no /proc), or
 * another -errno. */
int platform_owners_load(struct owners **out, bool *denied, bool *none_readable);
void platform_owners_free(struct owners *o);
/* Which source found them: "bpf" (the kernel's iterator over every
 * task's files), "proc" (the scan of /proc/<pid>/fd), or where the
 * system's tables tell the owner, the backend's name for that. */
const char *platform_owners_source(const struct owners *o);
/* Fills up to max owners of socket s (found by its inode, or by the pid
 * its table gave), in scan order; returns how many processes hold it (0
 * when unknown). A process's name is read the first time one of its
 * sockets is asked for (it stays valid until platform_owners_free): one
 * thread at a time. */
size_t platform_owners_find(const struct owners *o, const struct sock_rec *s, struct owner *out,
                            size_t max);

/* The sockets process pid holds, as inodes appended to
 * *v (n used, cap allocated; grow()'s rules). 0, or -errno (-ENOENT: no
 * such process, or no /proc). */
int platform_process_sockets(int pid, uint64_t **v, size_t *n, size_t *cap);

/* ---- a helper process ---- */

/* A process of netstat's own running fn(in, out): it reads what is
 * written to *to, writes what is read from *from (both non-blocking on
 * this side), and ends when netstat does, however that ends. Start it
 * before any thread. 0, or -errno (-ENOSYS: this system has no such
 * thing). */
struct helper;
int platform_helper_start(struct helper **h, void (*fn)(int in, int out), int *to, int *from);
/* Stops the helper where it is, and waits until it has stopped: its
 * process id, or -errno (-ESRCH: it has ended). */
int platform_helper_pause(struct helper *h);
void platform_helper_resume(struct helper *h);
/* Ends it (and waits for that); h may be NULL. */
void platform_helper_end(struct helper *h);

/* The identity of the network namespace this backend reads (on Linux,
 * the inode of /proc/self/ns/net). 0 or -errno. */
int platform_netns_inode(struct platform *p, uint64_t *inode);

/* ---- network namespaces ---- */

/* Finds network namespaces: with spec NULL or "all", every one on the
 * machine (from each process and from the `ip netns` names), once each;
 * else the one spec names: an `ip netns` name, a process id, or a path.
 * Fills *out in listing order with each one labelled, an open handle
 * each. Returns 0, or -ENOENT (no such namespace), -ESRCH (no such
 * process), -EACCES (not allowed to look), -EINVAL (the path is not a
 * network namespace), -ENOSYS (the system has none), -ENOMEM. */
int platform_netns_list(const char *spec, struct netns_list *out);
void platform_netns_list_free(struct netns_list *l);

/* A backend that reads namespace ns (an entry of a list) while the
 * process stays where it is. When entering is not permitted it reads the
 * namespace's text tables through its first process, when there is one
 * (platform_last_source() says "proc"). 0, or -EPERM when neither works,
 * or another -errno. */
int platform_open_netns(struct platform **out, enum source_pref pref, const struct netns *ns);

/* Moves the whole process into ns, for the views that read one namespace
 * as a whole (routes, interfaces, statistics). Call before any thread
 * starts. 0 or -errno. */
int platform_enter_netns(const struct netns *ns);

/* ---- the packet filter ---- */

struct fw_ruleset;
/* The firewall's rules (nftables, which iptables-nft also writes) of the
 * namespace p reads, read once. 0, or -EPERM (reading them needs
 * CAP_NET_ADMIN), -EPROTONOSUPPORT (the kernel has no nftables), -ENOSYS
 * (no such thing on this system), another -errno. */
int platform_firewall(struct platform *p, struct fw_ruleset *out);

/* Every tracked connection (conntrack) of the namespace p reads. 0, the
 * visitor's value, or -errno (-EPERM: needs CAP_NET_ADMIN;
 * -EPROTONOSUPPORT: no connection tracking; -ENOSYS: no such thing). */
struct ct_rec;
int platform_conntrack(struct platform *p, int (*fn)(const struct ct_rec *, void *), void *ctx);

/* The system this backend reads: "linux", "windows" (JSON's "platform"). */
const char *platform_name(void);

/* True when the kernel has SELinux enabled. */
bool platform_selinux_enabled(void);

/* Replaces dir/name whole or not at all: write(f, ctx) fills a new file
 * beside it (a hidden name, mode 0644), which is then synced and renamed
 * over it. 0; write's own negative value (the file stays as it was); or
 * -errno from creating, writing or renaming. */
int platform_replace_file(const char *dir, const char *name, int (*write)(FILE *f, void *ctx),
                          void *ctx);

/* The height in lines of the terminal standard output is, or 0 when it
 * is not one. */
unsigned platform_terminal_rows(void);

#endif
