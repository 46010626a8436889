#include "render/detail.h"

#include <stdint.h>
#include <string.h>

#include "util/fmt.h"

enum kind {
    K_COUNT, /* a number as the kernel gives it */
    K_US,    /* microseconds, shown in milliseconds */
    K_MS,    /* milliseconds */
    K_RATE,  /* bytes per second, shown in bits per second */
    K_FLAG,  /* 0 or 1 */
    K_CA,    /* the congestion avoidance state */
    K_OPTS,  /* TCP_OPT_* bits */
};

/* In the order the text shows them: ss's order where ss shows them, its
 * names for the text where it has one. */
static const struct {
    uint8_t field;
    uint8_t kind;
    const char *text, *json;
} tcp_fields[] = {
    {TF_CA_STATE, K_CA, "ca_state", "ca_state"},
    {TF_OPTIONS, K_OPTS, "options", "options"},
    {TF_SND_WSCALE, K_COUNT, "snd_wscale", "snd_wscale"},
    {TF_RCV_WSCALE, K_COUNT, "rcv_wscale", "rcv_wscale"},
    {TF_RTO, K_US, "rto", "rto_ms"},
    {TF_BACKOFF, K_COUNT, "backoff", "backoff"},
    {TF_RTT, K_US, "rtt", "rtt_ms"},
    {TF_RTTVAR, K_US, "rttvar", "rttvar_ms"},
    {TF_ATO, K_US, "ato", "ato_ms"},
    {TF_SND_MSS, K_COUNT, "mss", "mss"},
    {TF_PMTU, K_COUNT, "pmtu", "pmtu"},
    {TF_RCV_MSS, K_COUNT, "rcvmss", "rcv_mss"},
    {TF_ADVMSS, K_COUNT, "advmss", "adv_mss"},
    {TF_SND_CWND, K_COUNT, "cwnd", "cwnd"},
    {TF_SND_SSTHRESH, K_COUNT, "ssthresh", "ssthresh"},
    {TF_BYTES_SENT, K_COUNT, "bytes_sent", "bytes_sent"},
    {TF_BYTES_RETRANS, K_COUNT, "bytes_retrans", "bytes_retrans"},
    {TF_BYTES_ACKED, K_COUNT, "bytes_acked", "bytes_acked"},
    {TF_BYTES_RECEIVED, K_COUNT, "bytes_received", "bytes_received"},
    {TF_SEGS_OUT, K_COUNT, "segs_out", "segs_out"},
    {TF_SEGS_IN, K_COUNT, "segs_in", "segs_in"},
    {TF_DATA_SEGS_OUT, K_COUNT, "data_segs_out", "data_segs_out"},
    {TF_DATA_SEGS_IN, K_COUNT, "data_segs_in", "data_segs_in"},
    {TF_LAST_DATA_SENT_MS, K_MS, "lastsnd", "last_send_ms"},
    {TF_LAST_DATA_RECV_MS, K_MS, "lastrcv", "last_recv_ms"},
    {TF_LAST_ACK_RECV_MS, K_MS, "lastack", "last_ack_ms"},
    {TF_PACING_RATE, K_RATE, "pacing_rate", "pacing_rate_bps"},
    {TF_MAX_PACING_RATE, K_RATE, "max_pacing_rate", "max_pacing_rate_bps"},
    {TF_DELIVERY_RATE, K_RATE, "delivery_rate", "delivery_rate_bps"},
    {TF_DELIVERED, K_COUNT, "delivered", "delivered"},
    {TF_DELIVERED_CE, K_COUNT, "delivered_ce", "delivered_ce"},
    {TF_APP_LIMITED, K_FLAG, "app_limited", "app_limited"},
    {TF_BUSY_TIME, K_US, "busy", "busy_ms"},
    {TF_RWND_LIMITED, K_US, "rwnd_limited", "rwnd_limited_ms"},
    {TF_SNDBUF_LIMITED, K_US, "sndbuf_limited", "sndbuf_limited_ms"},
    {TF_UNACKED, K_COUNT, "unacked", "unacked"},
    {TF_RETRANS, K_COUNT, "retrans", "retrans"},
    {TF_TOTAL_RETRANS, K_COUNT, "retrans_total", "retrans_total"},
    {TF_RETRANSMITS, K_COUNT, "retransmits", "retransmits"},
    {TF_PROBES, K_COUNT, "probes", "probes"},
    {TF_LOST, K_COUNT, "lost", "lost"},
    {TF_SACKED, K_COUNT, "sacked", "sacked"},
    {TF_FACKETS, K_COUNT, "fackets", "fackets"},
    {TF_DSACK_DUPS, K_COUNT, "dsack_dups", "dsack_dups"},
    {TF_REORDERING, K_COUNT, "reordering", "reordering"},
    {TF_REORD_SEEN, K_COUNT, "reord_seen", "reord_seen"},
    {TF_RCV_RTT, K_US, "rcv_rtt", "rcv_rtt_ms"},
    {TF_RCV_SPACE, K_COUNT, "rcv_space", "rcv_space"},
    {TF_RCV_SSTHRESH, K_COUNT, "rcv_ssthresh", "rcv_ssthresh"},
    {TF_RCV_OOOPACK, K_COUNT, "rcv_ooopack", "rcv_ooopack"},
    {TF_MIN_RTT, K_US, "minrtt", "min_rtt_ms"},
    {TF_NOTSENT_BYTES, K_COUNT, "notsent", "notsent_bytes"},
    {TF_SND_WND, K_COUNT, "snd_wnd", "snd_wnd"},
    {TF_RCV_WND, K_COUNT, "rcv_wnd", "rcv_wnd"},
    {TF_REHASH, K_COUNT, "rehash", "rehash"},
    {TF_TOTAL_RTO, K_COUNT, "total_rto", "total_rto"},
    {TF_TOTAL_RTO_RECOVERIES, K_COUNT, "total_rto_recoveries", "total_rto_recoveries"},
    {TF_TOTAL_RTO_TIME_MS, K_MS, "total_rto_time", "total_rto_time_ms"},
    {TF_RECEIVED_CE, K_COUNT, "received_ce", "received_ce"},
    {TF_DELIVERED_E1_BYTES, K_COUNT, "delivered_e1_bytes", "delivered_e1_bytes"},
    {TF_DELIVERED_E0_BYTES, K_COUNT, "delivered_e0_bytes", "delivered_e0_bytes"},
    {TF_DELIVERED_CE_BYTES, K_COUNT, "delivered_ce_bytes", "delivered_ce_bytes"},
    {TF_RECEIVED_E1_BYTES, K_COUNT, "received_e1_bytes", "received_e1_bytes"},
    {TF_RECEIVED_E0_BYTES, K_COUNT, "received_e0_bytes", "received_e0_bytes"},
    {TF_RECEIVED_CE_BYTES, K_COUNT, "received_ce_bytes", "received_ce_bytes"},
    {TF_ACCECN_FAIL_MODE, K_COUNT, "accecn_fail_mode", "accecn_fail_mode"},
    {TF_ACCECN_OPT_SEEN, K_COUNT, "accecn_opt_seen", "accecn_opt_seen"},
};
#define N_TCP_FIELDS (sizeof(tcp_fields) / sizeof(tcp_fields[0]))
_Static_assert(N_TCP_FIELDS == TF_COUNT, "every TCP field has its names");

