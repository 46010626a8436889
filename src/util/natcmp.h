#ifndef NETSTAT_UTIL_NATCMP_H
#define NETSTAT_UTIL_NATCMP_H

/* Orders interface names the way net-tools lists them: like strcmp, but
 * where the names first differ inside a run of digits, by the numbers
 * (eth2 before eth10). A digit against a non-digit sorts first. */
int natcmp(const char *a, const char *b);

#endif
