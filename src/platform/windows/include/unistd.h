/* The Windows build's <unistd.h>: the runtime's, and geteuid: Windows
 * has no uid numbers; netstat's only use is a message, where 0 is said. */
#ifndef NETSTAT_WIN_UNISTD_H
#define NETSTAT_WIN_UNISTD_H
#include_next <unistd.h>
static inline int geteuid(void)
{
    return 0;
}
#endif
