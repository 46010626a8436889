#include "views/groups.h"

#include <errno.h>
#include <string.h>

#include "render/fields.h"
#include "render/json.h"
#include "views/view_json.h"
#include "util/escape.h"

struct groups_ctx {
    const struct options *o;
    struct names *names;
    FILE *out;
    struct json *j;
};

static int group_json(struct groups_ctx *c, const struct group_rec *g)
{
    struct json *j = c->j;
    char num[64];
    view_json_addr(g->family, &g->addr, num, sizeof(num));
    json_object_begin(j);
    json_kv_bytes(j, "interface", g->ifname, strnlen(g->ifname, sizeof(g->ifname)));
    json_kv_u64(j, "refcnt", g->refcnt);
    json_kv_string(j, "family", g->family == FAM_INET ? "inet" : "inet6");
    json_kv_string(j, "address", num);
    const char *host = NULL;
    if (!(c->o->numeric & NUM_HOST)) {
        host = names_host(c->names, g->family, &g->addr, false);
        if (strcmp(host, num) == 0)
            host = NULL;
    }
    json_kv_string(j, "host", host);
    json_object_end(j);
    return ferror(c->out) ? -EIO : 0;
}

static int group_visit(const struct group_rec *g, void *ctx)
{
    struct groups_ctx *c = ctx;
    if (c->j)
        return group_json(c, g);
    char iface[ESCAPE_TERM_MAX(sizeof(g->ifname))], refcnt[16];
    escape_term(g->ifname, strnlen(g->ifname, sizeof(g->ifname)), iface);
    snprintf(refcnt, sizeof(refcnt), "%u", g->refcnt);
    struct text_row row = {group_fields, GF_COUNT, (1u << GF_COUNT) - 1, {0}};
    row.val[GF_IFACE] = iface;
    row.val[GF_REFCNT] = refcnt;
    row.val[GF_GROUP] = names_host(c->names, g->family, &g->addr, c->o->numeric & NUM_HOST);
    text_write_row(c->out, &row);
    return ferror(c->out) ? -EIO : 0;
}

int groups_section(const struct options *o, struct platform *p, struct names *names, FILE *out,
                   struct json *j)
{
    if (!j) {
        fputs("IPv6/IPv4 Group Memberships\n", out);
        text_write_header(out, group_fields, GF_COUNT, (1u << GF_COUNT) - 1);
        fputs("--------------- ------ ---------------------\n", out);
    }
    struct groups_ctx c = {o, names, out, j};
    if (!o->flag_arg || o->inet) {
        int rc = platform_groups(p, FAM_INET, group_visit, &c);
        if (rc == -ENOENT) {
            if (o->flag_arg || o->verbose)
                fprintf(stderr, "netstat: no support for `AF INET (igmp)' on this system.\n");
            if (o->flag_arg)
                return 1;
        } else if (rc < 0) {
            return rc;
        }
    }
    if (!o->flag_arg || o->inet6) {
        int rc = platform_groups(p, FAM_INET6, group_visit, &c);
        if (rc < 0 && rc != -ENOENT)
            return rc;
    }
    return 0;
}
