#ifndef NETSTAT_UTIL_NATCMP_H
#define NETSTAT_UTIL_NATCMP_H

/* Orders interface names the way net-tools lists them: an alias suffix
 * (":N") aside, names compare first on the part before their trailing
 * digits (up to the shorter such part), then on that part's length, then
 * on the trailing number (eth2 before eth10), then as strings, then by
 * alias number. Returns <0, 0 or >0. It is not a strict total order for
 * every pair of names; net-tools' insertion walk relies on it as it is. */
int natcmp(const char *a, const char *b);

#endif
