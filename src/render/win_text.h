/* What Windows' text layouts share (render/sock_text_win.c and the views
 * only the Windows dialect selects). */
#ifndef NETSTAT_RENDER_WIN_TEXT_H
#define NETSTAT_RENDER_WIN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "model/sock.h"

/* LISTENING, ESTABLISHED, SYN_SENT, FIN_WAIT_1...; "" for UDP. */
const char *win_state_name(const struct sock_rec *s);
/* A numeric address as Windows writes it: 192.0.2.1, [2001:db8::1],
 * [fe80::1%12] (scope: the interface index, 0 for none). */
void win_addr_text(enum sock_family fam, const struct sock_addr *a, uint32_t scope, char *buf,
                   size_t n);
/* The address alone, no brackets. */
void win_numeric(enum sock_family fam, const struct sock_addr *a, char *buf, size_t n);

#endif
