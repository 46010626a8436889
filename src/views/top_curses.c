/* --top's screen through ncurses: no escape sequence of our own. */
#include "views/top_ui.h"

#include <curses.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

static bool open_;

int top_ui_open(void)
{
    if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
        return -1;
    /* the names are UTF-8 (escape_term keeps valid UTF-8 as it is) */
    setlocale(LC_CTYPE, "");
    if (!newterm(NULL, stdout, stdin))
        return -1;
    open_ = true;
    cbreak();
    noecho();
    curs_set(0);
    keypad(stdscr, TRUE);
    return 0;
}

void top_ui_close(void)
{
    if (open_)
        endwin();
    open_ = false;
}

unsigned top_ui_rows(void)
{
    return LINES > 0 ? (unsigned)LINES : 24;
}

void top_ui_draw(const char *const *lines, size_t n)
{
    erase();
    for (size_t i = 0; i < n && (int)i < LINES; i++) {
        /* the title, and the column headings (after a blank line) */
        bool strong = i == 0 || (i > 0 && lines[i - 1][0] == '\0');
        if (strong)
            attron(A_BOLD);
        mvaddnstr((int)i, 0, lines[i], COLS);
        if (strong)
            attroff(A_BOLD);
    }
    refresh();
}

int top_ui_key(int timeout_ms)
{
    timeout(timeout_ms < 0 ? -1 : timeout_ms);
    int c = getch();
    if (c == ERR || c == KEY_RESIZE)
        return c == KEY_RESIZE ? 0 : TOP_KEY_NONE; /* a resize redraws */
    return c;
}
