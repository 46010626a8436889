/* --explain's firewall verdicts: each listening socket's first packet,
 * from every interface that is up and from every kind of source the
 * rules tell apart, run through the chains on its way in. */
#include "views/explain_fw.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "explain/fwtext.h"
#include "explain/reach.h"
#include "util/escape.h"
#include "util/grow.h"

void explain_fw_load(struct fw_facts *f, struct platform *p)
{
    explain_fw_free(f);
    f->err = platform_firewall(p, &f->rs);
    f->read = f->err == 0;
    f->ev.rs = &f->rs;
}

void explain_fw_free(struct fw_facts *f)
{
    fw_eval_free(&f->ev);
    if (f->read)
        fw_ruleset_free(&f->rs);
    memset(f, 0, sizeof(*f));
}

static const char *family_name(int f)
{
    switch (f) {
    case FW_INET:
        return "inet";
    case FW_IP:
        return "ip";
    case FW_IP6:
        return "ip6";
    case FW_BRIDGE:
        return "bridge";
    case FW_NETDEV:
        return "netdev";
    case FW_ARP:
        return "arp";
    default:
        return "?";
    }
}

static bool same(const struct fw_outcome *a, const struct fw_outcome *b)
{
    if (a->res != b->res)
        return false;
    if (a->res == FWR_ACCEPT)
        return true;
    if (a->chain != b->chain || a->rule != b->rule)
        return false;
    if (a->res == FWR_NAT)
        return a->nat_port == b->nat_port && !memcmp(a->nat_addr, b->nat_addr, 16);
    return true;
}

/* ---- the classes of clients ---- */

static bool is_loopback_addr(int fam, const uint8_t *a)
{
    static const uint8_t lo6[16] = {[15] = 1};
    return fam == FW_IP ? a[0] == 127 : !memcmp(a, lo6, 16);
}

/* The address a client coming in on link l dials to reach s, or false. */
static bool dial_addr(const struct explain_ctx *c, const struct sock_rec *s, int fam,
                      const struct link_rec *l, uint8_t *out)
{
    struct sock_addr la;
    enum sock_family lf = reach_unmap(s->family, &s->laddr, &la);
    size_t alen = fam == FW_IP ? 4 : 16;
    bool lo = l->flags & LINK_LOOPBACK;
    if (!sock_addr_is_any(lf, &la)) {
        if ((lf == FAM_INET) != (fam == FW_IP))
            return false;
        memcpy(out, la.bytes, alen);
        return lo || !is_loopback_addr(fam, out);
    }
    if (lo) {
        memset(out, 0, 16);
        if (fam == FW_IP)
            out[0] = 127, out[3] = 1;
        else
            out[15] = 1;
        return true;
    }
    const struct iface_addr *a = c->addrs.v;
    const struct iface_addr *best = NULL;
    for (size_t i = 0; i < c->addrs.n; i++) {
        if (a[i].ifindex != l->ifindex || a[i].tentative ||
            (a[i].family == FAM_INET) != (fam == FW_IP))
            continue;
        if (!best || (best->scope != SCOPE_GLOBAL && a[i].scope == SCOPE_GLOBAL))
            best = &a[i];
    }
    if (!best)
        return false;
    memcpy(out, best->addr.bytes, alen);
    return true;
}

