/* Linux backend: each socket table from NETLINK_SOCK_DIAG first and from
 * /proc/net second, behind one small table of sources. */
#include "platform/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "filter/filter.h"
#include "platform/linux/diagbc.h"
#include "platform/linux/procdev.h"
#include "platform/linux/procgroups.h"
#include "platform/linux/procroute.h"
#include "platform/linux/procsnmp.h"
#include "platform/linux/procnet.h"
#include "platform/linux/nldump.h"
#include "platform/linux/linkinfo.h"
#include "platform/linux/nsenter.h"
#include "platform/linux/nftables.h"
#include "platform/linux/ctnetlink.h"
#include "platform/linux/rtnl.h"
#include "platform/linux/sockdiag.h"
#include "platform/linux/textfile.h"

struct platform {
    enum source_pref pref;
    /* Two diag sockets: one dump read now, the next read ahead. diag[0]
     * is NULL when sock_diag is unavailable; diag[1] opens when needed. */
    struct mnl_socket *diag[2];
    int diag_errno;
    bool diag_lazy;            /* diag[0] not opened yet (own namespace) */
    struct mnl_socket *events; /* subscribed to destroy events (--events) */
    struct nl_dump *ahead;     /* the dump read ahead, or NULL */
    int ahead_sock;
    struct gather_req ahead_req;
    const char *last_source;
    unsigned last_bad;
    bool last_partial;
    bool last_filtered;
    bool no_bytecode; /* the kernel refused our bytecode once: filter in user space */
    /* The program of the last filter asked for, compiled once: its
     * length, 0 for none, -1 when user space evaluates it all. */
    const struct filter *bc_filter;
    int bc_len;
    uint8_t bc[DIAGBC_MAX];
    /* The namespace read: -1 for our own; else a handle (the caller's
     * list owns it), its inode, and its first process, through whose
     * /proc/<pid>/net the text tables are read when entering is denied. */
    int nsfd;
    uint64_t ns_inode;
    int ns_pid;
    bool via_pid;
    /* --kill's diag socket (no dump runs on it), or why it could not open */
    struct mnl_socket *kill;
    int kill_errno;
};

struct table_info {
    enum sock_family fam;
    enum sock_proto proto;
    const char *proc_path;
};

static const struct table_info tables[TABLE_COUNT] = {
    [TABLE_TCP4] = {FAM_INET, PROTO_TCP, "/proc/net/tcp"},
    [TABLE_TCP6] = {FAM_INET6, PROTO_TCP, "/proc/net/tcp6"},
    [TABLE_SCTP4] = {FAM_INET, PROTO_SCTP, "/proc/net/sctp/eps"},
    [TABLE_SCTP6] = {FAM_INET6, PROTO_SCTP, "/proc/net/sctp/eps"},
    [TABLE_UDP4] = {FAM_INET, PROTO_UDP, "/proc/net/udp"},
    [TABLE_UDP6] = {FAM_INET6, PROTO_UDP, "/proc/net/udp6"},
    [TABLE_UDPLITE4] = {FAM_INET, PROTO_UDPLITE, "/proc/net/udplite"},
    [TABLE_UDPLITE6] = {FAM_INET6, PROTO_UDPLITE, "/proc/net/udplite6"},
    [TABLE_RAW4] = {FAM_INET, PROTO_RAW, "/proc/net/raw"},
    [TABLE_RAW6] = {FAM_INET6, PROTO_RAW, "/proc/net/raw6"},
    [TABLE_UNIX] = {FAM_UNIX, PROTO_UNIX, "/proc/net/unix"},
};

/* netstat never needs CAP_NET_ADMIN: it leaves the effective set before
 * the diag sockets open (least privilege, and without it the kernel
 * leaves the socket mark out of every inet_diag record: about 8% less to
 * build and copy). Permitted stays, so nothing is lost for good. */
static void drop_net_admin(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) < 0 || !(d[0].effective & (1u << CAP_NET_ADMIN)))
        return;
    d[0].effective &= ~(1u << CAP_NET_ADMIN);
    syscall(SYS_capset, &h, d);
}

/* Takes CAP_NET_ADMIN back into the effective set, when it is permitted,
 * for what does need it: reading the firewall's rules, and --kill (the
 * kernel checks it in the sender as it destroys a socket). Whether it is
 * effective now. */
