/* The streaming JSON writer: structure, numbers, and string escaping of
 * control characters, C1 controls and bytes that are not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/json.h"

static char *buf;
static size_t len;

static FILE *open_out(void)
{
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    return f;
}

static void expect(FILE *f, const char *want)
{
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
    buf = NULL;
}

static void escaped(const char *in, size_t n, const char *want, bool replaced)
{
    FILE *f = open_out();
    assert_int_equal(json_escape(f, in, n), replaced);
    expect(f, want);
}

static void test_escape(void **state)
{
    (void)state;
    escaped("plain", 5, "plain", false);
    escaped("a\"b\\c", 5, "a\\\"b\\\\c", false);
    escaped("\n\r\t\b\f", 5, "\\n\\r\\t\\b\\f", false);
    escaped("\x1b[31m\x07", 6, "\\u001b[31m\\u0007", false);
    escaped("nul\0x", 5, "nul\\u0000x", false);
    escaped("del\x7f", 4, "del\\u007f", false);
    /* UTF-8 passes; C1 controls (U+0080-U+009F) are escaped. */
    escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14,
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", false);
    escaped("\xc2\x9b"
            "2J",
            4, "\\u009b2J", false);
    /* Not UTF-8: each bad byte becomes U+FFFD. */
    escaped("\xff", 1, "\xef\xbf\xbd", true);
    escaped("a\xc3", 2, "a\xef\xbf\xbd", true);                               /* cut short */
    escaped("\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd", true);                 /* overlong */
    escaped("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", true); /* surrogate */
    escaped("\xf4\x90\x80\x80", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
            true); /* above U+10FFFF */
}

static void test_structure(void **state)
{
    (void)state;
    FILE *f = open_out();
    struct json j;
    json_init(&j, f);
    json_object_begin(&j);
    json_kv_string(&j, "name", "lo");
    json_kv_u64(&j, "big", UINT64_MAX);
    json_kv_i64(&j, "neg", -5);
    json_kv_i64(&j, "min", INT64_MIN);
    json_kv_bool(&j, "up", true);
    json_kv_string(&j, "none", NULL);
    json_key(&j, "list");
    json_array_begin(&j);
    json_u64(&j, 1);
    json_object_begin(&j);
    json_object_end(&j);
    json_array_begin(&j);
    json_array_end(&j);
    json_fixed(&j, 1234, 2);
    json_fixed(&j, -5, 2);
    json_fixed(&j, 7, 0);
    json_array_end(&j);
    json_kv_bytes(&j, "path", "ok", 2);
    json_kv_bytes(&j, "bad", "a\xff", 2);
    json_object_end(&j);
    json_end_document(&j);
    expect(f, "{\"name\":\"lo\",\"big\":18446744073709551615,\"neg\":-5,"
              "\"min\":-9223372036854775808,\"up\":true,\"none\":null,"
              "\"list\":[1,{},[],12.34,-0.05,7],\"path\":\"ok\","
              "\"bad\":\"a\xef\xbf\xbd\",\"bad_hex\":\"61ff\"}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_structure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
