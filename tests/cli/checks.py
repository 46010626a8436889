"""Pass/fail counting shared by the Python end-to-end checks."""
import glob
import pwd
import sys

passes = 0
fails = 0


def check(cond, what):
    """Counts one check; prints what failed. Returns cond."""
    global passes, fails
    if cond:
        passes += 1
    else:
        fails += 1
        print("FAIL:", what)
    return cond


def finish():
    """Prints the tally and exits 1 when anything failed."""
    print(f"{passes} passed, {fails} failed")
    sys.exit(1 if fails else 0)


def free_uid():
    """A user id that nothing on this machine uses (no account, no
    process), for the runs without privilege."""
    used = set()
    for path in glob.glob("/proc/[0-9]*/status"):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("Uid:"):
                        used.update(int(x) for x in line.split()[1:])
        except OSError:
            pass  # gone
    uid = 61234
    while True:
        try:
            pwd.getpwuid(uid)
        except KeyError:
            if uid not in used:
                return uid
        uid += 1


def open_copy(binary, directory):
    """A copy of binary in directory (made readable to all) that any user
    can run: the build may sit where only root can enter, as /root."""
    import os
    import shutil
    os.chmod(directory, 0o755)
    path = os.path.join(directory, os.path.basename(binary))
    shutil.copy(binary, path)
    os.chmod(path, 0o755)
    return path
