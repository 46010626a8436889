#ifndef NETSTAT_CLI_USAGE_H
#define NETSTAT_CLI_USAGE_H

#include <stdio.h>

/* net-tools' usage text; the family list always goes to stderr, as there. */
void usage_print(FILE *out);
/* -V: the version, the sources, families and features of this build. */
void usage_version(FILE *out);
/* -h, --help: every option, grouped. */
void usage_help(FILE *out);

#endif
