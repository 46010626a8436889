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

/* -h, --help: ours, grouped; the usage after a bad option stays
 * net-tools' (usage_print), as scripts may read it. */
static const char help_text[] =
    "Usage: netstat [OPTION]...              sockets (default: connected ones)\n"
    "       netstat -r | -i | -g | -s | -M   another view\n"
    "       netstat --explain [PORT|ADDRESS] who can reach what listens\n"
    "\n"
    "Views:\n"
    "  -r, --route              routing tables (-4, -6, -A FAMILY; -e, -ee: more)\n"
    "  -i, --interfaces         interfaces, their counters (-a: all; -e: as ifconfig)\n"
    "  -g, --groups             multicast group memberships\n"
    "  -s, --statistics         protocol statistics (-t, -u, -w, -6 pick sections)\n"
    "  -M, --masquerade         masqueraded connections\n"
    "      --explain [PORT|ADDRESS]\n"
    "                           every listening port, its programs, and who can\n"
    "                           reach it, in words\n"
    "      --listen-queues      each TCP listener's accept and SYN queues, the\n"
    "                           host's listen overflows (-c: their change)\n"
    "      --summary            socket totals by protocol, family and TCP state\n"
    "      --kill [--dry-run]   destroy the TCP/UDP sockets the filters select\n"
    "                           (a filter is required; root)\n"
    "      --events             TCP and UDP sockets as they close, with the time,\n"
    "                           until interrupted (filters apply; -c SECS: also\n"
    "                           those opened, by a dump every SECS)\n"
    "      --top                TCP connections and their processes by bytes a\n"
    "                           second, live (keys: t i o r x sort, p pause, q quit)\n"
    "  -i --rate[=SECS]         interface traffic a second, every SECS (default 1)\n"
    "      --interface NAME     -i and --rate for that interface only (or total)\n"
    "      --prometheus         counters, interfaces, sockets and listeners as\n"
    "                           Prometheus metrics (-s, -i, --summary, -l: one part)\n"
    "      --textfile DIR       the same into DIR/netstat.prom, replaced whole\n"
    "\n"
    "Which sockets:\n"
    "  -t, --tcp   -u, --udp   -U, --udplite   -w, --raw   -S, --sctp   -x, --unix\n"
    "  -4, --inet  -6, --inet6 -A, --protocol=FAMILY[,...] (inet, inet6, unix, ...)\n"
    "  -l, --listening          listening sockets only\n"
    "  -a, --all                listening and connected sockets\n"
    "      --netns all|NAME|PID|PATH\n"
    "                           every network namespace, or one\n"
    "\n"
    "Filters (the values of one option OR together, different options AND):\n"
    "      --port N[,...]       local or remote port: 22, 8000-8100, https\n"
    "      --sport N[,...]      local port\n"
    "      --dport N[,...]      remote port\n"
    "      --src ADDR[,...]     local address or prefix: 192.0.2.0/24, ::1; for UNIX\n"
    "                           sockets a path pattern: '/run/*', '@*'\n"
    "      --dst ADDR[,...]     remote address or prefix\n"
    "      --state S[,...]      ESTABLISHED, LISTEN, TIME_WAIT, ... or the groups\n"
    "                           connected, synchronized, listening, all\n"
    "      --pid PID[,...]      sockets of these processes\n"
    "      --program NAME[,...] sockets of programs of this name or pattern: 'py*'\n"
    "      --user USER[,...]    sockets of this user (name or uid)\n"
    "\n"
    "Output:\n"
    "  -n, --numeric            numbers, not names (also --numeric-hosts,\n"
    "                           --numeric-ports, --numeric-users)\n"
    "  -e, --extend             user and inode columns (-ee: more)\n"
    "  -p, --programs           PID/program of each socket\n"
    "  -o, --timers             TCP timers\n"
    "      --info               TCP internals (rtt, cwnd, bytes, retransmits...)\n"
    "                           on a line under each row\n"
    "      --memory             socket memory on a line under each row\n"
    "  -W, --wide               never shorten addresses\n"
    "  -N, --symbolic           resolve hardware names\n"
    "  -c, --continuous [SECS]  list again every SECS seconds (default 1)\n"
    "      --count N            stop after N refreshes (-c, --rate, --top)\n"
    "      --human              rates in k, M, G (--rate)\n"
    "  -v, --verbose            report families this system lacks\n"
    "  -C, --cache, -F, --fib   routing cache, forwarding table (default)\n"
    "  -Z, --context            SELinux contexts (not supported)\n"
    "  -j, --json               one JSON document instead of the table\n"
    "\n"
    "  -V, --version            version and build features\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit status: 0 listed; 1 failed (a family, namespace or source missing);\n"
    "3 bad command line; 4 --explain PORT|ADDRESS: nothing listens there, or\n"
    "--kill: no socket matches.\n"
    "Manual: man netstat (or the netstat.8 page this build installed).\n";

void usage_help(FILE *out)
{
    fputs(help_text, out);
}

#ifndef NETSTAT_LIBMNL
#define NETSTAT_LIBMNL "?"
#endif
#ifdef NETSTAT_BPF_OWNERS
#define BPF_FEATURE "+BPF_OWNERS"
#else
#define BPF_FEATURE "-BPF_OWNERS"
#endif
#ifdef NETSTAT_CURSES
#define TOP_FEATURE "+TOP"
#else
#define TOP_FEATURE "-TOP"
#endif

void usage_version(FILE *out)
{
    fprintf(out, "netstat %s\n", NETSTAT_VERSION);
    fputs("Sources: +NETLINK_SOCK_DIAG +UNIX_DIAG +PROC_NET\n", out);
    fputs("AF: (inet) +UNIX +INET +INET6 -IPX -AX25 -NETROM -X25 -ROSE -BLUETOOTH\n", out);
    fputs("Features: +JSON +EXPLAIN +NETNS +FILTERS +KERNEL_FILTERS +PARALLEL_DNS -SCTP -COLOR "
          "+PROMETHEUS " TOP_FEATURE " " BPF_FEATURE "\n",
          out);
    fprintf(out, "Build: libmnl %s, %s %s", NETSTAT_LIBMNL,
#ifdef __clang__
            "clang",
#else
            "gcc",
#endif
            __VERSION__);
#if defined(__SANITIZE_ADDRESS__)
    fputs(", AddressSanitizer", out);
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    fputs(", AddressSanitizer", out);
#endif
#endif
    fputc('\n', out);
}
