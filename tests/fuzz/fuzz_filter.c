/* libFuzzer: the filter parser and the kernel program. Each line is one
 * option: its first byte picks the filter, the rest is the value. What
 * parses must compile to a program the kernel's rules accept, and the
 * program must accept exactly what user space accepts. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "platform/linux/diagbc.h"
#include "../unit/bcvm.h"

static struct sock_rec recs[64];
static size_t nrecs;

static void add_rec(const char *la, uint16_t lp, const char *ra, uint16_t rp)
{
    struct sock_rec *s = &recs[nrecs++];
    memset(s, 0, sizeof(*s));
    s->proto = PROTO_TCP;
    s->family = strchr(la, ':') ? FAM_INET6 : FAM_INET;
    int af = s->family == FAM_INET ? AF_INET : AF_INET6;
    inet_pton(af, la, s->laddr.bytes);
    inet_pton(af, ra, s->raddr.bytes);
    s->lport = lp;
    s->rport = rp;
    s->state = ST_ESTABLISHED;
    s->has_uid = true;
}

static void setup(void)
{
    const char *v4[] = {"127.0.0.1", "192.0.2.1", "0.0.0.0", "255.255.255.255"};
    const char *v6[] = {"::1", "::", "2001:db8::1", "::ffff:127.0.0.1", "ffff::ffff"};
    const uint16_t ports[] = {0, 1, 22, 443, 8080, 65535};
    for (size_t i = 0; i < 4; i++)
        add_rec(v4[i], ports[i], v4[(i + 1) % 4], ports[(i + 2) % 6]);
    for (size_t i = 0; i < 5; i++)
        add_rec(v6[i], ports[(i + 3) % 6], v6[(i + 2) % 5], ports[i % 6]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!nrecs)
        setup();
    if (size > 4096)
        return 0;
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    struct filter f;
    memset(&f, 0, sizeof(f));
    char err[512];
    bool ok = true;
    for (char *line = copy; ok && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        enum filter_kind k = (enum filter_kind)((unsigned char)line[0] % FK_COUNT);
        ok = filter_add(&f, k, line + 1, err, sizeof(err)) == 0;
        line = nl ? nl + 1 : NULL;
    }
    if (ok) {
        static uint8_t bc[DIAGBC_MAX];
        int len = diagbc_compile(&f, bc, sizeof(bc));
        if (len > 0 && bcvm_audit(bc, len) != 0)
            abort(); /* the kernel would refuse it */
        for (size_t i = 0; len >= 0 && i < nrecs; i++) {
            bool user = filter_match(&f, &recs[i], NULL, 0, ~FILTER_KERNEL_KINDS);
            if (user != (len == 0 || bcvm_run(bc, len, &recs[i])))
                abort(); /* kernel and user space disagree */
        }
        struct sock_rec u;
        memset(&u, 0, sizeof(u));
        u.family = FAM_UNIX;
        u.proto = PROTO_UNIX;
        u.path = "\0abstract\0";
        u.path_len = 10;
        struct owner own = {42, 3, "prog"};
        (void)filter_match(&f, &u, &own, 1, 0);
    }
    filter_free(&f);
    free(copy);
    return 0;
}
