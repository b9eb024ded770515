"""The fit check's calibration (bench/retrieval/calibrate.py) judges a hit exactly as the product's fit check does,
and counts a question's outcome the way the product answers it: the question part of a long story is looked up
first, the whole message only when nothing there fits. Thresholds chosen on a judge that differs from the product
would be chosen for a product that does not exist."""
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "retrieval"))

import calibrate  # noqa: E402

from knowledge import fit  # noqa: E402


def _features(rng: random.Random) -> dict[str, float]:
    coverage = rng.choice([0.0, 0.2, 0.34, 0.5, 1.0])
    return {
        "dense": rng.uniform(0.86, 0.99),
        "margin_other_article": rng.uniform(-0.3, 0.5),
        "overlap_full": rng.uniform(0.0, 0.6),
        "overlap": rng.uniform(0.0, 0.6),
        "coverage": coverage,
        "coverage_full": max(coverage, rng.choice([0.0, 0.5, 1.0])),
        "coverage_none": rng.choice([0.0, 0.0, 1.0]),
        "is_card": rng.choice([0.0, 1.0, 1.0]),
        "key_support": float(rng.choice([-2, 0, 1, 2, 3, 4, 6])),
        "article_key_support": float(rng.choice([-1, 0, 2, 3, 5])),
        "overlap_unknown": rng.choice([0.0, 0.0, 0.0, 1.0]),
        "vouch": rng.choice([0.0, 0.0, 0.0, 0.3, 0.5, 0.8]),
        "agree": 0.0,
    }


def test_calibration_accepts_exactly_the_hits_the_product_accepts(monkeypatch):
    rng = random.Random(37)
    accepted = refused = 0
    for _ in range(2000):
        f = _features(rng)
        monkeypatch.setattr(fit, "features", lambda *args, f=f: f)
        product = fit.check("问题", None, None, []).accept
        ask = calibrate._Ask([[{"correct": True, "old_accept": False, "features": f}]])
        assert bool(ask.accept(calibrate.shipped())[0, 0]) == product, (f, fit.check("问题", None, None, []).reason)
        accepted += product
        refused += not product
    assert accepted > 100 and refused > 100  # both verdicts were compared, not one


def _hit(correct: bool, fits: bool) -> dict:
    f = {c: 0.0 for c in calibrate.COLUMNS}
    f.update({"dense": 0.97 if fits else 0.80, "overlap_full": 1.0, "overlap": 1.0, "coverage": 1.0,
              "coverage_full": 1.0, "is_card": 1.0, "margin_other_article": 1.0})
    return {"correct": correct, "old_accept": fits, "features": f}


@pytest.mark.parametrize("asks, outcome", [
    # nothing in the question part fits: the whole message's lookup answers, right
    ([[_hit(True, False)], [_hit(True, True)]], (1, 0, 1)),
    # the question part is answered (wrongly): the whole message is not looked up
    ([[_hit(False, True)], [_hit(True, True)]], (0, 1, 1)),
    # neither fits: refused
    ([[_hit(True, False)], [_hit(False, False)]], (0, 0, 1)),
    # the first fitting hit of a lookup answers, not the first right one
    ([[_hit(True, False), _hit(False, True), _hit(True, True)]], (0, 1, 1)),
])
def test_a_question_is_answered_by_its_first_lookup_that_fits(asks, outcome):
    row = {"q": "…", "answerable": True, "hits": asks[0], "asks": asks}
    assert calibrate.Group([row]).outcome(calibrate.shipped()) == outcome


def test_a_dump_from_before_the_question_part_is_one_lookup():
    row = {"q": "…", "answerable": True, "hits": [_hit(False, False), _hit(True, True)]}
    assert calibrate.Group([row]).outcome(calibrate.shipped()) == (1, 0, 1)
