/* The clock of the views that refresh (--rate, --top): seconds as a
 * double, and a sleep that every C library netstat is built with has. */
#ifndef NETSTAT_VIEWS_PACE_H
#define NETSTAT_VIEWS_PACE_H

/* Now, in seconds since the epoch, to the microsecond. */
double pace_now(void);

/* Sleeps secs (nothing when secs <= 0), half a second at a time. */
void pace_sleep(double secs);

#endif
