/* The owner scan: a socket held by two processes keeps both, and the
 * program name is derived from argv[0] as net-tools derives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/platform.h"

static pid_t hold(void)
{
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(ready[0]);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    close(ready[1]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    return child;
}

static void test_shared_socket(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct stat st;
    assert_int_equal(fstat(sv[0], &st), 0);

    struct sock_rec rec = {.inode = st.st_ino}, zero = {0}, unknown = {.inode = UINT64_MAX};
    /* The child keeps sv[0] (inherited) until killed. */
    pid_t child = hold();

    struct owners *o;
    bool denied, none;
    assert_int_equal(platform_owners_load(&o, &denied, &none), 0);
    struct owner got[4];
    size_t n = platform_owners_find(o, &rec, got, 4);
    /* Our own process is never scanned (it is netstat itself); the child
     * holds the socket. */
    assert_int_equal(n, 1);
    assert_int_equal(got[0].pid, child);
    assert_int_equal(got[0].fd, sv[0]);
    assert_true(got[0].name[0] != '\0');
    /* Unknown and zero inodes have no owner. */
    assert_int_equal(platform_owners_find(o, &zero, got, 4), 0);
    assert_int_equal(platform_owners_find(o, &unknown, got, 4), 0);
    platform_owners_free(o);

    /* Two holders: a second child with the same socket. */
    pid_t child2 = fork();
    assert_true(child2 >= 0);
    if (child2 == 0) {
        pause();
        _exit(0);
    }
    usleep(50000);
    assert_int_equal(platform_owners_load(&o, &denied, &none), 0);
    n = platform_owners_find(o, &rec, got, 4);
    assert_int_equal(n, 2);
    assert_true((got[0].pid == child && got[1].pid == child2) ||
                (got[0].pid == child2 && got[1].pid == child));
    /* Scan order is /proc order: the lower pid first when pids ascend. */
    if (child < child2)
        assert_int_equal(got[0].pid, child);
    platform_owners_free(o);

    kill(child, SIGKILL);
    kill(child2, SIGKILL);
    waitpid(child, NULL, 0);
    waitpid(child2, NULL, 0);
    close(sv[0]);
    close(sv[1]);
}

/* A process with an empty command line (argv[0] of "", as an exiting
 * process's reads too) is named by its kernel name, never left blank. */
static void test_empty_cmdline(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct stat st;
    assert_int_equal(fstat(sv[0], &st), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        execl("/bin/sleep", "", "30", (char *)NULL);
        _exit(127);
    }
    struct owner got[2];
    size_t n = 0;
    bool named = false;
    /* until the exec has happened (the name was the test's before) */
    for (int i = 0; i < 200 && !named; i++) {
        struct owners *o;
        bool denied, none;
        assert_int_equal(platform_owners_load(&o, &denied, &none), 0);
        n = platform_owners_find(o, &(struct sock_rec){.inode = st.st_ino}, got, 2);
        named = n == 1 && strcmp(got[0].name, "sleep") == 0;
        assert_true(n != 1 || got[0].name[0] != '\0');
        platform_owners_free(o);
        if (!named)
            usleep(10000);
    }
    assert_true(named);
    assert_int_equal(got[0].pid, child);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    close(sv[0]);
    close(sv[1]);
}

/* Big fd tables: a dense one is cut into ranges read by several threads,
 * a sparse one is read whole; either way every socket is found with its
 * fd, and where two processes hold the same sockets the first owner is
 * the one the /proc order puts first. */
static void test_big_tables(void **state)
{
    (void)state;
    enum { PAIRS = 1500, SPARSE_FD = 15000 };
    struct rlimit rl;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_max < SPARSE_FD + 16)
        skip();
    rl.rlim_cur = SPARSE_FD + 16;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);

    static int fds[2 * PAIRS];
    static ino_t inodes[2 * PAIRS];
    for (int i = 0; i < PAIRS; i++)
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds + 2 * i), 0);
    for (int i = 0; i < 2 * PAIRS; i++) {
        struct stat st;
        assert_int_equal(fstat(fds[i], &st), 0);
        inodes[i] = st.st_ino;
    }
    /* Two dense holders. */
    pid_t a = hold(), b = hold();
    /* A sparse holder: the same sockets and one far away. */
    assert_int_equal(dup2(fds[0], SPARSE_FD), SPARSE_FD);
    pid_t c = hold();
    close(SPARSE_FD);

    struct owners *o;
    bool denied, none;
    assert_int_equal(platform_owners_load(&o, &denied, &none), 0);
    pid_t first = a < b ? a : b;
    if (c < first)
        first = c;
    for (int i = 0; i < 2 * PAIRS; i++) {
        struct owner got[4];
        size_t n = platform_owners_find(o, &(struct sock_rec){.inode = inodes[i]}, got, 4);
        size_t want = i == 0 ? 4 : 3; /* c holds fds[0] twice */
        assert_int_equal(n, want);
        assert_int_equal(got[0].pid, first);
        for (size_t k = 0; k < 3; k++)
            assert_true(got[k].fd == fds[i] || (i == 0 && got[k].fd == SPARSE_FD));
    }
    struct owner got[4];
    assert_int_equal(platform_owners_find(o, &(struct sock_rec){.inode = inodes[0]}, got, 4), 4);
    bool far = false;
    for (int k = 0; k < 4; k++)
        if (got[k].pid == c && got[k].fd == SPARSE_FD)
            far = true;
    assert_true(far);
    platform_owners_free(o);

    pid_t kids[] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        kill(kids[i], SIGKILL);
        waitpid(kids[i], NULL, 0);
    }
    for (int i = 0; i < 2 * PAIRS; i++)
        close(fds[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_socket),
        cmocka_unit_test(test_big_tables),
        cmocka_unit_test(test_empty_cmdline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
