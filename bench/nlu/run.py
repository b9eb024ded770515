"""NLU benchmark: intent quality and /model/parse latency on a held-out set.

Runs with the app environment (Python 3.11) and never imports rasa: it drives the Rasa CLI in
.venv-rasa as a subprocess and talks to it over HTTP, exactly like the gateway does.

    .venv/bin/python bench/nlu/run.py --train          # train a fresh NLU model into a temp dir
    .venv/bin/python bench/nlu/run.py                  # newest model in models/
    .venv/bin/python bench/nlu/run.py --model models/x.tar.gz --min-f1 0.9

Prints intent macro-F1, per-intent precision/recall, confusion pairs and latency p50/p95 (ms).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bot.normalize import normalize_text  # noqa: E402  the gateway's normalisation, as in production

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = Path(__file__).with_name("heldout.yml")
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
# The intent Rasa's FallbackClassifier puts on top when confidence is too low.
FALLBACK_INTENT = "nlu_fallback"
RASA_ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


class BenchError(Exception):
    """The benchmark could not run (missing model, Rasa failed to train or start ...)."""


class HeldoutLeakError(BenchError):
    """A held-out message also appears in the training data, so the score would be inflated."""


@dataclass
class Prediction:
    text: str
    expected: str
    intent: str  # top intent as Rasa returns it (may be nlu_fallback)
    best_real_intent: str  # top intent of the ranking, ignoring nlu_fallback
    confidence: float
    latency_ms: float
    # (intent, confidence) of the ranking without nlu_fallback, to replay FallbackClassifier thresholds
    ranking: tuple[tuple[str, float], ...] = ()


# ---------------------------------------------------------------- data


def load_heldout(path: Path = HELDOUT) -> list[tuple[str, str]]:
    """(text, expected intent) pairs: heldout.yml / dev2.yml are {intent: [text, ...]}; dev3.yml is a list of
    labelled items ({id, text, intent, ...}, the blind writers' format)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return [(str(item["text"]), item["intent"]) for item in data]
    return [(str(text), intent) for intent, texts in data.items() for text in texts]


_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def training_texts(nlu_dir: Path) -> set[str]:
    """Plain text (entity annotations removed) of every training example in nlu_dir."""
    texts = set()
    for file in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.add(_ANNOTATION.sub(r"\1", line[2:]).strip())
    return texts


def check_no_leak(heldout: list[tuple[str, str]], nlu_dir: Path, allow: bool = False) -> None:
    leaked = sorted({text for text, _ in heldout} & training_texts(nlu_dir))
    if leaked and allow:
        # A blind-written set shares some one-word messages (hello, 88, no) with any training data by chance.
        print(f"note: {len(leaked)} held-out message(s) are also training examples (scored anyway): {leaked}")
    elif leaked:
        raise HeldoutLeakError(
            f"{len(leaked)} held-out message(s) are also training examples in {nlu_dir}: "
            f"{leaked[:5]}. Reword the training examples; the held-out set must stay unseen."
        )


# ---------------------------------------------------------------- rasa


def config_with_epochs(config: Path, epochs: int, out_dir: Path) -> Path:
    """A copy of config.yml with DIETClassifier epochs replaced (for choosing epochs by measurement)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for component in data["pipeline"]:
        if component["name"] == "DIETClassifier":
            component["epochs"] = epochs
    # dictionary_path is relative to the working directory (ROOT), so the copy can live anywhere.
    copy = out_dir / "config.yml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def train_nlu(config: Path, nlu_dir: Path, domain: Path, out_dir: Path) -> tuple[Path, float]:
    """Train an NLU-only model into out_dir; returns (model path, wall seconds)."""
    log = out_dir / "train.log"
    command = [
        "nice", "-n", "10", str(RASA_BIN), "train", "nlu",
        "--config", str(config), "--nlu", str(nlu_dir), "--domain", str(domain),
        "--out", str(out_dir), "--fixed-model-name", "bench-nlu",
    ]  # fmt: skip
    print(f"training: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    with log.open("w") as handle:
        result = subprocess.run(command, cwd=ROOT, env=RASA_ENV, stdout=handle, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    model = out_dir / "bench-nlu.tar.gz"
    if result.returncode != 0 or not model.exists():
        raise BenchError(f"rasa train nlu failed (exit {result.returncode}); last lines of {log}:\n{_tail(log)}")
    return model, seconds


def newest_model(models_dir: Path) -> Path:
    models = sorted(glob.glob(str(models_dir / "*.tar.gz")), key=os.path.getmtime)
    if not models:
        raise BenchError(f"no model in {models_dir}; train one (make train) or run with --train")
    return Path(models[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RasaServer:
    """`rasa run --enable-api` on a free localhost port; always stopped on exit (whole process group)."""

    def __init__(self, model: Path, log: Path, startup_timeout: float = 600) -> None:
        self.model, self.log, self.startup_timeout = model, log, startup_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> RasaServer:
        command = [
            "nice", "-n", "10", str(RASA_BIN), "run", "--enable-api", "-m", str(self.model),
            "-i", "127.0.0.1", "-p", str(self.port),
        ]  # fmt: skip
        self._log_handle = self.log.open("w")
        # Own session, so stopping it also stops anything Rasa spawned.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=RASA_ENV, stdout=self._log_handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"rasa run exited with {self.process.returncode}:\n{_tail(self.log)}")
            try:
                status = httpx.get(f"{self.url}/status", timeout=2)
                if status.status_code == 200 and status.json().get("model_file"):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        raise BenchError(f"rasa run not ready after {self.startup_timeout:.0f}s:\n{_tail(self.log)}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "_log_handle", None):
            self._log_handle.close()


def parse_all(url: str, heldout: list[tuple[str, str]]) -> list[Prediction]:
    predictions = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.post("/model/parse", json={"text": "你好"}).raise_for_status()  # warm-up, not measured
        for text, expected in heldout:
            started = time.perf_counter()
            response = client.post("/model/parse", json={"text": normalize_text(text).text})
            latency_ms = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            parsed = response.json()
            real = tuple(
                (r["name"], float(r.get("confidence") or 0.0))
                for r in parsed.get("intent_ranking", [])
                if r["name"] != FALLBACK_INTENT
            )
            ranking = [name for name, _ in real]
            top = parsed["intent"]
            predictions.append(
                Prediction(
                    text=text,
                    expected=expected,
                    intent=top["name"],
                    best_real_intent=ranking[0] if ranking else top["name"],
                    confidence=float(top.get("confidence") or 0.0),
                    latency_ms=latency_ms,
                    ranking=real,
                )
            )
    return predictions


# ---------------------------------------------------------------- scoring


def per_intent_scores(pairs: list[tuple[str, str]]) -> dict[str, tuple[float, float, float, int]]:
    """{intent: (precision, recall, f1, support)} over the expected intents of (expected, predicted) pairs."""
    scores = {}
    for intent in sorted({expected for expected, _ in pairs}):
        true_pos = sum(1 for e, p in pairs if e == intent and p == intent)
        predicted = sum(1 for _, p in pairs if p == intent)
        support = sum(1 for e, _ in pairs if e == intent)
        precision = true_pos / predicted if predicted else 0.0
        recall = true_pos / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = (precision, recall, f1, support)
    return scores


def macro_f1(scores: dict[str, tuple[float, float, float, int]]) -> float:
    return sum(f1 for _, _, f1, _ in scores.values()) / len(scores)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def report(predictions: list[Prediction], model: Path, train_seconds: float | None) -> dict:
    pairs = [(p.expected, p.intent) for p in predictions]
    scores = per_intent_scores(pairs)
    without_fallback = macro_f1(per_intent_scores([(p.expected, p.best_real_intent) for p in predictions]))
    latencies = [p.latency_ms for p in predictions]
    confusions = Counter((p.expected, p.intent) for p in predictions if p.intent != p.expected)
    correct = sum(1 for e, p in pairs if e == p)

    print(f"\nmodel: {model}")
    if train_seconds is not None:
        print(f"training wall time: {train_seconds:.0f} s")
    print(f"held-out messages: {len(predictions)}  accuracy: {correct / len(predictions):.3f}")
    print(f"intent macro-F1: {macro_f1(scores):.3f}   (ignoring {FALLBACK_INTENT}: {without_fallback:.3f})")
    print(f"{FALLBACK_INTENT} predictions: {sum(1 for p in predictions if p.intent == FALLBACK_INTENT)}")
    print(f"\n{'intent':<16}{'precision':>10}{'recall':>8}{'f1':>7}{'n':>5}")
    for intent, (precision, recall, f1, support) in scores.items():
        print(f"{intent:<16}{precision:>10.2f}{recall:>8.2f}{f1:>7.2f}{support:>5}")
    print("\nconfusion pairs (expected -> predicted: count, examples)")
    if not confusions:
        print("  none")
    for (expected, predicted), count in confusions.most_common():
        examples = [p.text for p in predictions if p.expected == expected and p.intent == predicted][:3]
        print(f"  {expected} -> {predicted}: {count}  {examples}")
    print(
        f"\n/model/parse latency ms: p50 {percentile(latencies, 50):.1f}  p95 {percentile(latencies, 95):.1f}"
        f"  max {max(latencies):.1f}  (n={len(latencies)})"
    )
    return {
        "model": str(model),
        "train_seconds": train_seconds,
        "macro_f1": macro_f1(scores),
        "macro_f1_ignoring_fallback": without_fallback,
        "accuracy": correct / len(predictions),
        "per_intent": {i: dict(zip(("precision", "recall", "f1", "support"), s)) for i, s in scores.items()},
        "confusions": [{"expected": e, "predicted": p, "count": c} for (e, p), c in confusions.most_common()],
        "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "max": max(latencies)},
    }


def with_thresholds(prediction: Prediction, threshold: float, ambiguity: float) -> str:
    """The intent Rasa's FallbackClassifier would give with these thresholds (same rule as rasa's
    FallbackClassifier._should_fallback: top confidence below threshold, or top two closer than ambiguity)."""
    if not prediction.ranking:
        return prediction.intent
    top_name, top = prediction.ranking[0]
    second = prediction.ranking[1][1] if len(prediction.ranking) > 1 else 0.0
    if top < threshold or top - second < ambiguity:
        return FALLBACK_INTENT
    return top_name


def threshold_sweep(predictions: list[Prediction]) -> dict[str, float]:
    """Macro-F1 for a grid of FallbackClassifier thresholds, replayed on one set of parses (no retraining)."""
    print("\nFallbackClassifier replay (threshold / ambiguity_threshold -> macro-F1, accuracy, fallbacks)")
    results = {}
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        for ambiguity in (0.0, 0.05, 0.1):
            pairs = [(p.expected, with_thresholds(p, threshold, ambiguity)) for p in predictions]
            f1 = macro_f1(per_intent_scores(pairs))
            accuracy = sum(1 for e, i in pairs if e == i) / len(pairs)
            fallbacks = sum(1 for _, i in pairs if i == FALLBACK_INTENT)
            results[f"{threshold}/{ambiguity}"] = f1
            print(f"  {threshold:.2f} / {ambiguity:.2f}: {f1:.3f}  {accuracy:.3f}  {fallbacks}")
    return results


# Intents whose rules ask cases.opening first (nlu/data/rules/understanding.yml, core.yml, cases.yml); the others go
# straight to their own rule (request_documents → the papers, ...). report_arrears starts the form unless
# cases.opening finds a rule question with fewer than two facts, which is answered; calculate_wages starts the
# calculator unless it finds a rule question that asks for no sum (answered) or a complaint that names none.
ANSWER_INTENTS = {"ask_policy", FALLBACK_INTENT, "inform", "report_arrears", "calculate_wages"}
SORTED_INTENTS = {"greet", "help", "ask_hotline", "ask_legal_aid", "out_of_scope"}


def dialogue_path(text: str, intent: str) -> str:
    """Where the first message goes, replaying the rules on the intent Rasa gave: "complaint" (the complaint form
    starts), "answer" (answered), "answer+offer" (answered, then the complaint offered), "calculator", or the intent.
    A replay of the rules, not the dialogue itself: tests/test_understanding_stack.py checks that in the real stack."""
    from cases.opening import CALCULATION, COMPLAINT, sort_message

    if intent in ANSWER_INTENTS | SORTED_INTENTS:
        opening = sort_message(normalize_text(text).text, intent)
        if opening.kind == COMPLAINT:
            return "complaint"
        if opening.kind == CALCULATION:
            return "calculator"
        if intent in ANSWER_INTENTS:
            return "answer+offer" if opening.owed_wages else "answer"
    return intent


def dialogue_paths(predictions: list[Prediction]) -> dict[str, float]:
    """Rights questions that reach the answer path (and, when they mention owed wages, the offer); complaints that
    start the form."""
    from cases.opening import mentions_owed_wages

    questions = [p for p in predictions if p.expected == "ask_policy"]
    complaints = [p for p in predictions if p.expected == "report_arrears"]
    results: dict[str, float] = {}
    print("\ndialogue path of the first message (rules replayed on the parsed intent)")
    if questions:
        paths = Counter(dialogue_path(p.text, p.intent) for p in questions)
        answered = sum(n for path, n in paths.items() if path.startswith("answer"))
        owed = [p for p in questions if mentions_owed_wages(normalize_text(p.text).text)]
        offered = sum(1 for p in owed if dialogue_path(p.text, p.intent) == "answer+offer")
        results["questions_answered"] = answered / len(questions)
        results["owed_questions_offered"] = offered / len(owed) if owed else 1.0
        print(f"  rights questions answered: {answered}/{len(questions)}  paths {dict(paths.most_common())}")
        print(f"  rights questions that mention owed wages, answered then offered the complaint: {offered}/{len(owed)}")
        for p in questions:
            path = dialogue_path(p.text, p.intent)
            if not path.startswith("answer"):
                print(f"    -> {path} ({p.intent}): {p.text}")
    if complaints:
        started = sum(1 for p in complaints if dialogue_path(p.text, p.intent) == "complaint")
        results["complaints_started"] = started / len(complaints)
        print(f"  complaints that start the form: {started}/{len(complaints)}")
    return results


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------- cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", action="store_true", help="train a fresh NLU model into a temp dir first")
    parser.add_argument("--model", type=Path, help="model to test (default: newest in models/)")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--nlu", type=Path, default=ROOT / "nlu" / "data" / "nlu")
    parser.add_argument("--domain", type=Path, default=ROOT / "nlu" / "domain")
    parser.add_argument(
        "--heldout", type=Path, action="append", help="held-out set (repeatable: one model, several sets)"
    )
    parser.add_argument(
        "--allow-overlap",
        action="store_true",
        help="score held-out messages that are also training examples (list them) instead of refusing to run",
    )
    parser.add_argument("--sweep", action="store_true", help="also replay FallbackClassifier thresholds")
    parser.add_argument("--diet-epochs", type=int, help="with --train: override DIETClassifier epochs")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (model and logs)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--min-f1", type=float, help="exit 1 if macro-F1 is below this")
    args = parser.parse_args(argv)

    sets = {path: load_heldout(path) for path in (args.heldout or [HELDOUT])}
    for heldout in sets.values():
        check_no_leak(heldout, args.nlu, args.allow_overlap)
    work_dir = Path(tempfile.mkdtemp(prefix="huxin-nlu-bench-"))
    try:
        train_seconds = None
        if args.train:
            config = config_with_epochs(args.config, args.diet_epochs, work_dir) if args.diet_epochs else args.config
            model, train_seconds = train_nlu(config, args.nlu, args.domain, work_dir)
        else:
            model = args.model or newest_model(ROOT / "models")
        print(f"starting rasa run with {model.name} ...", flush=True)
        with RasaServer(model, work_dir / "rasa-run.log") as server:
            parsed = {path: parse_all(server.url, heldout) for path, heldout in sets.items()}
        all_results = {}
        for path, predictions in parsed.items():
            print(f"\n===== {path}")
            results = report(predictions, model, train_seconds)
            if args.sweep:
                results["threshold_sweep"] = threshold_sweep(predictions)
            results["dialogue"] = dialogue_paths(predictions)
            all_results[str(path)] = results
        if len(all_results) > 1:
            print("\nsummary (macro-F1 / accuracy):")
            for path, r in all_results.items():
                print(f"  {path}: {r['macro_f1']:.3f} / {r['accuracy']:.3f}")
            results = {"sets": all_results, "macro_f1": min(r["macro_f1"] for r in all_results.values())}
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    if args.min_f1 is not None and results["macro_f1"] < args.min_f1:
        print(f"FAIL: macro-F1 {results['macro_f1']:.3f} < {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
