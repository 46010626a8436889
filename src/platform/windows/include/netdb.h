/* The Windows build's <netdb.h>: Winsock's, and the walks over the
 * services and protocols databases Winsock lacks, which read Windows' own
 * files (%SystemRoot%\System32\drivers\etc; platform/windows/compat.c). */
#ifndef NETSTAT_WIN_NETDB_H
#define NETSTAT_WIN_NETDB_H
#include <winsock2.h>
#include <ws2tcpip.h>
void setservent(int stayopen);
struct servent *getservent(void);
void endservent(void);
void setprotoent(int stayopen);
struct protoent *getprotoent(void);
void endprotoent(void);
#endif
