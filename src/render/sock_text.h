/* The socket listing's text: one layout per dialect (net-tools' in
 * sock_text_nettools.c, Windows' in sock_text_win.c), chosen at build time
 * like the backend. The view gathers, filters and chooses; these print. */
#ifndef NETSTAT_RENDER_SOCK_TEXT_H
#define NETSTAT_RENDER_SOCK_TEXT_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"
#include "resolve/names.h"

struct sock_text {
    FILE *out;
    const struct options *o;
    struct names *names;
    const struct owners *owners; /* NULL: not scanned */
    const char *ns_label;        /* the namespace being read (--netns) */
    char *pathbuf;               /* scratch for UNIX paths */
    size_t pathcap;
};

/* The title and column header before the Internet rows. */
void sock_text_inet_begin(struct sock_text *t);
/* One Internet socket. 0, or -ENOMEM. */
int sock_text_inet_row(struct sock_text *t, const struct sock_rec *s);
/* The same for UNIX sockets. */
void sock_text_unix_begin(struct sock_text *t);
int sock_text_unix_row(struct sock_text *t, const struct sock_rec *s);
/* Frees the scratch. */
void sock_text_end(struct sock_text *t);

#endif
