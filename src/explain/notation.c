#include "explain/notation.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* A port 1..65535 from s[0..n). */
static int parse_port(const char *s, size_t n, uint16_t *port, char *err, size_t errlen)
{
    if (!all_digits(s, n)) {
        snprintf(err, errlen, "'%.*s' is not a port number (1-65535)", (int)(n > 40 ? 40 : n), s);
        return -1;
    }
    unsigned long v = 0;
    for (size_t i = 0; i < n && v <= 65535; i++)
        v = v * 10 + (unsigned long)(s[i] - '0');
    if (v == 0 || v > 65535) {
        snprintf(err, errlen, "port %.*s is out of range (1-65535)", (int)(n > 20 ? 20 : n), s);
        return -1;
    }
    *port = (uint16_t)v;
    return 0;
}

static bool ipv4(const char *s, size_t n, struct sock_addr *a)
{
    char buf[INET_ADDRSTRLEN];
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    memset(a, 0, sizeof(*a));
    return inet_pton(AF_INET, buf, a->bytes) == 1;
}

/* Digits and dots only: meant as an IPv4 address, whether or not valid. */
static bool ipv4_shaped(const char *s, size_t n)
{
    bool dot = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dot = true;
        else if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return dot;
}

/* An IPv6 address with an optional "%scope", from s[0..n). */
static bool ipv6(const char *s, size_t n, struct sock_addr *a, char *scope, size_t scopelen)
{
    char buf[INET6_ADDRSTRLEN + 64];
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *pct = strchr(buf, '%');
    if (pct) {
        /* A zone is an interface name or number: letters, digits, and
         * "-_.@" (no colon, bracket, space or control character). */
        size_t zl = strlen(pct + 1);
        if (zl == 0 || zl >= scopelen ||
            strspn(pct + 1, "abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789-_.@") != zl)
            return false;
        *pct = '\0';
    }
    memset(a, 0, sizeof(*a));
    if (inet_pton(AF_INET6, buf, a->bytes) != 1)
        return false;
    if (pct)
        strcpy(scope, pct + 1);
    else
        scope[0] = '\0';
    return true;
}

/* Letters, digits, '-', '.', '_': something DNS or /etc/hosts could name. */
static bool host_name(const char *s, size_t n)
{
    if (n == 0 || n > 253 || s[0] == '-' || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_'))
            return false;
    }
    return true;
}

/* The host part of "host:port" or of a bare host (no colon in it). */
static int parse_host(const char *s, size_t n, bool (*is_interface)(const char *),
                      struct notation *o, char *err, size_t errlen)
{
    if (n == 0 || (n == 1 && s[0] == '*')) {
        o->host = NOTE_ANY;
        return 0;
    }
    if (ipv4(s, n, &o->addr)) {
        o->host = NOTE_ADDRESS;
        o->family = FAM_INET;
        return 0;
    }
    if (ipv4_shaped(s, n)) {
        snprintf(err, errlen,
                 "'%.*s' is not an IPv4 address: it needs four numbers from 0 to 255 "
                 "(like 192.0.2.1)",
                 (int)(n > 40 ? 40 : n), s);
        return -1;
    }
    if (n < sizeof(o->name)) {
        memcpy(o->name, s, n);
        o->name[n] = '\0';
        if (is_interface && is_interface(o->name)) {
            snprintf(err, errlen,
                     "'%s' is an interface, not an address: give one of its addresses "
                     "(netstat -ie lists them)",
                     o->name);
            return -1;
        }
    }
    if (!host_name(s, n)) {
        snprintf(err, errlen, "'%.*s' is not an address or a host name", (int)(n > 40 ? 40 : n), s);
        return -1;
    }
    o->host = NOTE_HOSTNAME;
    return 0;
}

/* ":port" or ":*" after a host, or nothing. */
static int parse_tail(const char *s, struct notation *o, char *err, size_t errlen)
{
    if (*s == '\0')
        return 0;
    if (*s != ':') {
        snprintf(err, errlen, "unexpected '%.20s' after the address", s);
        return -1;
    }
    s++;
    if (strcmp(s, "*") == 0)
        return 0;
    o->has_port = true;
    return parse_port(s, strlen(s), &o->port, err, errlen);
}

