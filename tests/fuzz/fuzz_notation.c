/* libFuzzer: the notation parser never crashes; what it accepts, its
 * normal form reads back the same (address, family, scope, port). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain/notation.h"

static bool no_interfaces(const char *name)
{
    return strcmp(name, "eth0") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct notation a, b;
    char err[256], text[512];
    if (notation_parse(s, no_interfaces, &a, err, sizeof(err)) == 0) {
        notation_format(&a, text, sizeof(text));
        if (notation_parse(text, no_interfaces, &b, err, sizeof(err)) != 0)
            __builtin_trap();
        if (a.host != b.host || a.has_port != b.has_port || a.port != b.port ||
            strcmp(a.scope, b.scope) != 0 || b.ambiguity)
            __builtin_trap();
        if (a.host == NOTE_ADDRESS &&
            (a.family != b.family || memcmp(&a.addr, &b.addr, sizeof(a.addr)) != 0))
            __builtin_trap();
        if (a.host == NOTE_HOSTNAME && strcmp(a.name, b.name) != 0)
            __builtin_trap();
    } else if (!memchr(err, '\0', sizeof(err)) || err[0] == '\0') {
        __builtin_trap(); /* a refusal always says why */
    }
    free(s);
    return 0;
}
