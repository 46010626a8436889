/* Socket records as JSON objects (doc/sockets.schema.json): every fact
 * the record holds, numbers as numbers, names beside them. */
#include "views/sockets_json.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "render/detail.h"
#include "util/fmt.h"
#include "views/view_json.h"

static const char *proto_key(enum sock_proto p)
{
    switch (p) {
    case PROTO_TCP:
        return "tcp";
    case PROTO_UDP:
        return "udp";
    case PROTO_UDPLITE:
        return "udplite";
    case PROTO_RAW:
        return "raw";
    case PROTO_SCTP:
        return "sctp";
    default:
        return "unix";
    }
}

static const char *family_key(enum sock_family f)
{
    return f == FAM_INET ? "inet" : (f == FAM_INET6 ? "inet6" : "unix");
}

static const char *timer_key(const struct sock_rec *s)
{
    if (s->proto != PROTO_TCP)
        return s->timer == TIMER_OFF ? "off" : (s->timer <= 2 ? "on" : "unknown");
    switch (s->timer) {
    case TIMER_OFF:
        return "off";
    case TIMER_ON:
        return "on";
    case TIMER_KEEPALIVE:
        return "keepalive";
    case TIMER_TIMEWAIT:
        return "timewait";
    case TIMER_PROBE:
        return "probe";
    default:
        return "unknown";
    }
}

static void endpoint(struct sock_json_ctx *c, const char *key, const struct sock_rec *s,
                     const struct sock_addr *a, uint16_t port)
{
    struct json *j = c->j;
    char num[64];
    view_json_addr(s->family, a, num, sizeof(num));
    json_key(j, key);
    json_object_begin(j);
    json_kv_string(j, "address", num);
    json_kv_u64(j, "port", port);
    /* Names only when asked for and found: null otherwise. */
    const char *host = NULL;
    if (!(c->o->numeric & NUM_HOST) && !sock_addr_is_any(s->family, a)) {
        host = names_host(c->names, s->family, a, false);
        if (strcmp(host, num) == 0)
            host = NULL;
        else if (s->family == FAM_INET6 && a->bytes[10] == 0xff && a->bytes[11] == 0xff &&
                 strchr(host, ':') == NULL && strspn(host, "0123456789.") == strlen(host))
            host = NULL; /* the v4-mapped address as IPv4: not a name */
    }
    json_kv_string(j, "host", host);
    const char *svc = NULL;
    if (!(c->o->numeric & NUM_PORT) && port != 0) {
        const char *proto = s->proto == PROTO_TCP ? "tcp" : (s->proto == PROTO_RAW ? "raw" : "udp");
        svc = names_service(c->names, port, proto, false);
        char digits[8];
        *fmt_u64(digits, port) = '\0';
        if (strcmp(svc, digits) == 0)
            svc = NULL;
    }
    json_kv_string(j, "service", svc);
    json_object_end(j);
}

static void processes(struct sock_json_ctx *c, const struct sock_rec *s)
{
    json_key(c->j, "processes");
    if (c->owners_scanned)
        view_json_processes(c->j, c->owners, s);
    else
        json_null(c->j);
}

static void user(struct sock_json_ctx *c, uint32_t uid)
{
    json_kv_u64(c->j, "uid", uid);
    const char *name = NULL;
    if (!(c->o->numeric & NUM_USER)) {
        name = names_user(c->names, uid, false);
        char digits[FMT_U64_MAX];
        *fmt_u64(digits, uid) = '\0';
        if (strcmp(name, digits) == 0)
            name = NULL;
    }
    json_kv_string(c->j, "user", name);
}

