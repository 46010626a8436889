#include "render/fields.h"

#include <string.h>

/* The namespace label fits "docker:" and a 12-digit id. */
const struct field inet_fields[IF_COUNT] = {
    [IF_NETNS] = {"netns", "Netns", -19},
    [IF_PROTO] = {"proto", "Proto", -5},
    [IF_RECV_Q] = {"recv_q", "Recv-Q", 6},
    [IF_SEND_Q] = {"send_q", "Send-Q", 6},
    [IF_LOCAL] = {"local", "Local Address", -23},
    [IF_FOREIGN] = {"foreign", "Foreign Address", -23},
    [IF_STATE] = {"state", "State", -11},
    [IF_USER] = {"user", "User", -10},
    [IF_INODE] = {"inode", "Inode", -10},
    [IF_PROGRAM] = {"program", "PID/Program name", -20},
    [IF_TIMER] = {"timer", "Timer", 0},
};

const struct field unix_fields[UF_COUNT] = {
    [UF_NETNS] = {"netns", "Netns", -19},   [UF_PROTO] = {"proto", "Proto", -5},
    [UF_REFCNT] = {"refcnt", "RefCnt", -6}, [UF_FLAGS] = {"flags", "Flags", -11},
    [UF_TYPE] = {"type", "Type", -10},      [UF_STATE] = {"state", "State", -13},
    [UF_INODE] = {"inode", "I-Node", -8},   [UF_PROGRAM] = {"program", "PID/Program name", -20},
    [UF_PATH] = {"path", "Path", 0},
};

const struct field group_fields[GF_COUNT] = {
    [GF_IFACE] = {"interface", "Interface", -15},
    [GF_REFCNT] = {"refcnt", "RefCnt", -6},
    [GF_GROUP] = {"group", "Group", 0},
};

const struct field link_fields[LF_COUNT] = {
    [LF_IFACE] = {"interface", "Iface", -15}, [LF_MTU] = {"mtu", "MTU", 5},
    [LF_RX_OK] = {"rx_ok", "RX-OK", 8},       [LF_RX_ERR] = {"rx_err", "RX-ERR", 6},
    [LF_RX_DRP] = {"rx_drp", "RX-DRP", 6},    [LF_RX_OVR] = {"rx_ovr", "RX-OVR", -6},
    [LF_TX_OK] = {"tx_ok", "TX-OK", 8},       [LF_TX_ERR] = {"tx_err", "TX-ERR", 6},
    [LF_TX_DRP] = {"tx_drp", "TX-DRP", 6},    [LF_TX_OVR] = {"tx_ovr", "TX-OVR", 6},
    [LF_FLG] = {"flags", "Flg", 0},
};

/* Writes one cell: a separating space unless first, then s padded to
 * |width| (right-aligned when width > 0, left when < 0). Cells go into a
 * line buffer so a row costs one write call, not one per cell. */
struct line {
    char buf[512];
    size_t len;
    FILE *out;
};

static void line_put(struct line *l, const char *s, size_t n)
{
    if (n > sizeof(l->buf) - l->len) {
        fwrite(l->buf, 1, l->len, l->out);
        l->len = 0;
        if (n > sizeof(l->buf)) {
            fwrite(s, 1, n, l->out);
            return;
        }
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

static void line_pad(struct line *l, size_t n)
{
    static const char spaces[] = "                                ";
    while (n) {
        size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
        line_put(l, spaces, k);
        n -= k;
    }
}

static void put_cell(struct line *l, const char *s, int width, int first)
{
    if (!first)
        line_put(l, " ", 1);
    size_t len = strlen(s);
    size_t w = (size_t)(width < 0 ? -width : width);
    size_t pad = len < w ? w - len : 0;
    if (width > 0)
        line_pad(l, pad);
    line_put(l, s, len);
    if (width < 0)
        line_pad(l, pad);
}

static void write_cells(FILE *out, const struct field *fields, int n, unsigned on,
                        const char *const *val)
{
    struct line l;
    l.len = 0;
    l.out = out;
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (!(on & (1u << i)))
            continue;
        put_cell(&l, val ? val[i] : fields[i].header, fields[i].width, first);
        first = 0;
    }
    line_put(&l, "\n", 1);
    fwrite(l.buf, 1, l.len, out);
}

void text_write_header(FILE *out, const struct field *fields, int n, unsigned on)
{
    write_cells(out, fields, n, on, NULL);
}

void text_write_row(FILE *out, const struct text_row *row)
{
    write_cells(out, row->fields, row->n, row->on, row->val);
}
