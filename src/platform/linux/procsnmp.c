#include "platform/linux/procsnmp.h"

#include <string.h>

/* A number as strtoull reads it: a minus sign wraps around. */
static const char *take_value(const char *p, uint64_t *v)
{
    while (*p == ' ' || *p == '\t')
        p++;
    int neg = *p == '-';
    if (neg)
        p++;
    if (*p < '0' || *p > '9')
        return NULL;
    uint64_t x = 0;
    while (*p >= '0' && *p <= '9')
        x = x * 10 + (uint64_t)(*p++ - '0');
    *v = neg ? (uint64_t)0 - x : x;
    return p;
}

int procsnmp_parse_pair(const char *head, const char *vals, snmp_visit_fn fn, void *ctx)
{
    const char *hc = strchr(head, ':'), *vc = strchr(vals, ':');
    if (!hc || !vc || hc - head != vc - vals || strncmp(head, vals, (size_t)(hc - head)) != 0)
        return -1;
    char section[64];
    size_t sl = (size_t)(hc - head);
    if (sl == 0 || sl >= sizeof(section))
        return -1;
    memcpy(section, head, sl);
    section[sl] = '\0';
    const char *h = hc + 1, *v = vc + 1;
    for (;;) {
        while (*h == ' ' || *h == '\t')
            h++;
        if (*h == '\0' || *h == '\n')
            return 0;
        char name[128];
        size_t n = 0;
        while (*h && *h != ' ' && *h != '\t' && *h != '\n') {
            if (n + 1 >= sizeof(name))
                return -1;
            name[n++] = *h++;
        }
        name[n] = '\0';
        uint64_t value;
        v = take_value(v, &value);
        if (!v)
            return -1;
        int rc = fn(section, name, value, ctx);
        if (rc)
            return rc;
    }
}

int procsnmp_parse_line(const char *line, snmp_visit_fn fn, void *ctx)
{
    static const char *const prefixes[] = {"Ip6", "Icmp6", "UdpLite6", "Udp6", "Sctp"};
    char name[128];
    size_t n = 0;
    const char *p = line;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
        if (n + 1 >= sizeof(name))
            return -1;
        name[n++] = *p++;
    }
    name[n] = '\0';
    uint64_t value;
    if (n == 0 || !take_value(p, &value))
        return -1;
    const char *section = "";
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
            section = prefixes[i];
            break;
        }
    return fn(section, name, value, ctx);
}

int procsnmp_parse_sockstat(const char *line, snmp_visit_fn fn, void *ctx)
{
    char section[32], name[32];
    size_t n = strcspn(line, ": \t\n");
    if (n == 0 || n >= sizeof(section) || line[n] != ':')
        return -1;
    memcpy(section, line, n);
    section[n] = '\0';
    const char *p = line + n + 1;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n')
            return 0;
        size_t k = strcspn(p, " \t\n");
        if (k >= sizeof(name))
            return -1;
        memcpy(name, p, k);
        name[k] = '\0';
        uint64_t value;
        p = take_value(p + k, &value);
        if (!p)
            return -1;
        int rc = fn(section, name, value, ctx);
        if (rc)
            return rc;
    }
}
