/* The Windows build's <pwd.h>: Windows has no uid numbers, so no names
 * for them; every lookup finds none. */
#ifndef NETSTAT_WIN_PWD_H
#define NETSTAT_WIN_PWD_H
#include <stddef.h>
struct passwd {
    char *pw_name;
    unsigned pw_uid;
};
static inline struct passwd *getpwuid(unsigned uid)
{
    (void)uid;
    return NULL;
}
static inline struct passwd *getpwnam(const char *name)
{
    (void)name;
    return NULL;
}
#endif