static void run(struct fw_eval *ev, const struct fw_pkt *p, bool lo, struct fw_outcome *o)
{
    struct fw_outcome first;
    if (lo) {                   /* from this machine: output, then in again through lo */
        struct fw_pkt out = *p; /* on its way out it has no input interface */
        memset(out.iifname, 0, sizeof(out.iifname));
        out.iif = 0;
        out.iiftype = 0;
        fw_eval_hook(ev, FW_OUTPUT, NULL, &out, &first);
        if (first.res == FWR_ACCEPT) {
            fw_eval_hook(ev, FW_PREROUTING, "filter", p, o);
            if (o->res == FWR_ACCEPT) {
                long ar = o->accept_rule >= 0 ? o->accept_rule : first.accept_rule;
                long ac = o->accept_rule >= 0 ? o->accept_chain : first.accept_chain;
                fw_eval_hook(ev, FW_INPUT, "filter", p, o);
                if (o->accept_rule < 0)
                    o->accept_rule = ar, o->accept_chain = ac;
            }
            return;
        }
        *o = first;
        return;
    }
    fw_eval_hook(ev, FW_PREROUTING, NULL, p, &first);
    if (first.res != FWR_ACCEPT) {
        *o = first;
        return;
    }
    fw_eval_hook(ev, FW_INPUT, "filter", p, o);
    if (o->res == FWR_ACCEPT && o->accept_rule < 0)
        o->accept_rule = first.accept_rule, o->accept_chain = first.accept_chain;
}

static int push(struct fw_sock *fs, const struct fw_class *k)
{
    if (grow((void **)&fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v)) < 0)
        return -ENOMEM;
    fs->v[fs->n++] = *k;
    return 0;
}

static int by_addr(const void *a, const void *b)
{
    return memcmp(a, b, 16);
}

/* a + 1 over alen bytes; false when it wraps. */
static bool plus_one(uint8_t *a, size_t alen)
{
    for (size_t i = alen; i-- > 0;)
        if (++a[i])
            return true;
    return false;
}

static int link_classes(struct explain_ctx *c, struct fw_facts *f, const struct sock_rec *s,
                        int fam, const struct link_rec *l, struct fw_sock *fs)
{
    struct fw_pkt p;
    memset(&p, 0, sizeof(p));
    p.nfproto = fam;
    p.l4proto = s->proto == PROTO_TCP ? 6 : 17;
    p.dport = s->lport;
    p.daddr_local = true;
    if (!dial_addr(c, s, fam, l, p.daddr))
        return 0;
    bool lo = l->flags & LINK_LOOPBACK;
    memcpy(p.iifname, l->name, sizeof(p.iifname));
    p.iif = l->ifindex;
    p.iiftype = lo ? 772 : 1;
    p.iif_known = true;
    p.saddr_known = true;
    size_t alen = fam == FW_IP ? 4 : 16;
    struct fw_class k;
    memset(&k, 0, sizeof(k));
    k.family = fam;
    memcpy(k.ifname, l->name, sizeof(k.ifname));
    k.lo = lo;
    if (lo) {
        memcpy(p.saddr, p.daddr, 16);
        memcpy(p.oifname, l->name, sizeof(p.oifname));
        p.oif = l->ifindex;
        p.oiftype = 772;
        run(&f->ev, &p, true, &k.o);
        return push(fs, &k);
    }
    fw_eval_reset(&f->ev);
    int rc = fw_find_relevant(&f->ev, FW_PREROUTING, NULL, &p);
    if (rc == 0)
        rc = fw_find_relevant(&f->ev, FW_INPUT, "filter", &p);
    if (rc < 0)
        return rc;
    /* Where a region of sources begins: 0, each range's start, the
     * address after each range's end. */
    size_t n = f->ev.nspans * 2 + 1;
    uint8_t(*cand)[16] = calloc(n, 16);
    if (!cand)
        return -ENOMEM;
    size_t m = 1;
    for (size_t i = 0; i < f->ev.nspans; i++) {
        memcpy(cand[m++], f->ev.spans[i].lo, alen);
        memcpy(cand[m], f->ev.spans[i].hi, alen);
        if (plus_one(cand[m], alen))
            m++;
    }
    qsort(cand, m, 16, by_addr);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || memcmp(cand[u - 1], cand[i], 16))
            memcpy(cand[u++], cand[i], 16);
    for (size_t i = 0; i < u && rc == 0; i++) {
        memcpy(p.saddr, cand[i], 16);
        run(&f->ev, &p, false, &k.o);
        if (fs->n && !fs->v[fs->n - 1].lo && fs->v[fs->n - 1].family == fam &&
            !strcmp(fs->v[fs->n - 1].ifname, k.ifname) && same(&fs->v[fs->n - 1].o, &k.o)) {
            memcpy(fs->v[fs->n - 1].hi, cand[i], 16); /* widened below */
            if (i + 1 < u) {
                memcpy(fs->v[fs->n - 1].hi, cand[i + 1], 16);
                for (size_t b = alen; b-- > 0;)
                    if (fs->v[fs->n - 1].hi[b]--)
                        break;
            } else {
                memset(fs->v[fs->n - 1].hi, 0xff, alen);
            }
            continue;
        }
        memcpy(k.lo_addr, cand[i], 16);
        memset(k.hi, 0, 16);
        if (i + 1 < u) {
            memcpy(k.hi, cand[i + 1], 16);
            for (size_t b = alen; b-- > 0;)
                if (k.hi[b]--)
                    break;
        } else {
            memset(k.hi, 0xff, alen);
        }
        rc = push(fs, &k);
    }
    free(cand);
    return rc;
}

