#include "model/firewall.h"

#include <stdlib.h>
#include <string.h>

void fw_rule_clear(struct fw_rule *r)
{
    for (size_t i = 0; i < r->ne; i++) {
        free(r->e[i].chain);
        free(r->e[i].info);
    }
    free(r->e);
    free(r->comment);
    r->e = NULL;
    r->ne = 0;
    r->comment = NULL;
}

void fw_ruleset_free(struct fw_ruleset *r)
{
    for (size_t i = 0; i < r->nrules; i++)
        fw_rule_clear(&r->rules[i]);
    for (size_t i = 0; i < r->nsets; i++) {
        for (size_t k = 0; k < r->sets[i].nel; k++)
            free(r->sets[i].el[k].chain);
        free(r->sets[i].el);
    }
    free(r->rules);
    free(r->chains);
    free(r->sets);
    memset(r, 0, sizeof(*r));
}

int fw_rule_by_order(const void *a, const void *b)
{
    const struct fw_rule *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

static int by_key(const void *a, const void *b)
{
    const struct fw_elem *x = a, *y = b;
    size_t n = x->key.len < y->key.len ? x->key.len : y->key.len;
    int c = memcmp(x->key.b, y->key.b, n);
    if (c)
        return c;
    return (x->key.len > y->key.len) - (x->key.len < y->key.len);
}

/* key - 1, as a big-endian number (an end marker is one past its range). */
static void minus_one(struct fw_data *d)
{
    for (size_t i = d->len; i-- > 0;)
        if (d->b[i]--)
            break;
}

static void normalise(struct fw_set *s)
{
    size_t nstart = 0, nend = 0;
    for (size_t i = 0; i < s->nel; i++) {
        if (s->el[i].verdict == FW_ELEM_END)
            nend++;
        else if (s->el[i].key_end.len)
            return; /* ranges as the kernel gives them already */
        else
            nstart++;
    }
    /* Starts first, then ends, each ascending. */
    struct fw_elem *starts = s->el, *ends;
    for (size_t i = 0, k = 0; i < s->nel; i++) {
        if (s->el[i].verdict != FW_ELEM_END) {
            struct fw_elem t = s->el[k];
            s->el[k++] = s->el[i];
            s->el[i] = t;
        }
    }
    ends = s->el + nstart;
    if (nstart)
        qsort(starts, nstart, sizeof(*starts), by_key);
    if (nend)
        qsort(ends, nend, sizeof(*ends), by_key);
    size_t e = 0;
    for (size_t i = 0; i < nstart; i++) {
        struct fw_elem *x = &starts[i];
        while (e < nend && by_key(&ends[e], x) <= 0)
            e++;
        if (e < nend) {
            x->key_end = ends[e].key;
            minus_one(&x->key_end);
        } else {
            x->key_end.len = x->key.len;
            memset(x->key_end.b, 0xff, x->key.len);
        }
    }
    for (size_t i = 0; i < nend; i++)
        free(ends[i].chain);
    s->nel = nstart;
}

void fw_sets_normalise(struct fw_ruleset *r)
{
    for (size_t i = 0; i < r->nsets; i++)
        if (r->sets[i].interval)
            normalise(&r->sets[i]);
}