int notation_parse(const char *s, bool (*is_interface)(const char *name), struct notation *o,
                   char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    size_t n = strlen(s);
    if (n == 0) {
        snprintf(err, errlen, "an empty address");
        return -1;
    }
    if (all_digits(s, n)) {
        o->host = NOTE_NONE;
        o->has_port = true;
        return parse_port(s, n, &o->port, err, errlen);
    }
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close) {
            snprintf(err, errlen, "'[' without its ']'");
            return -1;
        }
        if (!ipv6(s + 1, (size_t)(close - s - 1), &o->addr, o->scope, sizeof(o->scope))) {
            snprintf(err, errlen, "'%.*s' is not an IPv6 address", (int)(close - s - 1), s + 1);
            return -1;
        }
        o->host = NOTE_ADDRESS;
        o->family = FAM_INET6;
        return parse_tail(close + 1, o, err, errlen);
    }
    const char *first = strchr(s, ':'), *last = strrchr(s, ':');
    if (!first) /* a host alone: any port */
        return parse_host(s, n, is_interface, o, err, errlen);
    if (first == last) {
        if (parse_host(s, (size_t)(first - s), is_interface, o, err, errlen) < 0)
            return -1;
        return parse_tail(first, o, err, errlen);
    }

    /* Two colons or more: IPv6 without brackets, as netstat prints it
     * (the last colon ends the address), or a whole IPv6 address. */
    struct sock_addr whole_addr, split_addr;
    char whole_scope[sizeof(o->scope)], split_scope[sizeof(o->scope)];
    uint16_t port = 0;
    char perr[128];
    bool whole = ipv6(s, n, &whole_addr, whole_scope, sizeof(whole_scope));
    bool split = ipv6(s, (size_t)(last - s), &split_addr, split_scope, sizeof(split_scope)) &&
                 (strcmp(last + 1, "*") == 0 ||
                  parse_port(last + 1, strlen(last + 1), &port, perr, sizeof(perr)) == 0);
    o->host = NOTE_ADDRESS;
    o->family = FAM_INET6;
    if (split) {
        o->addr = split_addr;
        strcpy(o->scope, split_scope);
        o->has_port = strcmp(last + 1, "*") != 0;
        o->port = port;
        if (whole)
            o->ambiguity = "it is also a whole IPv6 address; read as address and port, the way "
                           "netstat prints them (brackets say which: [ADDRESS]:PORT)";
        return 0;
    }
    if (whole) {
        o->addr = whole_addr;
        strcpy(o->scope, whole_scope);
        return 0;
    }
    if (ipv6(s, (size_t)(last - s), &split_addr, split_scope, sizeof(split_scope)))
        return parse_port(last + 1, strlen(last + 1), &port, err, errlen); /* says why */
    snprintf(err, errlen, "'%.60s' is not an address: IPv6 is written like [2001:db8::1]:80", s);
    return -1;
}

void notation_format(const struct notation *n, char *buf, size_t len)
{
    char host[sizeof(n->name) + 8], port[8];
    if (n->has_port)
        snprintf(port, sizeof(port), "%u", n->port);
    else
        strcpy(port, "*");
    switch (n->host) {
    case NOTE_NONE:
        snprintf(buf, len, "%s", port);
        return;
    case NOTE_ANY:
        strcpy(host, "*");
        break;
    case NOTE_HOSTNAME:
        snprintf(host, sizeof(host), "%s", n->name);
        break;
    default:
        if (n->family == FAM_INET) {
            inet_ntop(AF_INET, n->addr.bytes, host, sizeof(host));
        } else {
            char a[INET6_ADDRSTRLEN];
            inet_ntop(AF_INET6, n->addr.bytes, a, sizeof(a));
            if (n->scope[0])
                snprintf(host, sizeof(host), "[%s%%%s]", a, n->scope);
            else
                snprintf(host, sizeof(host), "[%s]", a);
        }
        break;
    }
    snprintf(buf, len, "%s:%s", host, port);
}
