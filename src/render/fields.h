/* One field table per view: key (for structured output), the net-tools
 * header text and width. Renderers read the table; widths live only here. */
#ifndef NETSTAT_RENDER_FIELDS_H
#define NETSTAT_RENDER_FIELDS_H

#include <stdio.h>

struct field {
    const char *key;    /* stable snake_case name */
    const char *header; /* net-tools column title */
    int width;          /* printf-style: negative left-justifies, 0 free */
};

enum inet_field {
    IF_NETNS, /* only with --netns */
    IF_PROTO,
    IF_RECV_Q,
    IF_SEND_Q,
    IF_LOCAL,
    IF_FOREIGN,
    IF_STATE,
    IF_USER,
    IF_INODE,
    IF_PROGRAM,
    IF_TIMER,
    IF_COUNT
};

enum unix_field {
    UF_NETNS, /* only with --netns */
    UF_PROTO,
    UF_REFCNT,
    UF_FLAGS,
    UF_TYPE,
    UF_STATE,
    UF_INODE,
    UF_PROGRAM,
    UF_PATH,
    UF_COUNT
};

enum group_field { GF_IFACE, GF_REFCNT, GF_GROUP, GF_COUNT };

enum link_field {
    LF_IFACE,
    LF_MTU,
    LF_RX_OK,
    LF_RX_ERR,
    LF_RX_DRP,
    LF_RX_OVR,
    LF_TX_OK,
    LF_TX_ERR,
    LF_TX_DRP,
    LF_TX_OVR,
    LF_FLG,
    LF_COUNT
};

extern const struct field inet_fields[IF_COUNT];
extern const struct field group_fields[GF_COUNT];
extern const struct field link_fields[LF_COUNT];
extern const struct field unix_fields[UF_COUNT];

/* A row: which fields are on, and each one's text. */
struct text_row {
    const struct field *fields;
    int n;
    unsigned on; /* bit per field */
    const char *val[16];
};

/* Writes the header or a row, net-tools style: fields separated by one
 * space, each padded to its width. */
void text_write_header(FILE *out, const struct field *fields, int n, unsigned on);
void text_write_row(FILE *out, const struct text_row *row);

#endif
