/* Windows' dialect, natively: its option parser, and its connection
 * layout at Windows' columns (Proto 2, Local Address 9, Foreign Address 32,
 * State 55, PID 71), with records made here. These files are
 * platform-neutral; under Wine, tests/windows runs the .exe itself. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/options.h"
#include "render/sock_text.h"
#include "render/win_text.h"

static int parse(struct options *o, const char *line)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "netstat %s", line);
    char *argv[16];
    int argc = 0;
    for (char *t = strtok(buf, " "); t && argc < 15; t = strtok(NULL, " "))
        argv[argc++] = t;
    argv[argc] = NULL;
    /* stderr and stdout: the messages and usage of refused lines */
    fflush(stdout);
    return options_parse(argc, argv, o);
}

static void test_letters(void **state)
{
    (void)state;
    struct options o;
    assert_int_equal(parse(&o, "-ano"), -1);
    assert_true(o.all && o.pid_column && o.prog);
    assert_int_equal(o.numeric, NUM_HOST | NUM_PORT);
    assert_true(o.tcp && o.udp && o.inet && o.inet6 && !o.unix_ && !o.cont);
    filter_free(&o.filter);

    assert_int_equal(parse(&o, "/a /n -b"), -1);
    assert_true(o.all && o.image && o.prog && !o.pid_column);
    filter_free(&o.filter);

    /* -p takes the next word, or the rest of its own */
    assert_int_equal(parse(&o, "-anop tcp"), -1);
    assert_true(o.tcp && !o.udp && o.inet && !o.inet6);
    filter_free(&o.filter);
    assert_int_equal(parse(&o, "-anpUDPv6"), -1);
    assert_true(!o.tcp && o.udp && !o.inet && o.inet6);
    filter_free(&o.filter);

    /* an interval repeats */
    assert_int_equal(parse(&o, "-n 5"), -1);
    assert_true(o.cont);
    assert_int_equal(o.delay, 5);
    filter_free(&o.filter);
}

static void test_views(void **state)
{
    (void)state;
    struct options o;
    assert_int_equal(parse(&o, "-e"), -1);
    assert_true(o.iface_totals && !o.iface);
    filter_free(&o.filter);
    assert_int_equal(parse(&o, "-s -p icmp"), -1);
    assert_true(o.proto_blocks && !o.stats);
    assert_int_equal(o.stat_protos, STAT_ICMP);
    filter_free(&o.filter);
    assert_int_equal(parse(&o, "-r"), -1);
    assert_true(o.route_print && !o.route);
    filter_free(&o.filter);
    /* JSON keeps the views' own documents */
    assert_int_equal(parse(&o, "-r --json"), -1);
    assert_true(o.route && !o.route_print && o.json);
    filter_free(&o.filter);
    assert_int_equal(parse(&o, "-an --port 22 --explain"), -1);
    assert_true(o.filter.present && o.explain);
    filter_free(&o.filter);
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"-z",    "-p",           "-p sctp",    "-an 0", "-n 1 2",
                                      "-p ip", "-r --port 22", "--nonsense", "-",     "x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct options o;
        assert_int_equal(parse(&o, bad[i]), EXIT_USAGE);
    }
    struct options o;
    assert_int_equal(parse(&o, "/?"), EXIT_OK);
}

/* ---- the layout ---- */

static struct sock_rec tcp4(const char *l, uint16_t lp, const char *r, uint16_t rp, int st,
                            uint32_t pid)
{
    struct sock_rec s = {.proto = PROTO_TCP, .family = FAM_INET, .state = st, .pid = pid};
    inet_pton(AF_INET, l, s.laddr.bytes);
    inet_pton(AF_INET, r, s.raddr.bytes);
    s.lport = lp;
    s.rport = rp;
    return s;
}

static struct sock_rec inet6(enum sock_proto proto, const char *l, uint16_t lp, uint32_t scope,
                             int st, uint32_t pid)
{
    struct sock_rec s = {.proto = proto, .family = FAM_INET6, .state = st, .pid = pid};
    inet_pton(AF_INET6, l, s.laddr.bytes);
    s.lport = lp;
    s.ifindex = scope;
    return s;
}

static char *render(const struct options *o, const struct sock_rec *v, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct names *names = names_new();
    struct sock_text t = {.out = f, .o = o, .names = names, .ns_label = ""};
    sock_text_inet_begin(&t);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(sock_text_inet_row(&t, &v[i]), 0);
    sock_text_end(&t);
    names_free(names);
    fclose(f);
    return buf;
}

