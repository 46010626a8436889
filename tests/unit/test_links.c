/* Interfaces: /proc/net/dev parsing, rtnetlink decoding, name order and
 * the Flg letters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "platform/linux/linkinfo.h"
#include "platform/linux/procdev.h"
#include "platform/linux/rtnl.h"
#include "util/natcmp.h"
#include "views/interfaces.h"

static void test_procdev_lines(void **state)
{
    (void)state;
    struct link_rec l;
    const char *h1 =
        "Inter-|   Receive                                                |  Transmit\n";
    const char *h2 =
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes ...\n";
    assert_int_equal(procdev_parse(h1, strlen(h1), &l), PROCNET_SKIP);
    assert_int_equal(procdev_parse(h2, strlen(h2), &l), PROCNET_SKIP);
    const char *eth =
        "  eth0: 18445498     462    1    2    3     4          0         0    25093     "
        "296    5    6    7     8       9          0\n";
    assert_int_equal(procdev_parse(eth, strlen(eth), &l), PROCNET_OK);
    assert_string_equal(l.name, "eth0");
    assert_int_equal(l.st.rx_bytes, 18445498);
    assert_int_equal(l.st.rx_packets, 462);
    assert_int_equal(l.st.rx_errors, 1);
    assert_int_equal(l.st.rx_dropped, 2);
    assert_int_equal(l.st.rx_fifo, 3);
    assert_int_equal(l.st.rx_frame, 4);
    assert_int_equal(l.st.tx_bytes, 25093);
    assert_int_equal(l.st.tx_packets, 296);
    assert_int_equal(l.st.tx_errors, 5);
    assert_int_equal(l.st.tx_dropped, 6);
    assert_int_equal(l.st.tx_fifo, 7);
    assert_int_equal(l.st.collisions, 8);
    assert_int_equal(l.st.tx_carrier, 9);
    /* 64-bit counters */
    const char *big = "lo: 18446744073709551615 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0";
    assert_int_equal(procdev_parse(big, strlen(big), &l), PROCNET_OK);
    assert_true(l.st.rx_bytes == UINT64_MAX);
    static const char *bad[] = {
        "",
        "eth0 1 2 3",
        "eth0: 1 2 3",
        ": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
        "a-very-long-interface-name: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
        "lo: 18446744073709551616 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        "lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(procdev_parse(bad[i], strlen(bad[i]), &l), PROCNET_BAD);
}

static void test_procdev_fixture(void **state)
{
    (void)state;
    /* The recorded file parses without a bad line. */
    int n = 0;
    unsigned bad = 0;
    struct link_rec l;
    FILE *f = fopen(FIXTURES "/proc/dev", "r");
    assert_non_null(f);
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        int r = procdev_parse(line, strlen(line), &l);
        if (r == PROCNET_OK)
            n++;
        else if (r == PROCNET_BAD)
            bad++;
    }
    fclose(f);
    assert_int_equal(bad, 0);
    assert_true(n >= 1);
}

static char buf[4096] __attribute__((aligned(4)));

static void test_rtnl_link(void **state)
{
    (void)state;
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_index = 7;
    ifi->ifi_flags = IFF_UP | IFF_RUNNING | 0x10000; /* and IFF_LOWER_UP */
    mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth-a0");
    mnl_attr_put_u32(nlh, IFLA_MTU, 9000);
    struct rtnl_link_stats64 st = {.rx_packets = 10,
                                   .rx_dropped = 1,
                                   .rx_missed_errors = 2,
                                   .tx_aborted_errors = 1,
                                   .tx_carrier_errors = 1};
    mnl_attr_put(nlh, IFLA_STATS64, sizeof(st), &st);
    struct link_rec l;
    assert_int_equal(rtnl_parse_link(nlh, nlh->nlmsg_len, &l), 0);
    assert_string_equal(l.name, "veth-a0");
    assert_int_equal(l.ifindex, 7);
    assert_int_equal(l.mtu, 9000);
    /* only the low 16 bits, as the ioctl reports them */
    assert_int_equal(l.flags, LINK_UP | LINK_RUNNING);
    assert_true(l.has_stats);
    assert_int_equal(l.st.rx_packets, 10);
    assert_int_equal(l.st.rx_dropped, 3); /* dropped + missed, as /proc/net/dev */
    assert_int_equal(l.st.tx_carrier, 2);
    /* truncated */
    assert_int_equal(rtnl_parse_link(nlh, nlh->nlmsg_len - 4, &l), -1);
    /* no name */
    memset(buf, 0, sizeof(buf));
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    assert_int_equal(rtnl_parse_link(nlh, nlh->nlmsg_len, &l), -1);
}

