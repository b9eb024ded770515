"""Blind evaluation through the web chat of a real stack, exactly as a worker uses it.

The set in this folder (complaints_*.yml, rights_*.yml, others.yml) was written by authors who never saw our code,
training data, cards or other benches (see README.md). It is frozen: never train, tune or write cards on it.

    nice -n 10 .venv/bin/python bench/blind/run.py                 # cards only, then rights again with documents
    .venv/bin/python bench/blind/run.py --only complaints --limit 40
    .venv/bin/python bench/blind/run.py --no-docs --json /tmp/blind.json
    .venv/bin/python bench/blind/run.py --no-docs --items rights=bench/retrieval/dev3.yml   # a dev set, same way

Each message is the first message of a new web chat (GET / for the cookie, POST /api/chat/messages). What the product
did is read where the product keeps it: the intent the gateway recorded for the console, Rasa's tracker (active form,
slots) and the reply text (citations). Prints intent macro-F1 and confusion, complaints started and fields filled
from the first message, rights answers citing a correct article / refusing / citing a wrong one, and reply latency.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from bot.normalize import normalize_text  # noqa: E402  the gateway's own normalisation
from tests.stack import Stack  # noqa: E402  the same real stack the end-to-end tests start

FIELDS = ("employer", "project", "location", "amount", "workers_count", "months", "phone")
COMPLAINT_FORM = "complaint_form"
READ_BACK = "action_complaint_summary"  # the complaint read back for 确认 / 修改 / 取消 once the form has every field
OTHER_FORMS = ("wage_calculator_form",)
NOT_UNDERSTOOD = "没太明白"
FALLBACK = "nlu_fallback"

# Reply citations name documents by short name (cards) or by official title (ingested documents).
LAW_NAMES = [  # (pattern in the cited title, short name used by the blind labels); most specific first
    ("解释（二）", "劳动争议解释二"), ("解释(二)", "劳动争议解释二"),
    ("劳动争议案件适用法律问题的解释", "劳动争议解释一"), ("劳动争议解释", "劳动争议解释一"),
    ("拒不支付劳动报酬", "拒不支付劳动报酬刑事解释"),
    ("补充规定", "工资支付暂行规定补充规定"), ("工资支付暂行规定", "工资支付暂行规定"),
    ("保障农民工工资支付条例", "保障农民工工资支付条例"), ("劳动合同法实施条例", "劳动合同法实施条例"),
    ("劳动合同法", "劳动合同法"), ("调解仲裁法", "劳动争议调解仲裁法"), ("劳动保障监察条例", "劳动保障监察条例"),
    ("最低工资规定", "最低工资规定"), ("法律援助法", "法律援助法"), ("刑法", "刑法"), ("劳动法", "劳动法"),
]
CITATION = re.compile(r"《([^》]{2,60})》((?:第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?[、和及,，]?)+)")
ARTICLE = re.compile(r"第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?")


def short_law(title: str) -> str | None:
    for pattern, short in LAW_NAMES:
        if pattern in title:
            return short
    return None


def citations_in(text: str) -> set[str]:
    """Every `<short name>#第N条` a reply cites (《劳动合同法》第三十八条、第四十六条 gives two). A reply to a question
    written in Traditional script is in Traditional script too (《勞動合同法》第三十八條): read it in Simplified."""
    found = set()
    for m in CITATION.finditer(normalize_text(text).text):
        law = short_law(m.group(1))
        if law:
            found.update(f"{law}#{a}" for a in ARTICLE.findall(m.group(2)))
    return found


# --- comparing a slot the product filled with a human label ---------------------------------------------------------

def _s(text) -> str:
    return re.sub(r"[\s·•,，。()（）\"'“”]", "", normalize_text(str(text)).text) if text is not None else ""


def _number(text) -> float | None:
    if text is None:
        return None
    if isinstance(text, dict):  # a typed slot (core.dialogue): {"value": 80000, "approximate": true, ...}
        return float(text["value"]) if isinstance(text.get("value"), (int, float)) else None
    if hasattr(text, "months"):  # the months owed, from the extractor called directly
        text = text.months
    if hasattr(text, "value"):  # a Quantity
        return float(text.value)
    m = re.search(r"\d+(?:\.\d+)?", str(text).replace(",", ""))
    return float(m.group()) if m else None


TITLES = re.compile(r"^(包工头|工头|老板|项目经理|经理|班组长|老总|负责人)|(老板|老总|总|经理|工头|包工头)$")


def _core_name(text: str) -> str:
    return TITLES.sub("", _s(text))


def field_matches(field: str, slot, label) -> bool:
    if slot in (None, ""):
        return False
    if isinstance(label, dict) and field in ("amount", "workers_count", "months"):
        want, approx = float(label.get("value")), bool(label.get("approx"))
        got = _number(slot)
        if got is None:
            return False
        if field == "amount":
            return abs(got - want) <= max(1.0, want * (0.1 if approx else 0.01))
        if field == "workers_count":
            return abs(got - want) <= (max(1.0, want * 0.2) if approx else 0)
        return abs(got - want) <= (max(0.5, want * 0.3) if approx else 0.5)
    if field == "phone":
        return re.sub(r"\D", "", str(slot))[-11:] == re.sub(r"\D", "", str(label))[-11:]
    if field == "location":
        parts = label if isinstance(label, dict) else {"city": label}
        got = _s(slot)
        levels = [_s(parts[k]) for k in ("district", "city", "province") if parts.get(k)]
        if not levels:
            return False
        # The most specific level stated must be there (suffix-less match: 金水 for 金水区).
        most = levels[0]
        return most in got or re.sub(r"(省|市|区|县|自治州|自治区)$", "", most) in got
    if len(_s(label)) >= 2 and _s(label) in _s(slot):
        return True  # the whole label, title and all: "王老板" in "王老板（王建国）" (its core name "王" is too short)
    got, want = _core_name(slot), _core_name(label)
    if not got or not want:
        return False
    return (want in got or got in want) and min(len(got), len(want)) >= 2


# --- talking to the product -------------------------------------------------------------------------------------------

class Product:
    """One real stack; every message opens a new web chat."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.rasa_params = {"include_events": "APPLIED"}  # the actions run (a complaint read back at once)
        token = getattr(stack, "rasa_token", None) or stack.env().get("RASA_AUTH_TOKEN")
        if token:
            self.rasa_params["token"] = token

    def first_message(self, text: str) -> dict:
        with httpx.Client(base_url=self.stack.web_url, timeout=120) as client:
            client.get("/")
            start = time.perf_counter()
            response = client.post("/api/chat/messages", json={"text": text})
            latency = (time.perf_counter() - start) * 1000
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        replies = body.get("replies", [])
        with sqlite3.connect(f"file:{self.stack.db_path}?mode=ro", uri=True) as db:
            row = db.execute("select chat_key, intent, confidence from messages where direction = 'in' "
                             "order by id desc limit 1").fetchone()
        chat_key, intent, confidence = row if row else (None, None, None)
        tracker = {}
        if chat_key:
            r = httpx.get(f"{self.stack.rasa_url}/conversations/{chat_key}/tracker", params=self.rasa_params,
                          timeout=30)
            tracker = r.json() if r.status_code == 200 else {}
        loop = (tracker.get("active_loop") or {}).get("name")
        ran = {e.get("name") for e in tracker.get("events") or [] if e.get("event") == "action"}
        if not loop and READ_BACK in ran:
            # every field was in the first message: the form finished at once and reads the complaint back. It was
            # started (and filled) as much as a form still asking; before stop 36 this counted as not started.
            loop = COMPLAINT_FORM
        text_out = "\n".join(r.get("text") or "" for r in replies)
        buttons = [b for r in replies for b in (r.get("buttons") or [])]
        return {
            # Rasa's fallback reverts the user turn, so the gateway records no intent: that is "not understood".
            "status": response.status_code, "latency_ms": latency, "intent": intent or FALLBACK,
            "confidence": confidence, "reply": text_out, "buttons": buttons,
            "active_loop": loop, "slots": tracker.get("slots") or {},
        }


