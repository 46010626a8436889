/* Routes: /proc/net/route lines and rtnetlink route messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "platform/linux/procroute.h"
#include "platform/linux/rtnl.h"

static void test_proc_lines(void **state)
{
    (void)state;
    struct route_rec r;
    const char *hdr =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";
    assert_int_equal(procroute_parse(hdr, strlen(hdr), &r), PROCNET_SKIP);
    const char *def = "veth-a0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0   \n";
    assert_int_equal(procroute_parse(def, strlen(def), &r), PROCNET_OK);
    assert_string_equal(r.ifname, "veth-a0");
    assert_memory_equal(r.gateway.bytes, "\xc0\x00\x02\x01", 4);
    assert_int_equal(r.flags, ROUTE_UP | ROUTE_GATEWAY);
    assert_int_equal(r.metric, 100);
    const char *mss = "veth-a0\t007100CB\tFE0200C0\t0003\t0\t0\t0\t80FFFFFF\t1400\t8192\t100\n";
    assert_int_equal(procroute_parse(mss, strlen(mss), &r), PROCNET_OK);
    assert_memory_equal(r.dst.bytes, "\xcb\x00\x71\x00", 4);
    assert_memory_equal(r.mask.bytes, "\xff\xff\xff\x80", 4);
    assert_int_equal(r.mss, 1400);
    assert_int_equal(r.window, 8192);
    assert_int_equal(r.irtt, 100);
    const char *rej = "*\t0000140A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
    assert_int_equal(procroute_parse(rej, strlen(rej), &r), PROCNET_OK);
    assert_string_equal(r.ifname, "*");
    assert_int_equal(r.flags, ROUTE_UP | ROUTE_REJECT);
    static const char *bad[] = {"",
                                "eth0",
                                "eth0\t00000000",
                                "eth0\tZZ\t0\t1\t0\t0\t0\t0\t0\t0\t0",
                                "eth0\t1FFFFFFFF\t0\t1\t0\t0\t0\t0\t0\t0\t0",
                                "a-very-long-interface-name\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(procroute_parse(bad[i], strlen(bad[i]), &r), PROCNET_BAD);
}

static void test_proc6_lines(void **state)
{
    (void)state;
    struct route_rec r;
    const char *gw =
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n";
    assert_int_equal(procroute6_parse(gw, strlen(gw), &r), PROCNET_OK);
    assert_int_equal(r.family, FAM_INET6);
    assert_int_equal(r.prefix_len, 0);
    assert_int_equal(r.gateway.bytes[0], 0xfd);
    assert_int_equal(r.gateway.bytes[15], 1);
    assert_int_equal(r.metric, 0x400);
    assert_int_equal(r.refcnt, 2);
    assert_int_equal(r.flags, ROUTE_UP | ROUTE_GATEWAY);
    assert_string_equal(r.ifname, "eth0");
    const char *rej =
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
    assert_int_equal(procroute6_parse(rej, strlen(rej), &r), PROCNET_OK);
    assert_int_equal((int)r.metric, -1);
    assert_int_equal(r.flags, ROUTE_REJECT | ROUTE_NONEXTHOP);
    static const char *bad[] = {
        "",
        "0000 00",
        "00000000000000000000000000000000 81 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 00000000 00000001 00000000 00000001 lo",
        "0000000000000000000000000000000G 00 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 00000000 00000001 00000000 00000001 lo",
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 00000000 00000001 00000000 00000001",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(procroute6_parse(bad[i], strlen(bad[i]), &r), PROCNET_BAD);
}

static char buf[4096] __attribute__((aligned(4)));

static struct nlmsghdr *route_msg(int table, int type, int dst_len)
{
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWROUTE;
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = AF_INET;
    rtm->rtm_table = (uint8_t)table;
    rtm->rtm_type = (uint8_t)type;
    rtm->rtm_dst_len = (uint8_t)dst_len;
    return nlh;
}

static void test_rtnl_routes(void **state)
{
    (void)state;
    struct route_rec r;
    uint32_t oif;
    struct nlmsghdr *nlh = route_msg(RT_TABLE_MAIN, RTN_UNICAST, 25);
    mnl_attr_put(nlh, RTA_DST, 4, "\xcb\x00\x71\x00");
    mnl_attr_put(nlh, RTA_GATEWAY, 4, "\xc0\x00\x02\xfe");
    mnl_attr_put_u32(nlh, RTA_OIF, 3);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, 9);
    struct nlattr *m = mnl_attr_nest_start(nlh, RTA_METRICS);
    mnl_attr_put_u32(nlh, RTAX_ADVMSS, 1360);
    mnl_attr_put_u32(nlh, RTAX_WINDOW, 8192);
    mnl_attr_put_u32(nlh, RTAX_RTT, 800);
    mnl_attr_nest_end(nlh, m);
    assert_int_equal(rtnl_parse_route4(nlh, nlh->nlmsg_len, &r, &oif), 0);
    assert_int_equal(oif, 3);
    assert_memory_equal(r.mask.bytes, "\xff\xff\xff\x80", 4);
    assert_int_equal(r.flags, ROUTE_UP | ROUTE_GATEWAY);
    assert_int_equal(r.metric, 9);
    assert_int_equal(r.mss, 1400);
    assert_int_equal(r.window, 8192);
    assert_int_equal(r.irtt, 100);

    nlh = route_msg(RT_TABLE_MAIN, RTN_PROHIBIT, 32);
    mnl_attr_put(nlh, RTA_DST, 4, "\x0a\x00\x00\x01");
    assert_int_equal(rtnl_parse_route4(nlh, nlh->nlmsg_len, &r, &oif), 0);
    assert_int_equal(r.flags, ROUTE_UP | ROUTE_REJECT | ROUTE_HOST);

    /* Not shown by /proc/net/route: other tables, broadcast. */
    nlh = route_msg(RT_TABLE_LOCAL, RTN_LOCAL, 32);
    assert_int_equal(rtnl_parse_route4(nlh, nlh->nlmsg_len, &r, &oif), 1);
    nlh = route_msg(RT_TABLE_MAIN, RTN_BROADCAST, 32);
    assert_int_equal(rtnl_parse_route4(nlh, nlh->nlmsg_len, &r, &oif), 1);
    /* Malformed: prefix too long, truncated. */
    nlh = route_msg(RT_TABLE_MAIN, RTN_UNICAST, 33);
    assert_int_equal(rtnl_parse_route4(nlh, nlh->nlmsg_len, &r, &oif), -1);
    nlh = route_msg(RT_TABLE_MAIN, RTN_UNICAST, 24);
    mnl_attr_put_u32(nlh, RTA_OIF, 3);
    assert_int_equal(rtnl_parse_route4(nlh, nlh->nlmsg_len - 2, &r, &oif), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proc_lines),
        cmocka_unit_test(test_proc6_lines),
        cmocka_unit_test(test_rtnl_routes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
