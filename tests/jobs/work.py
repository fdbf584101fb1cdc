"""Job functions the tests run in real worker processes."""

import os
import time


def count(params: dict, progress) -> dict:
    total = params["n"]
    with progress.file("count.txt").open("w") as out:
        for i in range(1, total + 1):
            out.write(f"{i}\n")
            time.sleep(params.get("pause", 0))
            progress(i, total, f"строка {i}")
    return {"file": "count.txt", "lines": total}


def broken(params: dict, progress) -> dict:
    raise ValueError("в списке нет ни одного гостя")


def stubborn(params: dict, progress) -> dict:
    time.sleep(3600)  # never reports progress, so never sees a cancel: the watcher must kill it
    return {}


def forever(params: dict, progress) -> dict:
    """Reports progress until it is stopped; leaves its process id for the test to check it has ended."""
    progress.file("pid").write_text(str(os.getpid()))
    i = 0
    while True:
        i += 1
        progress(i, i + 1, f"шаг {i}")
        time.sleep(0.05)
