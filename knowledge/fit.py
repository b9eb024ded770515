"""Does a retrieved entry actually answer the question? The fit check behind every answer.

The nearest card is always *somewhere* near a labour question, so a similarity threshold alone lets a
試用期 question be answered with the 工资台账 card. An entry fits when three independent signals agree:

- **key terms**: the topics the question names (the colloquial → statutory dictionary's entries that fire,
  and the domain words it contains) appear in what the entry is about — for a card its title, tags and
  example questions; for a passage its text;
- **agreement**: the keyword side (BM25 on the expanded question) and the dense side both rank it high;
- **closeness**: the dense cosine of its best key.

The thresholds are calibrated on our own dev questions (bench/retrieval: devset.yml, dev2.yml,
out_of_scope.yml), never on the blind set. `accept` gates an answer; `loose` gates a suggestion button.
"""
from __future__ import annotations

from dataclasses import dataclass

from .expand import expand, fired
from .words import DOMAIN_WORDS, bigrams, to_simplified

# Calibrated with bench/retrieval/run.py --calibrate (see README there).
STRONG_DENSE = 0.92  # this close to a key, with the key terms present, is enough on its own
MIN_DENSE = 0.86  # below this nothing fits
MIN_COVERAGE = 0.6  # share of the question's key-term groups the entry covers
MIN_OVERLAP = 0.4  # IDF-weighted share of the question's bigrams found in the entry (a card)
MIN_OVERLAP_PASSAGE = 0.5  # the same for an official passage
TOP_RANK = 1  # "agreement": the entry is first for both BM25 and dense
LOOSE_DENSE = 0.85
LOOSE_COVERAGE = 0.34


@dataclass
class Fit:
    accept: bool
    loose: bool
    dense: float
    coverage: float | None  # None: the question names no key term we know
    agree: bool
    reason: str
    overlap: float | None = None


def term_groups(question: str) -> list[tuple[str, ...]]:
    """Key-term groups of the question; an entry covers a group when it contains any term of it."""
    text = to_simplified(question).lower()
    groups = [tuple(e.when) + tuple(t.lower() for t in e.add) for e in fired(question)]
    for word in DOMAIN_WORDS:
        if word in text and not any(word in g for g in groups):
            groups.append((word.lower(),))
    return groups


def coverage(question: str, entry_text: str) -> float | None:
    groups = term_groups(question)
    if not groups:
        return None
    return sum(any(t in entry_text for t in g) for g in groups) / len(groups)


def overlap(question: str, entry_text: str, df: dict[str, int], n_entries: int,
            max_df_share: float = 1.0) -> float | None:
    """IDF-weighted share of the question's character bigrams that the entry's text contains. Bigrams that
    occur in no entry (colloquial filler such as 俺们, 咋整) say nothing about which entry fits and are left out."""
    import math

    q = bigrams(to_simplified(question).lower())
    weights = {b: math.log(1 + n_entries / df[b]) for b in q if 0 < df.get(b, 0) <= max_df_share * n_entries}
    total = sum(weights.values())
    if not total:
        return None
    return sum(w for b, w in weights.items() if b in entry_text) / total


def check(question: str, hit, entry_text: str, df: dict[str, int] | None = None, n_entries: int = 0) -> Fit:
    """Fit of one hit (a retrieve.Hit with dense/bm25 scores and ranks) for the question."""
    dense = hit.dense if hit.dense is not None else -1.0
    cov = coverage(question, entry_text)
    agree = (hit.bm25_rank is not None and hit.bm25_rank <= TOP_RANK) and (hit.dense_rank or 10**9) <= TOP_RANK
    # A passage speaks statutory language: compare it with the expanded question, and ask for less.
    is_card = hit.entry["kind"] == "card"
    lap = overlap(question if is_card else expand(question), entry_text, df, n_entries) if df else None
    min_overlap = MIN_OVERLAP if is_card else MIN_OVERLAP_PASSAGE
    if dense < MIN_DENSE:
        accept, reason = False, f"dense {dense:.3f} < {MIN_DENSE}"
    elif lap is not None and lap < min_overlap:
        accept, reason = False, f"few words in common ({lap:.2f})"
    elif cov is not None and cov < MIN_COVERAGE:
        accept, reason = False, f"key terms missing ({cov:.2f})"
    elif dense >= STRONG_DENSE or agree:
        accept, reason = True, "close" if dense >= STRONG_DENSE else "agree"
    else:
        accept, reason = False, "no agreement"
    # A suggestion needs some topical word in common: bigrams found in a quarter of the entries or more
    # (怎么, 工资) do not count, so 今天天气怎么样 suggests nothing.
    topical = overlap(question if is_card else expand(question), entry_text, df, n_entries, 0.25) if df else None
    loose = accept or (dense >= LOOSE_DENSE and (cov is None or cov >= LOOSE_COVERAGE)
                       and topical is not None and topical >= min_overlap / 2
                       and hit.bm25_rank is not None and hit.bm25_rank <= 5)
    return Fit(accept, loose, dense, cov, agree, reason, lap)
