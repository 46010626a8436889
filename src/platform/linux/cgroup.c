#include "platform/linux/cgroup.h"

#include <string.h>

#include "platform/linux/textfile.h"

/* A path component: a slice of the line, never NUL-terminated. */
struct part {
    const char *s;
    size_t n;
};

static bool has_prefix(struct part p, const char *pre)
{
    size_t k = strlen(pre);
    return p.n >= k && memcmp(p.s, pre, k) == 0;
}

static bool has_suffix(struct part p, const char *suf)
{
    size_t k = strlen(suf);
    return p.n >= k && memcmp(p.s + p.n - k, suf, k) == 0;
}

static bool is(struct part p, const char *word)
{
    return p.n == strlen(word) && memcmp(p.s, word, p.n) == 0;
}

/* Runtimes name containers by 64 lowercase hex digits. */
static bool hex64(const char *s, size_t n)
{
    if (n != 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* "<pre><64 hex><suf>", suf optional when opt_suf. */
static bool wrapped_hex(struct part p, const char *pre, const char *suf, bool opt_suf,
                        struct part *id)
{
    if (!has_prefix(p, pre))
        return false;
    struct part rest = {p.s + strlen(pre), p.n - strlen(pre)};
    if (has_suffix(rest, suf))
        rest.n -= strlen(suf);
    else if (!opt_suf)
        return false;
    if (!hex64(rest.s, rest.n))
        return false;
    *id = rest;
    return true;
}

/* A name as the container tools allow it: letters, digits, "._-", and the
 * backslash of systemd's \xNN escapes. */
static bool plain_name(struct part p)
{
    if (p.n == 0 || p.n >= sizeof(((struct container *)0)->id))
        return false;
    for (size_t i = 0; i < p.n; i++) {
        char c = p.s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '\\' || c == '+' || c == ':'))
            return false;
    }
    return true;
}

/* Copies an id, undoing systemd's unit-name escapes (\x2d is '-') when
 * unescape is set. */
static void set(struct container *out, const char *runtime, struct part id, bool unescape)
{
    strncpy(out->runtime, runtime, sizeof(out->runtime) - 1);
    out->runtime[sizeof(out->runtime) - 1] = '\0';
    size_t k = 0;
    for (size_t i = 0; i < id.n && k + 1 < sizeof(out->id); i++) {
        int hi, lo;
        if (unescape && id.s[i] == '\\' && i + 3 < id.n && id.s[i + 1] == 'x' &&
            (hi = text_hexval(id.s[i + 2])) >= 0 && (lo = text_hexval(id.s[i + 3])) >= 0 &&
            (hi || lo)) {
            out->id[k++] = (char)(hi * 16 + lo);
            i += 3;
        } else {
            out->id[k++] = id.s[i];
        }
    }
    out->id[k] = '\0';
}

/* What component i of a path says, given the components before it. */
static bool match(const struct part *c, size_t i, struct container *out)
{
    struct part p = c[i], id;
    struct part prev = i ? c[i - 1] : (struct part){"", 0};
    if (wrapped_hex(p, "docker-", ".scope", false, &id) || (is(prev, "docker") && hex64(p.s, p.n)))
        return set(out, "docker", hex64(p.s, p.n) ? p : id, false), true;
    if (!has_prefix(p, "libpod-conmon-") && wrapped_hex(p, "libpod-", ".scope", true, &id))
        return set(out, "podman", id, false), true;
    if (wrapped_hex(p, "cri-containerd-", ".scope", false, &id))
        return set(out, "containerd", id, false), true;
    if (!has_prefix(p, "crio-conmon-") && wrapped_hex(p, "crio-", ".scope", true, &id))
        return set(out, "cri-o", id, false), true;
    if (hex64(p.s, p.n)) {
        for (size_t k = 0; k < i; k++)
            if (has_prefix(c[k], "kubepods"))
                return set(out, "kubernetes", p, false), true;
    }
    /* containerd's own namespaces, as `ctr run` places a container. */
    if (i == 1 && (is(prev, "default") || is(prev, "k8s.io")) && plain_name(p))
        return set(out, "containerd", p, false), true;
    if (has_prefix(p, "systemd-nspawn@") && has_suffix(p, ".service")) {
        struct part n = {p.s + 15, p.n - 15 - 8};
        if (plain_name(n))
            return set(out, "nspawn", n, true), true;
    }
    if (is(prev, "machine.slice") && has_prefix(p, "machine-") && has_suffix(p, ".scope")) {
        struct part n = {p.s + 8, p.n - 8 - 6};
        if (plain_name(n))
            return set(out, "nspawn", n, true), true;
    }
    if (has_prefix(p, "lxc.payload.")) {
        struct part n = {p.s + 12, p.n - 12};
        if (plain_name(n))
            return set(out, "lxc", n, false), true;
    }
    if ((is(prev, "lxc") || is(prev, "lxc.payload")) && plain_name(p) &&
        !has_prefix(p, "lxc.monitor"))
        return set(out, "lxc", p, false), true;
    return false;
}

/* One path: its components, then the innermost match. */
static bool path_container(const char *s, size_t n, struct container *out)
{
    struct part c[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof(c) / sizeof(c[0]);) {
        while (i < n && s[i] == '/')
            i++;
        size_t start = i;
        while (i < n && s[i] != '/')
            i++;
        if (i > start)
            c[k++] = (struct part){s + start, i - start};
    }
    for (size_t i = k; i-- > 0;)
        if (match(c, i, out))
            return true;
    return false;
}

bool cgroup_container(const char *text, size_t len, struct container *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < len;) {
        const char *line = text + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t n = nl ? (size_t)(nl - line) : len - i;
        i += n + 1;
        /* "ID:CONTROLLERS:PATH": the path is after the second colon. */
        const char *c1 = memchr(line, ':', n);
        const char *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line)) : NULL;
        if (!c2)
            continue;
        const char *path = c2 + 1;
        if (path_container(path, n - (size_t)(path - line), out))
            return true;
    }
    memset(out, 0, sizeof(*out));
    return false;
}
