/* A netlink dump read ahead by one helper thread. The kernel builds each
 * dump datagram inside the recv call that asks for it, so while the caller
 * parses and prints one datagram the helper is already in the kernel
 * building the next: on two cores a big listing costs about the larger of
 * the two, not their sum. Memory stays flat: a few datagram slots. */
#include "platform/linux/nldump.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The kernel fills dump datagrams up to about 32 KiB; a link with many
 * virtual functions can need more, so a slot holds 64 KiB (pages the
 * kernel does not write are never touched). */
#define SLOT_SIZE    (64 * 1024)
#define SLOTS        4
#define READER_STACK (64 * 1024)

/* NLMSG_DONE may carry an error: a dump the kernel cannot serve (no diag
 * handler for the protocol) ends with DONE holding -ENOENT. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
    (void)data;
    if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
        int err = *(const int *)mnl_nlmsg_get_payload(nlh);
        if (err < 0) {
            errno = -err;
            return MNL_CB_ERROR;
        }
    }
    return MNL_CB_STOP;
}

/* An error in reply to the request (-EPERM where it needs a privilege):
 * libmnl consults only this table once one is given. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
    (void)data;
    const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
        errno = EBADMSG;
        return MNL_CB_ERROR;
    }
    if (e->error < 0) {
        errno = -e->error;
        return MNL_CB_ERROR;
    }
    return MNL_CB_STOP;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
    [NLMSG_DONE] = done_cb,
    [NLMSG_ERROR] = error_cb,
};

/* True when this datagram is the dump's last: it holds NLMSG_DONE or
 * NLMSG_ERROR, or a reply that is not part of a multipart dump, or the
 * read failed. */
static bool ends_dump(const char *buf, ssize_t n)
{
    if (n <= 0)
        return true;
    const struct nlmsghdr *nlh = (const void *)buf;
    int left = (int)n;
    while (mnl_nlmsg_ok(nlh, left)) {
        if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR ||
            !(nlh->nlmsg_flags & NLM_F_MULTI))
            return true;
        nlh = mnl_nlmsg_next(nlh, &left);
    }
    return false;
}

static ssize_t recv_one(struct mnl_socket *nl, char *buf)
{
    ssize_t n;
    do
        n = mnl_socket_recvfrom(nl, buf, SLOT_SIZE);
    while (n < 0 && errno == EINTR);
    return n;
}

struct dump {
    struct mnl_socket *nl;
    uint32_t seq, portid;
    mnl_cb_t cb;
    void *data;
    const int *visit_rc;
};

enum { GO_ON = 1 };

/* Runs the callbacks over one datagram (end: whether it is the dump's
 * last, as its reader found): GO_ON, or the dump's result, with *drain
 * set when the kernel still has replies queued for this dump. */
static int consume(const struct dump *d, const char *buf, ssize_t n, int err, bool end, bool *drain)
{
    *drain = false;
    if (n < 0)
        return err ? -err : -EIO;
    errno = 0;
    int r = mnl_cb_run2(buf, (size_t)n, d->seq, d->portid, d->cb, d->data, ctl_cbs, NLMSG_MIN_TYPE);
    if (r == MNL_CB_STOP) {
        if (d->visit_rc && *d->visit_rc) {
            *drain = !end;
            return *d->visit_rc;
        }
        return 0;
    }
    if (r < 0) {
        *drain = !end;
        return errno ? -errno : -EIO;
    }
    return end ? 0 : GO_ON;
}

/* The rest of a dump nobody wants, read and dropped so the socket stays
 * usable for the next request. */
static void drain_serial(struct mnl_socket *nl, char *buf)
{
    for (;;) {
        ssize_t n = recv_one(nl, buf);
        if (ends_dump(buf, n))
            return;
    }
}

/* ---- the read-ahead thread ---- */

struct reader {
    struct mnl_socket *nl;
    pthread_mutex_t mu;
    pthread_cond_t filled, freed;
    char *bufs;
    ssize_t len[SLOTS];
    int err[SLOTS];
    bool last[SLOTS];     /* the datagram ends the dump */
    unsigned head, tail;  /* datagrams published by the reader / released by the caller */
    bool ended;           /* the reader published the dump's last datagram */
    bool cancel;          /* the caller wants no more: drain and stop */
    struct nlmsghdr *req; /* a request the reader sends first, or NULL */
};

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    if (r->req && mnl_socket_sendto(r->nl, r->req, r->req->nlmsg_len) < 0) {
        /* The kernel may build the whole of a small dump inside the send:
         * that is why the reader sends. A failure ends the dump. */
        pthread_mutex_lock(&r->mu);
        r->len[0] = -1;
        r->err[0] = errno ? errno : EIO;
        r->last[0] = true;
        r->head = 1;
        r->ended = true;
        pthread_cond_signal(&r->filled);
        pthread_mutex_unlock(&r->mu);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (r->head - r->tail == SLOTS && !r->cancel)
            pthread_cond_wait(&r->freed, &r->mu);
        bool cancel = r->cancel;
        unsigned slot = r->head % SLOTS;
        pthread_mutex_unlock(&r->mu);

        /* Once cancelled the caller reads no slot: any will do. */
        char *buf = r->bufs + (cancel ? 0 : slot) * SLOT_SIZE;
        ssize_t n = recv_one(r->nl, buf);
        int e = n < 0 ? errno : 0;
        bool end = ends_dump(buf, n);
        if (!cancel) {
            pthread_mutex_lock(&r->mu);
            r->len[slot] = n;
            r->err[slot] = e;
            r->last[slot] = end;
            r->head++;
            r->ended = end;
            pthread_cond_signal(&r->filled);
            pthread_mutex_unlock(&r->mu);
        }
        if (end)
            return NULL;
    }
}

