"""Pass/fail counting shared by the Python end-to-end checks."""
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
