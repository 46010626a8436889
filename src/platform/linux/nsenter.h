/* Reaching into another network namespace without leaving our own: a
 * short-lived thread enters it (setns), opens what is needed (netlink
 * sockets, /proc/net files) and ends. What it opened stays bound to that
 * namespace; the caller's thread never changes namespace, so no error can
 * leave the process in the wrong one. */
#ifndef NETSTAT_NSENTER_H
#define NETSTAT_NSENTER_H

#include <libmnl/libmnl.h>

/* Runs fn(arg) on a new thread inside the network namespace nsfd, and
 * waits for it. Returns fn's value, or -errno when the thread could not
 * start or enter (-EPERM: entering needs CAP_SYS_ADMIN). */
int ns_run(int nsfd, int (*fn)(void *), void *arg);

/* A bound netlink socket of the given bus, in namespace nsfd (here when
 * nsfd < 0). NULL with errno set on failure. */
struct mnl_socket *ns_mnl_open(int nsfd, int bus);

/* n such sockets with one entry into the namespace. 0, or -errno with
 * none left open. */
int ns_mnl_open_n(int nsfd, int bus, struct mnl_socket **out, int n);

/* Opens /proc/net/<leaf> as namespace nsfd sees it (here when nsfd < 0).
 * A descriptor, or -errno. */
int ns_open_net_file(int nsfd, const char *leaf);

#endif