static bool raise_net_admin(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) < 0 || !(d[0].permitted & (1u << CAP_NET_ADMIN)))
        return false;
    d[0].effective |= 1u << CAP_NET_ADMIN;
    return syscall(SYS_capset, &h, d) == 0;
}

int platform_open(struct platform **out, enum source_pref pref)
{
    drop_net_admin();
    struct platform *p = calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    p->pref = pref;
    p->nsfd = -1;
    /* The diag socket opens with the first socket table read: a view
     * that reads none (-s, -r, --summary) starts with three system
     * calls fewer. */
    p->diag_lazy = pref != SOURCE_PROC;
    *out = p;
    return 0;
}

static int probe(void *arg)
{
    (void)arg;
    return 0;
}

int platform_open_netns(struct platform **out, enum source_pref pref, const struct netns *ns)
{
    if (ns->own)
        return platform_open(out, pref);
    drop_net_admin();
    struct platform *p = calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    p->pref = pref;
    p->nsfd = ns->fd;
    p->ns_inode = ns->inode;
    p->ns_pid = ns->pid;
    /* Both diag sockets with one entry: each entry is a thread. */
    int rc = pref != SOURCE_PROC ? ns_mnl_open_n(p->nsfd, NETLINK_SOCK_DIAG, p->diag, 2)
                                 : ns_run(p->nsfd, probe, NULL);
    if (rc == -EPERM && ns->pid > 0) {
        p->via_pid = true; /* not allowed in: its text tables, from outside */
        p->pref = SOURCE_PROC;
    } else if (rc == -EPERM || rc == -ENOMEM || rc == -EAGAIN || rc == -EINVAL) {
        free(p);
        return rc;
    } else if (rc < 0) {
        p->diag_errno = -rc;
    }
    *out = p;
    return 0;
}

/* Reads a table's text file in the namespace this backend reads. */
static int read_text_table(struct platform *p, const struct table_info *t, sock_visit_fn fn,
                           void *ctx)
{
    if (p->nsfd < 0)
        return procnet_read(t->proc_path, t->fam, t->proto, fn, ctx, &p->last_bad);
    const char *leaf = t->proc_path + strlen("/proc/net/");
    int fd;
    if (p->via_pid) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/net/%s", p->ns_pid, leaf);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fd = -errno;
    } else {
        fd = ns_open_net_file(p->nsfd, leaf);
    }
    if (fd < 0)
        return fd;
    return procnet_read_fd(fd, t->fam, t->proto, fn, ctx, &p->last_bad);
}

void platform_close(struct platform *p)
{
    if (!p)
        return;
    nl_dump_abandon(p->ahead);
    sockdiag_close(p->diag[0]);
    sockdiag_close(p->diag[1]);
    sockdiag_close(p->kill);
    sockdiag_close(p->events);
    free(p);
}

int platform_destroy(struct platform *p, const struct sock_rec *s)
{
    if (p->via_pid)
        return -EPERM; /* not allowed into the namespace */
    if (!p->kill && !p->kill_errno) {
        p->kill = sockdiag_open(p->nsfd);
        p->kill_errno = p->kill ? 0 : errno;
    }
    if (!p->kill)
        return -p->kill_errno;
    if (!raise_net_admin())
        return -EPERM;
    int rc = sockdiag_destroy(p->kill, s);
    drop_net_admin();
    return rc;
}

int platform_events_open(struct platform *p)
{
    if (p->via_pid)
        return -EPERM; /* not allowed into the namespace */
    if (p->events)
        return 0;
    p->events = sockdiag_events_open(p->nsfd);
    if (!p->events)
        return errno == ENOENT || errno == EINVAL ? -EOPNOTSUPP : -errno;
    return 0;
}

struct event_relay {
    size_t i;
    event_fn fn;
    void *ctx;
};

static int relay_event(const struct sock_rec *s, void *ctx)
{
    struct event_relay *r = ctx;
    return r->fn(r->i, s, r->ctx);
}

