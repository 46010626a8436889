/* The Windows build's <net/if.h>: interface names and indexes from IP
 * Helper. */
#ifndef NETSTAT_WIN_NET_IF_H
#define NETSTAT_WIN_NET_IF_H
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#ifndef IF_NAMESIZE
#define IF_NAMESIZE 16
#endif
#endif
