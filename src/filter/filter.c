#include "filter/filter.h"

#include <arpa/inet.h>
#include <fnmatch.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"

static const char *const option_names[FK_COUNT] = {
    [FK_PORT] = "port", [FK_SPORT] = "sport",     [FK_DPORT] = "dport",
    [FK_SRC] = "src",   [FK_DST] = "dst",         [FK_STATE] = "state",
    [FK_PID] = "pid",   [FK_PROGRAM] = "program", [FK_USER] = "user",
};

int filter_kind_of(const char *option)
{
    for (int k = 0; k < FK_COUNT; k++)
        if (strcmp(option, option_names[k]) == 0)
            return k;
    return -1;
}

const char *filter_option_name(enum filter_kind k)
{
    return (unsigned)k < FK_COUNT ? option_names[k] : "?";
}

/* ---- values ---- */

/* A whole decimal number no greater than max; false otherwise. */
static bool parse_number(const char *s, size_t len, unsigned long max, unsigned long *out)
{
    if (len == 0)
        return false;
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned long)(s[i] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return len > 0;
}

/* N, N-M, or a service name. */
static int parse_port(const char *s, size_t len, struct filter_port *out, char *err, size_t errsz)
{
    const char *dash = memchr(s, '-', len);
    unsigned long lo, hi;
    if (all_digits(s, len)) {
        if (!parse_number(s, len, 65535, &lo)) {
            snprintf(err, errsz, "%.*s is not a port (ports run from 0 to 65535)", (int)len, s);
            return -1;
        }
        out->lo = out->hi = (uint16_t)lo;
        return 0;
    }
    if (dash && all_digits(s, (size_t)(dash - s))) {
        size_t l1 = (size_t)(dash - s), l2 = len - l1 - 1;
        if (!all_digits(dash + 1, l2)) {
            snprintf(err, errsz, "%.*s is not a port range (write it as 8000-8100)", (int)len, s);
            return -1;
        }
        if (!parse_number(s, l1, 65535, &lo) || !parse_number(dash + 1, l2, 65535, &hi)) {
            snprintf(err, errsz, "%.*s is not a port range (ports run from 0 to 65535)", (int)len,
                     s);
            return -1;
        }
        if (lo > hi) {
            snprintf(err, errsz, "%.*s: the range runs backwards (write the lower port first)",
                     (int)len, s);
            return -1;
        }
        out->lo = (uint16_t)lo;
        out->hi = (uint16_t)hi;
        return 0;
    }
    char name[64];
    if (len >= sizeof(name) || memchr(s, '\0', len)) {
        snprintf(err, errsz, "%.*s... is not a port, a range or a service name", 20, s);
        return -1;
    }
    memcpy(name, s, len);
    name[len] = '\0';
    struct servent *se = getservbyname(name, "tcp");
    if (!se)
        se = getservbyname(name, "udp");
    if (!se) {
        snprintf(err, errsz, "%s is not a port, a range or a service name in /etc/services", name);
        return -1;
    }
    out->lo = out->hi = ntohs((uint16_t)se->s_port);
    return 0;
}

/* An address or a CIDR prefix, IPv4 or IPv6 (brackets allowed), or for
 * --src a UNIX path pattern: one that starts with '/', '@' or a wildcard. */
