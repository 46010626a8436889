/* net-tools text forms: address shortening, timers, state names, the
 * hot-path number and address formatters, the row writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/sock.h"
#include "render/fields.h"
#include "render/inet_text.h"
#include "util/fmt.h"

static void addr(const char *host, const char *svc, bool wide, size_t bufsz, const char *want)
{
    char buf[256];
    inet_text_addr(host, svc, wide, buf, bufsz);
    assert_string_equal(buf, want);
}

static void test_addr_short_fits(void **state)
{
    (void)state;
    addr("127.0.0.1", "631", false, 128, "127.0.0.1:631");
    addr("0.0.0.0", "*", false, 128, "0.0.0.0:*");
    /* exactly 22 characters of host + port: not cut */
    addr("2001:db8::1234:5678", "443", false, 128, "2001:db8::1234:5678:443");
}

static void test_addr_cut(void **state)
{
    (void)state;
    /* 23 > 22: the host gives way, the port stays whole */
    addr("2001:db8::1234:56789", "443", false, 128, "2001:db8::1234:5678:443");
    addr("fe80::1234:5678:9abc:def0", "58392", false, 128, "fe80::1234:5678:9:58392");
    /* a long service keeps 18 characters, the host the remaining 4 */
    addr("localhost", "a-very-long-service-name", false, 128, "loca:a-very-long-servic");
    /* a short host under a long service keeps what it has */
    addr("::", "a-very-long-service-name", false, 128, ":::a-very-long-servic");
}

static void test_addr_wide(void **state)
{
    (void)state;
    addr("fe80::1234:5678:9abc:def0", "58392", true, 128, "fe80::1234:5678:9abc:def0:58392");
    /* the wide form is still cut by the buffer size */
    char host[200];
    memset(host, 'h', sizeof(host) - 1);
    host[sizeof(host) - 1] = '\0';
    char buf[256];
    inet_text_addr(host, "80", true, buf, 64);
    assert_int_equal(strlen(buf), 63);
    inet_text_addr(host, "80", true, buf, 128);
    assert_int_equal(strlen(buf), 127);
}

static void test_timers(void **state)
{
    (void)state;
    char buf[80];
    struct sock_rec s = {.proto = PROTO_TCP};
    inet_text_timer(&s, buf, sizeof(buf));
    assert_string_equal(buf, "off (0.00/0/0)");
    s.timer = TIMER_ON;
    s.timer_ms = 1234;
    s.retrans = 2;
    inet_text_timer(&s, buf, sizeof(buf));
    assert_string_equal(buf, "on (1.23/2/0)");
    s.timer = TIMER_KEEPALIVE;
    s.timer_ms = 7199990;
    inet_text_timer(&s, buf, sizeof(buf));
    assert_string_equal(buf, "keepalive (7199.99/2/0)");
    s.timer = TIMER_TIMEWAIT;
    s.timer_ms = 59000;
    s.retrans = 0;
    inet_text_timer(&s, buf, sizeof(buf));
    assert_string_equal(buf, "timewait (59.00/0/0)");
    s.timer = TIMER_PROBE;
    s.timer_ms = 200;
    s.probes = 3;
    inet_text_timer(&s, buf, sizeof(buf));
    assert_string_equal(buf, "probe (0.20/0/3)");
    s.timer = 9;
    inet_text_timer(&s, buf, sizeof(buf));
    assert_string_equal(buf, "unkn-9 (0.20/0/3)");
    struct sock_rec u = {.proto = PROTO_UDP, .retrans = 9};
    inet_text_timer(&u, buf, sizeof(buf));
    assert_string_equal(buf, "off (0.00/0/0)");
}

