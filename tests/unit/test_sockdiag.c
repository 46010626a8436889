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

#include "platform/linux/sockdiag.h"

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
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r), 0);
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
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r), 0);
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
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r), 0);
    assert_int_equal(r.state, ST_SYN_RECV);
}

static void test_inet_malformed(void **state)
{
    (void)state;
    struct nlmsghdr *nlh = inet_msg(AF_INET, 1);
    struct sock_rec r;
    /* shorter than its header claims */
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len - 1, PROTO_TCP, &r), -1);
    /* too short for an inet_diag_msg */
    nlh->nlmsg_len = NLMSG_LENGTH(4);
    assert_int_equal(sockdiag_parse_inet(nlh, sizeof(buf), PROTO_TCP, &r), -1);
    /* an unknown family */
    nlh = inet_msg(AF_UNIX, 1);
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r), -1);
    /* an attribute running past the end */
    nlh = inet_msg(AF_INET, 1);
    struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
    a->nla_type = INET_DIAG_SKV6ONLY;
    a->nla_len = 200;
    nlh->nlmsg_len += 8;
    assert_int_equal(sockdiag_parse_inet(nlh, nlh->nlmsg_len, PROTO_TCP, &r), -1);
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
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r), 0);
    assert_int_equal(r.state, US_UNCONNECTED);
    assert_int_equal(r.uflags, UNIX_FLAG_ACC);
    assert_int_equal(r.path_len, 10);
    assert_memory_equal(r.path, "/run/x y", 8);

    nlh = unix_msg(SOCK_STREAM, 1, 43);
    mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 44);
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r), 0);
    assert_int_equal(r.state, US_CONNECTED);
    assert_int_equal(r.peer_inode, 44);
    assert_int_equal(r.path_len, 0);

    /* an embryo (not yet accepted) has no inode */
    nlh = unix_msg(SOCK_STREAM, 1, 0);
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r), 0);
    assert_int_equal(r.state, US_CONNECTING);

    nlh = unix_msg(SOCK_DGRAM, 7, 45);
    mnl_attr_put(nlh, UNIX_DIAG_NAME, 4, "\0abc");
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r), 0);
    assert_int_equal(r.state, US_UNCONNECTED);
    assert_int_equal(r.uflags, 0);
    assert_memory_equal(r.path, "\0abc", 4);

    nlh = unix_msg(SOCK_DGRAM, 7, 45);
    struct unix_diag_msg *m = mnl_nlmsg_get_payload(nlh);
    m->udiag_family = AF_INET;
    assert_int_equal(sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inet4),        cmocka_unit_test(test_listen_queue_and_v6only),
        cmocka_unit_test(test_new_syn_recv), cmocka_unit_test(test_inet_malformed),
        cmocka_unit_test(test_unix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
