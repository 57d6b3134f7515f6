"""Shared by the CSV peer scripts: the peak resident memory of this process.

VmHWM from /proc/self/status; ru_maxrss would include the memory of the parent that spawned the script.
"""


def peak_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0
