/* A Winsock program of the Windows tests' own: under Wine, the client and
 * UDP sockets a Windows process holds carry its Windows pid in IP Helper's
 * tables (Linux processes' read 0, and so do listeners), so -o and -b can
 * be checked on these. It connects to 127.0.0.1 port argv[1] and binds a
 * UDP socket on 127.0.0.1 port argv[2] (0: any), prints its pid, the two
 * local ports and "ready", and waits until its standard input closes. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: wsholder TCP-PORT-TO-CONNECT-TO UDP-PORT\n");
        return 2;
    }
    WSADATA wd;
    if (WSAStartup(MAKEWORD(2, 2), &wd) != 0)
        return 1;
    struct sockaddr_in a = {.sin_family = AF_INET}, t_at, u_at;
    int len = sizeof(t_at);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
    a.sin_port = htons((u_short)atoi(argv[1]));
    if (t == INVALID_SOCKET || connect(t, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(t, (struct sockaddr *)&t_at, &len) != 0)
        return 1;
    a.sin_port = htons((u_short)atoi(argv[2]));
    len = sizeof(u_at);
    if (u == INVALID_SOCKET || bind(u, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(u, (struct sockaddr *)&u_at, &len) != 0)
        return 1;
    /* a byte each way: Wine's client takes the sockets' file descriptors
     * from its server when they are used, and IP Helper finds a socket's
     * process by them */
    char x = 'x';
    if (send(t, &x, 1, 0) != 1 ||
        sendto(u, &x, 1, 0, (struct sockaddr *)&u_at, sizeof(u_at)) != 1 || recv(u, &x, 1, 0) != 1)
        return 1;
    printf("%lu %u %u ready\n", (unsigned long)GetCurrentProcessId(), ntohs(t_at.sin_port),
           ntohs(u_at.sin_port));
    char buf[16];
    while (fgets(buf, sizeof(buf), stdin))
        ;
    closesocket(t);
    closesocket(u);
    WSACleanup();
    return 0;
}