int platform_events_wait(struct platform *const *ps, size_t n, int timeout_ms, event_fn fn,
                         void *ctx)
{
    struct pollfd one, *fds = n > 1 ? calloc(n, sizeof(*fds)) : &one;
    if (!fds)
        return -ENOMEM;
    /* A backend not subscribed: fd -1, which poll skips. */
    for (size_t i = 0; i < n; i++)
        fds[i] = (struct pollfd){ps[i] && ps[i]->events ? mnl_socket_get_fd(ps[i]->events) : -1,
                                 POLLIN, 0};
    int rc = poll(fds, (nfds_t)n, timeout_ms);
    if (rc < 0)
        rc = errno == EINTR ? 0 : -errno;
    else
        rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!(fds[i].revents & (POLLIN | POLLERR)))
            continue;
        struct event_relay r = {i, fn, ctx};
        rc = sockdiag_events_read(ps[i]->events, relay_event, &r);
    }
    if (fds != &one)
        free(fds);
    return rc;
}

bool platform_last_filtered(const struct platform *p)
{
    return p->last_filtered;
}

bool platform_last_partial(const struct platform *p)
{
    return p->last_partial;
}

unsigned platform_last_bad(const struct platform *p)
{
    return p->last_bad;
}

const char *platform_last_source(const struct platform *p)
{
    return p->last_source ? p->last_source : "none";
}

/* Whether the kernel has SCTP: its /proc file, as net-tools decides. */
static bool table_exists(const struct table_info *t)
{
    return access(t->proc_path, F_OK) == 0;
}

/* NETSTAT_FILTER, for tests: "user" evaluates every filter in user
 * space; "kernel" makes a program the kernel refuses an error instead of
 * a reason to ask again without it. */
enum filter_mode { FILTER_AUTO, FILTER_USER, FILTER_KERNEL };

static enum filter_mode filter_mode(void)
{
    static int mode = -1;
    if (mode < 0) {
        const char *e = getenv("NETSTAT_FILTER");
        mode = !e                         ? FILTER_AUTO
               : strcmp(e, "user") == 0   ? FILTER_USER
               : strcmp(e, "kernel") == 0 ? FILTER_KERNEL
                                          : FILTER_AUTO;
    }
    return (enum filter_mode)mode;
}

/* The bytecode for a request's filter, in p->bc: its length, 0 for none
 * (no filter, a UNIX table, or no clause the kernel runs), or -1 when user
 * space evaluates it all (too long a program, or NETSTAT_FILTER=user). */
static int request_bytecode(struct platform *p, const struct gather_req *req)
{
    if (!req->filter || tables[req->table].proto == PROTO_UNIX)
        return 0;
    if (filter_mode() == FILTER_USER || p->no_bytecode)
        return -1;
    if (p->bc_filter != req->filter) {
        int n = diagbc_compile(req->filter, p->bc, sizeof(p->bc));
        p->bc_len = n < 0 ? -1 : n;
        p->bc_filter = req->filter;
    }
    return p->bc_len;
}

/* Starts the dump of one table on diag socket `sock`. */
static struct nl_dump *start_table(struct platform *p, int sock, const struct gather_req *req,
                                   bool ahead)
{
    const struct table_info *t = &tables[req->table];
    char buf[SOCKDIAG_REQ_SIZE];
    int bclen = request_bytecode(p, req);
    struct nlmsghdr *nlh =
        t->proto == PROTO_UNIX
            ? sockdiag_unix_request(buf, req->detail)
            : sockdiag_inet_request(buf, t->fam, t->proto, req->states, req->want_timers,
                                    req->detail, p->bc, bclen > 0 ? (size_t)bclen : 0);
    if (!nlh) {
        errno = EINVAL;
        return NULL;
    }
    return nl_dump_start(p->diag[sock], nlh, ahead);
}

static bool same_req(const struct gather_req *a, const struct gather_req *b)
{
    return a->table == b->table && a->states == b->states && a->want_timers == b->want_timers &&
           a->filter == b->filter && a->detail == b->detail;
}

/* Starts reading the caller's next table while it reads this one, on the
 * diag socket this one does not use. */
