/* The Windows backend: IP Helper's tables (sockets with their owning
 * processes, interfaces, routes, protocol counters) as the OS-neutral
 * records of platform.h. Built with mingw-w64; tested under Wine. */
#include "platform/platform.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/windows/winutil.h"

struct platform {
    bool wsa; /* WSAStartup succeeded */
};

int platform_open(struct platform **out, enum source_pref pref)
{
    (void)pref;
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return -ENOMEM;
    WSADATA wd;
    (*out)->wsa = WSAStartup(MAKEWORD(2, 2), &wd) == 0;
    return 0;
}

void platform_close(struct platform *p)
{
    if (p && p->wsa)
        WSACleanup();
    free(p);
}

const char *platform_last_source(const struct platform *p)
{
    (void)p;
    return "iphlpapi";
}

/* ---- sockets ---- */

/* MIB_TCP_STATE_* (1 CLOSED .. 12 DELETE_TCB) as our states. */
static int tcp_state(DWORD st)
{
    static const int map[] = {
        [MIB_TCP_STATE_CLOSED] = ST_CLOSE,        [MIB_TCP_STATE_LISTEN] = ST_LISTEN,
        [MIB_TCP_STATE_SYN_SENT] = ST_SYN_SENT,   [MIB_TCP_STATE_SYN_RCVD] = ST_SYN_RECV,
        [MIB_TCP_STATE_ESTAB] = ST_ESTABLISHED,   [MIB_TCP_STATE_FIN_WAIT1] = ST_FIN_WAIT1,
        [MIB_TCP_STATE_FIN_WAIT2] = ST_FIN_WAIT2, [MIB_TCP_STATE_CLOSE_WAIT] = ST_CLOSE_WAIT,
        [MIB_TCP_STATE_CLOSING] = ST_CLOSING,     [MIB_TCP_STATE_LAST_ACK] = ST_LAST_ACK,
        [MIB_TCP_STATE_TIME_WAIT] = ST_TIME_WAIT, [MIB_TCP_STATE_DELETE_TCB] = ST_CLOSE,
    };
    return st < sizeof(map) / sizeof(map[0]) ? map[st] : ST_UNKNOWN;
}

/* One of IP Helper's "extended" tables, allocated to fit (it grows between
 * the size query and the read: asked again then). NULL and *err set. */
static void *extended_table(bool tcp, ULONG af, int *err)
{
    DWORD size = 0;
    void *t = NULL;
    for (int tries = 0; tries < 8; tries++) {
        DWORD rc = tcp ? GetExtendedTcpTable(t, &size, TRUE, af, TCP_TABLE_OWNER_PID_ALL, 0)
                       : GetExtendedUdpTable(t, &size, TRUE, af, UDP_TABLE_OWNER_PID, 0);
        if (rc == NO_ERROR && t)
            return t;
        if (rc != ERROR_INSUFFICIENT_BUFFER && rc != NO_ERROR) {
            free(t);
            *err = win_errno(rc);
            return NULL;
        }
        free(t);
        size += 4096;
        t = malloc(size);
        if (!t) {
            *err = -ENOMEM;
            return NULL;
        }
    }
    free(t);
    *err = -EAGAIN;
    return NULL;
}

static uint16_t port_of(DWORD p)
{
    return ntohs((u_short)p);
}

/* A scope id means something for link-local addresses only (fe80::/10);
 * for the others IP Helper's is noise (Wine fills one in). */
static uint32_t scope_of(const uint8_t *a, DWORD scope)
{
    return a[0] == 0xfe && (a[1] & 0xc0) == 0x80 ? scope : 0;
}

/* Windows' order, which IP Helper gives when asked and Wine does not:
 * local address, local port, remote address, remote port, numerically. */
static int by_endpoints(const void *a, const void *b)
{
    const struct sock_rec *x = a, *y = b;
    int c = memcmp(x->laddr.bytes, y->laddr.bytes, 16);
    if (!c)
        c = x->lport < y->lport ? -1 : x->lport > y->lport;
    if (!c)
        c = memcmp(x->raddr.bytes, y->raddr.bytes, 16);
    if (!c)
        c = x->rport < y->rport ? -1 : x->rport > y->rport;
    return c;
}

struct rows {
    struct sock_rec *v;
    size_t n, cap;
};

static int keep_row(const struct sock_rec *s, void *ctx)
{
    struct rows *r = ctx;
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 64;
        struct sock_rec *nv = realloc(r->v, nc * sizeof(*nv));
        if (!nv)
            return -ENOMEM;
        r->v = nv;
        r->cap = nc;
    }
    r->v[r->n++] = *s;
    return 0;
}

