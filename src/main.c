/* netstat: options -> view -> exit status. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/options.h"
#include "platform/platform.h"
#include "views/explain.h"
#include "views/interfaces.h"
#include "views/routes.h"
#include "views/sockets.h"
#include "views/statistics.h"

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

static int not_yet(const char *what)
{
    fprintf(stderr, "netstat: the %s view is not available yet.\n", what);
    return EXIT_FAIL;
}

int main(int argc, char **argv)
{
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

    struct options o;
    int rc = options_parse(argc, argv, &o);
    if (rc >= 0)
        return finish_output(rc, 0);

    if (o.masq) {
        if (access("/proc/net/ip_masquerade", R_OK) != 0) {
            fprintf(stderr, "netstat: no support for `ip_masquerade' on this system.\n");
            return finish_output(EXIT_FAIL, 0);
        }
        return finish_output(not_yet("masquerade"), 0);
    }

    struct platform *p;
    if (platform_open(&p, o.source) < 0) {
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    for (bool first = true;; first = false) {
        if (o.stats) {
            rc = statistics_view(&o, p, stdout);
            break; /* net-tools shows statistics once, even with -c */
        }
        if (o.explain)
            rc = explain_view(&o, p, stdout);
        else if (o.route)
            rc = routes_view(&o, p, stdout);
        else if (o.iface)
            rc = interfaces_view(&o, p, stdout, first);
        else
            rc = sockets_view(&o, p, stdout);
        if (rc || !o.cont)
            break;
        if (fflush(stdout) != 0)
            break;
        sleep(o.delay);
    }
    /* A view stops at a failed write with errno telling why: keep it
     * before closing the backend changes it. */
    int early = ferror(stdout) ? errno : 0;
    platform_close(p);
    return finish_output(rc, early);
}
