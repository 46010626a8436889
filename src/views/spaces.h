/* The network namespaces a socket view reads: without --netns one, the
 * namespace netstat runs in; with it, each namespace listed, its backend
 * opened at first use and closed at the end. */
#ifndef NETSTAT_VIEWS_SPACES_H
#define NETSTAT_VIEWS_SPACES_H

#include <stdbool.h>
#include <stdio.h>

#include "platform/platform.h"
#include "util/escape.h"

struct link_name;

struct space {
    const struct netns *ns; /* NULL: unlabelled (no --netns) */
    struct platform *p;
    bool opened; /* p is ours to close */
    bool tried;
    char label[ESCAPE_TERM_MAX(sizeof(((struct netns *)0)->label))]; /* escaped */
    struct link_name *links; /* interface names by index, loaded on demand */
    size_t nlinks, links_cap;
    bool links_loaded;
};

struct spaces {
    struct space *v;
    size_t n;
    unsigned denied; /* namespaces not readable without privilege */
    bool failed;     /* a namespace could not be read (told on stderr) */
    enum source_pref pref;
    bool one; /* one namespace was named: not entering it is a failure */
};

/* nss NULL: only the namespace own reads. 0 or -ENOMEM. */
int spaces_init(struct spaces *s, struct platform *own, const struct netns_list *nss,
                enum source_pref pref);
void spaces_free(struct spaces *s);

/* The backend of namespace i, opened the first time; NULL when it cannot
 * be read (told on stderr once, after out is flushed; under --netns all a
 * denial is only counted, for spaces_note). */
struct platform *spaces_open(struct spaces *s, size_t i, FILE *out);

/* An interface's name, by index, in namespace sp; NULL when unknown. buf
 * holds IF_NAMESIZE bytes. */
const char *spaces_ifname(struct space *sp, uint32_t index, char *buf);

/* What --netns could not see, said once after a listing. */
void spaces_note(const struct spaces *s, const struct netns_list *nss, FILE *out);

#endif