# --- scoring ----------------------------------------------------------------------------------------------------------

def accepted(item: dict, predicted: str) -> str:
    """The predicted intent, counted as the gold one where the schema allows both: a rights question that rests
    only on 法律援助法 is as much ask_legal_aid as ask_policy (flagged by its writer before any run)."""
    articles = item.get("articles") or []
    if (item["intent"] == "ask_policy" and predicted == "ask_legal_aid" and articles
            and all(a.startswith("法律援助法#") for a in articles)):
        return "ask_policy"
    return predicted


def macro_f1(pairs: list[tuple[str, str]]) -> tuple[float, dict]:
    labels = sorted({gold for gold, _ in pairs})
    per = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[label] = {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "n": tp + fn}
    return (sum(v["f1"] for v in per.values()) / len(per) if per else 0.0), per


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def score_complaints(items: list[dict], results: list[dict]) -> dict:
    started = not_understood = labelled = right = filled = spurious = 0
    per_field = defaultdict(lambda: [0, 0])  # right, labelled
    spurious_field = Counter()
    direct_right = direct_labelled = direct_filled = direct_spurious = 0
    from cases.extract import extract  # in-process: the extractor alone, on the gateway's normalised text

    for item, res in zip(items, results):
        labels = item.get("fields") or {}
        is_started = res["active_loop"] == COMPLAINT_FORM
        started += is_started
        not_understood += NOT_UNDERSTOOD in res["reply"]
        slots = res["slots"] if is_started else {}
        direct = extract(normalize_text(item["text"]).text).as_fields()
        for field in FIELDS:
            label = labels.get(field)
            if label is not None:
                labelled += 1
                ok = field_matches(field, slots.get(field), label)
                right += ok
                per_field[field][0] += ok
                per_field[field][1] += 1
                direct_labelled += 1
                direct_right += field_matches(field, direct.get(field), label)
            if slots.get(field) not in (None, ""):
                filled += 1
                if label is None:
                    spurious += 1
                    spurious_field[field] += 1
            if direct.get(field) not in (None, ""):
                direct_filled += 1
                direct_spurious += label is None
    n = len(items)
    return {
        "complaints": n,
        "started": f"{started}/{n} ({started / n:.2f})" if n else "0/0",
        "not_understood": f"{not_understood}/{n}",
        "fields_end_to_end": round(right / labelled, 3) if labelled else None,
        "spurious_share_of_filled": round(spurious / filled, 3) if filled else 0.0,
        "per_field": {f: f"{r}/{t} ({r / t:.2f})" for f, (r, t) in per_field.items() if t},
        "spurious_by_field": dict(spurious_field),
        "extractor_direct_fields": round(direct_right / direct_labelled, 3) if direct_labelled else None,
        "extractor_direct_spurious_share": round(direct_spurious / direct_filled, 3) if direct_filled else 0.0,
    }