int explain_fw_socket(struct explain_ctx *c, struct fw_facts *f, const struct sock_rec *s,
                      struct fw_sock *fs)
{
    memset(fs, 0, sizeof(*fs));
    if (!f->read)
        return 0;
    struct sock_addr la;
    enum sock_family lf = reach_unmap(s->family, &s->laddr, &la);
    bool any = sock_addr_is_any(lf, &la);
    bool v4 = lf == FAM_INET || (any && s->family == FAM_INET6 && s->v6only == 0);
    bool v6 = lf == FAM_INET6;
    const struct link_rec *l = c->links.v;
    int rc = 0;
    for (int fam = 0; fam < 2 && rc == 0; fam++) {
        if (!(fam ? v6 : v4))
            continue;
        for (size_t i = 0; i < c->links.n && rc == 0; i++)
            if ((l[i].flags & LINK_UP) && !strchr(l[i].name, ':'))
                rc = link_classes(c, f, s, fam ? FW_IP6 : FW_IP, &l[i], fs);
    }
    return rc;
}

void explain_fw_sock_free(struct fw_sock *fs)
{
    free(fs->v);
    memset(fs, 0, sizeof(*fs));
}

/* ---- words ---- */

/* The range as prefixes, up to max of them ("and more" after). */
static void cidrs(const struct fw_class *k, char *buf, size_t n, size_t max)
{
    size_t alen = k->family == FW_IP ? 4 : 16;
    unsigned __int128 lo = 0, hi = 0;
    for (size_t i = 0; i < alen; i++)
        lo = lo << 8 | k->lo_addr[i], hi = hi << 8 | k->hi[i];
    unsigned bits = (unsigned)alen * 8;
    size_t l = 0, count = 0;
    buf[0] = '\0';
    while (lo <= hi && l + 1 < n) {
        unsigned size = 0; /* the largest block at lo that fits */
        while (size < bits && ((lo >> size) & 1) == 0) {
            unsigned __int128 end = lo + (((unsigned __int128)2 << size) - 1);
            if (end > hi || end < lo)
                break;
            size++;
        }
        if (count == max) {
            l += (size_t)snprintf(buf + l, n - l, " and more");
            break;
        }
        uint8_t a[16] = {0};
        unsigned __int128 v = lo;
        for (size_t i = alen; i-- > 0;)
            a[i] = (uint8_t)v, v >>= 8;
        char s[INET6_ADDRSTRLEN];
        inet_ntop(alen == 4 ? AF_INET : AF_INET6, a, s, sizeof(s));
        l += (size_t)snprintf(buf + l, n - l, "%s%s/%u", count ? ", " : "", s, bits - size);
        count++;
        if (size >= bits)
            break;
        unsigned __int128 next = lo + ((unsigned __int128)1 << size);
        if (next < lo)
            break;
        lo = next;
    }
    if (l >= n)
        buf[n - 1] = '\0';
}

