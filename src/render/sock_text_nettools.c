/* The socket listing in net-tools' layout: "Active Internet connections",
 * its columns (render/fields.c) and rows, byte for byte. */
#include "render/sock_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/fields.h"
#include "render/inet_text.h"
#include "util/escape.h"
#include "util/fmt.h"

/* "pid/program", cut to 19 bytes as net-tools does, then escaped. */
static const char *program_text(const struct sock_text *t, const struct sock_rec *s, char *buf,
                                size_t bufsz)
{
    struct owner first;
    if (!t->owners || platform_owners_find(t->owners, s, &first, 1) == 0)
        return "-";
    char raw[20];
    snprintf(raw, sizeof(raw), "%d/%s", first.pid, first.name);
    if (bufsz < ESCAPE_TERM_MAX(sizeof(raw)))
        return "-";
    escape_term(raw, strlen(raw), buf);
    return buf;
}

static const char *section_title(const struct options *o)
{
    if (o->all)
        return "(servers and established)";
    return o->listening ? "(only servers)" : "(w/o servers)";
}

/* ---- inet ---- */

static unsigned inet_columns(const struct options *o)
{
    unsigned on = (o->netns ? 1u << IF_NETNS : 0u) | (1u << IF_PROTO) | (1u << IF_RECV_Q) |
                  (1u << IF_SEND_Q) | (1u << IF_LOCAL) | (1u << IF_FOREIGN) | (1u << IF_STATE);
    if (o->extend > 1)
        on |= (1u << IF_USER) | (1u << IF_INODE);
    if (o->prog)
        on |= 1u << IF_PROGRAM;
    if (o->timers)
        on |= 1u << IF_TIMER;
    return on;
}

/* "host:port", shortened to 23 characters without -W the way net-tools
 * does it (the port is assumed short; the host gives way). bufsz caps the
 * wide form as net-tools' own buffers do. */
static void addr_text(const struct sock_text *t, const struct sock_rec *s,
                      const struct sock_addr *a, uint16_t port, const char *svc_proto, char *buf,
                      size_t bufsz)
{
    const unsigned num = t->o->numeric;
    const char *host = names_host(t->names, s->family, a, num & NUM_HOST);
    const char *svc = names_service(t->names, port, svc_proto, num & NUM_PORT);
    inet_text_addr(host, svc, t->o->wide > 0, buf, bufsz);
}

static const char *proto_label(const struct sock_rec *s)
{
    bool v6 = s->family == FAM_INET6;
    switch (s->proto) {
    case PROTO_TCP:
        return v6 ? "tcp6" : "tcp";
    case PROTO_UDP:
        return v6 ? "udp6" : "udp";
    case PROTO_UDPLITE:
        return v6 ? "udpl6" : "udpl";
    case PROTO_RAW:
        return v6 ? "raw6" : "raw";
    case PROTO_SCTP:
        return v6 ? "sctp6" : "sctp";
    default:
        return "?";
    }
}

void sock_text_inet_begin(struct sock_text *t)
{
    fprintf(t->out, "Active Internet connections %s\n", section_title(t->o));
    text_write_header(t->out, inet_fields, IF_COUNT, inet_columns(t->o));
}

