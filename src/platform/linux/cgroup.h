/* Which container a process runs in, read from its control group paths
 * (/proc/<pid>/cgroup), as docker, podman, containerd, cri-o, Kubernetes,
 * systemd-nspawn and LXC name the groups they create. */
#ifndef NETSTAT_CGROUP_H
#define NETSTAT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "model/netns.h"

/* Reads the text of /proc/<pid>/cgroup (lines "ID:CONTROLLERS:PATH").
 * The innermost group a runtime made wins (the last match along a path),
 * from the first line that has one. Returns true and fills *out when a
 * container was recognised; false leaves out->runtime empty. */
bool cgroup_container(const char *text, size_t len, struct container *out);

#endif