static bool covers_all(const struct fw_class *k)
{
    size_t alen = k->family == FW_IP ? 4 : 16;
    static const uint8_t zero[16],
        ones[16] = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
    return !memcmp(k->lo_addr, zero, alen) && !memcmp(k->hi, ones, alen);
}

void explain_fw_decider(const struct fw_facts *f, const struct fw_outcome *o, char *buf, size_t n)
{
    const struct fw_ruleset *rs = &f->rs;
    long rule = o->res == FWR_ACCEPT ? o->accept_rule : o->rule;
    long chain = o->res == FWR_ACCEPT && o->accept_rule >= 0 ? o->accept_chain : o->chain;
    if (rule >= 0 && (size_t)rule < rs->nrules) {
        const struct fw_rule *r = &rs->rules[rule];
        const struct fw_chain *ch = &rs->chains[r->chain];
        char text[600], esc[ESCAPE_TERM_MAX(600)];
        fw_rule_text(rs, r, text, sizeof(text));
        escape_term(text, strlen(text), esc);
        char tn[ESCAPE_TERM_MAX(64)], cn[ESCAPE_TERM_MAX(64)];
        escape_term(ch->table, strlen(ch->table), tn);
        escape_term(ch->name, strlen(ch->name), cn);
        snprintf(buf, n, "rule %llu of %s %s %s: %s", (unsigned long long)r->handle,
                 family_name(ch->family), tn, cn, esc);
        return;
    }
    if (chain < 0 || (size_t)chain >= rs->nchains) {
        snprintf(buf, n, "no chain on the way in");
        return;
    }
    const struct fw_chain *ch = &rs->chains[chain];
    char tn[ESCAPE_TERM_MAX(64)], cn[ESCAPE_TERM_MAX(64)];
    escape_term(ch->table, strlen(ch->table), tn);
    escape_term(ch->name, strlen(ch->name), cn);
    snprintf(buf, n, "table %s %s, chain %s, policy %s", family_name(ch->family), tn, cn,
             ch->policy == FW_V_DROP ? "drop" : "accept");
}

static void reject_words(const struct fw_outcome *o, char *buf, size_t n)
{
    if (o->rej_type == NFT_REJECT_TCP_RST)
        snprintf(buf, n, "rejected with tcp reset");
    else if (o->rej_type == NFT_REJECT_ICMPX_UNREACH)
        snprintf(buf, n, "rejected with icmpx %s",
                 o->rej_code == NFT_REJECT_ICMPX_PORT_UNREACH   ? "port-unreachable"
                 : o->rej_code == NFT_REJECT_ICMPX_HOST_UNREACH ? "host-unreachable"
                 : o->rej_code == NFT_REJECT_ICMPX_NO_ROUTE     ? "no-route"
                                                                : "admin-prohibited");
    else
        snprintf(buf, n, "rejected with an icmp error (code %u)", o->rej_code);
}

const char *explain_fw_result_key(enum fw_res r)
{
    static const char *const k[] = {"accept", "drop", "reject", "redirect", "unknown"};
    return k[r];
}

void explain_fw_result_words(const struct fw_outcome *o, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN] = "";
    switch (o->res) {
    case FWR_ACCEPT:
        snprintf(buf, n, "accepted");
        return;
    case FWR_DROP:
        snprintf(buf, n, "dropped");
        return;
    case FWR_REJECT:
        reject_words(o, buf, n);
        return;
    case FWR_NAT:
        if (o->nat_addr_set)
            inet_ntop(o->nat_family == FW_IP ? AF_INET : AF_INET6, o->nat_addr, a, sizeof(a));
        if (o->redirect)
            snprintf(buf, n, "redirected to port %u of this machine", o->nat_port);
        else if (o->nat_port_set)
            snprintf(buf, n, "forwarded to %s%s%s:%u", o->nat_family == FW_IP6 ? "[" : "", a,
                     o->nat_family == FW_IP6 ? "]" : "", o->nat_port);
        else
            snprintf(buf, n, "forwarded to %s", a);
        return;
    default:
        snprintf(buf, n, "unknown");
        return;
    }
}

