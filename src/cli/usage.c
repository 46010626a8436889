#include "cli/usage.h"

#ifndef NETSTAT_VERSION
#define NETSTAT_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n"
    "       netstat [-vWnNcaeol] [<Socket> ...]\n"
    "       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }\n"
    "\n"
    "        -r, --route              display routing table\n"
    "        -i, --interfaces         display interface table\n"
    "        -g, --groups             display multicast group memberships\n"
    "        -s, --statistics         display networking statistics (like SNMP)\n"
    "        -M, --masquerade         display masqueraded connections\n"
    "\n"
    "        -v, --verbose            be verbose\n"
    "        -W, --wide               don't truncate IP addresses\n"
    "        -n, --numeric            don't resolve names\n"
    "        --numeric-hosts          don't resolve host names\n"
    "        --numeric-ports          don't resolve port names\n"
    "        --numeric-users          don't resolve user names\n"
    "        -N, --symbolic           resolve hardware names\n"
    "        -e, --extend             display other/more information\n"
    "        -p, --programs           display PID/Program name for sockets\n"
    "        -o, --timers             display timers\n"
    "        -c, --continuous         continuous listing\n"
    "\n"
    "        -l, --listening          display listening server sockets\n"
    "        -a, --all                display all sockets (default: connected)\n"
    "        -F, --fib                display Forwarding Information Base (default)\n"
    "        -C, --cache              display routing cache instead of FIB\n"
    "        -Z, --context            display SELinux security context for sockets\n"
    "\n"
    "  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}\n"
    "           {-x|--unix} --ax25 --ipx --netrom\n"
    "  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet\n"
    "  List of possible address families (which support routing):\n";

static const char aflist_text[] = "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n"
                                  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n"
                                  "    ddp (Appletalk DDP) x25 (CCITT X.25) \n";

void usage_print(FILE *out)
{
    fputs(usage_text, out);
    fflush(out);
    fputs(aflist_text, stderr);
}

void usage_version(FILE *out)
{
    fprintf(out, "netstat %s\n", NETSTAT_VERSION);
    fputs("Sources: +NETLINK_SOCK_DIAG +UNIX_DIAG +PROC_NET\n", out);
    fputs("AF: (inet) +UNIX +INET +INET6 -IPX -AX25 -NETROM -X25 -ROSE -BLUETOOTH\n", out);
}