static void test_rows(void **state)
{
    (void)state;
    struct options o = {.numeric = NUM_HOST | NUM_PORT, .pid_column = true};
    struct sock_rec v[] = {
        tcp4("0.0.0.0", 135, "0.0.0.0", 0, ST_LISTEN, 1044),
        tcp4("192.0.2.10", 49712, "198.51.100.7", 443, ST_ESTABLISHED, 5120),
        tcp4("127.0.0.1", 5000, "127.0.0.1", 60001, ST_TIME_WAIT, 0),
        inet6(PROTO_TCP, "::", 135, 0, ST_LISTEN, 1044),
        inet6(PROTO_TCP, "fe80::1", 5357, 12, ST_LISTEN, 4),
        inet6(PROTO_UDP, "::1", 1900, 0, ST_CLOSE, 3000),
        inet6(PROTO_TCP, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 8080, 0, ST_LISTEN, 7),
    };
    v[5].proto = PROTO_UDP;
    char *out = render(&o, v, sizeof(v) / sizeof(v[0]));
    const char *want =
        "\n"
        "Active Connections\n"
        "\n"
        "  Proto  Local Address          Foreign Address        State           PID\n"
        "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044\n"
        "  TCP    192.0.2.10:49712       198.51.100.7:443       ESTABLISHED     5120\n"
        "  TCP    127.0.0.1:5000         127.0.0.1:60001        TIME_WAIT       0\n"
        "  TCP    [::]:135               [::]:0                 LISTENING       1044\n"
        "  TCP    [fe80::1%12]:5357      [::]:0                 LISTENING       4\n"
        "  UDP    [::1]:1900             *:*                                    3000\n"
        "  TCP    [2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:8080 [::]:0                 LISTENING      "
        " "
        "7\n";
    assert_string_equal(out, want);
    /* every row of 22-wide addresses at Windows' columns */
    for (char *ln = strstr(out, "  TCP"); ln; ln = strstr(ln + 1, "\n  ")) {
        if (*ln == '\n')
            ln++;
        if (strncmp(ln, "  TCP    [2001", 14) == 0)
            continue;
        assert_true(ln[9] != ' ' && ln[8] == ' ' && ln[32] != ' ' && ln[31] == ' ');
        assert_true(ln[71] != ' ' && ln[70] == ' ');
    }
    free(out);

    /* without -o the state ends the line; UDP's is empty */
    o.pid_column = false;
    struct sock_rec u = inet6(PROTO_UDP, "::", 500, 0, ST_CLOSE, 0);
    out = render(&o, &u, 1);
    assert_non_null(
        strstr(out, "State\n  UDP    [::]:500               *:*                    \n"));
    free(out);
}

static void test_image(void **state)
{
    (void)state;
    /* -b with no owner known: Windows' words, on a line of their own */
    struct options o = {.numeric = NUM_HOST | NUM_PORT, .image = true};
    struct sock_rec s = tcp4("0.0.0.0", 445, "0.0.0.0", 0, ST_LISTEN, 4);
    char *out = render(&o, &s, 1);
    assert_non_null(strstr(out, "LISTENING\n Can not obtain ownership information\n"));
    free(out);
}

static void test_states(void **state)
{
    (void)state;
    static const struct {
        int st;
        const char *name;
    } names[] = {
        {ST_ESTABLISHED, "ESTABLISHED"},
        {ST_SYN_SENT, "SYN_SENT"},
        {ST_SYN_RECV, "SYN_RECEIVED"},
        {ST_FIN_WAIT1, "FIN_WAIT_1"},
        {ST_FIN_WAIT2, "FIN_WAIT_2"},
        {ST_TIME_WAIT, "TIME_WAIT"},
        {ST_CLOSE, "CLOSED"},
        {ST_CLOSE_WAIT, "CLOSE_WAIT"},
        {ST_LAST_ACK, "LAST_ACK"},
        {ST_LISTEN, "LISTENING"},
        {ST_CLOSING, "CLOSING"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct sock_rec s = {.proto = PROTO_TCP, .state = names[i].st};
        assert_string_equal(win_state_name(&s), names[i].name);
    }
    struct sock_rec u = {.proto = PROTO_UDP, .state = ST_ESTABLISHED};
    assert_string_equal(win_state_name(&u), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_letters), cmocka_unit_test(test_views),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_rows),
        cmocka_unit_test(test_image),   cmocka_unit_test(test_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