/* Where a class's clients come from, in words. */
static void from_words(const struct fw_class *k, bool everywhere, char *buf, size_t n)
{
    char esc[ESCAPE_TERM_MAX(16)];
    escape_term(k->ifname, strnlen(k->ifname, 16), esc);
    if (k->lo) {
        snprintf(buf, n, "this machine (%s)", esc);
        return;
    }
    if (covers_all(k)) {
        snprintf(buf, n, everywhere ? "everyone" : "everyone through %s", esc);
        return;
    }
    char c[240];
    cidrs(k, c, sizeof(c), 4);
    if (everywhere)
        snprintf(buf, n, "%s", c);
    else
        snprintf(buf, n, "%s through %s", c, esc);
}

/* Whether every link but lo (of class i's family) has a class with the
 * same sources and the same result as i: then the link need not be named. */
static bool everywhere(const struct fw_sock *fs, size_t i)
{
    const struct fw_class *k = &fs->v[i];
    for (size_t a = 0; a < fs->n; a++) {
        const struct fw_class *l = &fs->v[a];
        if (l->lo || l->family != k->family)
            continue;
        bool found = false;
        for (size_t b = 0; b < fs->n && !found; b++) {
            const struct fw_class *m = &fs->v[b];
            found = !m->lo && m->family == k->family && !strcmp(m->ifname, l->ifname) &&
                    !memcmp(m->lo_addr, k->lo_addr, 16) && !memcmp(m->hi, k->hi, 16) &&
                    same(&m->o, &k->o);
        }
        if (!found)
            return false;
    }
    return true;
}