static int walk_tcp4(const MIB_TCPTABLE_OWNER_PID *t, sock_visit_fn fn, void *ctx)
{
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        const MIB_TCPROW_OWNER_PID *e = &t->table[i];
        struct sock_rec s = {.proto = PROTO_TCP, .family = FAM_INET, .v6only = -1};
        s.state = tcp_state(e->dwState);
        memcpy(s.laddr.bytes, &e->dwLocalAddr, 4);
        memcpy(s.raddr.bytes, &e->dwRemoteAddr, 4);
        s.lport = port_of(e->dwLocalPort);
        s.rport = s.state == ST_LISTEN ? 0 : port_of(e->dwRemotePort);
        s.pid = e->dwOwningPid;
        int rc = fn(&s, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

static int walk_tcp6(const MIB_TCP6TABLE_OWNER_PID *t, sock_visit_fn fn, void *ctx)
{
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        const MIB_TCP6ROW_OWNER_PID *e = &t->table[i];
        struct sock_rec s = {.proto = PROTO_TCP, .family = FAM_INET6, .v6only = -1};
        s.state = tcp_state(e->dwState);
        memcpy(s.laddr.bytes, e->ucLocalAddr, 16);
        memcpy(s.raddr.bytes, e->ucRemoteAddr, 16);
        s.lport = port_of(e->dwLocalPort);
        s.rport = s.state == ST_LISTEN ? 0 : port_of(e->dwRemotePort);
        s.ifindex = scope_of(s.laddr.bytes, e->dwLocalScopeId);
        s.pid = e->dwOwningPid;
        int rc = fn(&s, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

/* UDP: IP Helper tells no peer, so every socket reads as unconnected. */
static int walk_udp4(const MIB_UDPTABLE_OWNER_PID *t, sock_visit_fn fn, void *ctx)
{
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        const MIB_UDPROW_OWNER_PID *e = &t->table[i];
        struct sock_rec s = {.proto = PROTO_UDP, .family = FAM_INET, .v6only = -1};
        s.state = ST_CLOSE;
        memcpy(s.laddr.bytes, &e->dwLocalAddr, 4);
        s.lport = port_of(e->dwLocalPort);
        s.pid = e->dwOwningPid;
        int rc = fn(&s, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

static int walk_udp6(const MIB_UDP6TABLE_OWNER_PID *t, sock_visit_fn fn, void *ctx)
{
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        const MIB_UDP6ROW_OWNER_PID *e = &t->table[i];
        struct sock_rec s = {.proto = PROTO_UDP, .family = FAM_INET6, .v6only = -1};
        s.state = ST_CLOSE;
        memcpy(s.laddr.bytes, e->ucLocalAddr, 16);
        s.lport = port_of(e->dwLocalPort);
        s.ifindex = scope_of(s.laddr.bytes, e->dwLocalScopeId);
        s.pid = e->dwOwningPid;
        int rc = fn(&s, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int platform_sockets(struct platform *p, const struct gather_req *req, sock_visit_fn fn, void *ctx)
{
    (void)p;
    bool tcp;
    ULONG af;
    switch (req->table) {
    case TABLE_TCP4:
        tcp = true, af = AF_INET;
        break;
    case TABLE_TCP6:
        tcp = true, af = AF_INET6;
        break;
    case TABLE_UDP4:
        tcp = false, af = AF_INET;
        break;
    case TABLE_UDP6:
        tcp = false, af = AF_INET6;
        break;
    default:
        return -ENOENT; /* no UDP-Lite, raw, SCTP or UNIX tables here */
    }
    int err = 0;
    void *t = extended_table(tcp, af, &err);
    if (!t)
        return err;
    struct rows rows = {0};
    int rc;
    if (tcp)
        rc = af == AF_INET ? walk_tcp4(t, keep_row, &rows) : walk_tcp6(t, keep_row, &rows);
    else
        rc = af == AF_INET ? walk_udp4(t, keep_row, &rows) : walk_udp6(t, keep_row, &rows);
    free(t);
    if (!rc)
        qsort(rows.v, rows.n, sizeof(*rows.v), by_endpoints);
    for (size_t i = 0; i < rows.n && !rc; i++)
        rc = fn(&rows.v[i], ctx);
    free(rows.v);
    return rc;
}

int platform_groups(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct group_rec *, void *), void *ctx)
{
    (void)p;
    (void)fam;
    (void)fn;
    (void)ctx;
    return -ENOENT;
}

/* ---- owners: the pid each table row carries, named by the process list ---- */

struct owners {
    struct win_proc *v;
    size_t n;
};

int platform_owners_load(struct owners **out, bool *denied, bool *none_readable)
{
    *denied = false;
    *none_readable = false;
    struct owners *o = calloc(1, sizeof(*o));
    if (!o)
        return -ENOMEM;
    int rc = win_processes(&o->v, &o->n);
    if (rc < 0) {
        free(o);
        *out = NULL;
        return rc;
    }
    *out = o;
    return 0;
}

void platform_owners_free(struct owners *o)
{
    if (!o)
        return;
    free(o->v);
    free(o);
}

const char *platform_owners_source(const struct owners *o)
{
    return o ? "iphlpapi" : NULL; /* the tables tell each owner's pid */
}

size_t platform_owners_find(const struct owners *o, const struct sock_rec *s, struct owner *out,
                            size_t max)
{
    /* pid 0 is the idle process: what Windows gives a socket no process
     * holds any more (TIME_WAIT), and what Wine gives every host socket */
    if (!o || s->pid == 0)
        return 0;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].pid == s->pid) {
            if (max > 0)
                out[0] = (struct owner){(int)s->pid, -1, o->v[i].name};
            return 1;
        }
    return 0;
}

int platform_process_sockets(int pid, uint64_t **v, size_t *n, size_t *cap)
{
    (void)pid;
    (void)v;
    (void)n;
    (void)cap;
    return -ENOSYS; /* sockets have no inodes here */
}

/* ---- what Windows does not have (also platform/absent.c) ---- */

const char *platform_name(void)
{
    return "windows";
}

unsigned platform_terminal_rows(void)
{
    CONSOLE_SCREEN_BUFFER_INFO ci;
    if (!GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &ci))
        return 0;
    return (unsigned)(ci.srWindow.Bottom - ci.srWindow.Top + 1);
}
