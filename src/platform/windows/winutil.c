#include "platform/windows/winutil.h"

#include <windows.h>
#include <tlhelp32.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int win_errno(unsigned long code)
{
    switch (code) {
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return -ENOMEM;
    case ERROR_ACCESS_DENIED:
        return -EACCES;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
        return -ENOENT;
    case ERROR_NOT_FOUND:
    case ERROR_FILE_NOT_FOUND:
        return -ENOENT;
    case ERROR_INVALID_PARAMETER:
        return -EINVAL;
    default:
        return -EIO;
    }
}

void win_utf8(const wchar_t *w, char *buf, size_t n)
{
    if (n == 0)
        return;
    int len = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)n, NULL, NULL);
    if (len <= 0) {
        /* too long: cut where it fits */
        char tmp[1024];
        len = WideCharToMultiByte(CP_UTF8, 0, w, -1, tmp, sizeof(tmp), NULL, NULL);
        if (len <= 0)
            tmp[0] = '\0';
        tmp[sizeof(tmp) - 1] = '\0';
        size_t k = strlen(tmp);
        if (k >= n)
            k = n - 1;
        while (k > 0 && ((unsigned char)tmp[k] & 0xC0) == 0x80)
            k--; /* not inside a character */
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
}

int win_processes(struct win_proc **v, size_t *n)
{
    *v = NULL;
    *n = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return win_errno(GetLastError());
    size_t cap = 0;
    PROCESSENTRY32W pe = {.dwSize = sizeof(pe)};
    for (BOOL ok = Process32FirstW(snap, &pe); ok; ok = Process32NextW(snap, &pe)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 128;
            struct win_proc *nv = realloc(*v, nc * sizeof(*nv));
            if (!nv) {
                CloseHandle(snap);
                free(*v);
                *v = NULL;
                *n = 0;
                return -ENOMEM;
            }
            *v = nv;
            cap = nc;
        }
        struct win_proc *w = &(*v)[(*n)++];
        w->pid = pe.th32ProcessID;
        win_utf8(pe.szExeFile, w->name, sizeof(w->name));
    }
    CloseHandle(snap);
    return 0;
}