void explain_fw_words(const struct fw_facts *f, const struct fw_sock *fs, char *buf, size_t n)
{
    if (!f->read) {
        if (f->err == -EPERM || f->err == -EACCES)
            snprintf(buf, n, "the firewall could not be read (needs root)");
        else if (f->err == -EPROTONOSUPPORT)
            snprintf(buf, n, "no nftables in this kernel: nothing filtered by it");
        else if (f->err == -ENOSYS)
            snprintf(buf, n,
                     "not read on this system (its firewall is not one netstat reads): "
                     "unknown");
        else
            snprintf(buf, n, "the firewall could not be read: %s", strerror(-f->err));
        return;
    }
    if (fs->n == 0) {
        snprintf(buf, n, "no interface that is up leads to it");
        return;
    }
    const struct fw_class *v = fs->v;
    bool all_same = true;
    for (size_t i = 1; i < fs->n; i++)
        all_same &= same(&v[0].o, &v[i].o);
    char dec[900], res[160];
    if (all_same) {
        /* The rule that lets others in tells more than lo's. */
        size_t pick = 0;
        bool only_lo = true;
        for (size_t i = 0; i < fs->n; i++)
            if (!v[i].lo) {
                if (only_lo)
                    pick = i;
                only_lo = false;
            }
        explain_fw_decider(f, &v[pick].o, dec, sizeof(dec));
        explain_fw_result_words(&v[0].o, res, sizeof(res));
        if (v[0].o.res == FWR_UNKNOWN)
            snprintf(buf, n, "depends on a rule netstat cannot read (%s): %s", v[0].o.why, dec);
        else if (v[0].o.res == FWR_ACCEPT && v[0].o.accept_rule < 0 && v[0].o.chain < 0)
            snprintf(buf, n, "no firewall rule on the way in: nothing stops it");
        else if (v[0].o.res == FWR_ACCEPT && only_lo)
            snprintf(buf, n, "accepted from this machine (%s)", dec);
        else if (v[0].o.res == FWR_ACCEPT && v[pick].o.accept_rule < 0)
            snprintf(buf, n, "accepted for everyone: no rule stops it (%s)", dec);
        else if (only_lo)
            snprintf(buf, n, "%s even from this machine (%s)", res, dec);
        else
            snprintf(buf, n, "%s for everyone (%s)", res, dec);
        return;
    }
    /* Who gets in. */
    size_t l = 0;
    bool lo_in = false, lo_out = false;
    size_t nin = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (v[i].o.res == FWR_ACCEPT) {
            nin++;
            lo_in |= v[i].lo;
        } else {
            lo_out |= v[i].lo;
        }
    }
    if (nin && nin == (size_t)lo_in && !lo_out && lo_in) {
        l = (size_t)snprintf(buf, n, "accepted from this machine only");
    } else if (nin) {
        l = (size_t)snprintf(buf, n, "accepted from ");
        const char *sep = "";
        for (size_t i = 0; i < fs->n && l < n; i++) {
            if (v[i].o.res != FWR_ACCEPT)
                continue;
            bool every = everywhere(fs, i);
            char w[400], w2[400];
            from_words(&v[i], every, w, sizeof(w));
            bool told = false; /* the same words already (another family, link) */
            for (size_t k = 0; k < i && !told; k++) {
                if (v[k].o.res != FWR_ACCEPT)
                    continue;
                from_words(&v[k], everywhere(fs, k), w2, sizeof(w2));
                told = !strcmp(w, w2);
            }
            if (told)
                continue;
            l += (size_t)snprintf(buf + l, n - l, "%s%s", sep, w);
            sep = ", ";
        }
        if (l < n)
            l += (size_t)snprintf(buf + l, n - l, " only");
        /* The rule that lets them in, when one does for all of them. */
        long rule = -1;
        bool one = true;
        for (size_t i = 0; i < fs->n; i++) {
            if (v[i].o.res != FWR_ACCEPT || v[i].lo)
                continue;
            if (rule < 0 && one)
                rule = v[i].o.accept_rule;
            else if (v[i].o.accept_rule != rule)
                one = false;
        }
        for (size_t i = 0; i < fs->n && one && rule >= 0; i++)
            if (v[i].o.res == FWR_ACCEPT && !v[i].lo) {
                explain_fw_decider(f, &v[i].o, dec, sizeof(dec));
                if (l < n)
                    l += (size_t)snprintf(buf + l, n - l, " (%s)", dec);
                break;
            }
    } else {
        l = (size_t)snprintf(buf, n, "accepted from no one");
    }
    /* The rest: the commonest verdict is "everyone else"; others named. */
    size_t best = fs->n, best_count = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (v[i].o.res == FWR_ACCEPT)
            continue;
        size_t cnt = 0;
        for (size_t k = 0; k < fs->n; k++)
            cnt += same(&v[i].o, &v[k].o);
        if (cnt > best_count)
            best = i, best_count = cnt;
    }
    for (size_t i = 0; i < fs->n && l < n; i++) {
        if (v[i].o.res == FWR_ACCEPT || i == best || same(&v[i].o, &v[best].o))
            continue;
        bool told = false;
        for (size_t k = 0; k < i; k++)
            told |= k != best && v[k].o.res != FWR_ACCEPT && same(&v[k].o, &v[i].o);
        if (told)
            continue;
        char w[400];
        explain_fw_result_words(&v[i].o, res, sizeof(res));
        explain_fw_decider(f, &v[i].o, dec, sizeof(dec));
        from_words(&v[i], everywhere(fs, i), w, sizeof(w));
        l += (size_t)snprintf(
            buf + l, n - l, "; %s from %s (%s)",
            v[i].o.res == FWR_UNKNOWN ? "depends on a rule netstat cannot read" : res, w, dec);
    }
    if (best < fs->n && l < n) {
        explain_fw_result_words(&v[best].o, res, sizeof(res));
        explain_fw_decider(f, &v[best].o, dec, sizeof(dec));
        snprintf(buf + l, n - l, "; %s for everyone else (%s)",
                 v[best].o.res == FWR_UNKNOWN ? "depends on a rule netstat cannot read" : res, dec);
    }
}

