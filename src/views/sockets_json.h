/* Socket records as JSON objects, for the sockets view's --json. */
#ifndef NETSTAT_VIEWS_SOCKETS_JSON_H
#define NETSTAT_VIEWS_SOCKETS_JSON_H

#include "cli/options.h"
#include "platform/platform.h"
#include "render/json.h"
#include "resolve/names.h"

struct sock_json_ctx {
    const struct options *o;
    struct names *names;
    const struct owners *owners;
    bool owners_scanned; /* -p: "processes" is a list, else null */
    struct json *j;
    const struct netns *ns; /* with --netns: the row's namespace */
    /* an interface's name in the row's namespace, into buf (IF_NAMESIZE) */
    const char *(*ifname)(void *ctx, uint32_t index, char *buf);
    void *ifname_ctx;
};

void sock_json_inet(struct sock_json_ctx *c, const struct sock_rec *s);
void sock_json_unix(struct sock_json_ctx *c, const struct sock_rec *s);

#endif
