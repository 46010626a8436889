/* Decoding of sock_diag replies, from messages built here byte by byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/tcp.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/sockdetail.h"
#include "platform/linux/sockdiag.h"
#include "render/detail.h"

static char buf[4096] __attribute__((aligned(4)));

static struct nlmsghdr *inet_msg(int family, int state)
{
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
    struct inet_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
    m->idiag_family = (uint8_t)family;
    m->idiag_state = (uint8_t)state;
    m->id.idiag_sport = htons(8080);
    m->id.idiag_dport = htons(51234);
    m->idiag_rqueue = 3;
    m->idiag_wqueue = 128;
    m->idiag_uid = 1000;
    m->idiag_inode = 777;
    m->idiag_timer = 2;
    m->idiag_expires = 7000;
    m->idiag_retrans = 1;
    if (family == AF_INET) {
        m->id.idiag_src[0] = htonl(0x7f000001);
        m->id.idiag_dst[0] = htonl(0x7f000002);
    } else {
        m->id.idiag_src[3] = htonl(1);
    }
    return nlh;
}

static void test_inet4(void **state)
{
    (void)state;
    struct nlmsghdr *nlh = inet_msg(AF_INET, 1);
    struct sock_rec r;
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, NULL), 0);
    assert_int_equal(r.family, FAM_INET);
    assert_int_equal(r.lport, 8080);
    assert_int_equal(r.rport, 51234);
    assert_memory_equal(r.laddr.bytes, "\x7f\0\0\x01", 4);
    assert_memory_equal(r.raddr.bytes, "\x7f\0\0\x02", 4);
    assert_int_equal(r.rxq, 3);
    assert_int_equal(r.txq, 128);
    assert_int_equal(r.uid, 1000);
    assert_int_equal(r.inode, 777);
    assert_int_equal(r.timer, 2);
    assert_int_equal(r.timer_ms, 7000);
    assert_int_equal(r.v6only, -1);
}

static void test_listen_queue_and_v6only(void **state)
{
    (void)state;
    struct nlmsghdr *nlh = inet_msg(AF_INET6, 10);
    mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
    struct sock_rec r;
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, NULL), 0);
    assert_int_equal(r.family, FAM_INET6);
    assert_int_equal(r.state, ST_LISTEN);
    /* the diag puts the backlog limit in wqueue; netstat shows 0 */
    assert_int_equal(r.txq, 0);
    assert_int_equal(r.v6only, 1);
    assert_int_equal(r.laddr.bytes[15], 1);
}

static void test_new_syn_recv(void **state)
{
    (void)state;
    struct nlmsghdr *nlh = inet_msg(AF_INET, 12);
    struct sock_rec r;
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, NULL), 0);
    assert_int_equal(r.state, ST_SYN_RECV);
}

static void test_inet_malformed(void **state)
{
    (void)state;
    struct nlmsghdr *nlh = inet_msg(AF_INET, 1);
    struct sock_rec r;
    /* shorter than its header claims */
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len - 1, PROTO_TCP, &r, NULL), -1);
    /* too short for an inet_diag_msg */
    nlh->nlmsg_len = NLMSG_LENGTH(4);
    assert_int_equal(sockdiag_parse_inet(nlh, sizeof(buf), PROTO_TCP, &r, NULL), -1);
    /* an unknown family */
    nlh = inet_msg(AF_UNIX, 1);
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, NULL), -1);
    /* an attribute running past the end */
    nlh = inet_msg(AF_INET, 1);
    struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
    a->nla_type = INET_DIAG_SKV6ONLY;
    a->nla_len = 200;
    nlh->nlmsg_len += 8;
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, NULL), -1);
}

static struct nlmsghdr *unix_msg(int type, int state, uint32_t ino)
{
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
    struct unix_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
    m->udiag_family = AF_UNIX;
    m->udiag_type = (uint8_t)type;
    m->udiag_state = (uint8_t)state;
    m->udiag_ino = ino;
    return nlh;
}

