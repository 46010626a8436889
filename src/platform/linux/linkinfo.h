#ifndef NETSTAT_LINKINFO_H
#define NETSTAT_LINKINFO_H

#include <stddef.h>

#include "model/link.h"

/* One /proc/net/if_inet6 line (pure, fuzzed). */
int linkinfo_parse_inet6(const char *line, size_t len, struct link_addr6 *out);

#endif
