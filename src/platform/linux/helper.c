/* A helper process: forked while netstat is small, tied to it (it dies
 * with netstat), stopped and continued on request. The name resolver runs
 * in one, so that a socket listing can hold it still and leave out the
 * sockets it holds (resolve/hosts.c). */
#include "platform/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct helper {
    pid_t pid; /* 0: gone (reaped) */
};

int platform_helper_start(struct helper **out, void (*fn)(int in, int out), int *to, int *from)
{
    int a[2], b[2];
    if (pipe2(a, O_CLOEXEC) < 0)
        return -errno;
    if (pipe2(b, O_CLOEXEC) < 0) {
        int e = errno;
        close(a[0]);
        close(a[1]);
        return -e;
    }
    struct helper *h = calloc(1, sizeof(*h));
    pid_t parent = getpid();
    pid_t pid = h ? fork() : -1;
    if (pid == 0) {
        /* Dies with netstat, whatever kills it, and takes no signal from
         * the terminal (Ctrl-C ends netstat, and so this one). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(0);
        setpgid(0, 0);
        signal(SIGPIPE, SIG_IGN);
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
        }
        close(a[1]);
        close(b[0]);
        /* Tied now: netstat may go on (and stop it) from here. */
        char ready = 1;
        if (write(b[1], &ready, 1) != 1)
            _exit(0);
        fn(a[0], b[1]);
        _exit(0);
    }
    int e = pid < 0 ? (h ? errno : ENOMEM) : 0;
    close(a[0]);
    close(b[1]);
    if (pid < 0) {
        close(a[1]);
        close(b[0]);
        free(h);
        return -e;
    }
    h->pid = pid;
    /* Until the helper is tied to netstat, stopping it could leave it
     * stopped for good should netstat die: wait for its word. */
    char ready;
    ssize_t got;
    do
        got = read(b[0], &ready, 1);
    while (got < 0 && errno == EINTR);
    if (got != 1) {
        e = got < 0 ? errno : ECHILD;
        close(a[1]);
        close(b[0]);
        platform_helper_end(h);
        return -e;
    }
    fcntl(a[1], F_SETFL, O_NONBLOCK);
    fcntl(b[0], F_SETFL, O_NONBLOCK);
    *out = h;
    *to = a[1];
    *from = b[0];
    return 0;
}

int platform_helper_pause(struct helper *h)
{
    if (!h->pid)
        return -ESRCH;
    if (kill(h->pid, SIGSTOP) < 0)
        return -errno;
    /* kill() returns before the helper has stopped: wait until it has. */
    int st;
    pid_t w;
    do
        w = waitpid(h->pid, &st, WUNTRACED);
    while (w < 0 && errno == EINTR);
    if (w < 0)
        return -errno;
    if (!WIFSTOPPED(st)) {
        h->pid = 0; /* it ended, and is reaped */
        return -ESRCH;
    }
    return h->pid;
}

void platform_helper_resume(struct helper *h)
{
    if (h->pid)
        kill(h->pid, SIGCONT);
}

void platform_helper_end(struct helper *h)
{
    if (!h)
        return;
    if (h->pid) {
        kill(h->pid, SIGKILL);
        while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    free(h);
}
