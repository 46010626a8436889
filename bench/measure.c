/* Runs one command and reports its wall time and peak resident memory:
 *   measure OUT CMD [ARGS...]
 * CMD's stdout goes to OUT (a file, or /dev/null), its stderr to
 * /dev/null. Prints "MICROSECONDS PEAK_RSS_KIB EXIT_STATUS". */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: measure OUT CMD [ARGS...]\n");
        return 2;
    }
    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (out < 0 || err < 0) {
        perror("measure: open");
        return 2;
    }
    long long t0 = now_us();
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 2;
    }
    if (pid == 0) {
        dup2(out, 1);
        dup2(err, 2);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("measure: wait4");
        return 2;
    }
    long long t1 = now_us();
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%lld %ld %d\n", t1 - t0, ru.ru_maxrss, code);
    return 0;
}