static void test_unix(void **state)
{
    (void)state;
    struct sock_rec r;
    struct nlmsghdr *nlh = unix_msg(SOCK_STREAM, 10, 42);
    mnl_attr_put(nlh, UNIX_DIAG_NAME, 10, "/run/x y\0");
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, NULL), 0);
    assert_int_equal(r.state, US_UNCONNECTED);
    assert_int_equal(r.uflags, UNIX_FLAG_ACC);
    assert_int_equal(r.path_len, 10);
    assert_memory_equal(r.path, "/run/x y", 8);

    nlh = unix_msg(SOCK_STREAM, 1, 43);
    mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 44);
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, NULL), 0);
    assert_int_equal(r.state, US_CONNECTED);
    assert_int_equal(r.peer_inode, 44);
    assert_int_equal(r.path_len, 0);

    /* an embryo (not yet accepted) has no inode */
    nlh = unix_msg(SOCK_STREAM, 1, 0);
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, NULL), 0);
    assert_int_equal(r.state, US_CONNECTING);

    nlh = unix_msg(SOCK_DGRAM, 7, 45);
    mnl_attr_put(nlh, UNIX_DIAG_NAME, 4, "\0abc");
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, NULL), 0);
    assert_int_equal(r.state, US_UNCONNECTED);
    assert_int_equal(r.uflags, 0);
    assert_memory_equal(r.path, "\0abc", 4);

    nlh = unix_msg(SOCK_DGRAM, 7, 45);
    struct unix_diag_msg *m = mnl_nlmsg_get_payload(nlh);
    m->udiag_family = AF_INET;
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, NULL), -1);
}

/* A tcp_info payload with every byte set from its offset, cut to n
 * bytes: fields wholly inside come out, the others are absent. */
static struct nlmsghdr *info_msg(size_t n)
{
    struct nlmsghdr *nlh = inet_msg(AF_INET, 1);
    uint8_t ti[512];
    memset(ti, 0, sizeof(ti));
    struct tcp_info t;
    memset(&t, 0, sizeof(t));
    t.tcpi_ca_state = 4;
    t.tcpi_options = 7;
    t.tcpi_snd_wscale = 7;
    t.tcpi_rcv_wscale = 9;
    t.tcpi_delivery_rate_app_limited = 1;
    t.tcpi_rtt = 1234;
    t.tcpi_snd_cwnd = 10;
    t.tcpi_snd_mss = 1000;
    t.tcpi_pacing_rate = ~0ull;
    t.tcpi_bytes_acked = 1ull << 40;
    t.tcpi_snd_wnd = 65536;
    memcpy(ti, &t, sizeof(t));
    uint32_t rcv_wnd = 4242;
    memcpy(ti + offsetof(struct tcp_info, tcpi_snd_wnd) + 4, &rcv_wnd, 4);
    mnl_attr_put(nlh, INET_DIAG_INFO, n, ti);
    mnl_attr_put_strz(nlh, INET_DIAG_CONG, "cubic");
    uint32_t mem[SK_MEMINFO_VARS] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    mnl_attr_put(nlh, INET_DIAG_SKMEMINFO, sizeof(mem), mem);
    return nlh;
}

static void test_tcp_info_by_length(void **state)
{
    (void)state;
    struct sock_rec r;
    struct sock_detail d;
    /* The whole of what the build's header knows, and one field more. */
    size_t full = offsetof(struct tcp_info, tcpi_snd_wnd) + 8;
    struct nlmsghdr *nlh = info_msg(full);
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, &d), 0);
    assert_ptr_equal(r.detail, &d);
    assert_string_equal(d.congestion, "cubic");
    assert_true(detail_has_tcp(&d, TF_CA_STATE));
    assert_int_equal(d.tcp[TF_CA_STATE], 4);
    assert_int_equal(d.tcp[TF_SND_WSCALE], 7);
    assert_int_equal(d.tcp[TF_RCV_WSCALE], 9);
    assert_int_equal(d.tcp[TF_APP_LIMITED], 1);
    assert_int_equal(d.tcp[TF_RTT], 1234);
    assert_int_equal(d.tcp[TF_BYTES_ACKED], 1ull << 40);
    assert_int_equal(d.tcp[TF_SND_WND], 65536);
    assert_true(detail_has_tcp(&d, TF_RCV_WND));
    assert_int_equal(d.tcp[TF_RCV_WND], 4242);
    assert_false(detail_has_tcp(&d, TF_REHASH));
    assert_false(detail_has_tcp(&d, TF_TOTAL_RTO_TIME_MS));
    for (int i = 0; i < MF_COUNT; i++) {
        assert_true(detail_has_mem(&d, (enum mem_field)i));
        assert_int_equal(d.mem[i], i + 1);
    }

    /* An old kernel's shorter struct: what lies past its end is absent. */
    nlh = info_msg(offsetof(struct tcp_info, tcpi_pacing_rate));
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, &d), 0);
    assert_true(detail_has_tcp(&d, TF_TOTAL_RETRANS));
    assert_false(detail_has_tcp(&d, TF_PACING_RATE));
    assert_false(detail_has_tcp(&d, TF_BYTES_ACKED));
    assert_false(detail_has_tcp(&d, TF_SND_WND));

    /* Without a detail to fill, none is pointed at. */
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, NULL), 0);
    assert_null(r.detail);
}