static int parse_addr(const char *s, size_t len, bool path_ok, struct filter_addr *out, char *err,
                      size_t errsz)
{
    memset(out, 0, sizeof(*out));
    if (len && strchr("/@*?", s[0])) {
        if (!path_ok) {
            snprintf(err, errsz,
                     "%.*s: a UNIX socket has no remote address to match; "
                     "--src PATH matches a socket's own path",
                     (int)len, s);
            return -1;
        }
        char *pat = strndup(s, len);
        if (!pat) {
            snprintf(err, errsz, "out of memory");
            return -1;
        }
        out->fam = FAM_UNIX;
        out->pattern = pat;
        return 0;
    }
    char text[64];
    const char *slash = memchr(s, '/', len);
    size_t head = slash ? (size_t)(slash - s) : len, alen = head;
    const char *a = s;
    if (alen >= 2 && a[0] == '[' && a[alen - 1] == ']') {
        a++;
        alen -= 2;
    }
    if (alen == 0 || alen >= sizeof(text) || memchr(a, '\0', alen)) {
        snprintf(err, errsz,
                 "%.*s is not an address or a prefix (like 192.0.2.0/24 or "
                 "2001:db8::/32)",
                 (int)(len > 60 ? 60 : len), s);
        return -1;
    }
    memcpy(text, a, alen);
    text[alen] = '\0';
    unsigned max;
    if (inet_pton(AF_INET, text, out->addr.bytes) == 1) {
        out->fam = FAM_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, text, out->addr.bytes) == 1) {
        out->fam = FAM_INET6;
        max = 128;
    } else {
        snprintf(err, errsz,
                 "%.*s is not an address or a prefix (like 192.0.2.0/24 or "
                 "2001:db8::/32; names are not looked up)",
                 (int)(len > 60 ? 60 : len), s);
        return -1;
    }
    unsigned long plen = max;
    if (slash && !parse_number(slash + 1, len - head - 1, max, &plen)) {
        snprintf(err, errsz, "%.*s: the prefix length must be a number from 0 to %u", (int)len, s,
                 max);
        return -1;
    }
    out->plen = (uint8_t)plen;
    return 0;
}

/* ---- states ---- */

#define T(st) (1u << (st))
#define TCP_ALL                                                                                    \
    (T(ST_ESTABLISHED) | T(ST_SYN_SENT) | T(ST_SYN_RECV) | T(ST_FIN_WAIT1) | T(ST_FIN_WAIT2) |     \
     T(ST_TIME_WAIT) | T(ST_CLOSE) | T(ST_CLOSE_WAIT) | T(ST_LAST_ACK) | T(ST_LISTEN) |            \
     T(ST_CLOSING) | T(ST_NEW_SYN_RECV))
#define TCP_CONNECTED  (TCP_ALL & ~(T(ST_LISTEN) | T(ST_CLOSE)))
#define UNIX_LISTENING T(FILTER_UNIX_LISTENING)

/* The names netstat prints (TCP, UDP and UNIX columns, and their JSON
 * keys), and ss's groups. */
static const struct state_name {
    const char *name;
    struct filter_states s;
} state_names[] = {
    {"established", {T(ST_ESTABLISHED), T(ST_ESTABLISHED), 0}},
    {"syn_sent", {T(ST_SYN_SENT), 0, 0}},
    {"syn_recv", {T(ST_SYN_RECV) | T(ST_NEW_SYN_RECV), 0, 0}},
    {"fin_wait1", {T(ST_FIN_WAIT1), 0, 0}},
    {"fin_wait2", {T(ST_FIN_WAIT2), 0, 0}},
    {"time_wait", {T(ST_TIME_WAIT), 0, 0}},
    {"close", {T(ST_CLOSE), T(ST_CLOSE), 0}},
    {"close_wait", {T(ST_CLOSE_WAIT), 0, 0}},
    {"last_ack", {T(ST_LAST_ACK), 0, 0}},
    {"listen", {T(ST_LISTEN), 0, UNIX_LISTENING}},
    {"closing", {T(ST_CLOSING), 0, 0}},
    {"unknown", {~TCP_ALL & ~UNIX_LISTENING, ~(T(ST_ESTABLISHED) | T(ST_CLOSE)), 0}},
    {"free", {0, 0, T(US_FREE)}},
    {"unconnected", {0, 0, T(US_UNCONNECTED)}},
    {"connecting", {0, 0, T(US_CONNECTING)}},
    {"disconnecting", {0, 0, T(US_DISCONNECTING)}},
    /* groups */
    {"connected",
     {TCP_CONNECTED, T(ST_ESTABLISHED), T(US_CONNECTED) | T(US_CONNECTING) | T(US_DISCONNECTING)}},
    {"synchronized",
     {TCP_CONNECTED & ~T(ST_SYN_SENT), T(ST_ESTABLISHED), T(US_CONNECTED) | T(US_DISCONNECTING)}},
    {"listening", {T(ST_LISTEN), T(ST_CLOSE), UNIX_LISTENING}},
    {"all", {~0u, ~0u, ~0u}},
};

