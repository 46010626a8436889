/* What both dialects' option parsers read the same way. */
#ifndef NETSTAT_CLI_SECONDS_H
#define NETSTAT_CLI_SECONDS_H

#include <stdbool.h>

/* A positive whole number of seconds, at most a day (the refresh delay of
 * -c, Windows' interval): true and *out, or false. */
bool cli_seconds(const char *s, unsigned *out);

/* A count of refreshes (--count): a positive whole number up to 10^9. */
bool cli_count(const char *s, unsigned *out);

#endif
