/* Usage, help and version of the Windows dialect. */
#include "cli/usage.h"

static const char usage_text[] =
    "\n"
    "Shows the TCP and UDP connections, listening ports, interface counters,\n"
    "routes and protocol statistics of this computer.\n"
    "\n"
    "NETSTAT [-a] [-b] [-e] [-f] [-i] [-n] [-o] [-p proto] [-q] [-r] [-s] [-t] [-x] [-y]\n"
    "        [--json] [--explain [PORT|ADDRESS]] [filters] [interval]\n"
    "\n"
    "  -a            all connections and listening ports\n"
    "  -b            the executable behind each connection or listening port\n"
    "  -e            Ethernet (interface) statistics; with -s too\n"
    "  -f            fully qualified names of foreign addresses\n"
    "  -i            time in the current state (not known here: accepted, ignored)\n"
    "  -n            addresses and ports as numbers\n"
    "  -o            the owning process ID of each connection\n"
    "  -p proto      connections of proto: TCP, UDP, TCPv6 or UDPv6; with -s also\n"
    "                IP, IPv6, ICMP or ICMPv6 statistics\n"
    "  -q            all connections, listening ports and bound ports\n"
    "  -r            the routing table (as route print)\n"
    "  -s            statistics by protocol (IP, IPv6, ICMP, ICMPv6, TCP, TCPv6, UDP,\n"
    "                UDPv6; -p picks one)\n"
    "  -t            the offload state of each connection\n"
    "  -x            NetworkDirect connections, listeners and endpoints\n"
    "  -y            the connection template of each connection\n"
    "  interval      show again every interval seconds until Ctrl+C\n"
    "\n"
    "  --json        one JSON document instead of the table (the schema of every\n"
    "                platform)\n"
    "  --explain     every listening port, its programs, and who can reach it\n"
    "  --port N  --sport N  --dport N  --src ADDR  --dst ADDR  --state S\n"
    "  --pid PID  --program NAME\n"
    "                only the connections these select\n"
    "\n"
    "Exit status: 0 listed; 1 failed; 3 bad command line; 4 --explain PORT|ADDRESS:\n"
    "nothing listens there.\n";

void usage_print(FILE *out)
{
    fputs(usage_text, out);
}

void usage_help(FILE *out)
{
    fputs(usage_text, out);
}

void usage_version(FILE *out)
{
    fprintf(out, "netstat %s (Windows)\n", NETSTAT_VERSION);
    fputs("Sources: +IPHLPAPI\n", out);
    fputs("Features: +JSON +EXPLAIN +FILTERS -NETNS -FIREWALL\n", out);
    fprintf(out, "Build: %s %s\n",
#ifdef __clang__
            "clang",
#else
            "gcc",
#endif
            __VERSION__);
}
