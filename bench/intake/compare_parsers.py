"""Well-kept parsers against cases.extract, field by field, on the intake sets (issue 11 item 4: keep what wins).

    .venv/bin/python bench/intake/compare_parsers.py [--set dev2] [--jionlp-path DIR]

Compared: jionlp (money incl. 多/左右/约, time spans and durations, locations) for amount / months / location, and
jieba.posseg person (nr) and organisation (nt) tags for the employer. jionlp is not a dependency of 护薪; point
--jionlp-path at a directory it was installed into (``pip install --target DIR jionlp==1.5.31``) to include it.
A field is scored exactly as bench/intake/run.py scores it (a value where none is stated is wrong).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.intake.run import extracted_values, load_dev3, same, same_dev3  # noqa: E402
from cases.extract import bounded  # noqa: E402

BOSS_WORDS = ("包工头", "工头", "班组长", "老板", "经理", "负责人")


def jieba_employer(text: str) -> str | None:
    """The first organisation (nt) tag, else a person (nr) right after a boss title, as 包工头X."""
    import jieba.posseg as posseg

    words = list(posseg.cut(text))
    for word in words:
        if word.flag == "nt" and len(word.word) >= 3:
            return word.word
    for previous, word in zip(words, words[1:]):
        if word.flag == "nr" and previous.word.rstrip("叫是") in BOSS_WORDS:
            return previous.word.rstrip("叫是") + word.word
    return None


def jionlp_values(jio, text: str, levels: bool = False) -> dict:
    money = jio.ner.extract_money(text)
    amounts = []
    for item in money:
        value = item["detail"]["num"]
        if item["detail"].get("case") == "元":
            amounts.append(float(value[0] if isinstance(value, list) else value))  # a range: its lower bound
    months = None
    for item in jio.ner.extract_time(text, time_base=time.time()):
        detail = item["detail"]
        if detail["type"] == "time_span" and isinstance(detail["time"], list):
            start, end = (datetime.fromisoformat(value) for value in detail["time"])
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            break
        if detail["type"] == "time_delta" and isinstance(detail["time"], dict):
            delta = detail["time"]
            value = delta.get("year", 0) * 12 + delta.get("month", 0) + delta.get("day", 0) / 30
            if value >= 0.5:
                months = round(value, 2)
                break
    place = jio.parse_location(text)
    parts = []
    for key in ("province", "city", "county"):
        if place.get(key) and place[key] not in parts:
            parts.append(place[key])
    location = "".join(parts) or None
    if levels and location:
        location = {"province": place.get("province"), "city": place.get("city"), "district": place.get("county")}
    return {"amount": int(max(amounts)) if amounts else None, "months": months, "location": location}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="dev2", choices=["messages", "heldout", "dev2", "heldout2", "dev3"])
    parser.add_argument("--half", choices=["odd", "even"], help="dev3 only: items whose id number is odd / even")
    parser.add_argument("--jionlp-path", help="a directory jionlp was pip-installed into with --target")
    args = parser.parse_args()
    jio = None
    if args.jionlp_path:
        logging.disable(logging.ERROR)  # jionlp logs a traceback for every time string it cannot read
        sys.path.append(args.jionlp_path)
        import jionlp as jio  # noqa: F811
    levels = args.set == "dev3"
    if levels:
        cases, same_field = load_dev3(args.half), same_dev3
    else:
        cases, same_field = yaml.safe_load((Path(__file__).parent / f"{args.set}.yml").read_text(encoding="utf-8")), same
    rows: dict[str, dict[str, int]] = {}

    def score(source: str, field: str, expected, got) -> None:
        row = rows.setdefault(f"{field:9s} {source}", {"right": 0, "spurious": 0, "unstated": 0})
        row["right"] += same_field(field, expected, got)
        if expected is None:
            row["unstated"] += 1
            row["spurious"] += got is not None

    for case in cases:
        text = case["text"]
        ours = extracted_values(text, levels=levels)
        for field in ("employer", "amount", "months", "location"):
            score("cases.extract", field, case.get(field), ours[field])
        score("jieba.posseg", "employer", case.get("employer"), jieba_employer(bounded(text)))
        if jio is not None:
            theirs = jionlp_values(jio, bounded(text), levels=levels)
            for field in ("amount", "months", "location"):
                score("jionlp", field, case.get(field), theirs[field])
    print(f"set: {args.set} ({len(cases)} messages)")
    for name in sorted(rows):
        row = rows[name]
        print(f"{name:28s} {row['right'] / len(cases):.3f}   spurious {row['spurious']}/{row['unstated']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
