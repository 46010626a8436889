/* Small things the Windows backend's files share. */
#ifndef NETSTAT_PLATFORM_WINDOWS_WINUTIL_H
#define NETSTAT_PLATFORM_WINDOWS_WINUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/* A Win32 error code as a negative errno value. */
int win_errno(unsigned long code);

/* A wide string as UTF-8 into buf (cut to fit, always terminated). */
void win_utf8(const wchar_t *w, char *buf, size_t n);

/* Every process: its id and image name ("svchost.exe"). */
struct win_proc {
    uint32_t pid;
    char name[64];
};
int win_processes(struct win_proc **v, size_t *n);

#endif
