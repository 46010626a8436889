#include "render/inet_text.h"

#include <stdio.h>
#include <string.h>

void inet_text_addr(const char *host, const char *svc, bool wide, char *buf, size_t bufsz)
{
    size_t hl = strlen(host), pl = strlen(svc);
    const size_t short_len = 22;
    if (bufsz == 0)
        return;
    if (!wide && hl + pl > short_len) {
        if (pl > short_len - 4)
            pl = short_len - 4;
        if (hl > short_len - pl)
            hl = short_len - pl;
    }
    size_t cap = bufsz - 1, n;
    size_t take = hl < cap ? hl : cap;
    memcpy(buf, host, take);
    n = take;
    if (n < cap)
        buf[n++] = ':';
    take = pl < cap - n ? pl : cap - n;
    memcpy(buf + n, svc, take);
    n += take;
    buf[n] = '\0';
}

void inet_text_timer(const struct sock_rec *s, char *buf, size_t n)
{
    double secs = (double)s->timer_ms / 1000.0;
    if (s->proto == PROTO_TCP) {
        switch (s->timer) {
        case TIMER_OFF:
            snprintf(buf, n, "off (0.00/%u/%u)", s->retrans, s->probes);
            break;
        case TIMER_ON:
            snprintf(buf, n, "on (%2.2f/%u/%u)", secs, s->retrans, s->probes);
            break;
        case TIMER_KEEPALIVE:
            snprintf(buf, n, "keepalive (%2.2f/%u/%u)", secs, s->retrans, s->probes);
            break;
        case TIMER_TIMEWAIT:
            snprintf(buf, n, "timewait (%2.2f/%u/%u)", secs, s->retrans, s->probes);
            break;
        case TIMER_PROBE:
            snprintf(buf, n, "probe (%2.2f/%u/%u)", secs, s->retrans, s->probes);
            break;
        default:
            snprintf(buf, n, "unkn-%d (%2.2f/%u/%u)", s->timer, secs, s->retrans, s->probes);
            break;
        }
        return;
    }
    /* UDP and raw: net-tools never shows a retransmit count here. */
    switch (s->timer) {
    case TIMER_OFF:
        snprintf(buf, n, "off (0.00/0/%u)", s->probes);
        break;
    case 1:
    case 2:
        snprintf(buf, n, "on%d (%2.2f/0/%u)", s->timer, secs, s->probes);
        break;
    default:
        snprintf(buf, n, "unkn-%d (%2.2f/0/%u)", s->timer, secs, s->probes);
        break;
    }
}