static void test_rtnl_addr(void **state)
{
    (void)state;
    static const uint8_t v6[16] = {0xfe, 0x80, [15] = 1};
    static const uint8_t local[4] = {192, 0, 2, 1}, peer[4] = {192, 0, 2, 2};
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWADDR;
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET6;
    ifa->ifa_prefixlen = 64;
    ifa->ifa_scope = RT_SCOPE_LINK;
    ifa->ifa_index = 3;
    mnl_attr_put(nlh, IFA_ADDRESS, 16, v6);
    struct iface_addr a;
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len, &a), 0);
    assert_int_equal(a.family, FAM_INET6);
    assert_memory_equal(a.addr.bytes, v6, 16);
    assert_int_equal(a.prefix_len, 64);
    assert_int_equal(a.ifindex, 3);
    assert_int_equal(a.scope, SCOPE_LINK);
    assert_false(a.tentative);
    ifa->ifa_flags = IFA_F_TENTATIVE;
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len, &a), 0);
    assert_true(a.tentative);
    /* point-to-point IPv4: IFA_LOCAL is ours, IFA_ADDRESS the peer's */
    memset(buf, 0, sizeof(buf));
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWADDR;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 32;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = 9;
    mnl_attr_put(nlh, IFA_ADDRESS, 4, peer);
    mnl_attr_put(nlh, IFA_LOCAL, 4, local);
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len, &a), 0);
    assert_memory_equal(a.addr.bytes, local, 4);
    assert_int_equal(a.scope, SCOPE_GLOBAL);
    /* malformed: truncated, prefix too long, address of the wrong size */
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len - 4, &a), -1);
    ifa->ifa_prefixlen = 33;
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len, &a), -1);
    memset(buf, 0, sizeof(buf));
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWADDR;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET;
    mnl_attr_put(nlh, IFA_ADDRESS, 16, v6);
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len, &a), -1);
    /* another family: skipped, not an error */
    ifa->ifa_family = AF_PACKET;
    assert_int_equal(rtnl_parse_addr(nlh, nlh->nlmsg_len, &a), 1);
}

static int find_loopback(const struct iface_addr *a, void *ctx)
{
    static const uint8_t lo4[4] = {127, 0, 0, 1};
    if (a->family == FAM_INET && memcmp(a->addr.bytes, lo4, 4) == 0 && a->prefix_len == 8 &&
        a->scope == SCOPE_HOST && a->ifindex == if_nametoindex("lo"))
        *(int *)ctx = 1;
    return 0;
}

/* The live dump: loopback's 127.0.0.1/8 is there, host scope. */
static void test_addresses_live(void **state)
{
    (void)state;
    struct platform *p;
    assert_int_equal(platform_open(&p, SOURCE_AUTO), 0);
    int found = 0;
    assert_int_equal(platform_addresses(p, find_loopback, &found), 0);
    platform_close(p);
    assert_true(found);
}

static void test_inet6_lines(void **state)
{
    (void)state;
    struct link_addr6 a;
    const char *l = "fe8000000000000004a992fffe26eb4a 04 40 20 c0      br0\n";
    assert_int_equal(linkinfo_parse_inet6(l, strlen(l), &a), PROCNET_OK);
    assert_int_equal(a.addr[0], 0xfe);
    assert_int_equal(a.addr[15], 0x4a);
    assert_int_equal(a.ifindex, 4);
    assert_int_equal(a.prefix_len, 64);
    assert_int_equal(a.scope, 0x20);
    assert_string_equal(a.ifname, "br0");
    static const char *bad[] = {"", "fe80 04 40 20 c0 br0",
                                "fe8000000000000004a992fffe26eb4a 04 81 20 c0 br0",
                                "fe8000000000000004a992fffe26eb4a 04 40 20 c0",
                                "fe8000000000000004a992fffe26eb4Z 04 40 20 c0 br0"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(linkinfo_parse_inet6(bad[i], strlen(bad[i]), &a), PROCNET_BAD);
}

static void test_natcmp(void **state)
{
    (void)state;
    assert_true(natcmp("eth2", "eth10") < 0);
    assert_true(natcmp("eth10", "eth2") > 0);
    assert_true(natcmp("eth0", "lo") < 0);
    assert_true(natcmp("br0", "eth0") < 0);
    assert_int_equal(natcmp("veth-a0", "veth-a0"), 0);
    assert_true(natcmp("veth-a0", "veth-b0") < 0);
    assert_true(natcmp("eth1", "eth") > 0); /* no number counts as 0 */
    assert_true(natcmp("eth0", "eth") > 0); /* equal numbers: as strings */
    assert_true(natcmp("eth10", "eth9") > 0);
    assert_true(natcmp("bv100a", "bv1a") < 0); /* no trailing digits: as strings */
    assert_true(natcmp("eth01", "eth1") < 0);
    assert_true(natcmp("ab12cd", "ab2cd") < 0);
    assert_true(natcmp("eth0:2", "eth0:10") < 0); /* aliases by number */
    assert_true(natcmp("eth0", "eth0:0") < 0);    /* no alias first */
    assert_true(natcmp("eth0:1", "eth1") < 0);
    assert_true(natcmp("wlan0", "eth0") > 0);
    assert_true(natcmp("eth", "etha") < 0);
}

static void test_flag_letters(void **state)
{
    (void)state;
    char b[32];
    interfaces_flag_letters(LINK_UP | LINK_BROADCAST | LINK_RUNNING | LINK_MULTICAST, b, sizeof(b));
    assert_string_equal(b, "BMRU");
    interfaces_flag_letters(LINK_UP | LINK_LOOPBACK | LINK_RUNNING, b, sizeof(b));
    assert_string_equal(b, "LRU");
    interfaces_flag_letters(LINK_BROADCAST | LINK_NOARP, b, sizeof(b));
    assert_string_equal(b, "BO");
    interfaces_flag_letters(
        LINK_ALLMULTI | LINK_PROMISC | LINK_POINTOPOINT | LINK_MASTER | LINK_SLAVE, b, sizeof(b));
    assert_string_equal(b, "APPsm");
    interfaces_flag_letters(0, b, sizeof(b));
    assert_string_equal(b, "[NO FLAGS]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_procdev_lines),  cmocka_unit_test(test_procdev_fixture),
        cmocka_unit_test(test_rtnl_link),      cmocka_unit_test(test_rtnl_addr),
        cmocka_unit_test(test_addresses_live), cmocka_unit_test(test_natcmp),
        cmocka_unit_test(test_flag_letters),   cmocka_unit_test(test_inet6_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
