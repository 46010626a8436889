/* The Windows build's <fnmatch.h> (the C runtime has none): shell
 * patterns with * ? and [...] (platform/windows/fnmatch.c). */
#ifndef NETSTAT_WIN_FNMATCH_H
#define NETSTAT_WIN_FNMATCH_H
#define FNM_NOMATCH 1
int fnmatch(const char *pattern, const char *string, int flags);
#endif
