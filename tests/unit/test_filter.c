/* The filters: their values, their meaning, and the kernel program that
 * must accept exactly what user space accepts (checked on a model of the
 * kernel's bytecode rules, tests/unit/bcvm.h). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "filter/filter.h"
#include "platform/linux/diagbc.h"
#include "bcvm.h"

static char err[512];

static int add(struct filter *f, enum filter_kind k, const char *v)
{
    return filter_add(f, k, v, err, sizeof(err));
}

/* Each value is refused, with a message. */
static void assert_refused(enum filter_kind k, const char *const *bad, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct filter g = {0};
        err[0] = '\0';
        assert_int_equal(add(&g, k, bad[i]), -1);
        assert_true(err[0] != '\0');
        filter_free(&g);
    }
}

static void test_ports(void **state)
{
    (void)state;
    struct filter f = {0};
    assert_int_equal(add(&f, FK_PORT, "22,8000-8100,ssh,0,65535"), 0);
    const struct filter_clause *c = &f.c[FK_PORT];
    assert_int_equal(c->n, 5);
    assert_int_equal(c->v[0].port.lo, 22);
    assert_int_equal(c->v[1].port.lo, 8000);
    assert_int_equal(c->v[1].port.hi, 8100);
    assert_int_equal(c->v[2].port.lo, 22); /* /etc/services */
    assert_int_equal(c->v[4].port.hi, 65535);
    filter_free(&f);

    const char *bad[] = {
        "70000",   "8100-8000", "1-", "-5", "+5", "", "22,", ",22", "no-such-service-here",
        "1-70000", "65536"};
    assert_refused(FK_SPORT, bad, sizeof(bad) / sizeof(bad[0]));
    struct filter g = {0};
    assert_int_equal(add(&g, FK_DPORT, "70000"), -1);
    assert_non_null(strstr(err, "70000 is not a port"));
    filter_free(&g);
}

static void test_addrs(void **state)
{
    (void)state;
    struct filter f = {0};
    assert_int_equal(add(&f, FK_SRC,
                         "192.0.2.0/24,[2001:db8::1]/64,2001:db8::/32,127.0.0.1,"
                         "/run/*,@abstract"),
                     0);
    const struct filter_clause *c = &f.c[FK_SRC];
    assert_int_equal(c->n, 6);
    assert_int_equal(c->v[0].addr.fam, FAM_INET);
    assert_int_equal(c->v[0].addr.plen, 24);
    assert_int_equal(c->v[1].addr.fam, FAM_INET6);
    assert_int_equal(c->v[1].addr.plen, 64);
    assert_int_equal(c->v[2].addr.plen, 32);
    assert_int_equal(c->v[3].addr.plen, 32);
    assert_int_equal(c->v[4].addr.fam, FAM_UNIX);
    assert_string_equal(c->v[4].addr.pattern, "/run/*");
    assert_string_equal(c->v[5].addr.pattern, "@abstract");
    filter_free(&f);

    const char *bad[] = {"192.0.2.0/33", "300.1.1.1",   "2001:db8::/129",
                         "192.0.2.0/",   "192.0.2.0/x", "localhost",
                         "[192.0.2.1",   "fe80::1%lo",  ""};
    assert_refused(FK_DST, bad, sizeof(bad) / sizeof(bad[0]));
    struct filter g = {0};
    assert_int_equal(add(&g, FK_DST, "/run/x.sock"), -1);
    assert_non_null(strstr(err, "--src PATH"));
    filter_free(&g);
}