static void read_ahead(struct platform *p, int busy, const struct gather_req *next)
{
    if (!next || (unsigned)next->table >= TABLE_COUNT || tables[next->table].proto == PROTO_SCTP)
        return;
    int sock = 1 - busy;
    if (!p->diag[sock])
        p->diag[sock] = sockdiag_open(p->nsfd);
    if (!p->diag[sock])
        return; /* no second socket: read it in turn */
    p->ahead = start_table(p, sock, next, true);
    p->ahead_sock = sock;
    p->ahead_req = *next;
    p->ahead_req.then = NULL;
}

/* Reads one table from sock_diag: the dump read ahead for it, or a new one. */
static int diag_table(struct platform *p, const struct gather_req *req, bool exact,
                      sock_visit_fn fn, void *ctx)
{
    const struct table_info *t = &tables[req->table];
    struct nl_dump *d = NULL;
    int sock = 0;
    /* Only the rows a program passed have passed the port and address
     * clauses (a clause the kernel skips as always true is so for all). */
    int bclen = request_bytecode(p, req);
    p->last_filtered = bclen >= 0 && t->proto != PROTO_UNIX;
    if (p->ahead && same_req(&p->ahead_req, req)) {
        d = p->ahead;
        sock = p->ahead_sock;
        p->ahead = NULL;
    } else {
        nl_dump_abandon(p->ahead);
        p->ahead = NULL;
        d = start_table(p, 0, req, false);
        if (!d)
            return -errno;
    }
    if (t->proto == PROTO_UNIX) {
        /* The counting dump runs on the other socket; nothing reads ahead
         * (UNIX is the last table). */
        int other = 1 - sock;
        if (!p->diag[other] && !(p->diag[other] = sockdiag_open(p->nsfd))) {
            int e = errno;
            nl_dump_abandon(d);
            return -e;
        }
        return sockdiag_unix_run(p->diag[other], d, exact, req->detail, fn, ctx);
    }
    read_ahead(p, sock, req->then);
    int rc = sockdiag_inet_run(d, t->proto, req->detail, fn, ctx);
    if (rc == -EINVAL && bclen > 0) {
        if (filter_mode() == FILTER_KERNEL)
            return -EPROTO; /* an error, not a reason to read the text tables */
        /* A kernel that refuses part of the program (older ones lack
         * the port equality test) is asked again without it; nothing was
         * visited, as the refusal comes first. */
        nl_dump_abandon(p->ahead);
        p->ahead = NULL;
        p->no_bytecode = true;
        return diag_table(p, req, exact, fn, ctx);
    }
    return rc;
}

int platform_sockets(struct platform *p, const struct gather_req *req, sock_visit_fn fn, void *ctx)
{
    if ((unsigned)req->table >= TABLE_COUNT)
        return -EINVAL;
    const struct table_info *t = &tables[req->table];
    p->last_bad = 0;
    p->last_partial = false;
    p->last_filtered = false;

    if (t->proto == PROTO_SCTP) {
        /* SCTP endpoints are listed only when the kernel has SCTP; this
         * backend reports the table's absence as net-tools does and lists
         * nothing from it otherwise. */
        p->last_source = "proc";
        return table_exists(t) ? 0 : -ENOENT;
    }

    if (p->diag_lazy) {
        p->diag_lazy = false;
        p->diag[0] = sockdiag_open(p->nsfd);
        if (!p->diag[0])
            p->diag_errno = errno;
    }
    if (p->pref != SOURCE_PROC) {
        if (!p->diag[0]) {
            if (p->pref == SOURCE_NETLINK)
                return -p->diag_errno;
        } else {
            int rc = diag_table(p, req, p->pref != SOURCE_NETLINK, fn, ctx);
            if (rc == SOCKDIAG_UNIX_PENDING && p->nsfd < 0 && access(t->proc_path, R_OK) != 0) {
                /* The text file that shows them cannot be read: what the
                 * diag has, and the caller says what is missing. */
                p->last_partial = true;
                rc = diag_table(p, req, false, fn, ctx);
            }
            if (rc == SOCKDIAG_UNIX_PENDING)
                rc = -ENOENT; /* the text file shows them: use it */
            /* ENOENT/EOPNOTSUPP/EINVAL: no diag handler for this protocol
             * (e.g. raw without raw_diag); the text file decides. */
            if (rc >= 0 || p->pref == SOURCE_NETLINK ||
                !(rc == -ENOENT || rc == -EOPNOTSUPP || rc == -EINVAL || rc == -EPROTONOSUPPORT)) {
                p->last_source = "netlink";
                return rc;
            }
        }
    }
    p->last_source = "proc";
    p->last_filtered = false;
    return read_text_table(p, t, fn, ctx);
}