def _card_articles() -> dict[str, set[str]]:
    """Each shipped card's articles as `<short name>#第N条`, to judge the cards offered as "did you mean" buttons."""
    from knowledge.cards import load_cards

    return {card.id: {f"{short_law(c.document)}#{a}" for c in card.citations if short_law(c.document)
                      for a in ARTICLE.findall(c.article or "")}
            for card in load_cards()}


def offered_cards(buttons: list[dict]) -> list[str]:
    """The card ids a reply's buttons ask for (/ask_policy{"card": …})."""
    found = []
    for b in buttons or []:
        payload = str(b.get("payload", ""))
        if payload.startswith("/ask_policy{"):
            try:
                found.append(json.loads(payload[len("/ask_policy"):]).get("card"))
            except ValueError:
                continue
    return [c for c in found if c]


def score_rights(items: list[dict], results: list[dict]) -> dict:
    outcome = Counter()
    offered = mixed = right_guess = answered_in_form = 0
    cards = _card_articles()
    for item, res in zip(items, results):
        gold = set(item.get("articles") or [])
        cited = citations_in(res["reply"])
        # A complaint that also asks a rule gets the answer first and the form goes on: the citation decides, and
        # a form started without one is the old "sent into the form" outcome.
        if cited & gold:
            kind = "correct"
        elif cited:
            kind = "wrong"
        elif res["active_loop"] == COMPLAINT_FORM:
            kind = "complaint_form"
        elif res["active_loop"] in OTHER_FORMS:
            kind = "other_form"
        else:
            kind = "no_citation"
        answered_in_form += bool(cited) and res["active_loop"] == COMPLAINT_FORM
        outcome[kind] += 1
        res["outcome"] = kind
        # Not answered, but a "did you mean" button asks for a card that cites a labelled article: one tap away.
        if kind == "no_citation" and any(cards.get(c, set()) & gold for c in offered_cards(res["buttons"])):
            right_guess += 1
        if item.get("mentions_arrears"):
            mixed += 1
            offered += kind == "correct" and (res["active_loop"] == COMPLAINT_FORM or any(
                "report_arrears" in str(b.get("payload", "")) for b in res["buttons"]))
    n = len(items)
    answer_path = n - outcome["complaint_form"] - outcome["other_form"]
    return {
        "rights_questions": n,
        "cites_correct_article": round(outcome["correct"] / n, 3) if n else None,
        "cites_wrong_article": round(outcome["wrong"] / n, 3) if n else None,
        "no_citation_refused_or_other": round(outcome["no_citation"] / n, 3) if n else None,
        "no_citation_but_a_right_card_offered": round(right_guess / n, 3) if n else None,
        "reached_answer_path": round(answer_path / n, 3) if n else None,
        "outcomes": dict(outcome),
        "answered_then_complaint_form_started": answered_in_form,
        "mixed_answered_then_offered_complaint": f"{offered}/{mixed}",
    }