static const char *const mem_keys[MF_COUNT] = {
    "rmem_alloc",  "rcvbuf", "wmem_alloc", "sndbuf", "fwd_alloc",
    "wmem_queued", "optmem", "backlog",    "drops",
};

static const char *const ca_states[] = {"open", "disorder", "cwr", "recovery", "loss"};

static const struct {
    unsigned bit;
    const char *name;
} opt_names[] = {
    {TCP_OPT_TIMESTAMPS, "ts"}, {TCP_OPT_SACK, "sack"},        {TCP_OPT_WSCALE, "wscale"},
    {TCP_OPT_ECN, "ecn"},       {TCP_OPT_ECN_SEEN, "ecnseen"}, {TCP_OPT_SYN_DATA, "syn_data"},
};

const char *detail_tcp_json_key(enum tcp_field f)
{
    for (size_t i = 0; i < N_TCP_FIELDS; i++)
        if (tcp_fields[i].field == f)
            return tcp_fields[i].json;
    return NULL;
}

const char *detail_tcp_text_key(enum tcp_field f)
{
    for (size_t i = 0; i < N_TCP_FIELDS; i++)
        if (tcp_fields[i].field == f)
            return tcp_fields[i].text;
    return NULL;
}

/* A rate the kernel reports as "no limit" (~0) or too large to show in
 * bits per second. */
static bool rate_unlimited(uint64_t bytes_per_sec)
{
    return bytes_per_sec > UINT64_MAX / 8;
}

/* The send rate ss computes: a window's worth of segments per round
 * trip, in bits per second; false when the kernel did not give its
 * parts. */
static bool send_rate(const struct sock_detail *d, uint64_t *bps)
{
    if (!detail_has_tcp(d, TF_SND_CWND) || !detail_has_tcp(d, TF_SND_MSS) ||
        !detail_has_tcp(d, TF_RTT) || d->tcp[TF_RTT] == 0)
        return false;
    double v =
        (double)d->tcp[TF_SND_CWND] * (double)d->tcp[TF_SND_MSS] * 8e6 / (double)d->tcp[TF_RTT];
    *bps = v >= 1.8e19 ? UINT64_MAX : (uint64_t)v;
    return true;
}

/* Microseconds as milliseconds, to three places, trailing zeros cut. */
static char *fmt_us_ms(char *p, uint64_t us)
{
    p = fmt_u64(p, us / 1000);
    unsigned frac = (unsigned)(us % 1000);
    if (frac) {
        *p++ = '.';
        *p++ = (char)('0' + frac / 100);
        frac %= 100;
        if (frac) {
            *p++ = (char)('0' + frac / 10);
            frac %= 10;
            if (frac)
                *p++ = (char)('0' + frac);
        }
    }
    return p;
}

