/* Escaping of untrusted strings for the terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/escape.h"

static void check(const char *in, size_t len, const char *want)
{
    char out[ESCAPE_TERM_MAX(64)];
    assert_true(len <= 64);
    size_t n = escape_term(in, len, out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void test_plain_passes(void **state)
{
    (void)state;
    check("sshd", 4, "sshd");
    check("/tmp/sock with space", 20, "/tmp/sock with space");
    check("a\\b", 3, "a\\b");
    check("caf\xc3\xa9", 5, "caf\xc3\xa9");           /* é */
    check("\xe2\x82\xac", 3, "\xe2\x82\xac");         /* € */
    check("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80"); /* emoji */
}

static void test_controls_escaped(void **state)
{
    (void)state;
    check("\x1b[31mred", 8, "\\x1B[31mred");
    check("a\nb\rc\td", 7, "a\\x0Ab\\x0Dc\\x09d");
    check("bell\a", 5, "bell\\x07");
    check("del\x7f", 4, "del\\x7F");
    check("\0abs", 4, "\\x00abs");
    check("\xc2\x9b"
          "2J",
          4, "\\xC2\\x9B2J"); /* C1 CSI */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    check("\xff\xfe", 2, "\\xFF\\xFE");
    check("\xc3", 1, "\\xC3");                            /* truncated */
    check("\xc0\xaf", 2, "\\xC0\\xAF");                   /* overlong */
    check("\xed\xa0\x80", 3, "\\xED\\xA0\\x80");          /* surrogate */
    check("\xf4\x90\x80\x80", 4, "\\xF4\\x90\\x80\\x80"); /* > U+10FFFF */
    check("\xe0\x80\x80", 3, "\\xE0\\x80\\x80");          /* overlong 3 */
}

static void test_worst_case_fits(void **state)
{
    (void)state;
    char in[64];
    memset(in, 0x1b, sizeof(in));
    char out[ESCAPE_TERM_MAX(64)];
    assert_int_equal(escape_term(in, sizeof(in), out), 64 * 4);
    assert_int_equal(strlen(out), 64 * 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_passes),
        cmocka_unit_test(test_controls_escaped),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_worst_case_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
