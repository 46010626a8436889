/* The listening-address notation parser: every form people write, and
 * what must be refused, with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "explain/notation.h"

static bool known_interface(const char *name)
{
    return strcmp(name, "eth0") == 0 || strcmp(name, "lo") == 0;
}

/* Parses in, expects success and the normal form want (and whether the
 * text was ambiguous). */
static void ok(const char *in, enum notation_host host, const char *want, bool ambiguous)
{
    struct notation n;
    char err[256] = "", out[128];
    int rc = notation_parse(in, known_interface, &n, err, sizeof(err));
    if (rc != 0)
        fail_msg("'%s': %s", in, err);
    assert_int_equal(n.host, host);
    notation_format(&n, out, sizeof(out));
    if (strcmp(out, want) != 0)
        fail_msg("'%s' -> '%s', want '%s'", in, out, want);
    assert_int_equal(n.ambiguity != NULL, ambiguous);
}

/* Expects in refused, with a message containing part. */
static void refused(const char *in, const char *part)
{
    struct notation n;
    char err[256] = "";
    if (notation_parse(in, known_interface, &n, err, sizeof(err)) == 0)
        fail_msg("'%s' was accepted", in);
    if (!strstr(err, part))
        fail_msg("'%s': message '%s' lacks '%s'", in, err, part);
}

static void test_forms(void **state)
{
    (void)state;
    ok("8080", NOTE_NONE, "8080", false);
    ok("0.0.0.0:22", NOTE_ADDRESS, "0.0.0.0:22", false);
    ok("127.0.0.1:631", NOTE_ADDRESS, "127.0.0.1:631", false);
    ok("[::]:22", NOTE_ADDRESS, "[::]:22", false);
    ok(":::22", NOTE_ADDRESS, "[::]:22", false);
    ok("*:22", NOTE_ANY, "*:22", false);
    ok(":22", NOTE_ANY, "*:22", false);
    ok("localhost:8080", NOTE_HOSTNAME, "localhost:8080", false);
    ok("[::1]:8080", NOTE_ADDRESS, "[::1]:8080", false);
    ok("::1:8080", NOTE_ADDRESS, "[::1]:8080", true);
    ok("[fe80::1%eth0]:22", NOTE_ADDRESS, "[fe80::1%eth0]:22", false);
    ok("fe80::1%eth0:22", NOTE_ADDRESS, "[fe80::1%eth0]:22", false);
    ok("[2001:db8::1]:443", NOTE_ADDRESS, "[2001:db8::1]:443", false);
    ok("2001:db8::1:443", NOTE_ADDRESS, "[2001:db8::1]:443", true);
    ok("::ffff:192.0.2.1:80", NOTE_ADDRESS, "[::ffff:192.0.2.1]:80", false);
    /* An address alone: any port. */
    ok("127.0.0.1", NOTE_ADDRESS, "127.0.0.1:*", false);
    ok("[::1]", NOTE_ADDRESS, "[::1]:*", false);
    ok("::", NOTE_ADDRESS, "[::]:*", false);
    ok("2001:db8::1", NOTE_ADDRESS, "[2001:db8::1]:*", false);
    ok("*", NOTE_ANY, "*:*", false);
    ok("192.0.2.7:*", NOTE_ADDRESS, "192.0.2.7:*", false);
    ok("host-a.example:65535", NOTE_HOSTNAME, "host-a.example:65535", false);
}

static void test_refused(void **state)
{
    (void)state;
    refused("eth0:80", "is an interface");
    refused("lo", "is an interface");
    refused("300.1.1.1:22", "is not an IPv4 address");
    refused("1.2.3:22", "is not an IPv4 address");
    refused(":99999", "out of range");
    refused("99999", "out of range");
    refused("0", "out of range");
    refused("127.0.0.1:0", "out of range");
    refused("127.0.0.1:http", "is not a port number");
    refused("", "empty");
    refused("[::1", "without its ']'");
    refused("[127.0.0.1]:80", "is not an IPv6 address");
    refused("[::1]x", "unexpected");
    refused("[::1]:", "is not a port number");
    refused("host:22:33", "is not an address");
    refused("2001:db8::1:99999", "out of range");
    refused("bad host:22", "is not an address or a host name");
    refused("fe80::1%:22", "is not an address");
    refused("-x:1", "is not an address or a host name");
    /* Found by the fuzzer: a zone must look like an interface name. */
    refused("fe0::1%e0]\x1ar", "is not an address");
    refused("[fe80::1%e th0]:22", "is not an IPv6 address");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
