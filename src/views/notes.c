#include "views/notes.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "resolve/hosts.h"
#include "resolve/names.h"

void note_unresolved(FILE *out)
{
    size_t late = names_late();
    if (!late)
        return;
    fflush(out);
    fprintf(stderr,
            "(No answer from the resolver within %d s for %zu address%s: shown as "
            "number%s.)\n",
            HOSTS_BUDGET_MS / 1000, late, late == 1 ? "" : "es", late == 1 ? "" : "s");
}

const char *owners_error(int rc)
{
    if (rc == -ENOENT)
        return "no process information (/proc is not mounted)";
    return strerror(-rc);
}
