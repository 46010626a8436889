/* Network namespaces: which one a socket lives in, and the label a person
 * recognises it by (an `ip netns` name, a container, or a process). */
#ifndef NETSTAT_MODEL_NETNS_H
#define NETSTAT_MODEL_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a control group path says about the container a process runs in. */
struct container {
    char runtime[16]; /* "docker", "podman", "containerd", "cri-o", "kubernetes",
                         "nspawn", "lxc"; "" when none was recognised */
    char id[128];     /* the container's id or name, as the runtime gives it */
};

struct netns {
    uint64_t inode; /* the namespace's identity (nsfs inode) */
    int pid;        /* the first process inside (lowest pid, this one aside), 0: none */
    char *name;     /* its `ip netns` name (the first, in byte order), or NULL */
    char *path;     /* what was opened to reach it (for messages) */
    bool host;      /* the namespace of process 1 */
    bool own;       /* the namespace netstat runs in */
    struct container container;
    char label[160]; /* see netns_label() */
    int fd;          /* backend handle; -1 when none is open */
};

/* A set of namespaces, in listing order: the host's first, then named ones
 * by name, then the others by their first process. */
struct netns_list {
    struct netns *v;
    size_t n;
    unsigned unseen; /* processes whose namespace could not be looked at */
    bool all;        /* every namespace was asked for, not one by name */
};

/* The label, in this order: "host" for process 1's namespace; the
 * `ip netns` name; "<runtime>:<id>" for a container (a hex id cut to 12
 * digits, as `docker ps` shows it); "pid:<N>" for the first process
 * inside; else the path it was opened by. Only a name or a path can hold
 * a blank. Fills ns->label (a longer name or path is cut; JSON has it
 * whole in "name"). */
void netns_label(struct netns *ns);

/* The order of a listing (see struct netns_list); for qsort. */
int netns_order(const void *a, const void *b);

#endif
