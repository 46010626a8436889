/* The /proc/net/igmp and igmp6 parsers on recorded files and bad lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "platform/linux/procgroups.h"

struct got {
    struct group_rec g[32];
    int n;
};

static int collect(const struct group_rec *g, void *ctx)
{
    struct got *c = ctx;
    if (c->n < 32)
        c->g[c->n++] = *g;
    return 0;
}

static void test_igmp_file(void **state)
{
    (void)state;
    struct got c = {.n = 0};
    unsigned bad = 0;
    assert_int_equal(procgroups_read(FIXTURES "/proc/igmp", FAM_INET, collect, &c, &bad), 0);
    assert_int_equal(bad, 0);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.g[0].ifname, "vt1");
    assert_memory_equal(c.g[0].addr.bytes, "\xe0\x00\x00\x01", 4);
    /* A 15-byte name is kept whole and the colon after it is not part of it. */
    assert_string_equal(c.g[1].ifname, "veth-long-name1");
    assert_int_equal(c.g[1].ifindex, 3);
    assert_memory_equal(c.g[1].addr.bytes, "\xef\x01\x02\x03", 4);
    assert_int_equal(c.g[1].refcnt, 1);
}

static void test_igmp6_file(void **state)
{
    (void)state;
    struct got c = {.n = 0};
    unsigned bad = 0;
    assert_int_equal(procgroups_read(FIXTURES "/proc/igmp6", FAM_INET6, collect, &c, &bad), 0);
    assert_int_equal(bad, 0);
    assert_true(c.n >= 3);
    assert_string_equal(c.g[0].ifname, "lo");
    static const uint8_t ff02_1[16] = {0xff, 0x02, [15] = 1};
    assert_memory_equal(c.g[0].addr.bytes, ff02_1, 16);
    assert_int_equal(c.g[0].refcnt, 1);
}

static void test_bad_lines(void **state)
{
    (void)state;
    struct igmp_state st = {{0}, 0, 0};
    struct group_rec g;
    /* a group line before any device */
    const char *orphan = "\t\t\t\t010000E0     1 0:00000000\t\t0\n";
    assert_int_equal(procgroups_parse_igmp(orphan, strlen(orphan), &st, &g), PROCNET_BAD);
    const char *dev = "3\teth0      :     1      V3\n";
    assert_int_equal(procgroups_parse_igmp(dev, strlen(dev), &st, &g), PROCNET_SKIP);
    assert_string_equal(st.ifname, "eth0");
    assert_int_equal(procgroups_parse_igmp(orphan, strlen(orphan), &st, &g), PROCNET_OK);
    static const char *bad4[] = {
        "x", "3 eth0", "\t\t0100E0 1", "\t\tZZZZZZZZ 1", "\t\t010000E0 x", "99999999999\teth0 :"};
    for (size_t i = 0; i < sizeof(bad4) / sizeof(bad4[0]); i++)
        assert_int_equal(procgroups_parse_igmp(bad4[i], strlen(bad4[i]), &st, &g), PROCNET_BAD);
    static const char *bad6[] = {"",
                                 "1",
                                 "1 lo",
                                 "1 lo ff02",
                                 "1 lo ff020000000000000000000000000001",
                                 "1 lo ff02000000000000000000000000000G 1",
                                 "x lo ff020000000000000000000000000001 1"};
    for (size_t i = 0; i < sizeof(bad6) / sizeof(bad6[0]); i++)
        assert_int_equal(procgroups_parse_igmp6(bad6[i], strlen(bad6[i]), &g), PROCNET_BAD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_igmp_file),
        cmocka_unit_test(test_igmp6_file),
        cmocka_unit_test(test_bad_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