void explain_fw_json(const struct fw_facts *f, const struct fw_sock *fs, struct json *j)
{
    json_key(j, "firewall");
    json_object_begin(j);
    json_kv_bool(j, "read", f->read);
    json_kv_string(j, "error",
                   f->read                                 ? NULL
                   : f->err == -EPERM || f->err == -EACCES ? "needs root"
                   : f->err == -EPROTONOSUPPORT            ? "no nftables"
                   : f->err == -ENOSYS                     ? "not read on this system"
                                                           : strerror(-f->err));
    char words[2048];
    explain_fw_words(f, fs, words, sizeof(words));
    json_kv_string(j, "summary", words);
    json_key(j, "legacy_tables");
    json_array_begin(j);
    if (f->read && f->rs.legacy[0]) {
        char tmp[sizeof(f->rs.legacy)];
        memcpy(tmp, f->rs.legacy, sizeof(tmp));
        /* "ip filter ip nat": pairs */
        char *save, *a = strtok_r(tmp, " ", &save);
        while (a) {
            char *b = strtok_r(NULL, " ", &save);
            char one[80];
            snprintf(one, sizeof(one), "%s %s", a, b ? b : "");
            json_string(j, one);
            a = b ? strtok_r(NULL, " ", &save) : NULL;
        }
    }
    json_array_end(j);
    json_key(j, "verdicts");
    json_array_begin(j);
    for (size_t i = 0; i < fs->n; i++) {
        const struct fw_class *k = &fs->v[i];
        json_object_begin(j);
        json_kv_string(j, "family", k->family == FW_IP ? "inet" : "inet6");
        json_kv_bytes(j, "interface", k->ifname, strnlen(k->ifname, 16));
        json_kv_bool(j, "this_machine", k->lo);
        json_key(j, "from");
        json_array_begin(j);
        if (!k->lo) {
            char c[8192];
            cidrs(k, c, sizeof(c), SIZE_MAX);
            for (char *save, *t = strtok_r(c, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
                json_string(j, t);
        }
        json_array_end(j);
        json_kv_string(j, "result", explain_fw_result_key(k->o.res));
        char w[160];
        explain_fw_result_words(&k->o, w, sizeof(w));
        json_kv_string(j, "words", w);
        long rule = k->o.res == FWR_ACCEPT ? k->o.accept_rule : k->o.rule;
        long chain = k->o.res == FWR_ACCEPT ? k->o.accept_chain : k->o.chain;
        if (rule >= 0)
            chain = (long)f->rs.rules[rule].chain;
        if (chain >= 0) {
            const struct fw_chain *ch = &f->rs.chains[chain];
            json_kv_string(j, "table_family", family_name(ch->family));
            json_kv_bytes(j, "table", ch->table, strlen(ch->table));
            json_kv_bytes(j, "chain", ch->name, strlen(ch->name));
        }
        json_key(j, "handle");
        if (rule >= 0)
            json_u64(j, f->rs.rules[rule].handle);
        else
            json_null(j);
        json_kv_bool(j, "policy", rule < 0 && chain >= 0);
        if (rule >= 0) {
            char text[600];
            fw_rule_text(&f->rs, &f->rs.rules[rule], text, sizeof(text));
            json_kv_bytes(j, "rule", text, strlen(text));
        } else {
            json_kv_string(j, "rule", NULL);
        }
        json_kv_string(j, "cannot_read", k->o.res == FWR_UNKNOWN ? k->o.why : NULL);
        json_object_end(j);
    }
    json_array_end(j);
    json_object_end(j);
}