static char *put(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

void detail_text(FILE *out, const struct sock_detail *d, unsigned what)
{
    if (!d)
        return;
    /* Every field at once: well under 4 KiB. */
    char line[4096];
    char *p = line;
    *p++ = '\t';
    char *start = p;
    if (what & DETAIL_MEMORY) {
        for (int i = 0; i < MF_COUNT; i++) {
            if (!detail_has_mem(d, (enum mem_field)i))
                continue;
            if (p != start)
                *p++ = ' ';
            p = put(p, mem_keys[i]);
            *p++ = ':';
            p = fmt_u64(p, d->mem[i]);
        }
    }
    if (what & DETAIL_TCP_INFO) {
        if (d->congestion[0]) {
            if (p != start)
                *p++ = ' ';
            p = put(p, "cc:");
            /* The kernel's own module name: letters, digits, '_' only. */
            for (const char *c = d->congestion; *c; c++)
                *p++ = (*c >= 0x21 && *c < 0x7f) ? *c : '?';
        }
        for (size_t i = 0; i < N_TCP_FIELDS; i++) {
            enum tcp_field f = (enum tcp_field)tcp_fields[i].field;
            if (!detail_has_tcp(d, f))
                continue;
            uint64_t v = d->tcp[f];
            if (p != start)
                *p++ = ' ';
            p = put(p, tcp_fields[i].text);
            *p++ = ':';
            switch (tcp_fields[i].kind) {
            case K_US:
                p = fmt_us_ms(p, v);
                break;
            case K_RATE:
                p = rate_unlimited(v) ? put(p, "unlimited") : fmt_u64(p, v * 8);
                break;
            case K_CA:
                p = v < 5 ? put(p, ca_states[v]) : fmt_u64(p, v);
                break;
            case K_OPTS: {
                char *o = p;
                for (size_t k = 0; k < sizeof(opt_names) / sizeof(opt_names[0]); k++) {
                    if (!(v & opt_names[k].bit))
                        continue;
                    if (p != o)
                        *p++ = ',';
                    p = put(p, opt_names[k].name);
                }
                if (p == o)
                    p = put(p, "none");
                break;
            }
            default:
                p = fmt_u64(p, v);
                break;
            }
            if (f == TF_SND_SSTHRESH || (f == TF_SND_CWND && !detail_has_tcp(d, TF_SND_SSTHRESH))) {
                uint64_t bps;
                if (send_rate(d, &bps)) {
                    p = put(p, " send:");
                    p = fmt_u64(p, bps);
                }
            }
        }
    }
    if (p == start)
        return;
    *p++ = '\n';
    fwrite(line, 1, (size_t)(p - line), out);
}

static void tcp_json(struct json *j, const struct sock_detail *d)
{
    json_key(j, "tcp_info");
    if (!d || (!d->tcp_have[0] && !d->tcp_have[1] && !d->congestion[0])) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    json_kv_string(j, "congestion", d->congestion[0] ? d->congestion : NULL);
    for (size_t i = 0; i < N_TCP_FIELDS; i++) {
        enum tcp_field f = (enum tcp_field)tcp_fields[i].field;
        if (!detail_has_tcp(d, f))
            continue;
        uint64_t v = d->tcp[f];
        json_key(j, tcp_fields[i].json);
        switch (tcp_fields[i].kind) {
        case K_US:
            json_fixed(j, (int64_t)(v & INT64_MAX), 3);
            break;
        case K_RATE:
            if (rate_unlimited(v))
                json_null(j);
            else
                json_u64(j, v * 8);
            break;
        case K_FLAG:
            json_bool(j, v != 0);
            break;
        case K_CA:
            if (v < 5)
                json_string(j, ca_states[v]);
            else
                json_u64(j, v);
            break;
        case K_OPTS:
            json_array_begin(j);
            for (size_t k = 0; k < sizeof(opt_names) / sizeof(opt_names[0]); k++)
                if (v & opt_names[k].bit)
                    json_string(j, opt_names[k].name);
            json_array_end(j);
            break;
        default:
            json_u64(j, v);
            break;
        }
    }
    uint64_t bps;
    if (send_rate(d, &bps))
        json_kv_u64(j, "send_rate_bps", bps);
    json_object_end(j);
}

static void mem_json(struct json *j, const struct sock_detail *d)
{
    json_key(j, "memory");
    if (!d || !d->mem_have) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    for (int i = 0; i < MF_COUNT; i++)
        if (detail_has_mem(d, (enum mem_field)i))
            json_kv_u64(j, mem_keys[i], d->mem[i]);
    json_object_end(j);
}

void detail_json(struct json *j, const struct sock_detail *d, unsigned what)
{
    if (what & DETAIL_TCP_INFO)
        tcp_json(j, d);
    if (what & DETAIL_MEMORY)
        mem_json(j, d);
}
