#include "views/pace.h"

#include <stddef.h>
#include <sys/time.h>
#include <unistd.h>

double pace_now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* usleep, not nanosleep: mingw-w64's C library has no nanosleep. */
void pace_sleep(double secs)
{
    while (secs > 0) {
        double part = secs > 0.5 ? 0.5 : secs;
        usleep((useconds_t)(part * 1e6));
        secs -= part;
    }
}