static void test_detail_text(void **state)
{
    (void)state;
    struct sock_rec r;
    struct sock_detail d;
    struct nlmsghdr *nlh = info_msg(offsetof(struct tcp_info, tcpi_snd_wnd) + 4);
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r, &d), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    detail_text(f, &d, DETAIL_TCP_INFO | DETAIL_MEMORY);
    fclose(f);
    assert_true(len > 0 && text[0] == '\t' && text[len - 1] == '\n');
    assert_non_null(strstr(text, "\trmem_alloc:1 rcvbuf:2 wmem_alloc:3 sndbuf:4 "));
    assert_non_null(strstr(text, " cc:cubic ca_state:loss options:ts,sack,wscale "));
    assert_non_null(strstr(text, " rtt:1.234 "));
    /* send: cwnd * mss * 8 bits per rtt */
    assert_non_null(strstr(text, " send:64829821 "));
    assert_non_null(strstr(text, " pacing_rate:unlimited "));
    assert_non_null(strstr(text, " app_limited:1 "));
    assert_non_null(strstr(text, " bytes_acked:1099511627776 "));
    assert_null(strstr(text, "rcv_wnd"));
    free(text);

    /* Memory alone. */
    f = open_memstream(&text, &len);
    detail_text(f, &d, DETAIL_MEMORY);
    fclose(f);
    assert_string_equal(text, "\trmem_alloc:1 rcvbuf:2 wmem_alloc:3 sndbuf:4 fwd_alloc:5 "
                              "wmem_queued:6 optmem:7 backlog:8 drops:9\n");
    free(text);

    /* A record without any: no line. */
    struct sock_detail none;
    memset(&none, 0, sizeof(none));
    f = open_memstream(&text, &len);
    detail_text(f, &none, DETAIL_MEMORY | DETAIL_TCP_INFO);
    detail_text(f, NULL, DETAIL_MEMORY | DETAIL_TCP_INFO);
    fclose(f);
    assert_int_equal(len, 0);
    free(text);
}

static void test_unix_meminfo(void **state)
{
    (void)state;
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct unix_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
    m->udiag_family = AF_UNIX;
    m->udiag_type = SOCK_STREAM;
    m->udiag_ino = 5;
    uint32_t mem[4] = {10, 20, 30, 40}; /* a shorter array: the rest absent */
    mnl_attr_put(nlh, UNIX_DIAG_MEMINFO, sizeof(mem), mem);
    struct sock_rec r;
    struct sock_detail d;
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, &d), 0);
    assert_ptr_equal(r.detail, &d);
    assert_int_equal(d.mem_have, 15);
    assert_int_equal(d.mem[MF_SNDBUF], 40);
    assert_false(detail_has_mem(&d, MF_DROPS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inet4),        cmocka_unit_test(test_listen_queue_and_v6only),
        cmocka_unit_test(test_new_syn_recv), cmocka_unit_test(test_inet_malformed),
        cmocka_unit_test(test_unix),         cmocka_unit_test(test_tcp_info_by_length),
        cmocka_unit_test(test_detail_text),  cmocka_unit_test(test_unix_meminfo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
