#include "views/view_json.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "util/fmt.h"
#include "views/notes.h"

static bool stamped;

void view_json_stamp(bool on)
{
    stamped = on;
}

void view_json_time_text(char *buf, size_t n)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    /* gmtime, not gmtime_r (which not every C library has): no thread
     * of netstat's formats times. */
    time_t sec = tv.tv_sec;
    const struct tm *tm = gmtime(&sec);
    size_t k = tm ? strftime(buf, n, "%Y-%m-%dT%H:%M:%S", tm) : 0;
    snprintf(buf + k, n - k, ".%03ldZ", (long)(tv.tv_usec / 1000));
}

void view_json_netns(struct json *j, struct platform *p)
{
    uint64_t inode;
    json_kv_string(j, "platform", platform_name());
    if (stamped) {
        char when[VIEW_TIME_MAX];
        view_json_time_text(when, sizeof(when));
        json_kv_string(j, "time", when);
    }
    json_key(j, "netns");
    if (platform_netns_inode(p, &inode) < 0) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    json_kv_u64(j, "inode", inode);
    json_object_end(j);
}

void view_json_netns_fields(struct json *j, const struct netns *ns)
{
    json_kv_u64(j, "inode", ns->inode);
    json_kv_bytes(j, "label", ns->label, strlen(ns->label));
    if (ns->name)
        json_kv_bytes(j, "name", ns->name, strlen(ns->name));
    else
        json_kv_string(j, "name", NULL);
    json_key(j, "pid");
    if (ns->pid > 0)
        json_u64(j, (uint64_t)ns->pid);
    else
        json_null(j);
    json_kv_bool(j, "host", ns->host);
    json_key(j, "container");
    if (ns->container.runtime[0]) {
        json_object_begin(j);
        json_kv_string(j, "runtime", ns->container.runtime);
        json_kv_bytes(j, "id", ns->container.id, strlen(ns->container.id));
        json_object_end(j);
    } else {
        json_null(j);
    }
}

void view_json_netns_member(struct json *j, const struct netns *ns)
{
    json_key(j, "netns");
    json_object_begin(j);
    view_json_netns_fields(j, ns);
    json_object_end(j);
}

void view_json_addr(enum sock_family fam, const struct sock_addr *a, char *buf, size_t n)
{
    if (fam == FAM_INET) {
        *fmt_ipv4(buf, a->bytes) = '\0';
        return;
    }
    struct in6_addr in6;
    memcpy(&in6, a->bytes, 16);
    if (!inet_ntop(AF_INET6, &in6, buf, (socklen_t)n))
        buf[0] = '\0';
}

void view_json_processes(struct json *j, const struct owners *owners, const struct sock_rec *s)
{
    struct owner few[8], *list = few;
    size_t n = platform_owners_find(owners, s, few, 8);
    if (n > 8 && (list = malloc(n * sizeof(*list))) != NULL)
        n = platform_owners_find(owners, s, list, n);
    else if (n > 8)
        n = 8; /* out of memory: the first ones */
    json_array_begin(j);
    for (size_t i = 0; i < n; i++) {
        json_object_begin(j);
        json_kv_i64(j, "pid", list[i].pid);
        json_kv_bytes(j, "program", list[i].name, strlen(list[i].name));
        json_key(j, "fd");
        if (list[i].fd >= 0)
            json_i64(j, list[i].fd);
        else
            json_null(j); /* the system does not tell */
        json_object_end(j);
    }
    json_array_end(j);
    if (list != few)
        free(list);
}

void view_endpoint_text(enum sock_family fam, const struct sock_addr *a, uint16_t port, char *buf,
                        size_t n)
{
    char t[64];
    view_json_addr(fam, a, t, sizeof(t));
    snprintf(buf, n, fam == FAM_INET6 ? "[%s]:%u" : "%s:%u", t, (unsigned)port);
}

struct owners *view_owners_load(const struct options *o, bool tell)
{
    if (!o->prog && !filter_needs_owners(&o->filter))
        return NULL;
    struct owners *owners;
    bool denied, none;
    int rc = platform_owners_load(&owners, &denied, &none);
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot find the programs (%s): %s\n",
                o->prog ? "-p" : "--pid, --program", owners_error(rc));
        return NULL;
    }
    if (tell && (none || denied))
        fprintf(stderr, "(Not all processes could be identified: run as root to see them "
                        "all.)\n");
    return owners;
}

void view_program_text(const struct owners *owners, const struct sock_rec *s, char *buf)
{
    struct owner first;
    if (!owners || platform_owners_find(owners, s, &first, 1) == 0) {
        strcpy(buf, "-");
        return;
    }
    char raw[64];
    snprintf(raw, sizeof(raw), "%d/%s", first.pid, first.name);
    escape_term(raw, strlen(raw), buf);
}
