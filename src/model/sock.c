#include "model/sock.h"

#include <string.h>

/* Each state's text in net-tools' table and its JSON key. */
static const struct sock_name state_names[ST_MAX] = {
    [ST_UNKNOWN] = {"", "unknown"},
    [ST_ESTABLISHED] = {"ESTABLISHED", "established"},
    [ST_SYN_SENT] = {"SYN_SENT", "syn_sent"},
    [ST_SYN_RECV] = {"SYN_RECV", "syn_recv"},
    [ST_FIN_WAIT1] = {"FIN_WAIT1", "fin_wait1"},
    [ST_FIN_WAIT2] = {"FIN_WAIT2", "fin_wait2"},
    [ST_TIME_WAIT] = {"TIME_WAIT", "time_wait"},
    [ST_CLOSE] = {"CLOSE", "close"},
    [ST_CLOSE_WAIT] = {"CLOSE_WAIT", "close_wait"},
    [ST_LAST_ACK] = {"LAST_ACK", "last_ack"},
    [ST_LISTEN] = {"LISTEN", "listen"},
    [ST_CLOSING] = {"CLOSING", "closing"},
    [ST_NEW_SYN_RECV] = {"SYN_RECV", "syn_recv"},
};

const struct sock_name *sock_state(int state)
{
    static const struct sock_name unknown = {"UNKNOWN", "unknown"};
    if (state < 0 || state >= ST_MAX)
        return &unknown;
    return &state_names[state];
}

const char *sock_state_name(int state)
{
    return sock_state(state)->text;
}

const struct sock_name *sock_unix_type(int type)
{
    static const struct sock_name names[] = {
        [UT_STREAM] = {"STREAM", "stream"},
        [UT_DGRAM] = {"DGRAM", "dgram"},
        [UT_RAW] = {"RAW", "raw"},
        [UT_RDM] = {"RDM", "rdm"},
        [UT_SEQPACKET] = {"SEQPACKET", "seqpacket"},
    };
    static const struct sock_name unknown = {"UNKNOWN", "unknown"};
    if (type <= 0 || (size_t)type >= sizeof(names) / sizeof(names[0]))
        return &unknown;
    return &names[type];
}

const struct sock_name *sock_unix_state(const struct sock_rec *s)
{
    static const struct sock_name names[] = {
        [US_FREE] = {"FREE", "free"},
        [US_UNCONNECTED] = {"", "unconnected"},
        [US_CONNECTING] = {"CONNECTING", "connecting"},
        [US_CONNECTED] = {"CONNECTED", "connected"},
        [US_DISCONNECTING] = {"DISCONNECTING", "disconnecting"},
    };
    static const struct sock_name listening = {"LISTENING", "listening"};
    static const struct sock_name unknown = {"UNKNOWN", "unknown"};
    if (sock_unix_listening(s))
        return &listening;
    if (s->state < 0 || (size_t)s->state >= sizeof(names) / sizeof(names[0]))
        return &unknown;
    return &names[s->state];
}

bool sock_unix_listening(const struct sock_rec *s)
{
    return s->state == US_UNCONNECTED && (s->uflags & UNIX_FLAG_ACC);
}

size_t sock_unix_path_text(const struct sock_rec *s, char *out)
{
    size_t len = s->path ? s->path_len : 0;
    if (len && s->path[0] != '\0') {
        const char *nul = memchr(s->path, '\0', len);
        if (nul)
            len = (size_t)(nul - s->path);
    }
    for (size_t i = 0; i < len; i++)
        out[i] = s->path[i] ? s->path[i] : '@';
    return len;
}

bool sock_addr_is_any(enum sock_family fam, const struct sock_addr *a)
{
    size_t n = fam == FAM_INET6 ? 16 : 4;
    for (size_t i = 0; i < n; i++)
        if (a->bytes[i])
            return false;
    return true;
}
