/* netstat: options -> view -> exit status. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/options.h"
#include "platform/platform.h"
#include "resolve/names.h"
#include "views/explain.h"
#include "views/events.h"
#include "views/interfaces.h"
#include "views/kill.h"
#include "views/listenq.h"
#include "views/summary.h"
#include "views/rates.h"
#include "views/routes.h"
#include "views/masq.h"
#include "views/metrics.h"
#include "views/sockets.h"
#include "views/statistics.h"
#include "views/top.h"
#include "views/view_json.h"
#include "views/winviews.h"

/* Flushes stdout; a write error becomes a message and a failure status.
 * early: the errno of a write that failed before, or 0. */
static int finish_output(int rc, int early)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = early ? early : errno;
        if (e == EPIPE)
            return rc; /* the reader went away: nothing to tell it */
        fprintf(stderr, "netstat: write error: %s\n", strerror(e ? e : EIO));
        return EXIT_FAIL;
    }
    return rc;
}

/* --netns: the namespaces it names, or a message and a failure status. */
static int list_netns(const char *spec, struct netns_list *l)
{
    int rc = platform_netns_list(spec, l);
    const char *why;
    switch (rc) {
    case 0:
        return 0;
    case -ENOENT:
        why = "no such network namespace (not a name in /run/netns, a process id or a path)";
        break;
    case -ESRCH:
        why = "no such process";
        break;
    case -EACCES:
    case -EPERM:
        why = "permission denied (another user's process or namespace: run as root)";
        break;
    case -EINVAL:
        why = "not a network namespace";
        break;
    case -ENOSYS:
        why = "this system has no network namespaces";
        break;
    default:
        why = strerror(-rc);
        break;
    }
    fprintf(stderr, "netstat: --netns %s: %s\n", spec, why);
    return EXIT_FAIL;
}

/* Views that read one namespace as a whole (routes, interfaces, counters,
 * groups) run inside it: the process moves there before anything opens. */
static int enter_netns(const char *spec, struct netns_list *l)
{
    int rc = list_netns(spec, l);
    if (rc)
        return rc;
    int e = platform_enter_netns(&l->v[0]);
    if (e < 0) {
        fprintf(stderr, "netstat: --netns %s: cannot enter it: %s%s\n", spec, strerror(-e),
                e == -EPERM ? " (entering a network namespace needs root)" : "");
        return EXIT_FAIL;
    }
    l->v[0].own = true;
    return 0;
}

int main(int argc, char **argv)
{
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

    struct options o;
    int rc = options_parse(argc, argv, &o);
    if (rc >= 0)
        return finish_output(rc, 0);

    /* With --netns, socket listings read each namespace from here; the
     * other views need the process inside the one named. */
    struct netns_list nss = {0};
    bool whole = o.netns && (o.route || o.iface || o.stats || o.groups || o.masq ||
                             (o.prometheus && strcmp(o.netns, "all") != 0));
    if (whole && (rc = enter_netns(o.netns, &nss)) != 0)
        return finish_output(rc, 0);

    /* Host names are looked up in a process of their own, started while
     * this one is small and has no thread (resolve/hosts.h). */
    if (!(o.numeric & NUM_HOST) && !o.stats && !o.iface && !o.iface_totals && !o.proto_blocks &&
        !o.summary && !o.listen_queues && !o.kill && !o.events && !o.prometheus && !o.top)
        names_start();

    struct platform *p;
    if (platform_open(&p, o.source) < 0) {
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    if (o.cont && o.json)
        view_json_stamp(true);
    unsigned done = 0;
    for (bool first = true;; first = false) {
        if (o.netns && !whole) { /* again at each refresh: they come and go */
            platform_netns_list_free(&nss);
            if ((rc = list_netns(o.netns, &nss)) != 0)
                break;
        }
        if (o.top) {
            rc = top_view(&o, p, stdout);
            break;
        } else if (o.prometheus) {
            rc = metrics_view(&o, p, o.netns ? &nss : NULL, stdout);
        } else if (o.masq) {
            rc = masq_view(&o, p, stdout);
            break;
        } else if (o.stats) {
            rc = statistics_view(&o, p, stdout);
            break; /* net-tools shows statistics once, even with -c */
        } else if (o.explain)
            rc = explain_view(&o, p, o.netns ? &nss : NULL, stdout);
        else if (o.listen_queues)
            rc = listenq_view(&o, p, o.netns ? &nss : NULL, stdout);
        else if (o.events)
            rc = events_view(&o, p, o.netns ? &nss : NULL, stdout);
        else if (o.kill)
            rc = kill_view(&o, p, o.netns ? &nss : NULL, stdout);
        else if (o.summary)
            rc = summary_view(&o, p, o.netns ? &nss : NULL, stdout);
        else if (o.iface_totals || o.proto_blocks) {
            rc = o.iface_totals ? ifstats_view(&o, p, stdout) : EXIT_OK;
            if (!rc && o.proto_blocks)
                rc = protostats_view(&o, p, stdout);
        } else if (o.route_print)
            rc = routeprint_view(&o, p, stdout);
        else if (o.netdirect)
            rc = netdirect_view(&o, stdout);
        else if (o.route)
            rc = routes_view(&o, p, stdout);
        else if (o.iface && o.rate) {
            rc = rates_view(&o, p, stdout);
            break;
        } else if (o.iface)
            rc = interfaces_view(&o, p, stdout, first);
        else
            rc = sockets_view(&o, p, o.netns ? &nss : NULL, stdout);
        if (rc || !o.cont || (o.count && ++done >= o.count))
            break;
        if (fflush(stdout) != 0)
            break;
        sleep(o.delay);
    }
    /* A view stops at a failed write with errno telling why: keep it
     * before closing the backend changes it. */
    int early = ferror(stdout) ? errno : 0;
    platform_close(p);
    platform_netns_list_free(&nss);
    names_end();
    filter_free(&o.filter);
    return finish_output(rc, early);
}
