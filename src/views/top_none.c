/* --top without a terminal library: tables only. */
#include "views/top_ui.h"

int top_ui_open(void)
{
    return -1;
}

void top_ui_close(void)
{
}

unsigned top_ui_rows(void)
{
    return 24;
}

void top_ui_draw(const char *const *lines, size_t n)
{
    (void)lines;
    (void)n;
}

int top_ui_key(int timeout_ms)
{
    (void)timeout_ms;
    return TOP_KEY_NONE;
}
