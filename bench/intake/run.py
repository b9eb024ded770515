"""Per-field extraction accuracy of cases.extract on opening complaint messages (bench/intake/messages.yml).

    .venv/bin/python bench/intake/run.py [--set messages|heldout|dev2] [--misses]

A field counts as right when the extracted value equals the expected one, including "not said" (null).
A spurious field is a value extracted where the message states none; it is an error too, and its rate
(spurious values / fields not stated) is printed beside accuracy. Prints time per message.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cases.extract import extract  # noqa: E402

FIELDS = ("employer", "location", "project", "amount", "workers_count", "months", "phone")
TARGET = 0.9


def extracted_values(text: str) -> dict:
    result = extract(text)
    return {
        "employer": result.employer,
        "location": result.location.label if result.location else None,
        "project": result.project,
        "amount": result.amount.value if result.amount else None,
        "workers_count": result.workers_count.value if result.workers_count else None,
        "months": result.months.value if result.months else None,
        "phone": result.phone.number if result.phone else None,
    }


def same(field: str, expected, got) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if field == "months":
        return abs(float(expected) - float(got)) < 0.05
    if field in ("amount", "workers_count"):
        return int(expected) == int(got)
    return str(expected) == str(got)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="print every wrong field")
    parser.add_argument("--set", default="messages", choices=["messages", "heldout", "dev2", "heldout2"],
                        help="messages.yml / dev2.yml (used while building the parser) or heldout.yml (never tuned on)")
    args = parser.parse_args()
    cases = yaml.safe_load((Path(__file__).parent / f"{args.set}.yml").read_text(encoding="utf-8"))
    extract("预热 北京大兴 欠了七万三")  # load cpca and cn2an before timing
    right = {field: 0 for field in FIELDS}
    spurious = {field: 0 for field in FIELDS}
    unstated = {field: 0 for field in FIELDS}
    misses = []
    started = time.perf_counter()
    for case in cases:
        got = extracted_values(case["text"])
        for field in FIELDS:
            if case.get(field) is None:
                unstated[field] += 1
                spurious[field] += got[field] is not None
            if same(field, case.get(field), got[field]):
                right[field] += 1
            else:
                misses.append((field, case["text"], case.get(field), got[field]))
    elapsed = time.perf_counter() - started
    total = len(cases)
    print(f"messages: {total}")
    for field in FIELDS:
        print(f"{field:14s} {right[field] / total:.3f}  ({right[field]}/{total})"
              f"   spurious {spurious[field]}/{unstated[field]}")
    overall = sum(right.values()) / (total * len(FIELDS))
    print(f"{'overall':14s} {overall:.3f}")
    print(f"{'spurious rate':14s} {sum(spurious.values()) / max(1, sum(unstated.values())):.3f}"
          f"  ({sum(spurious.values())}/{sum(unstated.values())} fields not stated)")
    print(f"time per message: {elapsed / total * 1000:.1f} ms")
    worst = min(right[field] / total for field in FIELDS)
    print(f"target ≥ {TARGET} per field: {'met' if worst >= TARGET else 'NOT met'} (lowest {worst:.3f})")
    if args.misses:
        for field, text, expected, got in misses:
            print(f"MISS {field}: expected {expected!r} got {got!r} | {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
