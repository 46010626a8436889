/* What the C runtime and Winsock lack that netstat's portable code calls:
 * strndup, fnmatch, and walks over the services and protocols files. */
#include <fnmatch.h>
#include <stdbool.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/* ---- fnmatch: *, ?, [set], [!set] and [a-z]; no flags ---- */

static const char *class_end(const char *p)
{
    const char *q = p + 1;
    if (*q == '!' || *q == '^')
        q++;
    if (*q == ']')
        q++;
    while (*q && *q != ']')
        q++;
    return *q ? q : NULL;
}

static int in_class(const char *p, const char *end, unsigned char c)
{
    bool neg = false;
    p++;
    if (*p == '!' || *p == '^') {
        neg = true;
        p++;
    }
    bool hit = false;
    for (const char *q = p; q < end; q++) {
        if (q + 2 < end && q[1] == '-') {
            hit |= c >= (unsigned char)q[0] && c <= (unsigned char)q[2];
            q += 2;
        } else {
            hit |= c == (unsigned char)*q;
        }
    }
    return hit != neg;
}

int fnmatch(const char *pattern, const char *string, int flags)
{
    (void)flags;
    const char *p = pattern, *s = string, *star = NULL, *resume = NULL;
    while (*s) {
        if (*p == '*') {
            star = ++p;
            resume = s;
            continue;
        }
        if (*p == '[') {
            const char *end = class_end(p);
            if (end && in_class(p, end, (unsigned char)*s)) {
                p = end + 1;
                s++;
                continue;
            }
            if (!end && *s == '[') {
                p++;
                s++;
                continue;
            }
        } else if (*p && (*p == '?' || *p == *s)) {
            p++;
            s++;
            continue;
        }
        if (!star)
            return FNM_NOMATCH;
        p = star;
        s = ++resume;
    }
    while (*p == '*')
        p++;
    return *p ? FNM_NOMATCH : 0;
}

/* ---- the services and protocols files ---- */

static FILE *open_etc(const char *name)
{
    const char *root = getenv("SystemRoot");
    char path[512];
    snprintf(path, sizeof(path), "%s\\System32\\drivers\\etc\\%s", root ? root : "C:\\Windows",
             name);
    return fopen(path, "r");
}

/* The next line's first two words ("name 80/tcp", "name 6"), or false. */
static bool next_entry(FILE *f, char *name, size_t nn, char *val, size_t vn)
{
    char line[512];
    while (f && fgets(line, sizeof(line), f)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char fmt[32];
        snprintf(fmt, sizeof(fmt), "%%%zus %%%zus", nn - 1, vn - 1);
        if (sscanf(line, fmt, name, val) == 2)
            return true;
    }
    return false;
}

static FILE *svc_file;
static struct servent svc;
static char svc_name[128], svc_proto[16];

void setservent(int stayopen)
{
    (void)stayopen;
    if (svc_file)
        fclose(svc_file);
    svc_file = open_etc("services");
}

struct servent *getservent(void)
{
    char val[64];
    while (next_entry(svc_file, svc_name, sizeof(svc_name), val, sizeof(val))) {
        unsigned port;
        if (sscanf(val, "%u/%15s", &port, svc_proto) != 2 || port > 0xFFFF)
            continue;
        svc = (struct servent){0};
        svc.s_name = svc_name;
        svc.s_proto = svc_proto;
        svc.s_port = (short)htons((u_short)port);
        return &svc;
    }
    return NULL;
}

void endservent(void)
{
    if (svc_file)
        fclose(svc_file);
    svc_file = NULL;
}

static FILE *proto_file;
static struct protoent proto;
static char proto_name[128];

void setprotoent(int stayopen)
{
    (void)stayopen;
    if (proto_file)
        fclose(proto_file);
    proto_file = open_etc("protocol");
}

struct protoent *getprotoent(void)
{
    char val[32];
    while (next_entry(proto_file, proto_name, sizeof(proto_name), val, sizeof(val))) {
        unsigned n;
        if (sscanf(val, "%u", &n) != 1 || n > 255)
            continue;
        proto = (struct protoent){0};
        proto.p_name = proto_name;
        proto.p_proto = (short)n;
        return &proto;
    }
    return NULL;
}

void endprotoent(void)
{
    if (proto_file)
        fclose(proto_file);
    proto_file = NULL;
}
