#include "views/sockets.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/detail.h"
#include "render/fields.h"
#include "views/groups.h"
#include "views/notes.h"
#include "views/own.h"
#include "views/sockets_json.h"
#include "views/sockfilter.h"
#include "views/spaces.h"
#include "views/view_json.h"
#include "render/sock_text.h"
#include "resolve/names.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/grow.h"

struct run {
    const struct options *o;
    FILE *out;
    struct names *names;
    struct owners *owners;
    bool owners_loaded;
    int err; /* errno of the first output error */
    /* The tables this listing reads, in order, so the backend can read
     * each one's successor ahead. */
    struct gather_req plan[TABLE_COUNT];
    int nplan;
    /* --json */
    struct json j;
    struct sock_json_ctx jc;
    bool owners_denied, owners_none;
    bool owners_failed; /* -p asked, and no process could be scanned */
    /* the namespaces, and the one being read */
    struct spaces sp;
    struct space *cur;
    struct platform *plat; /* the backend reading now */
    bool uid_unknown;      /* --user met sockets whose owner no source told */
    bool quiet_missing;    /* a missing table was reported for the first */
    /* Without -n, a table's rows wait here while all their addresses
     * resolve at once (resolve/hosts.h); so do they whenever a row needs
     * a name the system's databases give (a user name), so that no
     * lookup runs while a table is read (views/own.h). UNIX paths are
     * copied to paths. */
    bool hold;
    struct sock_rec *held;
    size_t nheld, capheld;
    char *paths;
    size_t npaths, cappaths;
    /* --info, --memory: each held row's detail, at its index in held */
    struct sock_detail *details;
    size_t capdetails;
    bool detail_missing; /* some row's source told none (the text tables) */
    /* netstat's own sockets, left out */
    struct own_socks own;
    struct sock_text tx; /* the dialect's text layout */
};

/* After a write: 0, or -EIO when the output failed, keeping the cause
 * (errno now, before later calls change it) for main's message. */
static int output_failed(struct run *r)
{
    if (!ferror(r->out))
        return 0;
    if (!r->err)
        r->err = errno ? errno : EIO;
    return -EIO;
}

/* ---- owners (-p) ---- */

/* The owners, for -p and for --pid and --program. */
static void load_owners(struct run *r)
{
    const struct options *o = r->o;
    if (!(o->prog || filter_needs_owners(&o->filter)) || r->owners_loaded)
        return;
    r->owners_loaded = true;
    bool denied, none;
    int rc = platform_owners_load(&r->owners, &denied, &none);
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot find the programs (%s): %s\n",
                o->prog ? "-p" : "--pid, --program", owners_error(rc));
        r->owners_failed = true;
        return;
    }
    r->owners_denied = denied;
    r->owners_none = none;
    if (!o->prog) {
        if (none || denied)
            fprintf(stderr, "(Not all processes could be identified: --pid and --program match "
                            "only the sockets of processes you may inspect; run as root to "
                            "match them all.)\n");
        return;
    }
    r->jc.owners = r->owners;
    r->jc.owners_scanned = true;
    r->tx.owners = r->owners;
    if (none)
        fprintf(stderr,
                "(No info could be read for \"-p\": geteuid()=%d but you should be root.)\n",
                (int)geteuid());
    else if (denied)
        fprintf(stderr, "(Not all processes could be identified, non-owned process info\n"
                        " will not be shown, you would have to be root to see it all.)\n");
}

/* ---- inet ---- */

static bool inet_wanted(const struct options *o, const struct sock_rec *s)
{
    if (o->all)
        return true;
    bool remote;
    if (s->proto == PROTO_TCP)
        remote = s->rport != 0;
    else
        remote = !sock_addr_is_any(s->family, &s->raddr);
    return o->listening ? !remote : remote;
}

/* Whether a row of the table being read is listed: the view's choice
 * (-a, -l) and the filters. */
