/* Socket records: the OS-neutral rows every backend fills and every
 * renderer reads. */
#ifndef NETSTAT_MODEL_SOCK_H
#define NETSTAT_MODEL_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Address families, our own numbering so no OS header leaks in. */
enum sock_family {
    FAM_INET = 4,
    FAM_INET6 = 6,
    FAM_UNIX = 1,
};

enum sock_proto {
    PROTO_TCP,
    PROTO_UDP,
    PROTO_UDPLITE,
    PROTO_RAW,
    PROTO_SCTP,
    PROTO_UNIX,
};

/* TCP-style states; the numbers are the classic BSD/Linux ones, which
 * is also what /proc/net prints and what net-tools indexes by. */
enum sock_state {
    ST_UNKNOWN = 0,
    ST_ESTABLISHED = 1,
    ST_SYN_SENT,
    ST_SYN_RECV,
    ST_FIN_WAIT1,
    ST_FIN_WAIT2,
    ST_TIME_WAIT,
    ST_CLOSE,
    ST_CLOSE_WAIT,
    ST_LAST_ACK,
    ST_LISTEN,
    ST_CLOSING,
    ST_NEW_SYN_RECV,
    ST_MAX
};

/* UNIX socket states as the socket layer names them. */
enum unix_state {
    US_FREE = 0,
    US_UNCONNECTED,
    US_CONNECTING,
    US_CONNECTED,
    US_DISCONNECTING,
};

enum unix_type {
    UT_STREAM = 1,
    UT_DGRAM = 2,
    UT_RAW = 3,
    UT_RDM = 4,
    UT_SEQPACKET = 5,
};

#define UNIX_FLAG_ACC      (1u << 16)
#define UNIX_FLAG_WAITDATA (1u << 17)
#define UNIX_FLAG_NOSPACE  (1u << 18)

enum sock_timer {
    TIMER_OFF = 0,
    TIMER_ON = 1,
    TIMER_KEEPALIVE = 2,
    TIMER_TIMEWAIT = 3,
    TIMER_PROBE = 4,
};

struct sock_detail; /* model/sockdetail.h */

struct sock_addr {
    uint8_t bytes[16]; /* IPv4 uses the first four, network order */
};

struct sock_rec {
    enum sock_proto proto;
    enum sock_family family;
    /* inet: enum sock_state (raw sockets: the kernel's raw number);
     * unix: enum unix_state. */
    int state;

    struct sock_addr laddr, raddr;
    uint16_t lport, rport; /* host order */
    uint32_t ifindex;      /* bound device / scope, 0 if none */
    int v6only;            /* 1, 0, or -1 when unknown */

    uint64_t rxq, txq;
    /* TCP listeners: connections waiting in the accept queue are rxq;
     * this is the queue's maximum (the backlog), 0 when not told. */
    uint32_t backlog;
    uint32_t uid;
    bool has_uid;    /* the source reported the owner's uid */
    uint64_t inode;  /* 0 where the system has none (Windows) */
    uint32_t pid;    /* the owner, where the table tells it (Windows); else 0 */
    uint64_t cookie; /* the kernel's id of the socket (Linux), 0 if none */
    /* What the request's detail asked for and the source could tell
     * (--info, --memory); NULL otherwise. Valid while the visit lasts. */
    const struct sock_detail *detail;

    int timer; /* enum sock_timer, or another kernel value */
    uint64_t timer_ms;
    uint32_t retrans;
    uint32_t probes;

    /* UNIX only. */
    int utype;
    uint32_t uflags;
    uint32_t refcnt;
    uint64_t peer_inode;
    uint32_t pending; /* listeners: connections not yet accepted */
    const char *path; /* raw bytes; abstract names start with NUL */
    size_t path_len;  /* 0: unbound */
};

/* A state or type: its text in net-tools' tables, and its JSON key. */
struct sock_name {
    const char *text;
    const char *key;
};

/* TCP-style state numbers (every inet protocol); never out of range. */
const struct sock_name *sock_state(int state);
/* The net-tools text of a TCP state. */
const char *sock_state_name(int state);
/* UNIX socket types, and states (a listener is "LISTENING"). */
const struct sock_name *sock_unix_type(int type);
const struct sock_name *sock_unix_state(const struct sock_rec *s);
bool sock_addr_is_any(enum sock_family fam, const struct sock_addr *a);
/* A UNIX listener (LISTENING in the tables). */
bool sock_unix_listening(const struct sock_rec *s);
/* A UNIX socket's path as /proc and the tables show it: '@' for each NUL
 * of an abstract name; a file path ends at its NUL. Writes it to out
 * (room for s->path_len bytes, not terminated); returns its length. */
size_t sock_unix_path_text(const struct sock_rec *s, char *out);

#endif