/* The kernel reports memberships only as text: /proc is the one source. */
int platform_groups(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct group_rec *, void *), void *ctx)
{
    if (p->nsfd >= 0)
        return -EOPNOTSUPP; /* a namespace's backend serves sockets only */
    unsigned bad = 0;
    p->last_source = "proc";
    return procgroups_read(fam == FAM_INET ? "/proc/net/igmp" : "/proc/net/igmp6", fam, fn, ctx,
                           &bad);
}

/* rtnetlink first (64-bit counters), /proc/net/dev and ioctls second;
 * then address labels, which only the ioctls name. */
int platform_links(struct platform *p, int (*fn)(const struct link_rec *, void *), void *ctx)
{
    int rc = -ENOENT;
    if (p->nsfd >= 0) /* another namespace: rtnetlink only */
        return p->via_pid ? -EPERM : rtnl_links(p->nsfd, fn, ctx);
    if (p->pref != SOURCE_PROC) {
        rc = rtnl_links(-1, fn, ctx);
        p->last_source = "netlink";
    }
    if (p->pref == SOURCE_PROC || (rc < 0 && p->pref != SOURCE_NETLINK && rc != -ENOMEM)) {
        unsigned bad = 0;
        p->last_source = "proc";
        rc = procdev_read(fn, ctx, &bad);
    }
    if (rc == 0) {
        int lr = procdev_labels(fn, ctx);
        if (lr > 0 || lr == -ENOMEM)
            rc = lr; /* a visitor's stop, or no memory; no labels is fine */
    }
    return rc;
}

/* rtnetlink first, /proc/net/route second. */
int platform_routes(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct route_rec *, void *), void *ctx)
{
    unsigned bad = 0;
    if (p->nsfd >= 0)
        return -EOPNOTSUPP;
    if (fam == FAM_INET6) {
        p->last_source = "proc";
        return procroute6_read(fn, ctx, &bad);
    }
    if (fam != FAM_INET)
        return -EAFNOSUPPORT;
    if (p->pref != SOURCE_PROC) {
        int rc = rtnl_routes4(-1, fn, ctx);
        if (rc >= 0 || p->pref == SOURCE_NETLINK || rc == -ENOMEM) {
            p->last_source = "netlink";
            return rc;
        }
    }
    p->last_source = "proc";
    return procroute_read(fn, ctx, &bad);
}

/* The kernel publishes these counters as text only. */
struct snmp_ctx {
    snmp_visit_fn fn;
    void *ctx;
    bool pairs;
    char *head; /* the pending header line of a pair */
};

static int sockstat_line(const char *line, size_t n, void *ctx)
{
    struct snmp_ctx *c = ctx;
    (void)n;
    int rc = procsnmp_parse_sockstat(line, c->fn, c->ctx);
    return rc < 0 ? -EBADMSG : rc;
}

static int snmp_line(const char *line, size_t n, void *ctx)
{
    struct snmp_ctx *c = ctx;
    (void)n;
    if (!c->pairs) {
        int rc = procsnmp_parse_line(line, c->fn, c->ctx);
        return rc < 0 ? 0 : rc; /* a malformed line is skipped */
    }
    if (!c->head) {
        c->head = strdup(line);
        return c->head ? 0 : -ENOMEM;
    }
    int rc = procsnmp_parse_pair(c->head, line, c->fn, c->ctx);
    free(c->head);
    c->head = NULL;
    return rc < 0 ? -EBADMSG : rc;
}

/* A /proc/net text file of the namespace p reads, open: 0 or above, or
 * -errno. */
