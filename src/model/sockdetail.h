/* What the kernel tells of a socket beyond the tables: TCP internals
 * (--info), memory (--memory), and for listeners the queues. OS-neutral:
 * each backend fills what its system gives, and says which fields it
 * filled; nothing absent is ever shown. */
#ifndef NETSTAT_MODEL_SOCKDETAIL_H
#define NETSTAT_MODEL_SOCKDETAIL_H

#include <stdbool.h>
#include <stdint.h>

/* What a request asks beyond the tables' columns (gather_req.detail). */
#define DETAIL_TCP_INFO 1u /* TCP internals and the congestion algorithm */
#define DETAIL_MEMORY   2u /* socket memory */

/* TCP internals. Times in microseconds unless named _MS, rates in bytes
 * per second, windows and queues in bytes. */
enum tcp_field {
    TF_CA_STATE,    /* congestion avoidance: 0 open .. 4 loss */
    TF_RETRANSMITS, /* unrecovered RTO timeouts now */
    TF_PROBES,
    TF_BACKOFF,
    TF_OPTIONS, /* TCPI_OPT_* bits */
    TF_SND_WSCALE,
    TF_RCV_WSCALE,
    TF_APP_LIMITED, /* 0 or 1 */
    TF_RTO,
    TF_ATO,
    TF_SND_MSS,
    TF_RCV_MSS,
    TF_UNACKED,
    TF_SACKED,
    TF_LOST,
    TF_RETRANS, /* segments retransmitted and not yet acknowledged */
    TF_FACKETS,
    TF_LAST_DATA_SENT_MS,
    TF_LAST_DATA_RECV_MS,
    TF_LAST_ACK_RECV_MS,
    TF_PMTU,
    TF_RCV_SSTHRESH,
    TF_RTT,
    TF_RTTVAR,
    TF_SND_SSTHRESH,
    TF_SND_CWND,
    TF_ADVMSS,
    TF_REORDERING,
    TF_RCV_RTT,
    TF_RCV_SPACE,
    TF_TOTAL_RETRANS,
    TF_PACING_RATE,
    TF_MAX_PACING_RATE,
    TF_BYTES_ACKED,
    TF_BYTES_RECEIVED,
    TF_SEGS_OUT,
    TF_SEGS_IN,
    TF_NOTSENT_BYTES,
    TF_MIN_RTT,
    TF_DATA_SEGS_IN,
    TF_DATA_SEGS_OUT,
    TF_DELIVERY_RATE,
    TF_BUSY_TIME,
    TF_RWND_LIMITED,
    TF_SNDBUF_LIMITED,
    TF_DELIVERED,
    TF_DELIVERED_CE,
    TF_BYTES_SENT,
    TF_BYTES_RETRANS,
    TF_DSACK_DUPS,
    TF_REORD_SEEN,
    TF_RCV_OOOPACK,
    TF_SND_WND,
    TF_RCV_WND,
    TF_REHASH,
    TF_TOTAL_RTO,
    TF_TOTAL_RTO_RECOVERIES,
    TF_TOTAL_RTO_TIME_MS,
    TF_RECEIVED_CE, /* AccECN (newer kernels): CE marks, bytes by mark */
    TF_DELIVERED_E1_BYTES,
    TF_DELIVERED_E0_BYTES,
    TF_DELIVERED_CE_BYTES,
    TF_RECEIVED_E1_BYTES,
    TF_RECEIVED_E0_BYTES,
    TF_RECEIVED_CE_BYTES,
    TF_ACCECN_FAIL_MODE,
    TF_ACCECN_OPT_SEEN,
    TF_COUNT
};

/* TF_OPTIONS bits (the kernel's TCPI_OPT_*). */
#define TCP_OPT_TIMESTAMPS 1u
#define TCP_OPT_SACK       2u
#define TCP_OPT_WSCALE     4u
#define TCP_OPT_ECN        8u
#define TCP_OPT_ECN_SEEN   16u
#define TCP_OPT_SYN_DATA   32u

/* Socket memory, in bytes (drops: packets). */
enum mem_field {
    MF_RMEM_ALLOC,
    MF_RCVBUF,
    MF_WMEM_ALLOC,
    MF_SNDBUF,
    MF_FWD_ALLOC,
    MF_WMEM_QUEUED,
    MF_OPTMEM,
    MF_BACKLOG,
    MF_DROPS,
    MF_COUNT
};

struct sock_detail {
    uint64_t tcp_have[2]; /* bit per enum tcp_field the kernel sent */
    uint64_t tcp[TF_COUNT];
    char congestion[16]; /* "" when not told */
    unsigned mem_have;   /* bit per enum mem_field */
    uint32_t mem[MF_COUNT];
};

static inline bool detail_has_tcp(const struct sock_detail *d, enum tcp_field f)
{
    return d && (d->tcp_have[f / 64] >> (f % 64)) & 1;
}

static inline void detail_set_tcp(struct sock_detail *d, enum tcp_field f, uint64_t v)
{
    d->tcp[f] = v;
    d->tcp_have[f / 64] |= 1ull << (f % 64);
}

static inline bool detail_has_mem(const struct sock_detail *d, enum mem_field f)
{
    return d && (d->mem_have >> f) & 1;
}

#endif
