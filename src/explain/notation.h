/* Listening-address notations as people meet them in logs, configs and
 * netstat's own tables, taken apart into one unambiguous form:
 *
 *   8080               a port alone
 *   0.0.0.0:22         IPv4 address and port
 *   [::]:22  [::1]:8080  [fe80::1%eth0]:22   bracketed IPv6, with scope
 *   :::22              netstat's unbracketed IPv6 (the last colon ends it)
 *   ::1:8080           the same, but also a whole IPv6 address: ambiguous
 *   *:22   :22         any address, either family
 *   localhost:8080     a host name, for the caller to resolve
 *   127.0.0.1  [::1]   an address alone: any port
 *
 * and rejected with a reason: eth0:80 (an interface, not an address),
 * 300.1.1.1:22, :99999, garbage. The parser does no lookups; the caller
 * passes a predicate that says whether a word is an interface name. */
#ifndef NETSTAT_EXPLAIN_NOTATION_H
#define NETSTAT_EXPLAIN_NOTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sock.h"

enum notation_host {
    NOTE_NONE,     /* a port alone */
    NOTE_ANY,      /* "*", "" or no address: every address, both families */
    NOTE_ADDRESS,  /* a numeric address in addr (a wildcard one too) */
    NOTE_HOSTNAME, /* a name in name, to resolve */
};

struct notation {
    enum notation_host host;
    enum sock_family family; /* NOTE_ADDRESS: FAM_INET or FAM_INET6 */
    struct sock_addr addr;
    char name[256]; /* NOTE_HOSTNAME */
    char scope[64]; /* "%eth0" of a scoped IPv6 address, without "%" */
    bool has_port;  /* false: any port */
    uint16_t port;
    /* Set when the text can be read two ways; says how it was read. */
    const char *ambiguity;
};

/* Parses s. Returns 0, or -1 with a message for a person in err. */
int notation_parse(const char *s, bool (*is_interface)(const char *name), struct notation *out,
                   char *err, size_t errlen);

/* The normal form: "0.0.0.0:22", "[::1]:8080", "[fe80::1%eth0]:22",
 * "*:22", ":8080" for a port alone, "localhost:8080", "127.0.0.1:*". */
void notation_format(const struct notation *n, char *buf, size_t len);

#endif