static int parse_state(const char *s, size_t len, struct filter_states *out, char *err,
                       size_t errsz)
{
    char name[32];
    if (len == 0 || len >= sizeof(name))
        goto bad;
    for (size_t i = 0; i < len; i++)
        name[i] = s[i] == '-' ? '_' : s[i];
    name[len] = '\0';
    for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++) {
        if (strcasecmp(name, state_names[i].name) == 0) {
            out->tcp |= state_names[i].s.tcp;
            out->dgram |= state_names[i].s.dgram;
            out->unx |= state_names[i].s.unx;
            return 0;
        }
    }
bad:
    snprintf(err, errsz,
             "%.*s is not a state (ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, "
             "TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING, UNKNOWN, CONNECTED, "
             "CONNECTING, DISCONNECTING, UNCONNECTED, FREE, or the groups connected, "
             "synchronized, listening, all)",
             (int)(len > 40 ? 40 : len), s);
    return -1;
}

/* ---- building ---- */

static int parse_one(enum filter_kind k, const char *s, size_t len, struct filter_clause *c,
                     union filter_value *v, char *err, size_t errsz)
{
    unsigned long n;
    switch (k) {
    case FK_PORT:
    case FK_SPORT:
    case FK_DPORT:
        return parse_port(s, len, &v->port, err, errsz);
    case FK_SRC:
    case FK_DST:
        return parse_addr(s, len, k == FK_SRC, &v->addr, err, errsz);
    case FK_STATE:
        return parse_state(s, len, &c->states, err, errsz);
    case FK_PID:
        if (!parse_number(s, len, 0x7fffffff, &n) || n == 0) {
            snprintf(err, errsz, "%.*s is not a process id (a number from 1)",
                     (int)(len > 40 ? 40 : len), s);
            return -1;
        }
        v->pid = (int)n;
        return 0;
    case FK_PROGRAM:
        v->name = strndup(s, len);
        if (!v->name) {
            snprintf(err, errsz, "out of memory");
            return -1;
        }
        return 0;
    case FK_USER: {
        if (all_digits(s, len)) {
            if (!parse_number(s, len, 0xfffffffeul, &n)) {
                snprintf(err, errsz, "%.*s is not a user id", (int)(len > 40 ? 40 : len), s);
                return -1;
            }
            v->uid = (uint32_t)n;
            return 0;
        }
        char name[256];
        if (len >= sizeof(name) || memchr(s, '\0', len))
            goto nouser;
        memcpy(name, s, len);
        name[len] = '\0';
        struct passwd *pw = getpwnam(name);
        if (!pw)
            goto nouser;
        v->uid = (uint32_t)pw->pw_uid;
        return 0;
    nouser:
        snprintf(err, errsz, "%.*s: no such user", (int)(len > 60 ? 60 : len), s);
        return -1;
    }
    default:
        snprintf(err, errsz, "not a filter");
        return -1;
    }
}

int filter_add(struct filter *f, enum filter_kind k, const char *value, char *err, size_t errsz)
{
    if ((unsigned)k >= FK_COUNT) {
        snprintf(err, errsz, "not a filter");
        return -1;
    }
    struct filter_clause *c = &f->c[k];
    const char *p = value;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0) {
            snprintf(err, errsz, "an empty value (give one, or several separated by commas)");
            return -1;
        }
        if (grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v)) < 0) {
            snprintf(err, errsz, "out of memory");
            return -1;
        }
        union filter_value v;
        memset(&v, 0, sizeof(v));
        if (parse_one(k, p, len, c, &v, err, errsz) < 0)
            return -1;
        c->v[c->n++] = v;
        f->present |= 1u << k;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

void filter_free(struct filter *f)
{
    for (int k = 0; k < FK_COUNT; k++) {
        struct filter_clause *c = &f->c[k];
        for (size_t i = 0; i < c->n; i++) {
            if (k == FK_PROGRAM)
                free((char *)c->v[i].name);
            else if ((k == FK_SRC || k == FK_DST) && c->v[i].addr.fam == FAM_UNIX)
                free((char *)c->v[i].addr.pattern);
        }
        free(c->v);
    }
    memset(f, 0, sizeof(*f));
}

/* ---- matching ---- */

static uint32_t states_for(const struct filter_states *s, enum sock_proto proto)
{
    if (proto == PROTO_TCP)
        return s->tcp;
    return proto == PROTO_UNIX ? s->unx : s->dgram;
}

