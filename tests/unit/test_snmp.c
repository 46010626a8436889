/* Protocol counter parsers on recorded files and malformed lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "platform/linux/procsnmp.h"

struct got {
    char section[32][16];
    char name[32][48];
    uint64_t value[32];
    int n;
};

static int collect(const char *section, const char *name, uint64_t v, void *ctx)
{
    struct got *g = ctx;
    if (g->n < 32) {
        snprintf(g->section[g->n], sizeof(g->section[0]), "%s", section);
        snprintf(g->name[g->n], sizeof(g->name[0]), "%s", name);
        g->value[g->n] = v;
        g->n++;
    }
    return 0;
}

static void test_pair(void **state)
{
    (void)state;
    struct got g = {.n = 0};
    assert_int_equal(procsnmp_parse_pair("Tcp: RtoAlgorithm RtoMin MaxConn ActiveOpens\n",
                                         "Tcp: 1 200 -1 11\n", collect, &g),
                     0);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.section[0], "Tcp");
    assert_string_equal(g.name[3], "ActiveOpens");
    assert_true(g.value[3] == 11);
    assert_true(g.value[2] == UINT64_MAX); /* -1 wraps, as strtoull reads it */
    /* mismatched sections, missing values, no colon */
    assert_int_equal(procsnmp_parse_pair("Tcp: A B\n", "Udp: 1 2\n", collect, &g), -1);
    assert_int_equal(procsnmp_parse_pair("Tcp: A B\n", "Tcp: 1\n", collect, &g), -1);
    assert_int_equal(procsnmp_parse_pair("Tcp A B\n", "Tcp 1 2\n", collect, &g), -1);
    assert_int_equal(procsnmp_parse_pair("Tcp: A B\n", "Tcp: 1 x\n", collect, &g), -1);
}

static void test_lines(void **state)
{
    (void)state;
    struct got g = {.n = 0};
    assert_int_equal(procsnmp_parse_line("Ip6InReceives                   \t1\n", collect, &g), 0);
    assert_int_equal(procsnmp_parse_line("Icmp6OutType135                 \t4\n", collect, &g), 0);
    assert_int_equal(procsnmp_parse_line("UdpLite6InDatagrams             \t0\n", collect, &g), 0);
    assert_int_equal(procsnmp_parse_line("Udp6NoPorts \t7\n", collect, &g), 0);
    assert_string_equal(g.section[0], "Ip6");
    assert_string_equal(g.section[1], "Icmp6");
    assert_string_equal(g.section[2], "UdpLite6");
    assert_string_equal(g.section[3], "Udp6");
    assert_true(g.value[3] == 7);
    assert_int_equal(procsnmp_parse_line("", collect, &g), -1);
    assert_int_equal(procsnmp_parse_line("Ip6InReceives\n", collect, &g), -1);
    assert_int_equal(procsnmp_parse_line("Ip6InReceives x\n", collect, &g), -1);
}

static void test_fixtures(void **state)
{
    (void)state;
    /* Every pair of the recorded files parses. */
    static const char *files[] = {FIXTURES "/proc/snmp", FIXTURES "/proc/netstat"};
    for (size_t f = 0; f < 2; f++) {
        FILE *fp = fopen(files[f], "r");
        assert_non_null(fp);
        char h[8192], v[8192];
        int pairs = 0;
        while (fgets(h, sizeof(h), fp) && fgets(v, sizeof(v), fp)) {
            struct got g = {.n = 0};
            assert_int_equal(procsnmp_parse_pair(h, v, collect, &g), 0);
            pairs++;
        }
        fclose(fp);
        assert_true(pairs >= 2);
    }
    FILE *fp = fopen(FIXTURES "/proc/snmp6", "r");
    assert_non_null(fp);
    char l[512];
    int n = 0;
    while (fgets(l, sizeof(l), fp)) {
        struct got g = {.n = 0};
        assert_int_equal(procsnmp_parse_line(l, collect, &g), 0);
        n++;
    }
    fclose(fp);
    assert_true(n > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pair),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
