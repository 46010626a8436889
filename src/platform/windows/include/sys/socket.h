/* The Windows build's <sys/socket.h>: Winsock's definitions. */
#ifndef NETSTAT_WIN_SYS_SOCKET_H
#define NETSTAT_WIN_SYS_SOCKET_H
#include <winsock2.h>
#include <ws2tcpip.h>
#endif
