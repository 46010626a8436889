/* Notes on stderr that several views share. */
#ifndef NETSTAT_VIEWS_NOTES_H
#define NETSTAT_VIEWS_NOTES_H

#include <stdio.h>

/* After a listing that resolved names: how many addresses the resolver
 * left unanswered at the deadline, shown as numbers instead (after what
 * went to out, so a terminal shows it last). */
void note_unresolved(FILE *out);

/* Why the owner scan failed (platform_owners_load's -errno), in words. */
const char *owners_error(int rc);

#endif