static int consume_threaded(const struct dump *d, struct reader *r)
{
    int rc = GO_ON;
    bool drain = false;
    while (rc == GO_ON) {
        pthread_mutex_lock(&r->mu);
        while (r->tail == r->head && !r->ended)
            pthread_cond_wait(&r->filled, &r->mu);
        if (r->tail == r->head) {
            pthread_mutex_unlock(&r->mu);
            rc = 0; /* the last datagram needed no more */
            break;
        }
        unsigned slot = r->tail % SLOTS;
        ssize_t n = r->len[slot];
        int e = r->err[slot];
        bool end = r->last[slot];
        pthread_mutex_unlock(&r->mu);

        rc = consume(d, r->bufs + slot * SLOT_SIZE, n, e, end, &drain);

        pthread_mutex_lock(&r->mu);
        r->tail++;
        if (rc != GO_ON && drain)
            r->cancel = true;
        pthread_cond_signal(&r->freed);
        pthread_mutex_unlock(&r->mu);
    }
    return rc;
}

static int start_reader(struct reader *r, pthread_t *th)
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        return -1;
    pthread_attr_setstacksize(&attr, READER_STACK);
    int e = pthread_create(th, &attr, reader_main, r);
    pthread_attr_destroy(&attr);
    return e ? -1 : 0;
}

struct nl_dump {
    struct dump d;
    struct reader r;
    pthread_t th;
    bool sync_init; /* mutex and conditions initialised */
    bool threaded;  /* the reader thread runs */
    int send_err;   /* the request could not be sent */
};

static void sync_init(struct nl_dump *h)
{
    pthread_mutex_init(&h->r.mu, NULL);
    pthread_cond_init(&h->r.filled, NULL);
    pthread_cond_init(&h->r.freed, NULL);
    h->sync_init = true;
}

struct nl_dump *nl_dump_start(struct mnl_socket *nl, const struct nlmsghdr *req, bool ahead)
{
    struct nl_dump *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->r.bufs = malloc((size_t)SLOTS * SLOT_SIZE);
    if (!h->r.bufs) {
        free(h);
        errno = ENOMEM;
        return NULL;
    }
    h->r.nl = nl;
    h->d = (struct dump){nl, req->nlmsg_seq, mnl_socket_get_portid(nl), NULL, NULL, NULL};
    if (ahead) {
        /* The reader sends too: the kernel may build much of the dump
         * inside the send call. */
        h->r.req = malloc(req->nlmsg_len);
        if (h->r.req) {
            memcpy(h->r.req, req, req->nlmsg_len);
            sync_init(h);
            h->threaded = start_reader(&h->r, &h->th) == 0;
            if (h->threaded)
                return h;
            free(h->r.req);
            h->r.req = NULL;
        }
    }
    if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
        h->send_err = errno ? errno : EIO;
    return h;
}

static void release(struct nl_dump *h)
{
    if (h->threaded)
        pthread_join(h->th, NULL);
    if (h->sync_init) {
        pthread_cond_destroy(&h->r.freed);
        pthread_cond_destroy(&h->r.filled);
        pthread_mutex_destroy(&h->r.mu);
    }
    free(h->r.req);
    free(h->r.bufs);
    free(h);
}

int nl_dump_finish(struct nl_dump *h, mnl_cb_t cb, void *data, const int *visit_rc)
{
    if (h->send_err) {
        int e = h->send_err;
        release(h);
        return -e;
    }
    h->d.cb = cb;
    h->d.data = data;
    h->d.visit_rc = visit_rc;
    int rc;
    if (h->threaded) {
        rc = consume_threaded(&h->d, &h->r);
        release(h);
        return rc;
    }
    /* The first datagram here: a small dump ends in it, with no thread. */
    ssize_t n = recv_one(h->d.nl, h->r.bufs);
    bool drain;
    rc = consume(&h->d, h->r.bufs, n, n < 0 ? errno : 0, ends_dump(h->r.bufs, n), &drain);
    if (rc == GO_ON) {
        h->r.head = h->r.tail = 1;
        if (!h->sync_init)
            sync_init(h);
        h->threaded = start_reader(&h->r, &h->th) == 0;
        if (h->threaded) {
            rc = consume_threaded(&h->d, &h->r);
        } else {
            /* No thread to be had: read in turn. */
            while (rc == GO_ON) {
                n = recv_one(h->d.nl, h->r.bufs);
                rc = consume(&h->d, h->r.bufs, n, n < 0 ? errno : 0, ends_dump(h->r.bufs, n),
                             &drain);
            }
        }
    }
    if (!h->threaded && drain)
        drain_serial(h->d.nl, h->r.bufs);
    release(h);
    return rc;
}

static int drop_cb(const struct nlmsghdr *nlh, void *data)
{
    (void)nlh;
    (void)data;
    return MNL_CB_OK;
}

void nl_dump_abandon(struct nl_dump *h)
{
    if (h)
        nl_dump_finish(h, drop_cb, NULL, NULL);
}

int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
            const int *visit_rc)
{
    struct nl_dump *h = nl_dump_start(nl, req, false);
    if (!h)
        return -ENOMEM;
    return nl_dump_finish(h, cb, data, visit_rc);
}