void sock_json_inet(struct sock_json_ctx *c, const struct sock_rec *s)
{
    struct json *j = c->j;
    json_object_begin(j);
    json_kv_string(j, "protocol", proto_key(s->proto));
    json_kv_string(j, "family", family_key(s->family));
    json_kv_string(j, "state", sock_state(s->state)->key);
    json_kv_i64(j, "state_number", s->state);
    json_kv_u64(j, "recv_q", s->rxq);
    json_kv_u64(j, "send_q", s->txq);
    endpoint(c, "local", s, &s->laddr, s->lport);
    endpoint(c, "remote", s, &s->raddr, s->rport);
    char ifname[IF_NAMESIZE] = "";
    json_key(j, "interface");
    if (s->ifindex && (c->ifname ? c->ifname(c->ifname_ctx, s->ifindex, ifname)
                                 : if_indextoname(s->ifindex, ifname)))
        json_string(j, ifname);
    else
        json_null(j);
    json_key(j, "v6only");
    if (s->family == FAM_INET6 && s->v6only >= 0)
        json_bool(j, s->v6only == 1);
    else
        json_null(j);
    /* Serves IPv4 and IPv6 alike: an IPv6 socket on the wildcard address
     * with IPV6_V6ONLY off. */
    json_kv_bool(j, "dual_stack",
                 s->family == FAM_INET6 && s->v6only == 0 &&
                     sock_addr_is_any(FAM_INET6, &s->laddr));
    if (s->has_uid) {
        user(c, s->uid);
    } else {
        json_kv_string(j, "uid", NULL);
        json_kv_string(j, "user", NULL);
    }
    json_kv_u64(j, "inode", s->inode);
    json_key(j, "timer");
    json_object_begin(j);
    json_kv_string(j, "name", timer_key(s));
    json_key(j, "seconds");
    json_fixed(j, (int64_t)(s->timer_ms / 10), 2);
    json_kv_u64(j, "retransmits", s->proto == PROTO_TCP ? s->retrans : 0);
    json_kv_u64(j, "probes", s->probes);
    json_object_end(j);
    if (c->o->detail)
        detail_json(j, s->detail, c->o->detail);
    processes(c, s);
    if (c->ns)
        view_json_netns_member(j, c->ns);
    json_object_end(j);
}

void sock_json_unix(struct sock_json_ctx *c, const struct sock_rec *s)
{
    struct json *j = c->j;
    json_object_begin(j);
    json_kv_string(j, "protocol", "unix");
    json_kv_string(j, "family", "unix");
    json_kv_string(j, "type", sock_unix_type(s->utype)->key);
    json_kv_string(j, "state", sock_unix_state(s)->key);
    json_key(j, "flags");
    json_array_begin(j);
    if (s->uflags & UNIX_FLAG_ACC)
        json_string(j, "accepting");
    if (s->uflags & UNIX_FLAG_WAITDATA)
        json_string(j, "wait_data");
    if (s->uflags & UNIX_FLAG_NOSPACE)
        json_string(j, "no_space");
    json_array_end(j);
    json_kv_u64(j, "refcnt", s->refcnt);
    json_kv_u64(j, "inode", s->inode);
    /* The path as bound: an abstract name starts with a NUL byte (shown
     * as "@" in the table); a filesystem path ends at its first NUL. */
    size_t len = s->path_len;
    bool abstract = len > 0 && s->path[0] == '\0';
    if (len && !abstract) {
        const char *nul = memchr(s->path, '\0', len);
        if (nul)
            len = (size_t)(nul - s->path);
    }
    if (s->path_len)
        json_kv_bytes(j, "path", s->path, len);
    else
        json_kv_string(j, "path", NULL);
    json_kv_bool(j, "abstract", abstract);
    json_key(j, "peer_inode");
    if (s->peer_inode)
        json_u64(j, s->peer_inode);
    else
        json_null(j);
    json_kv_u64(j, "recv_q", s->rxq);
    json_kv_u64(j, "send_q", s->txq);
    if (s->has_uid) {
        user(c, s->uid);
    } else {
        json_kv_string(j, "uid", NULL);
        json_kv_string(j, "user", NULL);
    }
    if (c->o->detail & DETAIL_MEMORY)
        detail_json(j, s->detail, DETAIL_MEMORY);
    processes(c, s);
    if (c->ns)
        view_json_netns_member(j, c->ns);
    json_object_end(j);
}