int sock_text_inet_row(struct sock_text *t, const struct sock_rec *s)
{
    const struct options *o = t->o;
    const char *svc_proto = s->proto == PROTO_TCP ? "tcp" : (s->proto == PROTO_RAW ? "raw" : "udp");
    /* net-tools' buffers: 128 bytes for TCP, 64 for the others. */
    size_t abuf = s->proto == PROTO_TCP ? 128 : 64;
    char local[128], foreign[128], recvq[24], sendq[24], state[16], inode[24], timer[80];
    char prog[ESCAPE_TERM_MAX(20)];
    addr_text(t, s, &s->laddr, s->lport, svc_proto, local, abuf);
    addr_text(t, s, &s->raddr, s->rport, svc_proto, foreign, abuf);
    *fmt_u64(recvq, s->rxq) = '\0';
    *fmt_u64(sendq, s->txq) = '\0';

    const char *st;
    if (s->proto == PROTO_TCP) {
        st = sock_state_name(s->state);
    } else if (s->proto == PROTO_RAW) {
        snprintf(state, sizeof(state), "%d", s->state);
        st = state;
    } else {
        st = s->state == ST_ESTABLISHED ? "ESTABLISHED" : (s->state == ST_CLOSE ? "" : "UNKNOWN");
    }

    struct text_row row = {inet_fields, IF_COUNT, inet_columns(o), {0}};
    row.val[IF_NETNS] = t->ns_label;
    row.val[IF_PROTO] = proto_label(s);
    row.val[IF_RECV_Q] = recvq;
    row.val[IF_SEND_Q] = sendq;
    row.val[IF_LOCAL] = local;
    row.val[IF_FOREIGN] = foreign;
    row.val[IF_STATE] = st;
    if (o->extend > 1) {
        row.val[IF_USER] = names_user(t->names, s->uid, o->numeric & NUM_USER);
        *fmt_u64(inode, s->inode) = '\0';
        row.val[IF_INODE] = inode;
    }
    if (o->prog)
        row.val[IF_PROGRAM] = program_text(t, s, prog, sizeof(prog));
    if (o->timers) {
        inet_text_timer(s, timer, sizeof(timer));
        row.val[IF_TIMER] = timer;
    }
    text_write_row(t->out, &row);
    return 0;
}

/* ---- unix ---- */

static unsigned unix_columns(const struct options *o)
{
    unsigned on = (1u << UF_COUNT) - 1;
    if (!o->netns)
        on &= ~(1u << UF_NETNS);
    if (!o->prog)
        on &= ~(1u << UF_PROGRAM);
    return on;
}

void sock_text_unix_begin(struct sock_text *t)
{
    fprintf(t->out, "Active UNIX domain sockets %s\n", section_title(t->o));
    text_write_header(t->out, unix_fields, UF_COUNT, unix_columns(t->o));
}

int sock_text_unix_row(struct sock_text *t, const struct sock_rec *s)
{
    /* The path as /proc shows it, escaped for the terminal: the escaped
     * text, then the raw copy after it; both must fit (a buffer sized for
     * an earlier, shorter path may hold the first only). */
    size_t len = s->path_len;
    size_t need = ESCAPE_TERM_MAX(len);
    if (need + len > t->pathcap) {
        char *nb = realloc(t->pathbuf, (need + len) * 2);
        if (!nb)
            return -ENOMEM;
        t->pathbuf = nb;
        t->pathcap = (need + len) * 2;
    }
    char *tmp = t->pathbuf + need;
    len = sock_unix_path_text(s, tmp);
    escape_term(tmp, len, t->pathbuf);

    char flags[32] = "[ ";
    if (s->uflags & UNIX_FLAG_ACC)
        strcat(flags, "ACC ");
    if (s->uflags & UNIX_FLAG_WAITDATA)
        strcat(flags, "W ");
    if (s->uflags & UNIX_FLAG_NOSPACE)
        strcat(flags, "N ");
    strcat(flags, "]");

    char refcnt[16], inode[24], prog[ESCAPE_TERM_MAX(20)];
    snprintf(refcnt, sizeof(refcnt), "%u", s->refcnt);
    snprintf(inode, sizeof(inode), "%llu", (unsigned long long)s->inode);

    struct text_row row = {unix_fields, UF_COUNT, unix_columns(t->o), {0}};
    row.val[UF_NETNS] = t->ns_label;
    row.val[UF_PROTO] = "unix";
    row.val[UF_REFCNT] = refcnt;
    row.val[UF_FLAGS] = flags;
    row.val[UF_TYPE] = sock_unix_type(s->utype)->text;
    row.val[UF_STATE] = sock_unix_state(s)->text;
    row.val[UF_INODE] = inode;
    if (t->o->prog)
        row.val[UF_PROGRAM] = program_text(t, s, prog, sizeof(prog));
    row.val[UF_PATH] = t->pathbuf;
    text_write_row(t->out, &row);
    return 0;
}

void sock_text_end(struct sock_text *t)
{
    free(t->pathbuf);
    t->pathbuf = NULL;
    t->pathcap = 0;
}
