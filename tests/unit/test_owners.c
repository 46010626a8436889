/* The owner scan: a socket held by two processes keeps both, and the
 * program name is derived from argv[0] as net-tools derives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/platform.h"

static void test_shared_socket(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct stat st;
    assert_int_equal(fstat(sv[0], &st), 0);

    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        /* The child keeps sv[0] (inherited) until killed. */
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

    struct owners *o;
    bool denied, none;
    assert_int_equal(platform_owners_load(&o, &denied, &none), 0);
    struct owner got[4];
    size_t n = platform_owners_find(o, st.st_ino, got, 4);
    /* Our own process is never scanned (it is netstat itself); the child
     * holds the socket. */
    assert_int_equal(n, 1);
    assert_int_equal(got[0].pid, child);
    assert_int_equal(got[0].fd, sv[0]);
    assert_true(got[0].name[0] != '\0');
    /* Unknown and zero inodes have no owner. */
    assert_int_equal(platform_owners_find(o, 0, got, 4), 0);
    assert_int_equal(platform_owners_find(o, UINT64_MAX, got, 4), 0);
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
    n = platform_owners_find(o, st.st_ino, got, 4);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_socket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
