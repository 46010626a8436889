#include "render/win_text.h"

#include <arpa/inet.h>
#include <stdio.h>

const char *win_state_name(const struct sock_rec *s)
{
    if (s->proto != PROTO_TCP)
        return "";
    switch (s->state) {
    case ST_ESTABLISHED:
        return "ESTABLISHED";
    case ST_SYN_SENT:
        return "SYN_SENT";
    case ST_SYN_RECV:
    case ST_NEW_SYN_RECV:
        return "SYN_RECEIVED";
    case ST_FIN_WAIT1:
        return "FIN_WAIT_1";
    case ST_FIN_WAIT2:
        return "FIN_WAIT_2";
    case ST_TIME_WAIT:
        return "TIME_WAIT";
    case ST_CLOSE:
        return "CLOSED";
    case ST_CLOSE_WAIT:
        return "CLOSE_WAIT";
    case ST_LAST_ACK:
        return "LAST_ACK";
    case ST_LISTEN:
        return "LISTENING";
    case ST_CLOSING:
        return "CLOSING";
    default:
        return "UNKNOWN";
    }
}

void win_numeric(enum sock_family fam, const struct sock_addr *a, char *buf, size_t n)
{
    if (!inet_ntop(fam == FAM_INET6 ? AF_INET6 : AF_INET, a->bytes, buf, (socklen_t)n))
        snprintf(buf, n, "?");
}

void win_addr_text(enum sock_family fam, const struct sock_addr *a, uint32_t scope, char *buf,
                   size_t n)
{
    char num[64];
    win_numeric(fam, a, num, sizeof(num));
    if (fam != FAM_INET6)
        snprintf(buf, n, "%s", num);
    else if (scope)
        snprintf(buf, n, "[%s%%%lu]", num, (unsigned long)scope);
    else
        snprintf(buf, n, "[%s]", num);
}
