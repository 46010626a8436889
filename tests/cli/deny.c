/* Runs a command where something the kernel offers does not exist, as in
 * a sandbox that forbids it, through a seccomp filter:
 *   deny netlink COMMAND [ARG...]  every socket(AF_NETLINK, ...) fails
 *                                  with EAFNOSUPPORT
 *   deny bpf COMMAND [ARG...]      every bpf() call fails with EPERM */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sock_filter netlink[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAFNOSUPPORT),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_filter bpf[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_bpf, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog;
    if (argc >= 3 && strcmp(argv[1], "netlink") == 0)
        prog = (struct sock_fprog){sizeof(netlink) / sizeof(netlink[0]), netlink};
    else if (argc >= 3 && strcmp(argv[1], "bpf") == 0)
        prog = (struct sock_fprog){sizeof(bpf) / sizeof(bpf[0]), bpf};
    else {
        fprintf(stderr, "usage: deny netlink|bpf COMMAND [ARG...]\n");
        return 125;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        perror("deny: seccomp");
        return 125;
    }
    execvp(argv[2], argv + 2);
    perror("deny: exec");
    return 127;
}
