#include "views/interfaces.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/fields.h"
#include "util/escape.h"
#include "util/natcmp.h"

struct link_list {
    struct link_rec *v;
    size_t n, cap;
};

/* Insert keeping net-tools' order: walk back from the tail to the first
 * name that sorts before this one. */
static int collect(const struct link_rec *l, void *ctx)
{
    struct link_list *ll = ctx;
    if (ll->n == ll->cap) {
        size_t nc = ll->cap ? ll->cap * 2 : 32;
        struct link_rec *nv = realloc(ll->v, nc * sizeof(*nv));
        if (!nv)
            return -ENOMEM;
        ll->v = nv;
        ll->cap = nc;
    }
    size_t i = ll->n;
    while (i > 0) {
        int c = natcmp(ll->v[i - 1].name, l->name);
        if (c == 0)
            return 0; /* already listed */
        if (c < 0)
            break;
        i--;
    }
    memmove(&ll->v[i + 1], &ll->v[i], (ll->n - i) * sizeof(*ll->v));
    ll->v[i] = *l;
    ll->n++;
    return 0;
}

void interfaces_flag_letters(uint32_t flags, char *buf, size_t n)
{
    static const struct {
        uint32_t bit;
        char letter;
    } letters[] = {
        {LINK_ALLMULTI, 'A'},  {LINK_BROADCAST, 'B'},   {LINK_DEBUG, 'D'},   {LINK_LOOPBACK, 'L'},
        {LINK_MULTICAST, 'M'}, {LINK_DYNAMIC, 'd'},     {LINK_PROMISC, 'P'}, {LINK_NOTRAILERS, 'N'},
        {LINK_NOARP, 'O'},     {LINK_POINTOPOINT, 'P'}, {LINK_SLAVE, 's'},   {LINK_MASTER, 'm'},
        {LINK_RUNNING, 'R'},   {LINK_UP, 'U'},
    };
    size_t k = 0;
    if (flags == 0)
        k = (size_t)snprintf(buf, n, "[NO FLAGS]");
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]) && k + 1 < n; i++)
        if (flags & letters[i].bit)
            buf[k++] = letters[i].letter;
    buf[k < n ? k : n - 1] = '\0';
}

static void print_link(FILE *out, const struct link_rec *l)
{
    char name[ESCAPE_TERM_MAX(16)], mtu[16], flg[32];
    char c[8][24];
    escape_term(l->name, strnlen(l->name, 15), name);
    snprintf(mtu, sizeof(mtu), "%u", l->mtu);
    interfaces_flag_letters(l->flags, flg, sizeof(flg));
    if (!l->has_stats) {
        fprintf(out, "%-15s %5s %-56s%s\n", name, mtu, "     - no statistics available -", flg);
        return;
    }
    const uint64_t v[8] = {l->st.rx_packets, l->st.rx_errors, l->st.rx_dropped, l->st.rx_fifo,
                           l->st.tx_packets, l->st.tx_errors, l->st.tx_dropped, l->st.tx_fifo};
    struct text_row row = {link_fields, LF_COUNT, (1u << LF_COUNT) - 1, {0}};
    row.val[LF_IFACE] = name;
    row.val[LF_MTU] = mtu;
    for (int i = 0; i < 8; i++) {
        snprintf(c[i], sizeof(c[i]), "%llu", (unsigned long long)v[i]);
        row.val[LF_RX_OK + i] = c[i];
    }
    row.val[LF_FLG] = flg;
    text_write_row(out, &row);
}

int interfaces_view(const struct options *o, struct platform *p, FILE *out, bool first)
{
    if (o->extend > 1) {
        fprintf(stderr, "netstat: the extended interface view (-ie) is not available yet.\n");
        return EXIT_FAIL;
    }
    struct link_list ll = {0};
    int rc = platform_links(p, collect, &ll);
    if (rc < 0) {
        free(ll.v);
        fprintf(stderr, "netstat: missing interface information: %s\n", strerror(-rc));
        return EXIT_FAIL;
    }
    if (first)
        fputs("Kernel Interface table\n", out);
    text_write_header(out, link_fields, LF_COUNT, (1u << LF_COUNT) - 1);
    for (size_t i = 0; i < ll.n; i++)
        if ((ll.v[i].flags & LINK_UP) || o->all)
            print_link(out, &ll.v[i]);
    free(ll.v);
    return EXIT_OK;
}