static bool wanted(struct run *r, const struct sock_rec *s)
{
    if (s->inode && own_has(&r->own, s->inode))
        return false;
    if (s->family != FAM_UNIX && !inet_wanted(r->o, s))
        return false;
    if (!s->has_uid && filter_has(&r->o->filter, FK_USER))
        r->uid_unknown = true;
    return sock_filter_pass(&r->o->filter, r->owners, r->plat, s);
}

static int inet_row(struct run *r, const struct sock_rec *s)
{
    if (r->o->detail && !s->detail)
        r->detail_missing = true;
    if (r->o->json) {
        sock_json_inet(&r->jc, s);
    } else {
        if (sock_text_inet_row(&r->tx, s) < 0)
            return -ENOMEM;
        if (r->o->detail)
            detail_text(r->out, s->detail, r->o->detail);
    }
    return output_failed(r);
}

/* Keeps the detail of held row i (--info, --memory); the record points
 * at it from then on. */
static int hold_detail(struct run *r, struct sock_rec *h, size_t i)
{
    if (!h->detail)
        return 0;
    if (grow((void **)&r->details, &r->capdetails, i + 1, sizeof(*r->details)) < 0)
        return -ENOMEM;
    r->details[i] = *h->detail;
    h->detail = (const struct sock_detail *)(uintptr_t)(i + 1);
    return 0;
}

/* After the table is read (details no longer moves): each held row's
 * detail pointer, from its index. */
static const struct sock_detail *held_detail(const struct run *r, const struct sock_rec *h)
{
    uintptr_t k = (uintptr_t)h->detail;
    return k ? &r->details[k - 1] : NULL;
}

static int inet_visit(const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    return wanted(r, s) ? inet_row(r, s) : 0;
}

/* Keeps a row back and starts the lookups of its addresses. */
static int inet_hold(const struct sock_rec *s, void *ctx)
{
    struct run *r = ctx;
    if (!wanted(r, s))
        return 0;
    if (grow((void **)&r->held, &r->capheld, r->nheld + 1, sizeof(*r->held)) < 0)
        return -ENOMEM;
    r->held[r->nheld] = *s; /* inet records point at nothing but their detail */
    if (hold_detail(r, &r->held[r->nheld], r->nheld) < 0)
        return -ENOMEM;
    r->nheld++;
    if (!(r->o->numeric & NUM_HOST)) {
        names_want(s->family, &s->laddr);
        names_want(s->family, &s->raddr);
    }
    return 0;
}

/* One table: streamed with -n; without, held until its names are asked
 * for, then printed (the rows read before a failure are printed too). */
static int inet_gather(struct run *r, struct platform *p, const struct gather_req *req)
{
    r->plat = p;
    r->nheld = 0;
    own_begin(&r->own);
    int g = platform_sockets(p, req, r->hold ? inet_hold : inet_visit, r);
    own_end(&r->own);
    for (size_t i = 0; i < r->nheld; i++) {
        r->held[i].detail = held_detail(r, &r->held[i]);
        int v = inet_row(r, &r->held[i]);
        if (v < 0)
            return v;
    }
    return g;
}

/* net-tools' warning for each malformed line of a socket table. */
static void report_bad(struct platform *p, enum sock_proto proto)
{
    const char *kind = proto == PROTO_TCP    ? "tcp"
                       : proto == PROTO_RAW  ? "raw"
                       : proto == PROTO_UNIX ? "unix"
                                             : "udp";
    for (unsigned i = platform_last_bad(p); i > 0; i--)
        fprintf(stderr, "warning, got bogus %s line.\n", kind);
}

static enum sock_proto proto_of(enum sock_table t)
{
    switch (t) {
    case TABLE_TCP4:
    case TABLE_TCP6:
        return PROTO_TCP;
    case TABLE_RAW4:
    case TABLE_RAW6:
        return PROTO_RAW;
    case TABLE_SCTP4:
    case TABLE_SCTP6:
        return PROTO_SCTP;
    default:
        return PROTO_UDP;
    }
}