static void test_state_names(void **state)
{
    (void)state;
    assert_string_equal(sock_state_name(ST_ESTABLISHED), "ESTABLISHED");
    assert_string_equal(sock_state_name(ST_LISTEN), "LISTEN");
    assert_string_equal(sock_state_name(ST_CLOSING), "CLOSING");
    assert_string_equal(sock_state_name(ST_NEW_SYN_RECV), "SYN_RECV");
    assert_string_equal(sock_state_name(ST_TIME_WAIT), "TIME_WAIT");
    assert_string_equal(sock_state_name(0), "");
    /* out of range values from the kernel never index past the table */
    assert_string_equal(sock_state_name(13), "UNKNOWN");
    assert_string_equal(sock_state_name(255), "UNKNOWN");
    assert_string_equal(sock_state_name(-1), "UNKNOWN");
}

static void test_addr_any(void **state)
{
    (void)state;
    struct sock_addr a = {{0}};
    assert_true(sock_addr_is_any(FAM_INET, &a));
    assert_true(sock_addr_is_any(FAM_INET6, &a));
    a.bytes[15] = 1;
    assert_true(sock_addr_is_any(FAM_INET, &a));
    assert_false(sock_addr_is_any(FAM_INET6, &a));
}

static void u64(uint64_t v, const char *want)
{
    char buf[FMT_U64_MAX];
    *fmt_u64(buf, v) = '\0';
    if (want)
        assert_string_equal(buf, want);
    char ref[32];
    snprintf(ref, sizeof(ref), "%llu", (unsigned long long)v);
    assert_string_equal(buf, ref);
}

static void test_fmt_u64(void **state)
{
    (void)state;
    u64(0, "0");
    u64(9, "9");
    u64(10, "10");
    u64(4294967295u, "4294967295");
    u64(UINT64_MAX, "18446744073709551615");
    for (uint64_t v = 1; v < UINT64_MAX / 7; v = v * 7 + 3)
        u64(v, NULL);
}

static void ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, const char *want)
{
    const uint8_t bytes[4] = {a, b, c, d};
    char buf[FMT_IPV4_MAX];
    *fmt_ipv4(buf, bytes) = '\0';
    assert_string_equal(buf, want);
}

static void test_fmt_ipv4(void **state)
{
    (void)state;
    ipv4(0, 0, 0, 0, "0.0.0.0");
    ipv4(127, 0, 0, 1, "127.0.0.1");
    ipv4(255, 255, 255, 255, "255.255.255.255");
    ipv4(10, 99, 100, 9, "10.99.100.9");
    ipv4(192, 0, 2, 200, "192.0.2.200");
}

/* The row writer pads as printf's %*s and %-*s do, and a value wider
 * than its column is never cut. */
static void test_row_writer(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct text_row row = {
        inet_fields, IF_COUNT, (1u << IF_PROTO) | (1u << IF_RECV_Q) | (1u << IF_LOCAL), {0}};
    row.val[IF_PROTO] = "tcp";
    row.val[IF_RECV_Q] = "12";
    row.val[IF_LOCAL] = "127.0.0.1:22";
    text_write_row(f, &row);
    char longv[700];
    memset(longv, 'x', sizeof(longv) - 1);
    longv[sizeof(longv) - 1] = '\0';
    row.val[IF_LOCAL] = longv;
    text_write_row(f, &row);
    text_write_header(f, inet_fields, IF_COUNT, row.on);
    fclose(f);
    char want[2048];
    snprintf(want, sizeof(want), "%-5s %6s %-23s\n%-5s %6s %-23s\n%-5s %6s %-23s\n", "tcp", "12",
             "127.0.0.1:22", "tcp", "12", longv, "Proto", "Recv-Q", "Local Address");
    assert_string_equal(buf, want);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addr_short_fits), cmocka_unit_test(test_addr_cut),
        cmocka_unit_test(test_addr_wide),       cmocka_unit_test(test_timers),
        cmocka_unit_test(test_state_names),     cmocka_unit_test(test_addr_any),
        cmocka_unit_test(test_fmt_u64),         cmocka_unit_test(test_fmt_ipv4),
        cmocka_unit_test(test_row_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