static int open_net_text(struct platform *p, const char *leaf)
{
    char path[64];
    if (p->nsfd >= 0 && !p->via_pid)
        return ns_open_net_file(p->nsfd, leaf);
    if (p->via_pid)
        snprintf(path, sizeof(path), "/proc/%d/net/%s", p->ns_pid, leaf);
    else
        snprintf(path, sizeof(path), "/proc/net/%s", leaf);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int platform_snmp(struct platform *p, enum snmp_source which, snmp_visit_fn fn, void *ctx)
{
    static const char *const leaves[] = {
        [SNMP_IPV4] = "snmp",      [SNMP_EXT] = "netstat",       [SNMP_IPV6] = "snmp6",
        [SNMP_SCTP] = "sctp/snmp", [SNMP_SOCKSTAT] = "sockstat", [SNMP_SOCKSTAT6] = "sockstat6",
    };
    if ((unsigned)which >= sizeof(leaves) / sizeof(leaves[0]))
        return -ENOENT;
    p->last_source = "proc";
    int fd = open_net_text(p, leaves[which]);
    if (fd < 0)
        return fd;
    if (which == SNMP_SOCKSTAT || which == SNMP_SOCKSTAT6) {
        struct snmp_ctx c = {fn, ctx, false, NULL};
        return text_each_line_fd(fd, sockstat_line, &c);
    }
    struct snmp_ctx c = {fn, ctx, which == SNMP_IPV4 || which == SNMP_EXT, NULL};
    int rc = text_each_line_fd(fd, snmp_line, &c);
    free(c.head);
    return rc;
}

/* Linux restores no routes of its own: whatever sets them at boot
 * (ifupdown, NetworkManager, systemd-networkd) keeps them in its files. */
int platform_persistent_routes(struct platform *p, enum sock_family fam,
                               int (*fn)(const struct route_rec *, void *), void *ctx)
{
    (void)p;
    (void)fam;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

const char *platform_name(void)
{
    return "linux";
}

int platform_replace_file(const char *dir, const char *name, int (*write)(FILE *f, void *ctx),
                          void *ctx)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >= sizeof(tmp))
        return -ENAMETOOLONG;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -errno;
    FILE *f = fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
    int rc = f ? write(f, ctx) : -errno;
    if (!f)
        close(fd);
    else if (rc >= 0 && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
        rc = -(errno ? errno : EIO);
    if (f && fclose(f) != 0 && rc >= 0)
        rc = -errno;
    if (rc >= 0) {
        char dest[4096];
        snprintf(dest, sizeof(dest), "%s/%s", dir, name);
        if (rename(tmp, dest) < 0)
            rc = -errno;
    }
    if (rc < 0)
        unlink(tmp);
    return rc < 0 ? rc : 0;
}

unsigned platform_terminal_rows(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        return ws.ws_row;
    return 0;
}

bool platform_selinux_enabled(void)
{
    return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

int platform_netns_inode(struct platform *p, uint64_t *inode)
{
    if (p->nsfd >= 0) {
        *inode = p->ns_inode;
        return 0;
    }
    struct stat st;
    if (stat("/proc/self/ns/net", &st) < 0)
        return -errno;
    *inode = (uint64_t)st.st_ino;
    return 0;
}

int platform_addresses(struct platform *p, int (*fn)(const struct iface_addr *, void *), void *ctx)
{
    if (p->via_pid)
        return -EPERM;
    if (p->pref != SOURCE_PROC || p->nsfd >= 0) {
        int rc = rtnl_addrs(p->nsfd, fn, ctx);
        if (rc >= 0 || p->pref == SOURCE_NETLINK || rc == -ENOMEM || p->nsfd >= 0)
            return rc;
    }
    /* Without netlink (a sandbox that forbids it): the ioctls and /proc. */
    return linkinfo_addresses(fn, ctx);
}

int platform_firewall(struct platform *p, struct fw_ruleset *out)
{
    if (p->via_pid)
        return -EPERM;
    raise_net_admin();
    int rc = nft_read(p->nsfd, out);
    drop_net_admin();
    /* No nf_tables in the kernel: the subsystem's messages are refused. */
    if (rc == -EOPNOTSUPP || rc == -ENOENT)
        rc = -EPROTONOSUPPORT;
    return rc;
}

int platform_conntrack(struct platform *p, int (*fn)(const struct ct_rec *, void *), void *ctx)
{
    if (p->via_pid)
        return -EPERM;
    raise_net_admin();
    int rc = ct_dump(p->nsfd, fn, ctx);
    drop_net_admin();
    return rc;
}
