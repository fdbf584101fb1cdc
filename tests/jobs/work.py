"""Job functions the tests run in real worker processes."""

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
