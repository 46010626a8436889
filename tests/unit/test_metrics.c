/* The pieces of --rate and --prometheus with rules of their own: SI
 * rates, metric names from kernel counter names (Prometheus' naming
 * rules), label values escaped, the counts and seconds options take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/seconds.h"
#include "views/metrics.h"
#include "views/rates.h"

static void human(double v, const char *want)
{
    char buf[32];
    rates_human(v, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_human(void **state)
{
    (void)state;
    human(0, "0");
    human(999, "999");
    human(999.4, "999");
    human(999.5, "1.00k"); /* rounds up into the next unit, never "1000" */
    human(1234, "1.23k");
    human(45600, "45.6k");
    human(789000, "789k");
    human(999499, "999k");
    human(999500, "1.00M"); /* not "1000k" */
    human(2e6, "2.00M");
    human(1.5e9, "1.50G");
    human(7.2e12, "7.20T");
    human(3e21, "3000E"); /* past the last unit: the number grows */
}

static void name(const char *section, const char *counter, const char *want, bool gauge)
{
    char buf[224];
    assert_int_equal(metrics_counter_name(section, counter, buf, sizeof(buf)), gauge);
    assert_string_equal(buf, want);
}

static void test_counter_names(void **state)
{
    (void)state;
    name("Tcp", "ActiveOpens", "netstat_tcp_active_opens_total", false);
    name("Tcp", "CurrEstab", "netstat_tcp_curr_estab", true);
    name("Tcp", "MaxConn", "netstat_tcp_max_conn", true);
    name("Ip", "DefaultTTL", "netstat_ip_default_ttl", true);
    name("Ip", "InReceives", "netstat_ip_in_receives_total", false);
    name("Ip", "ReasmOKs", "netstat_ip_reasm_oks_total", false);
    /* snmp6: the section is not said twice */
    name("Ip6", "Ip6InReceives", "netstat_ip6_in_receives_total", false);
    name("Icmp6", "Icmp6InMsgs", "netstat_icmp6_in_msgs_total", false);
    name("IcmpMsg", "InType3", "netstat_icmp_msg_in_type3_total", false);
    name("TcpExt", "TCPLostRetransmit", "netstat_tcp_ext_tcp_lost_retransmit_total", false);
    name("UdpLite", "InDatagrams", "netstat_udp_lite_in_datagrams_total", false);
    /* a word read as a unit ("h") joins the next one */
    name("MPTcpExt", "MPJoinAckHMacFailure", "netstat_mp_tcp_ext_mp_join_ack_hmac_failure_total",
         false);
    /* a byte no metric name may hold */
    name("TcpExt", "Odd-Name", "netstat_tcp_ext_odd_name_total", false);
}

static void label(const char *in, size_t n, const char *want)
{
    char buf[1024];
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    assert_non_null(f);
    metrics_label_value(f, in, n);
    fclose(f);
    assert_string_equal(buf, want);
}

static void test_label_values(void **state)
{
    (void)state;
    label("eth0", 4, "eth0");
    label("a\"b", 3, "a\\\"b");
    label("a\\b", 3, "a\\\\b");
    label("a\nb", 3, "a\\\\x0Ab");          /* a control byte as text, its backslash escaped */
    label("\x1b[31m", 5, "\\\\x1B[31m");    /* no escape byte reaches a reader */
    label("caf\xc3\xa9", 5, "caf\xc3\xa9"); /* UTF-8 as it is */
    label("\xff", 1, "\\\\xFF");            /* not UTF-8 */
    label("\xc2\x9b", 2, "\\\\xC2\\\\x9B"); /* a C1 control */
    label("a\0b", 3, "a\\\\x00b");
}

static void test_counts(void **state)
{
    (void)state;
    unsigned v = 7;
    assert_true(cli_count("3", &v) && v == 3);
    assert_true(cli_count("1000000000", &v) && v == 1000000000);
    assert_false(cli_count("1000000001", &v));
    assert_false(cli_count("0", &v));
    assert_false(cli_count("", &v));
    assert_false(cli_count("-1", &v));
    assert_false(cli_count("2x", &v));
    assert_true(cli_seconds("86400", &v) && v == 86400);
    assert_false(cli_seconds("86401", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_human),
        cmocka_unit_test(test_counter_names),
        cmocka_unit_test(test_label_values),
        cmocka_unit_test(test_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