uint32_t filter_states_of(const struct filter *f, enum sock_proto proto)
{
    return filter_has(f, FK_STATE) ? states_for(&f->c[FK_STATE].states, proto) : ~0u;
}

bool filter_port_in(const struct filter_port *p, uint16_t port)
{
    return port >= p->lo && port <= p->hi;
}

static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
    unsigned whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, whole) != 0)
        return false;
    if (!rest)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return ((a[whole] ^ b[whole]) & mask) == 0;
}

static bool v4_mapped(const uint8_t *b)
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(b, prefix, sizeof(prefix)) == 0;
}

bool filter_addr_in(const struct filter_addr *a, enum sock_family fam, const struct sock_addr *addr)
{
    const uint8_t *b = addr->bytes;
    if (a->fam == FAM_UNIX || (fam != FAM_INET && fam != FAM_INET6))
        return false;
    if (a->fam != fam) {
        if (!(a->fam == FAM_INET && fam == FAM_INET6 && v4_mapped(b)))
            return false;
        b += 12;
    }
    return prefix_equal(a->addr.bytes, b, a->plen);
}

/* A UNIX socket's path as netstat prints it against the patterns. */
static bool path_in(const struct filter_clause *c, const struct sock_rec *s)
{
    if (!s->path_len || !s->path)
        return false;
    char stack[512];
    char *text = s->path_len < sizeof(stack) ? stack : malloc(s->path_len + 1);
    if (!text)
        return false;
    text[sock_unix_path_text(s, text)] = '\0';
    bool hit = false;
    for (size_t i = 0; i < c->n && !hit; i++)
        hit = c->v[i].addr.fam == FAM_UNIX && fnmatch(c->v[i].addr.pattern, text, 0) == 0;
    if (text != stack)
        free(text);
    return hit;
}

static bool inet(const struct sock_rec *s)
{
    return s->family == FAM_INET || s->family == FAM_INET6;
}

static bool clause_match(enum filter_kind k, const struct filter_clause *c,
                         const struct sock_rec *s, const struct owner *own, size_t nown)
{
    switch (k) {
    case FK_PORT:
    case FK_SPORT:
    case FK_DPORT:
        if (!inet(s))
            return false;
        for (size_t i = 0; i < c->n; i++) {
            const struct filter_port *p = &c->v[i].port;
            if ((k != FK_DPORT && filter_port_in(p, s->lport)) ||
                (k != FK_SPORT && filter_port_in(p, s->rport)))
                return true;
        }
        return false;
    case FK_SRC:
    case FK_DST:
        if (!inet(s))
            return k == FK_SRC && path_in(c, s);
        for (size_t i = 0; i < c->n; i++)
            if (filter_addr_in(&c->v[i].addr, s->family, k == FK_SRC ? &s->laddr : &s->raddr))
                return true;
        return false;
    case FK_STATE: {
        uint32_t mask = states_for(&c->states, s->proto);
        int st = s->state;
        if (s->proto == PROTO_UNIX && sock_unix_listening(s))
            st = FILTER_UNIX_LISTENING;
        else if (st < 0 || st >= FILTER_UNIX_LISTENING)
            st = ST_UNKNOWN;
        return (mask >> st) & 1u;
    }
    case FK_PID:
        for (size_t j = 0; j < nown; j++)
            for (size_t i = 0; i < c->n; i++)
                if (own[j].pid == c->v[i].pid)
                    return true;
        return false;
    case FK_PROGRAM:
        for (size_t j = 0; j < nown; j++)
            for (size_t i = 0; i < c->n; i++)
                if (own[j].name && fnmatch(c->v[i].name, own[j].name, 0) == 0)
                    return true;
        return false;
    case FK_USER:
        if (!s->has_uid)
            return false;
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i].uid == s->uid)
                return true;
        return false;
    default:
        return false;
    }
}

bool filter_match(const struct filter *f, const struct sock_rec *s, const struct owner *own,
                  size_t nown, unsigned skip)
{
    unsigned todo = f->present & ~skip;
    for (int k = 0; todo; k++, todo >>= 1)
        if ((todo & 1u) && !clause_match((enum filter_kind)k, &f->c[k], s, own, nown))
            return false;
    return true;
}
