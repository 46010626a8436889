/* Reach verdicts from the kernel's facts: wildcard and IPV6_V6ONLY,
 * loopback, the machine's own addresses and their scopes, link-local
 * addresses scoped to a link, v4-mapped binds, bound devices; then the
 * sockets of one port together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "explain/reach.h"

static struct sock_rec sock(const char *addr, int v6only, uint32_t ifindex)
{
    struct sock_rec s;
    memset(&s, 0, sizeof(s));
    s.proto = PROTO_TCP;
    s.state = ST_LISTEN;
    s.v6only = v6only;
    s.ifindex = ifindex;
    if (inet_pton(AF_INET, addr, s.laddr.bytes) == 1) {
        s.family = FAM_INET;
    } else {
        s.family = FAM_INET6;
        assert_int_equal(inet_pton(AF_INET6, addr, s.laddr.bytes), 1);
    }
    return s;
}

static struct iface_addr addr(const char *text, uint8_t prefix, uint32_t ifindex,
                              enum addr_scope scope)
{
    struct iface_addr a;
    memset(&a, 0, sizeof(a));
    a.family = strchr(text, ':') ? FAM_INET6 : FAM_INET;
    assert_int_equal(inet_pton(a.family == FAM_INET ? AF_INET : AF_INET6, text, a.addr.bytes), 1);
    a.prefix_len = prefix;
    a.ifindex = ifindex;
    a.scope = scope;
    return a;
}

static struct iface_addr machine[6];

static struct reach of(const char *a, int v6only, uint32_t ifindex)
{
    struct sock_rec s = sock(a, v6only, ifindex);
    struct reach r;
    reach_socket(&s, machine, sizeof(machine) / sizeof(machine[0]), &r);
    return r;
}

static int setup(void **state)
{
    (void)state;
    machine[0] = addr("127.0.0.1", 8, 1, SCOPE_HOST);
    machine[1] = addr("::1", 128, 1, SCOPE_HOST);
    machine[2] = addr("192.0.2.5", 24, 2, SCOPE_GLOBAL);
    machine[3] = addr("fe80::1", 64, 2, SCOPE_LINK);
    machine[4] = addr("fe80::1", 64, 3, SCOPE_LINK);
    machine[5] = addr("2001:db8::5", 64, 3, SCOPE_GLOBAL);
    return 0;
}

static void test_sockets(void **state)
{
    (void)state;
    struct reach r = of("0.0.0.0", -1, 0);
    assert_int_equal(r.kind, REACH_ALL);
    assert_true(r.v4 && !r.v6 && !r.dual_stack);
    r = of("::", 0, 0);
    assert_int_equal(r.kind, REACH_ALL);
    assert_true(r.v4 && r.v6 && r.dual_stack);
    r = of("::", 1, 0);
    assert_true(r.kind == REACH_ALL && !r.v4 && r.v6 && !r.dual_stack);
    r = of("::", -1, 0);
    assert_int_equal(r.kind, REACH_UNKNOWN);
    assert_int_equal(of("127.0.0.1", -1, 0).kind, REACH_LOOPBACK);
    assert_int_equal(of("127.0.0.53", -1, 0).kind, REACH_LOOPBACK);
    assert_int_equal(of("::1", 1, 0).kind, REACH_LOOPBACK);
    r = of("192.0.2.5", -1, 0);
    assert_int_equal(r.kind, REACH_NETWORK);
    assert_int_equal(r.at.prefix_len, 24);
    assert_int_equal(r.at.ifindex, 2);
    r = of("2001:db8::5", 1, 0);
    assert_true(r.kind == REACH_NETWORK && r.at.ifindex == 3 && r.v6 && !r.v4);
    /* The same link-local number on two links: the socket's scope says. */
    r = of("fe80::1", 1, 3);
    assert_int_equal(r.kind, REACH_LINK);
    assert_int_equal(r.at.ifindex, 3);
    /* An IPv6 socket bound to a v4-mapped address serves IPv4 only. */
    r = of("::ffff:192.0.2.5", 0, 0);
    assert_true(r.kind == REACH_NETWORK && r.v4 && !r.v6);
    assert_int_equal(of("::ffff:127.0.0.1", 0, 0).kind, REACH_LOOPBACK);
    /* An address the machine does not have (IP_FREEBIND): nobody. */
    r = of("198.51.100.9", -1, 0);
    assert_int_equal(r.kind, REACH_NOWHERE);
    /* Bound to one device: every address, through that device only. */
    r = of("0.0.0.0", -1, 2);
    assert_true(r.kind == REACH_ALL && r.device == 2);
}

static struct group_reach group(const struct reach *r, size_t n)
{
    struct group_reach g;
    reach_group(r, n, &g);
    return g;
}

static void test_groups(void **state)
{
    (void)state;
    struct reach two[2] = {of("0.0.0.0", -1, 0), of("::", 1, 0)};
    struct group_reach g = group(two, 2);
    assert_true(g.kind == GROUP_ALL_BOTH && !g.dual_stack_socket);
    struct reach dual[1] = {of("::", 0, 0)};
    g = group(dual, 1);
    assert_true(g.kind == GROUP_ALL_BOTH && g.dual_stack_socket);
    struct reach v6[1] = {of("::", 1, 0)};
    assert_int_equal(group(v6, 1).kind, GROUP_ALL_V6_ONLY);
    struct reach v4[1] = {of("0.0.0.0", -1, 0)};
    assert_int_equal(group(v4, 1).kind, GROUP_ALL_V4_ONLY);
    struct reach lo[2] = {of("127.0.0.1", -1, 0), of("::1", 1, 0)};
    g = group(lo, 2);
    assert_true(g.kind == GROUP_LOOPBACK && g.loopback_v4 && g.loopback_v6);
    struct reach lo4[1] = {of("127.0.0.1", -1, 0)};
    g = group(lo4, 1);
    assert_true(g.kind == GROUP_LOOPBACK && g.loopback_v4 && !g.loopback_v6);
    struct reach spec[2] = {of("127.0.0.1", -1, 0), of("192.0.2.5", -1, 0)};
    g = group(spec, 2);
    assert_true(g.kind == GROUP_SPECIFIC && g.loopback_v4);
    struct reach none[1] = {of("198.51.100.9", -1, 0)};
    assert_int_equal(group(none, 1).kind, GROUP_NOWHERE);
    struct reach unk[1] = {of("::", -1, 0)};
    assert_int_equal(group(unk, 1).kind, GROUP_UNKNOWN);
    struct reach unk4[2] = {of("0.0.0.0", -1, 0), of("::", -1, 0)};
    assert_int_equal(group(unk4, 2).kind, GROUP_ALL_BOTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sockets, setup),
        cmocka_unit_test_setup(test_groups, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
