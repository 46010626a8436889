/* The Windows build's <arpa/inet.h>: inet_ntop and inet_pton from Winsock. */
#ifndef NETSTAT_WIN_ARPA_INET_H
#define NETSTAT_WIN_ARPA_INET_H
#include <winsock2.h>
#include <ws2tcpip.h>
#endif
