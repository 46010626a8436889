/* libFuzzer: the option parser, with NUL-separated arguments. Its usage
 * and messages are expected output; run.sh discards them (-close_fd_mask). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *copy = malloc(size + 1);
    char *argv[64];
    int argc = 0;
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[argc++] = "netstat";
    for (char *p = copy; argc < 63 && p <= copy + size;) {
        argv[argc++] = p;
        p += strlen(p) + 1;
    }
    argv[argc] = NULL;
    optind = 0; /* full re-initialisation of getopt */
    struct options o;
    if (options_parse(argc, argv, &o) < 0)
        filter_free(&o.filter);
    free(copy);
    return 0;
}