static void sysnot(const char *what)
{
    fprintf(stderr, "netstat: no support for `%s' on this system.\n", what);
}

/* The request for one table, with the states the listing wants, so the
 * kernel skips the rest: TCP servers are LISTEN; a datagram socket is a
 * "server" while unconnected (CLOSE), and a connected one is ESTABLISHED.
 * --state narrows them (states 0: nothing to read). inet_wanted() and the
 * filter still decide each row. */
static struct gather_req table_req(const struct options *o, enum sock_table t)
{
    uint32_t states = ~0u;
    bool tcp = t == TABLE_TCP4 || t == TABLE_TCP6;
    bool dgram = t >= TABLE_UDP4 && t <= TABLE_RAW6;
    if (!o->all && tcp)
        states = o->listening ? 1u << ST_LISTEN : ~(1u << ST_LISTEN);
    else if (!o->all && dgram)
        states = o->listening ? ~(1u << ST_ESTABLISHED) : ~(1u << ST_CLOSE);
    unsigned detail = t == TABLE_UNIX ? o->detail & DETAIL_MEMORY : o->detail;
    struct gather_req req = {t, states, o->timers > 0 && t != TABLE_UNIX, NULL, NULL, detail};
    sock_filter_request(&o->filter, &req);
    return req;
}

static void plan_add(struct run *r, enum sock_table t)
{
    struct gather_req req = table_req(r->o, t);
    if (req.states) /* else --state leaves nothing of it: not read */
        r->plan[r->nplan++] = req;
}

/* The netlink-readable tables in the order sockets_view reads them. */
static void plan_tables(struct run *r)
{
    const struct options *o = r->o;
    const struct {
        bool on;
        enum sock_table t4, t6;
    } inet[] = {
        {!o->flag_arg || o->tcp, TABLE_TCP4, TABLE_TCP6},
        {!o->flag_arg || o->udp, TABLE_UDP4, TABLE_UDP6},
        {!o->flag_arg || o->udplite, TABLE_UDPLITE4, TABLE_UDPLITE6},
        {!o->flag_arg || o->raw, TABLE_RAW4, TABLE_RAW6},
    };
    for (size_t i = 0; i < sizeof(inet) / sizeof(inet[0]); i++) {
        if (!inet[i].on)
            continue;
        if (!o->flag_arg || o->inet)
            plan_add(r, inet[i].t4);
        if (!o->flag_arg || o->inet6)
            plan_add(r, inet[i].t6);
    }
    if (!o->flag_arg || o->unix_)
        plan_add(r, TABLE_UNIX);
}

/* The request for table t, with the planned table after it (not while
 * rows are held: the next table must not be read while names are looked
 * up). */
static struct gather_req planned(const struct run *r, enum sock_table t)
{
    struct gather_req req = table_req(r->o, t);
    for (int i = 0; i + 1 < r->nplan && !r->hold; i++)
        if (r->plan[i].table == t)
            req.then = &r->plan[i + 1];
    return req;
}

/* One protocol over both families, as net-tools' INFO_GUTS6: the IPv4
 * table decides support; a missing IPv6 table is silent. */
static int inet_tables(struct run *r, struct platform *p, enum sock_table t4, enum sock_table t6,
                       const char *name)
{
    const struct options *o = r->o;
    int rc = 0;
    if (!o->flag_arg || o->inet) {
        struct gather_req req = planned(r, t4);
        int g = 0;
        if (req.states) {
            g = inet_gather(r, p, &req);
            report_bad(p, proto_of(t4));
        }
        if (g == -ENOENT) {
            if ((o->flag_arg || o->verbose) && !r->quiet_missing)
                sysnot(name);
            if (o->flag_arg)
                rc = 1;
        } else if (g < 0) {
            return g;
        }
    }
    if (!o->flag_arg || o->inet6) {
        struct gather_req req = planned(r, t6);
        if (!req.states)
            return rc;
        int g = inet_gather(r, p, &req);
        report_bad(p, proto_of(t4));
        if (g < 0 && g != -ENOENT)
            return g;
    }
    return rc;
}

