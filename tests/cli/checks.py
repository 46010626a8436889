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
