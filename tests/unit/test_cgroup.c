/* Containers recognised from /proc/<pid>/cgroup files (the path shapes
 * each runtime creates, in tests/fixtures/cgroup), the labels made from
 * them, and the namespace listing order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/netns.h"
#include "platform/linux/cgroup.h"

#define HEX "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081"

static size_t slurp(const char *name, char *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/cgroup/%s", FIXTURES, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void expect(const char *file, const char *runtime, const char *id, const char *label)
{
    char buf[4096];
    size_t n = slurp(file, buf, sizeof(buf));
    struct container c;
    bool found = cgroup_container(buf, n, &c);
    if (!runtime) {
        if (found)
            fail_msg("%s: found %s:%s, want none", file, c.runtime, c.id);
        assert_string_equal(c.runtime, "");
        return;
    }
    if (!found)
        fail_msg("%s: nothing found, want %s", file, runtime);
    assert_string_equal(c.runtime, runtime);
    assert_string_equal(c.id, id);
    struct netns ns = {.inode = 1, .pid = 42, .container = c, .fd = -1};
    netns_label(&ns);
    assert_string_equal(ns.label, label);
}

static void test_runtimes(void **state)
{
    (void)state;
    expect("docker-v1.cgroup", "docker", HEX, "docker:3f4e5a6b7c8d");
    expect("docker-v2.cgroup", "docker", HEX, "docker:3f4e5a6b7c8d");
    /* the innermost container wins */
    expect("docker-in-docker.cgroup", "docker",
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
           "docker:0123456789ab");
    expect("podman.cgroup", "podman", HEX, "podman:3f4e5a6b7c8d");
    expect("podman-rootless.cgroup", "podman", HEX, "podman:3f4e5a6b7c8d");
    expect("podman-cgroupfs.cgroup", "podman", HEX, "podman:3f4e5a6b7c8d");
    expect("containerd-k8s.cgroup", "containerd", HEX, "containerd:3f4e5a6b7c8d");
    expect("kubepods-cgroupfs.cgroup", "kubernetes", HEX, "kubernetes:3f4e5a6b7c8d");
    expect("containerd-ctr.cgroup", "containerd", "redis-1", "containerd:redis-1");
    expect("crio.cgroup", "cri-o", HEX, "cri-o:3f4e5a6b7c8d");
    expect("nspawn-service.cgroup", "nspawn", "debian-bookworm", "nspawn:debian-bookworm");
    expect("nspawn-scope.cgroup", "nspawn", "build-box", "nspawn:build-box");
    expect("lxc-v2.cgroup", "lxc", "web01", "lxc:web01");
    expect("lxc-v1.cgroup", "lxc", "web01", "lxc:web01");
}

static void test_not_containers(void **state)
{
    (void)state;
    /* monitors run beside the container, in the host's namespace */
    expect("podman-conmon.cgroup", NULL, NULL, NULL);
    expect("lxc-monitor.cgroup", NULL, NULL, NULL);
    expect("host-systemd.cgroup", NULL, NULL, NULL);
    expect("host-sandbox.cgroup", NULL, NULL, NULL);
    expect("user-session.cgroup", NULL, NULL, NULL);
}

static void inline_text(const char *text, const char *runtime)
{
    struct container c;
    bool found = cgroup_container(text, strlen(text), &c);
    if (found != (runtime != NULL))
        fail_msg("'%.60s': found '%s', want '%s'", text, c.runtime, runtime ? runtime : "");
    assert_string_equal(c.runtime, runtime ? runtime : "");
}

static void test_malformed(void **state)
{
    (void)state;
    inline_text("", NULL);
    inline_text("garbage", NULL);
    inline_text("0:", NULL);
    inline_text("0::", NULL);
    inline_text("0::/docker/", NULL);
    inline_text("0::/docker/" HEX "0", NULL); /* 65 digits */
    inline_text("0::/docker/3F4E5A6B7C8D9E0F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F7081",
                NULL); /* runtimes write lowercase */
    inline_text("0::/docker-" HEX ".scop", NULL);
    inline_text("0::/lxc.payload.", NULL);
    inline_text("0::/lxc/bad name", NULL);
    inline_text("0::/machine.slice/machine-.scope", NULL);
    inline_text("0::/default/a/b", "containerd"); /* a group inside the container's */
    inline_text("0::/a/default/b", NULL);
    /* a line without its newline still counts */
    inline_text("0::/docker/" HEX, "docker");
    /* a deep path is read to its end */
    char deep[4096] = "0::";
    for (int i = 0; i < 100; i++)
        strcat(deep, "/x");
    strcat(deep, "/docker-" HEX ".scope");
    inline_text(deep, NULL); /* beyond 64 components: not looked at */
}

static void test_labels(void **state)
{
    (void)state;
    struct netns ns = {.inode = 7, .pid = 300, .fd = -1};
    netns_label(&ns);
    assert_string_equal(ns.label, "pid:300");
    ns.name = "blue";
    netns_label(&ns);
    assert_string_equal(ns.label, "blue");
    ns.host = true;
    netns_label(&ns);
    assert_string_equal(ns.label, "host");
    struct netns bare = {.inode = 8, .path = "/var/run/docker/netns/abc", .fd = -1};
    netns_label(&bare);
    assert_string_equal(bare.label, "/var/run/docker/netns/abc");
}

static void test_order(void **state)
{
    (void)state;
    struct netns v[5] = {
        {.inode = 5, .pid = 900, .fd = -1},     {.inode = 4, .name = "red", .fd = -1},
        {.inode = 3, .pid = 20, .fd = -1},      {.inode = 2, .host = true, .pid = 1, .fd = -1},
        {.inode = 1, .name = "blue", .fd = -1},
    };
    qsort(v, 5, sizeof(v[0]), netns_order);
    uint64_t want[5] = {2, 1, 4, 3, 5};
    for (int i = 0; i < 5; i++)
        assert_int_equal(v[i].inode, want[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runtimes),  cmocka_unit_test(test_not_containers),
        cmocka_unit_test(test_malformed), cmocka_unit_test(test_labels),
        cmocka_unit_test(test_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