/* ---- unix ---- */

struct unix_ctx {
    struct run *r;
};

static bool unix_selected(struct run *r, const struct sock_rec *s)
{
    const struct options *o = r->o;
    if (!o->all && sock_unix_listening(s) != (o->listening > 0))
        return false;
    return wanted(r, s);
}

static int unix_row(struct unix_ctx *u, const struct sock_rec *s)
{
    struct run *r = u->r;
    unsigned what = r->o->detail & DETAIL_MEMORY;
    if (what && !s->detail)
        r->detail_missing = true;
    if (r->o->json) {
        sock_json_unix(&r->jc, s);
    } else {
        if (sock_text_unix_row(&r->tx, s) < 0)
            return -ENOMEM;
        if (what)
            detail_text(r->out, s->detail, what);
    }
    return output_failed(r);
}

static int unix_visit(const struct sock_rec *s, void *ctx)
{
    struct unix_ctx *u = ctx;
    return unix_selected(u->r, s) ? unix_row(u, s) : 0;
}

/* Keeps a row back, its path copied (r->paths; the record holds the
 * path's offset there until unix_held() prints it). */
static int unix_hold(const struct sock_rec *s, void *ctx)
{
    struct unix_ctx *u = ctx;
    struct run *r = u->r;
    if (!unix_selected(r, s))
        return 0;
    if (grow((void **)&r->held, &r->capheld, r->nheld + 1, sizeof(*r->held)) < 0 ||
        grow((void **)&r->paths, &r->cappaths, r->npaths + s->path_len + 1, 1) < 0)
        return -ENOMEM;
    struct sock_rec *h = &r->held[r->nheld];
    *h = *s;
    if (hold_detail(r, h, r->nheld) < 0)
        return -ENOMEM;
    r->nheld++;
    if (s->path_len)
        memcpy(r->paths + r->npaths, s->path, s->path_len);
    h->path = (const char *)(uintptr_t)r->npaths;
    r->npaths += s->path_len;
    return 0;
}

/* The rows unix_hold() kept, printed. */
static int unix_held(struct unix_ctx *u)
{
    struct run *r = u->r;
    for (size_t i = 0; i < r->nheld; i++) {
        struct sock_rec *h = &r->held[i];
        h->path = r->paths + (uintptr_t)h->path;
        h->detail = held_detail(r, h);
        int v = unix_row(u, h);
        if (v < 0)
            return v;
    }
    return 0;
}

static int unix_table(struct run *r, struct platform *p)
{
    const struct options *o = r->o;
    struct unix_ctx u = {r};
    struct gather_req req = planned(r, TABLE_UNIX);
    r->plat = p;
    /* The JSON rows name the user: looked up once the table is read. */
    bool hold = o->json && !(o->numeric & NUM_USER);
    r->nheld = r->npaths = 0;
    int g = 0;
    if (filter_states_of(&o->filter, PROTO_UNIX)) {
        own_begin(&r->own);
        g = platform_sockets(p, &req, hold ? unix_hold : unix_visit, &u);
        own_end(&r->own);
    }
    if (hold) {
        int v = unix_held(&u);
        if (v < 0)
            g = v;
    }
    report_bad(p, PROTO_UNIX);
    if (platform_last_partial(p)) {
        fflush(r->out);
        fprintf(stderr, "(UNIX connections not yet accepted are not listed: /proc/net/unix, "
                        "the only place that shows them, cannot be read.)\n");
    }
    if (r->uid_unknown) {
        fflush(r->out);
        fprintf(stderr, "(--user: UNIX sockets read from /proc/net/unix, which does not say "
                        "who owns them, are left out.)\n");
        r->uid_unknown = false;
    }
    if (g == -ENOENT) {
        if ((o->flag_arg || o->verbose) && !r->quiet_missing)
            sysnot("AF UNIX");
        return o->flag_arg ? 1 : 0;
    }
    return g;
}

