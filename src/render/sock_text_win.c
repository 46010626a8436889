/* The socket listing in Windows' layout ("Active Connections"): Proto at
 * column 2, Local Address at 9, Foreign Address at 32, State at 55, PID at
 * 71, addresses padded to 22 and pushing later columns right when longer;
 * UDP's foreign address "*:*" and no state; IPv6 in brackets with its
 * %scope; -b's image name on a line of its own under each row. Lines end
 * in "\n", which Windows' C runtime writes as CRLF. */
#include "render/sock_text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/win_text.h"
#include "util/escape.h"

/* The foreign host as a name: the computer's own name for "any", the
 * first label of the name (all of it with -f), or the number. */
static void foreign_host(const struct sock_text *t, const struct sock_rec *s, char *buf, size_t n)
{
    if (sock_addr_is_any(s->family, &s->raddr)) {
        if (gethostname(buf, (int)n) == 0 && buf[0]) {
            buf[n - 1] = '\0';
            return;
        }
    } else {
        char num[64];
        win_numeric(s->family, &s->raddr, num, sizeof(num));
        const char *h = names_host(t->names, s->family, &s->raddr, false);
        if (strcmp(h, num) != 0) {
            size_t len = t->o->fqdn ? strlen(h) : strcspn(h, ".");
            snprintf(buf, n, "%.*s", (int)len, h);
            return;
        }
    }
    win_addr_text(s->family, &s->raddr, 0, buf, n);
}

static void endpoints(const struct sock_text *t, const struct sock_rec *s, char *local,
                      char *foreign, size_t n)
{
    bool numeric = (t->o->numeric & NUM_PORT) != 0;
    const char *proto = s->proto == PROTO_TCP ? "tcp" : "udp";
    char host[300], port[64];
    win_addr_text(s->family, &s->laddr, s->family == FAM_INET6 ? s->ifindex : 0, host,
                  sizeof(host));
    snprintf(port, sizeof(port), "%s",
             s->lport ? names_service(t->names, s->lport, proto, numeric) : "0");
    snprintf(local, n, "%s:%s", host, port);
    if (s->proto != PROTO_TCP) {
        snprintf(foreign, n, "*:*");
        return;
    }
    if (t->o->numeric & NUM_HOST)
        win_addr_text(s->family, &s->raddr, 0, host, sizeof(host));
    else
        foreign_host(t, s, host, sizeof(host));
    snprintf(port, sizeof(port), "%s",
             s->rport ? names_service(t->names, s->rport, proto, numeric) : "0");
    snprintf(foreign, n, "%s:%s", host, port);
}

void sock_text_inet_begin(struct sock_text *t)
{
    const struct options *o = t->o;
    fputs("\nActive Connections\n\n  Proto  Local Address          Foreign Address        State",
          t->out);
    if (o->pid_column)
        fputs(o->offload ? "           PID    " : "           PID", t->out);
    if (o->offload)
        fputs(o->pid_column ? "Offload State" : "           Offload State", t->out);
    fputc('\n', t->out);
}

int sock_text_inet_row(struct sock_text *t, const struct sock_rec *s)
{
    const struct options *o = t->o;
    char local[400], foreign[400];
    endpoints(t, s, local, foreign, sizeof(local));
    FILE *out = t->out;
    fprintf(out, "  %-7s%-22s %-22s ", s->proto == PROTO_TCP ? "TCP" : "UDP", local, foreign);
    const char *st = win_state_name(s);
    bool more = o->pid_column || o->offload;
    fprintf(out, more ? "%-16s" : "%s", st);
    if (o->pid_column)
        fprintf(out, o->offload ? "%-7lu" : "%lu", (unsigned long)s->pid);
    if (o->offload)
        fputs("InHost", out);
    fputc('\n', out);
    if (o->image) {
        struct owner ow;
        if (t->owners && platform_owners_find(t->owners, s, &ow, 1) > 0) {
            char esc[ESCAPE_TERM_MAX(64)];
            size_t len = strnlen(ow.name, 63);
            escape_term(ow.name, len, esc);
            fprintf(out, " [%s]\n", esc);
        } else {
            fputs(" Can not obtain ownership information\n", out);
        }
    }
    return 0;
}

/* Windows' netstat lists no UNIX sockets; its dialect never asks. */
void sock_text_unix_begin(struct sock_text *t)
{
    (void)t;
}

int sock_text_unix_row(struct sock_text *t, const struct sock_rec *s)
{
    (void)t;
    (void)s;
    return 0;
}

void sock_text_end(struct sock_text *t)
{
    free(t->pathbuf);
    t->pathbuf = NULL;
    t->pathcap = 0;
}
