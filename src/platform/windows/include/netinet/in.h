/* The Windows build's <netinet/in.h>: Winsock's definitions. */
#ifndef NETSTAT_WIN_NETINET_IN_H
#define NETSTAT_WIN_NETINET_IN_H
#include <winsock2.h>
#include <ws2tcpip.h>
#endif
