"""`make bench`: run every tests/bench/bench_*.py module's main(), or only those named on the line.

    python -m tests.bench              # all
    python -m tests.bench roster       # bench_roster*.py only
"""

import importlib
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

import tests.bench as package


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(package.__file__).parent)]))
    chosen = [n for n in names if n.startswith("bench_") and (not argv or any(a in n for a in argv))]
    print(f"Machine: {_cpu()} · {len(os.sched_getaffinity(0))} cores · Python {platform.python_version()}")
    for name in chosen:
        started = time.perf_counter()
        importlib.import_module(f"tests.bench.{name}").main()
        print(f"({name}: {time.perf_counter() - started:.1f} s)")
    return 0


def _cpu() -> str:
    with open("/proc/cpuinfo") as info:
        return next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), "?")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
