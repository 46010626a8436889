/* --top's screen: a terminal library draws lines of text (escaped by the
 * caller) and reads keys. Built with ncurses where the system has it
 * (top_curses.c); without, top_ui_open fails and --top prints tables. */
#ifndef NETSTAT_VIEWS_TOP_UI_H
#define NETSTAT_VIEWS_TOP_UI_H

#include <stddef.h>

#define TOP_KEY_NONE (-1)

/* Takes the terminal on standard output: 0, or -1 when it is not a
 * terminal (or the library cannot drive it). */
int top_ui_open(void);
void top_ui_close(void);
/* The lines the screen has room for. */
unsigned top_ui_rows(void);
/* Replaces the screen with lines[0..n-1], each cut at the screen's width;
 * the first (the title) and the column headings stand out. */
void top_ui_draw(const char *const *lines, size_t n);
/* A key pressed within timeout_ms, or TOP_KEY_NONE. */
int top_ui_key(int timeout_ms);

#endif