static void test_states(void **state)
{
    (void)state;
    struct filter f = {0};
    assert_int_equal(add(&f, FK_STATE, "Established,time-wait,SYN_RECV"), 0);
    assert_int_equal(filter_states_of(&f, PROTO_TCP),
                     (1u << ST_ESTABLISHED) | (1u << ST_TIME_WAIT) | (1u << ST_SYN_RECV) |
                         (1u << ST_NEW_SYN_RECV));
    assert_int_equal(filter_states_of(&f, PROTO_UDP), 1u << ST_ESTABLISHED);
    assert_int_equal(filter_states_of(&f, PROTO_UNIX), 0);
    filter_free(&f);

    struct filter l = {0};
    assert_int_equal(add(&l, FK_STATE, "LISTENING"), 0);
    assert_int_equal(filter_states_of(&l, PROTO_TCP), 1u << ST_LISTEN);
    assert_int_equal(filter_states_of(&l, PROTO_UDP), 1u << ST_CLOSE);
    assert_int_equal(filter_states_of(&l, PROTO_UNIX), 1u << FILTER_UNIX_LISTENING);
    filter_free(&l);

    struct filter c = {0};
    assert_int_equal(add(&c, FK_STATE, "connected"), 0);
    uint32_t tcp = filter_states_of(&c, PROTO_TCP);
    assert_false(tcp & (1u << ST_LISTEN));
    assert_false(tcp & (1u << ST_CLOSE));
    assert_true(tcp & (1u << ST_SYN_SENT));
    assert_true(tcp & (1u << ST_TIME_WAIT));
    filter_free(&c);

    struct filter s = {0};
    assert_int_equal(add(&s, FK_STATE, "synchronized"), 0);
    assert_false(filter_states_of(&s, PROTO_TCP) & (1u << ST_SYN_SENT));
    assert_true(filter_states_of(&s, PROTO_TCP) & (1u << ST_SYN_RECV));
    filter_free(&s);

    struct filter none = {0};
    assert_int_equal(filter_states_of(&none, PROTO_TCP), ~0u);
    const char *bad[] = {"bogus", "", "LISTENX", "established,", "a-very-long-state-name-beyond"};
    assert_refused(FK_STATE, bad, sizeof(bad) / sizeof(bad[0]));
}

