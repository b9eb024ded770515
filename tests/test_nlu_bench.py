"""bench/nlu/run.py: the FallbackClassifier replay and the first message's dialogue path (no Rasa needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("nlu_bench", Path(__file__).parent.parent / "bench" / "nlu" / "run.py")
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["nlu_bench"] = bench  # dataclasses look their module up while the file runs
_SPEC.loader.exec_module(bench)


def prediction(ranking: list[tuple[str, float]], expected: str = "affirm") -> "bench.Prediction":
    return bench.Prediction(text="对", expected=expected, intent=ranking[0][0], best_real_intent=ranking[0][0],
                            confidence=ranking[0][1], latency_ms=1.0, ranking=tuple(ranking))


@pytest.mark.parametrize("threshold, ambiguity, expected", [
    (0.5, 0.1, "affirm"),  # 0.6 ≥ 0.5 and 0.6 - 0.3 ≥ 0.1
    (0.7, 0.0, "nlu_fallback"),  # not confident enough
    (0.5, 0.35, "nlu_fallback"),  # too close to the runner-up
])
def test_fallback_replay_follows_rasas_rule(threshold, ambiguity, expected):
    assert bench.with_thresholds(prediction([("affirm", 0.6), ("deny", 0.3)]), threshold, ambiguity) == expected


@pytest.mark.parametrize("text, intent, path", [
    ("我要投诉欠薪", "report_arrears", "complaint"),
    ("一天三百干了二十天 帮我算算", "calculate_wages", "calculator"),
    ("老板欠了我三个月工资两万四 我辞职的话能要经济补偿吗", "ask_policy", "answer+offer"),
    ("没签合同能要双倍工资吗", "ask_policy", "answer"),
    ("包工头欠我们十个人八万块 干了三个月 我们该怎么办", "nlu_fallback", "complaint"),
    ("你好 俺们八个人在郑州干了俩月 老板欠俺们四万八", "greet", "complaint"),
    ("你好", "greet", "greet"),
])
def test_dialogue_path_replays_the_rules(text, intent, path):
    assert bench.dialogue_path(text, intent) == path


def test_several_sets_and_overlap_are_reported(tmp_path):
    nlu_dir = tmp_path / "nlu"
    nlu_dir.mkdir()
    (nlu_dir / "core.yml").write_text('version: "3.1"\nnlu:\n- intent: affirm\n  examples: |\n    - 对\n', encoding="utf-8")
    with pytest.raises(bench.HeldoutLeakError):
        bench.check_no_leak([("对", "affirm")], nlu_dir)
    bench.check_no_leak([("对", "affirm")], nlu_dir, allow=True)  # listed, scored anyway