# --- running ----------------------------------------------------------------------------------------------------------

def load_set(only: str | None, limit: int | None, items: list[str] | None = None) -> dict[str, list[dict]]:
    """The blind set, or (``items``: GROUP=PATH …) a development set in the same schema, run the same way."""
    groups: dict[str, list[dict]] = {"complaints": [], "rights": [], "others": []}
    if items:
        for spec in items:
            group, _, path = spec.partition("=")
            if group not in groups or not path:
                raise SystemExit(f"--items wants GROUP=PATH with GROUP one of {', '.join(groups)}, got {spec!r}")
            groups[group].extend(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or [])
    for path in [] if items else sorted(HERE.glob("*.yml")):
        group = ("complaints" if path.name.startswith("complaints") else
                 "rights" if path.name.startswith("rights") else "others")
        groups[group].extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    if only:
        groups = {k: (v if k == only else []) for k, v in groups.items()}
    if limit:
        groups = {k: v[:limit] for k, v in groups.items()}
    return groups


def build_index(data_dir: Path, corpus: Path | None) -> None:
    """A fresh index of the shipped cards (and the official documents) in the stack's own data directory."""
    env = {**os.environ, "HUXIN_DATA_DIR": str(data_dir), "HUXIN_DB": str(data_dir / "huxin.db"),
           "HUXIN_INDEX_DIR": str(data_dir / "index")}
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "knowledge", "setup"], cwd=ROOT, env=env, check=True, capture_output=True)
    if corpus:
        files = sorted(str(p) for p in corpus.glob("*.md") if p.name != "SOURCES.md")
        subprocess.run([python, "-m", "knowledge", "ingest", *files], cwd=ROOT, env=env, check=True,
                       capture_output=True)


def run_stack(label: str, groups: dict[str, list[dict]], corpus: Path | None) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"huxin-blind-{label}-"))
    print(f"[{label}] building the index ...", flush=True)
    build_index(data_dir, corpus)
    os.environ["HUXIN_INDEX_DIR"] = str(data_dir / "index")
    # A bench sends hundreds of new chats from one address: the per-address limit for new chats is off here.
    os.environ["HUXIN_WEB_NEW_CHATS_PER_ADDRESS"] = "0"
    stack = Stack(data_dir=data_dir).start()
    product = Product(stack)
    out: dict = {"label": label, "data_dir": str(data_dir)}
    try:
        all_results = {}
        for group, items in groups.items():
            results = []
            for i, item in enumerate(items, 1):
                results.append(product.first_message(item["text"]))
                if i % 50 == 0:
                    print(f"[{label}] {group}: {i}/{len(items)}", flush=True)
            all_results[group] = results
        # Raw results first: a scoring change can then be re-run with --rescore, without the stack.
        (data_dir / "raw.json").write_text(json.dumps({"groups": groups, "results": all_results},
                                                      ensure_ascii=False), encoding="utf-8")
        print(f"[{label}] raw results in {data_dir / 'raw.json'}", flush=True)
        out.update(score(groups, all_results))
    finally:
        stack.stop()
    return out


