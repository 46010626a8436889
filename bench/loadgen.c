/* Socket load for benchmarks: N loopback TCP connections (2N sockets),
 * spread over enough processes to stay under the per-process fd limit.
 * Writes "ready" to the file given once all are open, and exits by itself
 * after a bounded time (or when killed). Run it inside a throwaway network
 * namespace: it binds 127.0.0.1 ports from 20000 up.
 *
 * usage: loadgen CONNECTIONS READY_FILE [SECONDS] */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define PER_PROC 8000 /* connections per process: 16,000 fds */

/* The children, for the SIGTERM handler: it stops and reaps them all, so
 * stopping the parent by its PID leaves nothing behind. */
static pid_t *kids;
static volatile sig_atomic_t n_kids;

static void on_term(int sig)
{
    (void)sig;
    for (sig_atomic_t i = 0; i < n_kids; i++)
        if (kids[i] > 0)
            kill(kids[i], SIGKILL);
    for (sig_atomic_t i = 0; i < n_kids; i++)
        if (kids[i] > 0)
            waitpid(kids[i], NULL, 0);
    _exit(0);
}

static int open_conns(int n, int port)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 4096) < 0) {
        perror("loadgen: listen");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)) < 0) {
            perror("loadgen: connect");
            return -1;
        }
        if (accept(l, NULL, NULL) < 0) {
            perror("loadgen: accept");
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: loadgen CONNECTIONS READY_FILE [SECONDS]\n");
        return 2;
    }
    long total = strtol(argv[1], NULL, 10);
    unsigned secs = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 600;
    if (total <= 0 || total > 1000000) {
        fprintf(stderr, "loadgen: CONNECTIONS must be 1..1000000\n");
        return 2;
    }
    struct rlimit rl = {2 * PER_PROC + 64, 2 * PER_PROC + 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
        perror("loadgen: setrlimit");
        return 1;
    }
    int procs = (int)((total + PER_PROC - 1) / PER_PROC);
    int ready[2];
    if (pipe(ready) < 0)
        return 1;
    kids = calloc((size_t)procs, sizeof(*kids));
    if (!kids)
        return 1;
    struct sigaction sa = {.sa_handler = on_term};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    for (int p = 0; p < procs; p++) {
        int n =
            (int)(total - (long)p * PER_PROC < PER_PROC ? total - (long)p * PER_PROC : PER_PROC);
        kids[p] = fork();
        n_kids = p + 1;
        if (kids[p] == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            /* Die with the parent, so stopping it by its PID stops all. */
            if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
                _exit(1);
            close(ready[0]);
            alarm(secs);
            char r = open_conns(n, 20000 + p) == 0 ? 'y' : 'n';
            if (write(ready[1], &r, 1) != 1)
                _exit(1);
            pause();
            _exit(0);
        }
    }
    close(ready[1]);
    int ok = 0;
    for (int p = 0; p < procs; p++) {
        char r;
        if (read(ready[0], &r, 1) == 1 && r == 'y')
            ok++;
    }
    if (ok == procs) {
        FILE *f = fopen(argv[2], "w");
        if (f) {
            fputs("ready\n", f);
            fclose(f);
        }
    } else {
        fprintf(stderr, "loadgen: %d of %d processes failed\n", procs - ok, procs);
    }
    alarm(secs);
    for (int p = 0; p < procs; p++)
        waitpid(kids[p], NULL, 0);
    free(kids);
    return ok == procs ? 0 : 1;
}
