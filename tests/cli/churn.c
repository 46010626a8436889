/* Socket and process churn for the churn test: WORKERS processes open and
 * close loopback TCP connections, connected UDP sockets and abstract UNIX
 * sockets, and a spawner starts short-lived children that open a listener
 * and a UNIX socket of their own and exit a moment later. The spawner
 * holds no socket, so a child never holds one it did not open.
 *
 * Every socket tells whose it is, so a checker can prove no row names the
 * wrong process: abstract UNIX names are "@churn-<pid>-<n>", and every
 * TCP port a process listens on is logged as "<pid> <port>" to LOG (one
 * write per line, O_APPEND) before the listener exists.
 *
 * RATE caps the sockets opened per second (all workers together), so
 * the listings under test get the CPU too; a connection in 64 is closed
 * the ordinary way and leaves a TIME_WAIT row, the others are reset.
 * Writes "ready" to READY once running, stops after SECONDS or on
 * SIGTERM (stopping every child), and prints the totals.
 *
 * usage: churn READY LOG SECONDS RATE */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKERS   2
#define KID_PORTS 800 /* children listen on 7200..7999 */

static int log_fd;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void log_port(unsigned port)
{
    char line[48];
    int n = snprintf(line, sizeof(line), "%d %u\n", (int)getpid(), port);
    if (write(log_fd, line, (size_t)n) != n)
        _exit(2);
}

static struct sockaddr_in loop4(unsigned port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int listener(unsigned port)
{
    struct sockaddr_in a = loop4(port);
    int one = 1;
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0)
        return -1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    log_port(port);
    if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 64) < 0) {
        close(l);
        return -1;
    }
    return l;
}

/* An abstract UNIX socket named for its owner. */
static int unix_named(unsigned long n, int type)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int len = snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "churn-%d-%lu", (int)getpid(), n);
    int s = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -1;
    if (bind(s, (struct sockaddr *)&a,
             (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len)) < 0) {
        close(s);
        return -1;
    }
    return s;
}

/* A child's short life: a listener, a UNIX socket, a moment, exit. */
static void kid(unsigned seq)
{
    prctl(PR_SET_NAME, "churnkid");
    int l = listener(7200 + seq % KID_PORTS);
    int u = unix_named(seq, SOCK_DGRAM);
    struct timespec ts = {0, (long)(1 + seq % 5) * 1000000L};
    nanosleep(&ts, NULL);
    (void)l;
    (void)u;
    _exit(0);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Sleeps until n things at rate per second since t0 are due. */
static void pace(unsigned long n, double rate, double t0)
{
    double ahead = (double)n / rate - (now() - t0);
    if (ahead > 0) {
        struct timespec ts = {(time_t)ahead, (long)((ahead - (double)(time_t)ahead) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

static void worker(int w, double rate, unsigned long *ops)
{
    prctl(PR_SET_NAME, "churnwork");
    unsigned port = 7100 + (unsigned)w;
    int l = listener(port);
    if (l < 0) {
        perror("churn: listen");
        _exit(1);
    }
    struct sockaddr_in a = loop4(port);
    struct sockaddr_in dst = loop4(9);
    unsigned long n = 0;
    double t0 = now();
    while (!stop) {
        pace(n, rate, t0);
        /* a TCP connection, both ends closed (the client end first, so
         * it lingers in TIME_WAIT, owned by nobody) */
        int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c >= 0 && connect(c, (struct sockaddr *)&a, sizeof(a)) == 0) {
            int s = accept(l, NULL, NULL);
            if (n % 256 >= 4) {
                struct linger reset = {1, 0};
                setsockopt(c, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
            }
            close(c);
            if (s >= 0)
                close(s);
            n += 2;
        } else if (c >= 0) {
            close(c);
        }
        /* a connected UDP socket (connecting sends nothing) */
        int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (u >= 0) {
            connect(u, (struct sockaddr *)&dst, sizeof(dst));
            close(u);
            n++;
        }
        /* an abstract UNIX socket */
        int x = unix_named(n, SOCK_STREAM);
        if (x >= 0) {
            close(x);
            n++;
        }
    }
    *ops = n;
}

/* Forks a short-lived child every 1/rate s. */
static void spawner(double rate, unsigned long *kids)
{
    prctl(PR_SET_NAME, "churnspawn");
    unsigned long n = 0;
    double t0 = now();
    while (!stop) {
        pace(n, rate, t0);
        pid_t p = fork();
        if (p == 0)
            kid((unsigned)n);
        if (p > 0)
            n++;
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
    while (wait(NULL) > 0)
        ;
    *kids = n;
}

int main(int argc, char **argv)
{
    if (argc != 5 || atof(argv[4]) <= 0) {
        fprintf(stderr, "usage: churn READY LOG SECONDS RATE\n");
        return 2;
    }
    double rate = atof(argv[4]) / WORKERS; /* each worker's; RATE/64 children a second */
    log_fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        perror("churn: log");
        return 1;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    /* WORKERS socket workers, then the spawner */
    int pipes[WORKERS + 1][2];
    pid_t pids[WORKERS + 1];
    for (int w = 0; w <= WORKERS; w++) {
        if (pipe(pipes[w]) < 0 || (pids[w] = fork()) < 0) {
            perror("churn: fork");
            return 1;
        }
        if (pids[w] == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            unsigned long totals[2] = {0, 0};
            if (w < WORKERS)
                worker(w, rate, &totals[0]);
            else
                spawner(rate / 32, &totals[1]);
            if (write(pipes[w][1], totals, sizeof(totals)) != sizeof(totals))
                _exit(1);
            _exit(0);
        }
        close(pipes[w][1]);
    }
    FILE *r = fopen(argv[1], "w");
    if (!r || fputs("ready\n", r) == EOF || fclose(r) != 0) {
        perror("churn: ready file");
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    alarm((unsigned)atoi(argv[3]));
    while (!stop)
        pause();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsigned long ops = 0, kids = 0;
    for (int w = 0; w <= WORKERS; w++) {
        kill(pids[w], SIGTERM);
        unsigned long totals[2] = {0, 0};
        if (read(pipes[w][0], totals, sizeof(totals)) == sizeof(totals)) {
            ops += totals[0];
            kids += totals[1];
        }
        waitpid(pids[w], NULL, 0);
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%lu sockets opened and closed, %lu processes, in %.1f s: %.0f sockets/s, "
           "%.0f processes/s\n",
           ops, kids, secs, (double)ops / secs, (double)kids / secs);
    return 0;
}