/* Families net-tools knows but this system (like most) lacks. */
static int absent_family(const struct options *o, int flag, const char *name)
{
    if (o->flag_arg && !flag)
        return 0;
    if (o->flag_arg || o->verbose)
        sysnot(name);
    return o->flag_arg ? 1 : 0;
}

/* ---- namespaces ---- */

/* An interface's name in the namespace being read (JSON "interface"). */
static const char *space_ifname(void *ctx, uint32_t index, char *buf)
{
    struct run *r = ctx;
    return spaces_ifname(r->cur, index, buf);
}

/* The Internet tables of the namespace being read, in net-tools' order. */
static int inet_section(struct run *r, struct platform *p)
{
    const struct options *o = r->o;
    int rc = 0;
    if (!rc && (!o->flag_arg || o->tcp))
        rc = inet_tables(r, p, TABLE_TCP4, TABLE_TCP6, "AF INET (tcp)");
    /* SCTP is listed only when asked for, as in net-tools, which reads
     * endpoints (with -a or -l) and associations (with -a, or without -l)
     * separately, and reports each missing one. */
    if (!rc && (o->sctp || (!o->flag_arg && o->verbose))) {
        int parts = (o->all || o->listening) + (o->all || !o->listening);
        for (int i = 0; i < parts && !rc; i++)
            rc = inet_tables(r, p, TABLE_SCTP4, TABLE_SCTP6, "AF INET (sctp)");
    }
    if (!rc && (!o->flag_arg || o->udp))
        rc = inet_tables(r, p, TABLE_UDP4, TABLE_UDP6, "AF INET (udp)");
    if (!rc && (!o->flag_arg || o->udplite))
        rc = inet_tables(r, p, TABLE_UDPLITE4, TABLE_UDPLITE6, "AF INET (udplite)");
    if (!rc && (!o->flag_arg || o->raw))
        rc = inet_tables(r, p, TABLE_RAW4, TABLE_RAW6, "AF INET (raw)");
    return rc;
}

/* Runs one section over every namespace. A namespace that cannot be read
 * is skipped (spaces_open told why); an output error or a missing table
 * stops the walk. */
static int each_space(struct run *r, int (*section)(struct run *, struct platform *))
{
    int rc = 0;
    r->quiet_missing = false;
    for (size_t i = 0; i < r->sp.n && !rc; i++) {
        struct platform *p = spaces_open(&r->sp, i, r->out);
        if (!p)
            continue;
        r->cur = &r->sp.v[i];
        r->jc.ns = r->cur->ns;
        r->tx.ns_label = r->cur->label;
        rc = section(r, p);
        r->quiet_missing = true; /* a missing table: told for the first */
    }
    return rc;
}

static void json_namespaces(struct run *r, const struct netns_list *nss)
{
    json_key(&r->j, "namespaces");
    json_array_begin(&r->j);
    for (size_t i = 0; i < nss->n; i++) {
        const struct space *sp = &r->sp.v[i];
        json_object_begin(&r->j);
        view_json_netns_fields(&r->j, sp->ns);
        json_kv_bool(&r->j, "read", sp->p != NULL);
        json_object_end(&r->j);
    }
    json_array_end(&r->j);
    json_kv_bool(&r->j, "namespaces_complete", nss->unseen == 0 && r->sp.denied == 0);
}

