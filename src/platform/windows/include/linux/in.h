/* The Windows build's <linux/in.h>: Winsock's definitions. */
#ifndef NETSTAT_WIN_LINUX_IN_H
#define NETSTAT_WIN_LINUX_IN_H
#include <winsock2.h>
#include <ws2tcpip.h>
#endif
