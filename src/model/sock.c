#include "model/sock.h"

static const char *const state_names[ST_MAX] = {
    [ST_UNKNOWN] = "",
    [ST_ESTABLISHED] = "ESTABLISHED",
    [ST_SYN_SENT] = "SYN_SENT",
    [ST_SYN_RECV] = "SYN_RECV",
    [ST_FIN_WAIT1] = "FIN_WAIT1",
    [ST_FIN_WAIT2] = "FIN_WAIT2",
    [ST_TIME_WAIT] = "TIME_WAIT",
    [ST_CLOSE] = "CLOSE",
    [ST_CLOSE_WAIT] = "CLOSE_WAIT",
    [ST_LAST_ACK] = "LAST_ACK",
    [ST_LISTEN] = "LISTEN",
    [ST_CLOSING] = "CLOSING",
    [ST_NEW_SYN_RECV] = "SYN_RECV",
};

/* Returns the net-tools name of a TCP state; never indexes out of range. */
const char *sock_state_name(int state)
{
    if (state < 0 || state >= ST_MAX)
        return "UNKNOWN";
    return state_names[state];
}

bool sock_addr_is_any(enum sock_family fam, const struct sock_addr *a)
{
    size_t n = fam == FAM_INET6 ? 16 : 4;
    for (size_t i = 0; i < n; i++)
        if (a->bytes[i])
            return false;
    return true;
}