int sockets_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out)
{
    struct run r = {.o = o, .out = out};
    r.names = names_new();
    if (!r.names || spaces_init(&r.sp, p, nss, o->source) < 0) {
        names_free(r.names);
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    int rc = 0;
    r.cur = &r.sp.v[0];
    r.tx = (struct sock_text){.out = out, .o = o, .names = r.names, .ns_label = r.cur->label};
    r.hold = !(o->numeric & NUM_HOST) || (!(o->numeric & NUM_USER) && (o->json || o->extend > 1));
    plan_tables(&r);
    /* -g alone: the groups view. */
    bool groups_only = o->groups && o->flag_arg == o->groups;
    if (o->json) {
        r.jc = (struct sock_json_ctx){o, r.names, NULL, false, &r.j, NULL, space_ifname, &r};
        json_init(&r.j, out);
        json_object_begin(&r.j);
        json_kv_string(&r.j, "view", groups_only ? "groups" : "sockets");
        view_json_netns(&r.j, p);
        if (!groups_only) {
            json_key(&r.j, "sockets");
            json_array_begin(&r.j);
        }
    }

    if (!o->flag_arg || o->tcp || o->sctp || o->udp || o->udplite || o->raw) {
        load_owners(&r);
        if (!o->json) {
            sock_text_inet_begin(&r.tx);
        }
        rc = each_space(&r, inet_section);
    }
    if (!rc && o->groups && !o->json)
        rc = groups_section(o, p, r.names, out, NULL);
    if (!rc && (!o->flag_arg || o->unix_)) {
        load_owners(&r);
        if (!o->json) {
            sock_text_unix_begin(&r.tx);
        }
        rc = each_space(&r, unix_table);
    }
    if (o->json) {
        /* The document stays whole whatever happened; stderr says what. */
        if (!groups_only)
            json_array_end(&r.j);
        if (!rc && o->groups) {
            json_key(&r.j, "groups");
            json_array_begin(&r.j);
            rc = groups_section(o, p, r.names, out, &r.j);
            json_array_end(&r.j);
        }
        if (!groups_only) {
            json_key(&r.j, "owners");
            json_object_begin(&r.j);
            bool scanned = o->prog && r.owners_loaded && !r.owners_failed;
            json_kv_bool(&r.j, "scanned", scanned);
            json_kv_bool(&r.j, "complete", scanned && !r.owners_denied && !r.owners_none);
            json_kv_string(&r.j, "source", scanned ? platform_owners_source(r.owners) : NULL);
            json_object_end(&r.j);
        }
        if (nss)
            json_namespaces(&r, nss);
        json_object_end(&r.j);
        json_end_document(&r.j);
    }
    if (!rc)
        rc = absent_family(o, o->ipx, "AF IPX");
    if (!rc)
        rc = absent_family(o, o->ax25, "AF AX25");
    if (!rc)
        rc = absent_family(o, o->x25, "AF X25");
    if (!rc)
        rc = absent_family(o, o->netrom, "AF NETROM");
    if (!rc)
        rc = absent_family(o, o->rose, "AF ROSE");
    if (!rc && o->flag_arg && (o->l2cap || o->rfcomm)) {
        fflush(out);
        fprintf(stderr, "netstat: feature `AF BLUETOOTH' not supported.\n"
                        "Please recompile `net-tools' with newer kernel source or full "
                        "configuration.\n");
        rc = 1;
    }
    spaces_note(&r.sp, nss, out);
    note_unresolved(out);
    if (r.detail_missing) {
        fflush(out);
        fprintf(stderr, "(--info, --memory: some rows were read from the text tables in /proc/net, "
                        "which do not tell them: those rows have none.)\n");
    }

    sock_text_end(&r.tx);
    free(r.held);
    free(r.paths);
    free(r.details);
    own_free(&r.own);
    platform_owners_free(r.owners);
    names_free(r.names);
    bool ns_failed = r.sp.failed;
    spaces_free(&r.sp);
    if (rc < 0) {
        /* Output errors are reported once, by main, with errno. */
        if (!ferror(out))
            fprintf(stderr, "netstat: cannot read sockets: %s\n", strerror(-rc));
        else if (r.err)
            errno = r.err;
        return EXIT_FAIL;
    }
    if (!rc && (ns_failed || r.owners_failed))
        rc = EXIT_FAIL;
    return rc;
}
