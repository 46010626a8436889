#include "platform/linux/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int text_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t text_last_word(const char *line, size_t i, size_t len, char *out, size_t outsz)
{
    while (i < len && line[i] == ' ')
        i++;
    size_t n = 0;
    while (i < len && line[i] != '\n' && line[i] != ' ') {
        if (n + 1 >= outsz) {
            out[0] = '\0';
            return 0;
        }
        out[n++] = line[i++];
    }
    out[n] = '\0';
    return n;
}

int text_each_line(const char *path, int (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    return text_each_line_fd(fd, fn, ctx);
}

int text_each_line_fd(int fd, int (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
    FILE *f = fdopen(fd, "r");
    if (!f) {
        int e = errno;
        close(fd);
        return -e;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        rc = fn(line, (size_t)n, ctx);
        if (rc)
            break;
    }
    if (!rc && ferror(f))
        rc = -EIO;
    free(line);
    fclose(f);
    return rc;
}