def score(groups: dict[str, list[dict]], all_results: dict[str, list[dict]]) -> dict:
    out: dict = {}
    pairs = [(item["intent"], accepted(item, res["intent"])) for group in groups
             for item, res in zip(groups[group], all_results[group])]
    if pairs:
        f1, per = macro_f1(pairs)
        out["intent"] = {
            "macro_f1": round(f1, 3), "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3),
            "n": len(pairs), "per_intent": per,
            "confusions": Counter(f"{g} -> {p}" for g, p in pairs if g != p).most_common(20),
        }
    if groups["complaints"]:
        out["complaints"] = score_complaints(groups["complaints"], all_results["complaints"])
    if groups["rights"]:
        out["rights"] = score_rights(groups["rights"], all_results["rights"])
    latencies = [r["latency_ms"] for rs in all_results.values() for r in rs]
    out["reply_latency_ms"] = {"p50": round(statistics.median(latencies), 1),
                               "p95": round(pct(latencies, 0.95), 1)} if latencies else {}
    out["errors"] = sum(1 for rs in all_results.values() for r in rs if r["status"] != 200)
    out["items"] = {group: [{"id": item["id"], "intent": res["intent"], "loop": res["active_loop"],
                             "outcome": res.get("outcome"), "reply": res["reply"][:160],
                             **({"slots": res.get("slots")} if group == "complaints" else {})}
                            for item, res in zip(groups[group], all_results[group])]
                    for group in groups}
    return out


def print_summary(result: dict) -> None:
    shown = {k: v for k, v in result.items() if k not in ("items", "data_dir")}
    if "intent" in shown:
        shown["intent"] = {k: v for k, v in shown["intent"].items() if k != "per_intent"}
        print(f"[{result['label']}] per intent (f1/p/r/n):")
        for name, s in sorted(result["intent"]["per_intent"].items(), key=lambda kv: kv[1]["f1"]):
            print(f"    {name:20s} {s['f1']:.2f}  {s['p']:.2f}  {s['r']:.2f}  {s['n']}")
    print(json.dumps(shown, ensure_ascii=False, indent=1), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("complaints", "rights", "others"))
    parser.add_argument("--limit", type=int, help="the first N items of each group (a quick look)")
    parser.add_argument("--no-docs", action="store_true", help="skip the run with the official documents ingested")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--json", help="write every result (per item too) to this file")
    parser.add_argument("--rescore", nargs="+", metavar="RAW", help="score saved raw.json files again, no stack")
    parser.add_argument("--items", nargs="+", metavar="GROUP=PATH",
                        help="a development set instead of the blind one, e.g. rights=bench/retrieval/dev3.yml")
    args = parser.parse_args(argv)
    if args.rescore:
        for path in args.rescore:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            print_summary({"label": path, **score(raw["groups"], raw["results"])})
        return 0

    groups = load_set(args.only, args.limit, args.items)
    print(("items" if args.items else "blind set") + ": " + ", ".join(f"{k} {len(v)}" for k, v in groups.items()), flush=True)
    results = [run_stack("cards-only", groups, None)]
    print_summary(results[-1])
    corpus = Path(args.corpus)
    if not args.no_docs and groups["rights"]:
        if corpus.is_dir():
            rights_only = {"complaints": [], "rights": groups["rights"], "others": []}
            results.append(run_stack("documents-ingested", rights_only, corpus))
            print_summary(results[-1])
        else:
            print(f"!! no corpus at {corpus}: the documents-ingested run is skipped", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
