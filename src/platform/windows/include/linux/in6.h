/* The Windows build's <linux/in6.h>: Winsock's definitions. */
#ifndef NETSTAT_WIN_LINUX_IN6_H
#define NETSTAT_WIN_LINUX_IN6_H
#include <winsock2.h>
#include <ws2tcpip.h>
#endif