static void test_people(void **state)
{
    (void)state;
    struct filter f = {0};
    assert_int_equal(add(&f, FK_USER, "root,65534,0"), 0);
    assert_int_equal(f.c[FK_USER].v[0].uid, 0);
    assert_int_equal(f.c[FK_USER].v[1].uid, 65534);
    assert_int_equal(add(&f, FK_PID, "1,4194304"), 0);
    assert_int_equal(add(&f, FK_PROGRAM, "sshd,nginx*"), 0);
    assert_true(filter_needs_owners(&f));
    filter_free(&f);
    const struct {
        enum filter_kind k;
        const char *v;
    } bad[] = {{FK_USER, "no-such-user-here"},
               {FK_USER, "4294967295"},
               {FK_PID, "0"},
               {FK_PID, "-1"},
               {FK_PID, "12x"},
               {FK_PID, "2147483648"},
               {FK_PROGRAM, ""}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_refused(bad[i].k, &bad[i].v, 1);
    assert_int_equal(filter_kind_of("program"), FK_PROGRAM);
    assert_int_equal(filter_kind_of("programs"), -1);
}

static struct sock_rec inet_rec(const char *laddr, uint16_t lport, const char *raddr,
                                uint16_t rport, int state)
{
    struct sock_rec s;
    memset(&s, 0, sizeof(s));
    s.proto = PROTO_TCP;
    s.family = strchr(laddr, ':') ? FAM_INET6 : FAM_INET;
    int af = s.family == FAM_INET ? AF_INET : AF_INET6;
    assert_int_equal(inet_pton(af, laddr, s.laddr.bytes), 1);
    assert_int_equal(inet_pton(af, raddr, s.raddr.bytes), 1);
    s.lport = lport;
    s.rport = rport;
    s.state = state;
    s.uid = 1000;
    s.has_uid = true;
    return s;
}

static void test_match(void **state)
{
    (void)state;
    struct filter f = {0};
    assert_int_equal(add(&f, FK_SRC, "127.0.0.0/8"), 0);
    struct sock_rec v4 = inet_rec("127.0.0.5", 80, "0.0.0.0", 0, ST_LISTEN);
    struct sock_rec mapped = inet_rec("::ffff:127.0.0.1", 80, "::", 0, ST_LISTEN);
    struct sock_rec v6 = inet_rec("::1", 80, "::", 0, ST_LISTEN);
    assert_true(filter_match(&f, &v4, NULL, 0, 0));
    assert_true(filter_match(&f, &mapped, NULL, 0, 0)); /* IPv4 prefixes match mapped */
    assert_false(filter_match(&f, &v6, NULL, 0, 0));
    filter_free(&f);

    struct filter g = {0};
    assert_int_equal(add(&g, FK_SRC, "::ffff:127.0.0.1"), 0);
    assert_false(filter_match(&g, &v4, NULL, 0, 0)); /* not the other way */
    assert_true(filter_match(&g, &mapped, NULL, 0, 0));
    filter_free(&g);

    /* values OR, options AND */
    struct filter h = {0};
    assert_int_equal(add(&h, FK_PORT, "22"), 0);
    assert_int_equal(add(&h, FK_PORT, "80"), 0);
    assert_int_equal(add(&h, FK_STATE, "listen"), 0);
    assert_true(filter_match(&h, &v4, NULL, 0, 0));
    struct sock_rec est = inet_rec("127.0.0.1", 5000, "127.0.0.1", 22, ST_ESTABLISHED);
    assert_false(filter_match(&h, &est, NULL, 0, 0));
    assert_true(filter_match(&h, &est, NULL, 0, 1u << FK_STATE));
    filter_free(&h);

    /* UNIX: ports never match, paths do, as printed */
    struct sock_rec u;
    memset(&u, 0, sizeof(u));
    u.family = FAM_UNIX;
    u.proto = PROTO_UNIX;
    u.state = US_UNCONNECTED;
    u.uflags = UNIX_FLAG_ACC;
    u.path = "\0bus\0x";
    u.path_len = 6;
    struct filter p = {0};
    assert_int_equal(add(&p, FK_SRC, "@bus@*"), 0);
    assert_true(filter_match(&p, &u, NULL, 0, 0));
    assert_int_equal(add(&p, FK_STATE, "listening"), 0);
    assert_true(filter_match(&p, &u, NULL, 0, 0));
    assert_int_equal(add(&p, FK_SPORT, "0-65535"), 0);
    assert_false(filter_match(&p, &u, NULL, 0, 0));
    filter_free(&p);

    /* owners */
    struct filter o = {0};
    assert_int_equal(add(&o, FK_PROGRAM, "ng*"), 0);
    assert_int_equal(add(&o, FK_PID, "7,9"), 0);
    struct owner own[2] = {{5, 3, "nginx"}, {9, 4, "nginx"}};
    assert_true(filter_match(&o, &v4, own, 2, 0));
    assert_false(filter_match(&o, &v4, own, 1, 0));
    assert_false(filter_match(&o, &v4, NULL, 0, 0));
    filter_free(&o);

    struct filter us = {0};
    assert_int_equal(add(&us, FK_USER, "1000"), 0);
    assert_true(filter_match(&us, &v4, NULL, 0, 0));
    v4.has_uid = false;
    assert_false(filter_match(&us, &v4, NULL, 0, 0));
    filter_free(&us);
}

/* ---- the kernel program, against the model ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const addrs4[] = {"127.0.0.1",  "127.0.0.2",    "192.0.2.1",
                                     "192.0.2.77", "198.51.100.9", "0.0.0.0"};
static const char *const addrs6[] = {
    "::1",    "::", "2001:db8::1", "2001:db8:1::5", "::ffff:127.0.0.1", "::ffff:192.0.2.77",
    "fe80::1"};
static const uint16_t ports[] = {0, 22, 80, 443, 4430, 8000, 8050, 8100, 8101, 65535};

static void random_value(enum filter_kind k, char *buf, size_t n)
{
    if (k == FK_SRC || k == FK_DST) {
        if (k == FK_SRC && rnd(10) == 0) {
            snprintf(buf, n, "/run/*");
            return;
        }
        bool v6 = rnd(2);
        const char *a = v6 ? addrs6[rnd(7)] : addrs4[rnd(6)];
        unsigned plen = rnd(3) ? rnd(v6 ? 129 : 33) : (v6 ? 128 : 32);
        snprintf(buf, n, "%s/%u", a, plen);
        return;
    }
    unsigned lo = ports[rnd(10)], hi = ports[rnd(10)];
    if (rnd(2) || lo == hi)
        snprintf(buf, n, "%u", lo);
    else
        snprintf(buf, n, "%u-%u", lo < hi ? lo : hi, lo < hi ? hi : lo);
}

static struct sock_rec random_rec(void)
{
    bool v6 = rnd(2);
    const char *la = v6 ? addrs6[rnd(7)] : addrs4[rnd(6)];
    const char *ra = v6 ? addrs6[rnd(7)] : addrs4[rnd(6)];
    return inet_rec(la, ports[rnd(10)] + (uint16_t)(rnd(4) == 0), ra, ports[rnd(10)],
                    ST_ESTABLISHED);
}

static void test_bytecode_agrees(void **state)
{
    (void)state;
    const enum filter_kind kinds[] = {FK_PORT, FK_SPORT, FK_DPORT, FK_SRC, FK_DST};
    const unsigned skip = ~FILTER_KERNEL_KINDS;
    uint8_t bc[DIAGBC_MAX];
    for (int round = 0; round < 4000; round++) {
        struct filter f = {0};
        int nclauses = 1 + (int)rnd(3);
        for (int i = 0; i < nclauses; i++) {
            enum filter_kind k = kinds[rnd(5)];
            char value[256] = "";
            int nvalues = 1 + (int)rnd(3);
            for (int j = 0; j < nvalues; j++) {
                char one[64];
                random_value(k, one, sizeof(one));
                if (j)
                    strcat(value, ",");
                strcat(value, one);
            }
            assert_int_equal(add(&f, k, value), 0);
        }
        int len = diagbc_compile(&f, bc, sizeof(bc));
        assert_true(len >= 0);
        assert_int_equal(bcvm_audit(bc, len), 0);
        for (int i = 0; i < 40; i++) {
            struct sock_rec s = random_rec();
            bool user = filter_match(&f, &s, NULL, 0, skip);
            bool kernel = bcvm_run(bc, len, &s);
            if (user != kernel) {
                char a[64], b[64];
                inet_ntop(s.family == FAM_INET ? AF_INET : AF_INET6, s.laddr.bytes, a, sizeof(a));
                inet_ntop(s.family == FAM_INET ? AF_INET : AF_INET6, s.raddr.bytes, b, sizeof(b));
                print_error("round %d: %s:%u -> %s:%u: user %d kernel %d\n", round, a, s.lport, b,
                            s.rport, user, kernel);
            }
            assert_int_equal(user, kernel);
        }
        filter_free(&f);
    }
}

static void test_bytecode_limits(void **state)
{
    (void)state;
    uint8_t bc[DIAGBC_MAX];
    struct filter none = {0};
    assert_int_equal(diagbc_compile(&none, bc, sizeof(bc)), 0);

    /* a clause that is always true asks nothing of the kernel */
    struct filter all = {0};
    assert_int_equal(add(&all, FK_PORT, "22,0-65535"), 0);
    assert_int_equal(diagbc_compile(&all, bc, sizeof(bc)), 0);
    filter_free(&all);

    /* only paths: no inet socket passes */
    struct filter paths = {0};
    assert_int_equal(add(&paths, FK_SRC, "/run/*"), 0);
    int len = diagbc_compile(&paths, bc, sizeof(bc));
    assert_true(len > 0);
    assert_int_equal(bcvm_audit(bc, len), 0);
    struct sock_rec s = inet_rec("127.0.0.1", 22, "0.0.0.0", 0, ST_LISTEN);
    assert_false(bcvm_run(bc, len, &s));
    filter_free(&paths);

    /* too long a program: user space evaluates it */
    struct filter big = {0};
    for (int i = 1; i < 2000; i++) {
        char v[16];
        snprintf(v, sizeof(v), "%d", i);
        assert_int_equal(add(&big, FK_PORT, v), 0);
    }
    assert_int_equal(diagbc_compile(&big, bc, sizeof(bc)), -E2BIG);
    assert_int_equal(diagbc_compile(&big, bc, 64), -E2BIG);
    filter_free(&big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ports),           cmocka_unit_test(test_addrs),
        cmocka_unit_test(test_states),          cmocka_unit_test(test_people),
        cmocka_unit_test(test_match),           cmocka_unit_test(test_bytecode_agrees),
        cmocka_unit_test(test_bytecode_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
