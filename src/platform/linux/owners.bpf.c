/* The owners source at the kernel's speed: an iter/task_file program that
 * walks every task's file table once and writes (tgid, fd, inode) for the
 * socket files only, in the kernel's order (tasks by pid, fds ascending).
 * Compiled with clang's bpf target and embedded as a light skeleton: the
 * kernel relocates the field reads below against its own BTF (CO-RE), so
 * netstat needs no copy of the kernel's types and no library at run time.
 * GPL: the helpers this program calls are. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#define S_IFMT   00170000
#define S_IFSOCK 0140000

/* Only the fields read, named as the kernel names them. */
struct seq_file;
struct bpf_iter_meta {
    struct seq_file *seq;
} __attribute__((preserve_access_index));
struct inode {
    unsigned short i_mode;
    unsigned long i_ino;
} __attribute__((preserve_access_index));
struct file {
    struct inode *f_inode;
} __attribute__((preserve_access_index));
struct task_struct {
    int pid;
    int tgid;
} __attribute__((preserve_access_index));
struct bpf_iter__task_file {
    struct bpf_iter_meta *meta;
    struct task_struct *task;
    __u32 fd;
    struct file *file;
} __attribute__((preserve_access_index));

/* One socket fd; the record netstat reads (platform/linux/owners.c). */
struct owners_rec {
    __u32 tgid;
    __u32 fd;
    __u64 inode;
};

SEC("iter/task_file")
int socket_fds(struct bpf_iter__task_file *ctx)
{
    struct seq_file *seq = ctx->meta->seq;
    struct task_struct *task = ctx->task;
    struct file *file = ctx->file;
    if (!task || !file || task->pid != task->tgid)
        return 0; /* a thread's files are its process's: seen once */
    struct inode *inode = file->f_inode;
    if (!inode || (inode->i_mode & S_IFMT) != S_IFSOCK)
        return 0;
    struct owners_rec r = {(__u32)task->tgid, ctx->fd, inode->i_ino};
    bpf_seq_write(seq, &r, sizeof(r));
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
