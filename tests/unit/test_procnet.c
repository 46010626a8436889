/* The /proc/net parsers on recorded files, including malformed lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "platform/linux/procnet.h"

struct collected {
    struct sock_rec rows[64];
    char paths[64][256];
    int n;
};

static int collect(const struct sock_rec *r, void *ctx)
{
    struct collected *c = ctx;
    if (c->n < 64) {
        c->rows[c->n] = *r;
        if (r->path_len && r->path_len < 256) {
            memcpy(c->paths[c->n], r->path, r->path_len);
            c->rows[c->n].path = c->paths[c->n];
        }
        c->n++;
    }
    return 0;
}

static void read_fixture(const char *name, enum sock_family fam, enum sock_proto proto,
                         struct collected *c, unsigned *bad)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/proc/%s", FIXTURES, name);
    memset(c, 0, sizeof(*c));
    *bad = 0;
    assert_int_equal(procnet_read(path, fam, proto, collect, c, bad), 0);
}

static void test_tcp4(void **state)
{
    (void)state;
    struct collected c;
    unsigned bad;
    read_fixture("tcp", FAM_INET, PROTO_TCP, &c, &bad);
    assert_int_equal(bad, 0);
    assert_int_equal(c.n, 5);
    /* 127.0.0.1:5000 LISTEN */
    assert_int_equal(c.rows[0].lport, 5000);
    assert_memory_equal(c.rows[0].laddr.bytes, "\x7f\x00\x00\x01", 4);
    assert_int_equal(c.rows[0].state, ST_LISTEN);
    assert_int_equal(c.rows[0].inode, 17493);
    assert_int_equal(c.rows[0].txq, 0);
}

static void test_tcp6_and_raw6(void **state)
{
    (void)state;
    struct collected c;
    unsigned bad;
    read_fixture("tcp6", FAM_INET6, PROTO_TCP, &c, &bad);
    assert_int_equal(bad, 0);
    assert_int_equal(c.n, 4);
    int loop = 0;
    for (int i = 0; i < c.n; i++) {
        static const uint8_t one[16] = {[15] = 1};
        if (memcmp(c.rows[i].laddr.bytes, one, 16) == 0)
            loop++;
    }
    assert_true(loop >= 2);
    read_fixture("raw6", FAM_INET6, PROTO_RAW, &c, &bad);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.rows[0].lport, 58);
    assert_int_equal(c.rows[0].state, 7);
}

static void test_udp(void **state)
{
    (void)state;
    struct collected c;
    unsigned bad;
    read_fixture("udp", FAM_INET, PROTO_UDP, &c, &bad);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.rows[0].lport, 53);
    assert_int_equal(c.rows[0].state, ST_CLOSE);
    read_fixture("udplite", FAM_INET, PROTO_UDPLITE, &c, &bad);
    assert_int_equal(c.n, 0);
    assert_int_equal(bad, 0);
}

static void test_unix(void **state)
{
    (void)state;
    struct collected c;
    unsigned bad;
    read_fixture("unix", FAM_UNIX, PROTO_UNIX, &c, &bad);
    assert_int_equal(bad, 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.rows[0].refcnt, 2);
    assert_int_equal(c.rows[0].uflags, UNIX_FLAG_ACC);
    assert_int_equal(c.rows[0].utype, UT_STREAM);
    assert_int_equal(c.rows[0].state, US_UNCONNECTED);
    /* The whole path, spaces included. */
    assert_int_equal(c.rows[0].path_len, strlen("/tmp/sock with space"));
    assert_memory_equal(c.rows[0].path, "/tmp/sock with space", c.rows[0].path_len);
    /* Abstract: the leading '@' becomes NUL again. */
    assert_int_equal(c.rows[1].path_len, 9);
    assert_memory_equal(c.rows[1].path, "\0abstract", 9);
    assert_int_equal(c.rows[1].utype, UT_DGRAM);
}

static void test_malformed(void **state)
{
    (void)state;
    struct collected c;
    unsigned bad;
    read_fixture("tcp.malformed", FAM_INET, PROTO_TCP, &c, &bad);
    assert_int_equal(c.n, 2);
    assert_int_equal(bad, 5);
    assert_int_equal(c.rows[1].inode, 4242);
    assert_int_equal(c.rows[1].uid, 1000);
    assert_int_equal(c.rows[1].rxq, 0x64);
    assert_int_equal(c.rows[1].txq, 0x10);
    assert_int_equal(c.rows[1].timer, 1);
    assert_int_equal(c.rows[1].timer_ms, 3000);
    assert_int_equal(c.rows[1].retrans, 3);
    assert_int_equal(c.rows[1].probes, 2);
}

static void test_lines(void **state)
{
    (void)state;
    struct sock_rec r;
    static const char *bad_lines[] = {
        "",
        "   0:",
        "   0: 0100007F:1388",
        "   0: 0100007F1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
        "   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 x 0 1",
        "   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0",
        "   0: 0100007F:1388 00000000:0000 0A1 00000000:00000000 00:00000000 00000000 0 0 1",
    };
    for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++)
        assert_int_equal(
            procnet_parse_inet(bad_lines[i], strlen(bad_lines[i]), FAM_INET, PROTO_TCP, &r),
            PROCNET_BAD);
    const char *v6short = "  0: 0000000000000000000000000000:0016 "
                          "00000000000000000000000000000000:0000 0A 0:0 00:0 0 0 0 1";
    assert_int_equal(procnet_parse_inet(v6short, strlen(v6short), FAM_INET6, PROTO_TCP, &r),
                     PROCNET_BAD);
    const char *ubad[] = {"", "0000: 2", "0000: 2 0 0 1 1", "zz: 2 0 0 1 1 5"};
    for (size_t i = 0; i < sizeof(ubad) / sizeof(ubad[0]); i++)
        assert_int_equal(procnet_parse_unix(ubad[i], strlen(ubad[i]), &r), PROCNET_BAD);
    const char *unbound = "0000000072d4730b: 00000003 00000000 00000000 0001 03 544\n";
    assert_int_equal(procnet_parse_unix(unbound, strlen(unbound), &r), PROCNET_OK);
    assert_int_equal(r.path_len, 0);
    assert_int_equal(r.state, US_CONNECTED);
    assert_int_equal(r.refcnt, 3);
}

static void test_missing_file(void **state)
{
    (void)state;
    unsigned bad = 0;
    assert_int_equal(
        procnet_read("/nonexistent/proc/net/tcp", FAM_INET, PROTO_TCP, collect, NULL, &bad),
        -2 /* -ENOENT */);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp4),         cmocka_unit_test(test_tcp6_and_raw6),
        cmocka_unit_test(test_udp),          cmocka_unit_test(test_unix),
        cmocka_unit_test(test_malformed),    cmocka_unit_test(test_lines),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
