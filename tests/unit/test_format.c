/* net-tools text forms: address shortening, timers, state names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/sock.h"
#include "render/inet_text.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addr_short_fits), cmocka_unit_test(test_addr_cut),
        cmocka_unit_test(test_addr_wide),       cmocka_unit_test(test_timers),
        cmocka_unit_test(test_state_names),     cmocka_unit_test(test_addr_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
