"""Does a retrieved entry actually answer the question? The fit check behind every answer.

The nearest card is always *somewhere* near a labour question, so a similarity threshold alone lets a
試用期 question be answered with the 工资台账 card. With 157 cards the usual mistake is different: two
neighbouring cards (分包欠薪 and 违法分包, 调解协议 and 调解书) both look close, and the first one cites the
wrong article. An entry answers when

- **closeness**: the dense cosine of its best key is at least MIN_DENSE (questions outside labour law score
  well below: median 0.87 against 0.94 for the right card);
- **margin**: its fused score is MIN_MARGIN above the best hit among the first five that cites none of its
  articles (hits that cite the same article — a card and the passage of its article, or two cards on one
  rule — back each other up instead of competing). This separates right from wrong first hits best on the dev
  sets (median margin 0.28 right, 0.05 wrong); a cosine of STRONG_DENSE or more needs no margin, and
  neither does an entry owning MIN_SUPPORT more of the question's 10 densest keys than any hit citing other
  articles (a card's example questions and workers' voices agreeing, not split with a near twin; how many of
  the 10 are the first hit's separates right from wrong first hits about as well as the margin, AUC 0.76 on
  dev3, and partly independently of it); nor does the FIRST hit when the card classifier (knowledge.classifier,
  learned from all of the cards' questions and voices) picks the same card with probability MIN_VOUCH or more
  (on the five tuning sets, cards only, this answered 25 more questions right and 1 more wrong, 974 questions);
- **some words in common**: a card's title, tags, example questions, answer and more_voices share at least
  MIN_OVERLAP_CARD of the question's IDF-weighted bigrams (a passage: MIN_OVERLAP_PASSAGE of the expanded
  question's), and the key terms the question names (dictionary entries that fire, domain words) are in a
  card's title, tags or questions for at least MIN_COVERAGE (keeps 试用期 questions off a card set that has no
  card on 试用期). A question none of whose bigrams occurs in any entry (English) has no words to compare: it is
  judged by closeness and margin alone (on the retrieval dev sets: 7 more right answers, no more wrong ones).

The earlier rule (`check_rule`: coverage of key terms ≥ 0.6, overlap with title/tags/questions only ≥ 0.4,
first for both BM25 and dense) was calibrated on 47 cards; with 157 cards and questions written by people who
never saw them it refused most right answers for "few words in common" (see bench/retrieval/README.md). It is
kept for the bench's before/after only; the suggestion buttons are knowledge.suggest's.

Thresholds: grid search (bench/retrieval/calibrate.py) on devset.yml, dev2.yml and out_of_scope.yml chose
0.90 / margin 0.10; dev3.yml (held out) then showed 6 % wrong answers, so MIN_DENSE and MIN_MARGIN were set one
grid step stricter (0.91 / 0.12) — dev3 is therefore not fully held out for that step. With the cards' voices
(1451 more keys) the key-support alternative was added and the margin re-chosen (0.15, support 3) by
comparing candidates on all four dev sets, both indexes, worst wrong share ≤ 5 %; 2-fold held-out numbers are
in the README. Never the blind set. `accept` gates an answer.
"""
from __future__ import annotations

from dataclasses import dataclass

from .expand import expand, fired
from .words import DOMAIN_WORDS, bigrams, to_simplified

# The fit check (calibrated with bench/retrieval/calibrate.py, see the README there). A wrong article misleads a
# worker; a refusal sends them to 12333 or a person. So these are the thresholds that BOTH 2-fold halves chose on
# their own when one wrong answer costs eight right ones (penalty 8): every held-out column ≤ 5.1 % wrong, where the
# penalty-4 choice (0.91 / 0.15) reached 5.8 % on held-out dev3.
MIN_DENSE = 0.89  # below this nothing fits
STRONG_DENSE = 0.96  # this close to a key needs no margin
MIN_MARGIN = 0.20  # fused-score margin over the best hit citing other articles
MIN_SUPPORT = 3  # ... or this many more of the question's 10 densest keys are the entry's than a rival's
# ... or the first hit is the card classifier's first choice with this probability. 0.5 added right answers on every
# tuning set and one wrong one (dev2); 0.4 scored about one wrong answer's worth better at penalty 8, but the blind
# set is already over the wrong-answer target, so the stricter one (bench/retrieval README, stop 38).
MIN_VOUCH = 0.5
SUPPORT_OF = "entry"  # "article": also count the keys of first hits citing one of its articles
# IDF-weighted share of the question's bigrams found in the card (title … answer, more_voices). With the more_voices
# counted, 0.35 and 0.4 scored alike at penalty 8 on the tuning sets (680 right / 12 wrong and 659 / 9 of 974; 0.3:
# 698 / 23); 0.35 is the one with more right AND fewer wrong answers than before them (665 / 18; bench/retrieval
# README, stop 40).
MIN_OVERLAP_CARD = 0.35
MIN_OVERLAP_PASSAGE = 0.0  # the same for an official passage, on the expanded question
MIN_COVERAGE = 0.34  # share of the question's key-term groups the entry covers
COVERAGE_OF = "about"  # a card's title, tags and questions ("full": and its answer, which names side topics)

# The earlier rule (check_rule), kept for the bench's before/after.
RULE_STRONG_DENSE = 0.92
RULE_MIN_DENSE = 0.86
RULE_MIN_COVERAGE = 0.6
RULE_MIN_OVERLAP = 0.4
RULE_MIN_OVERLAP_PASSAGE = 0.5
TOP_RANK = 1  # "agreement": the entry is first for both BM25 and dense


@dataclass
class Fit:
    accept: bool
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


def check_rule(question: str, hit, entry_text: str, df: dict[str, int] | None = None, n_entries: int = 0) -> Fit:
    """The earlier rule's fit of one hit (a retrieve.Hit with dense/bm25 scores and ranks) for the question."""
    dense = hit.dense if hit.dense is not None else -1.0
    cov = coverage(question, entry_text)
    agree = (hit.bm25_rank is not None and hit.bm25_rank <= TOP_RANK) and (hit.dense_rank or 10**9) <= TOP_RANK
    # A passage speaks statutory language: compare it with the expanded question, and ask for less.
    is_card = hit.entry["kind"] == "card"
    lap = overlap(question if is_card else expand(question), entry_text, df, n_entries) if df else None
    min_overlap = RULE_MIN_OVERLAP if is_card else RULE_MIN_OVERLAP_PASSAGE
    if dense < RULE_MIN_DENSE:
        accept, reason = False, f"dense {dense:.3f} < {RULE_MIN_DENSE}"
    elif lap is not None and lap < min_overlap:
        accept, reason = False, f"few words in common ({lap:.2f})"
    elif cov is not None and cov < RULE_MIN_COVERAGE:
        accept, reason = False, f"key terms missing ({cov:.2f})"
    elif dense >= RULE_STRONG_DENSE or agree:
        accept, reason = True, "close" if dense >= RULE_STRONG_DENSE else "agree"
    else:
        accept, reason = False, "no agreement"
    return Fit(accept, dense, cov, agree, reason, lap)


FEATURES = ("dense", "dense_gap", "bm25_rel", "dense_rank_inv", "bm25_rank_inv", "position_inv", "fused",
            "fused_margin", "coverage", "coverage_none", "coverage_full", "overlap", "overlap_full", "is_card",
            "agree", "margin_other_article", "article_support", "key_support",
            "article_key_support", "vouch")


def features(question: str, hit, searcher, hits: list) -> dict[str, float]:
    """What the fit model reads about one hit among the question's first hits (see FEATURES)."""
    is_card = hit.entry["kind"] == "card"
    about = searcher.entry_text(hit.id)
    # A card's answer also says what it is about; kept apart from title/tags/questions because it mentions
    # side topics too (试用期 in the card on quitting), and the model weighs the two separately.
    answer = "\n" + to_simplified(hit.entry["text"]).lower() if is_card else ""
    # The words in common also count the card's more_voices; the key terms do not (see Searcher.words_text).
    words = searcher.words_text(hit.id)
    asked = question if is_card else expand(question)
    df, n = searcher.bigram_df, len(searcher.entries)
    cov, cov_full = coverage(question, about), coverage(question, about + answer)
    lap, lap_full = overlap(asked, words, df, n), overlap(asked, words + answer, df, n)
    position = next((i for i, h in enumerate(hits, 1) if h.id == hit.id), len(hits) + 1)
    others = [h.score for h in hits if h.id != hit.id]
    dense = hit.dense if hit.dense is not None else -1.0
    # Neighbouring cards often answer the same question from the same article: what matters is the margin
    # over the best hit that would cite something else, and how many of the first hits back this article.
    cited = _articles(hit)
    rivals = [h.score for h in hits if h.id != hit.id and not (_articles(h) & cited)]
    backers = sum(1 for h in hits if h.id != hit.id and _articles(h) & cited)
    return {
        "dense": dense,
        "dense_gap": max(hit.dense_top - dense, 0.0),
        "bm25_rel": (hit.bm25 or 0.0) / hit.bm25_top if hit.bm25_top > 0 else 0.0,
        "dense_rank_inv": 1.0 / (hit.dense_rank or 10**6),
        "bm25_rank_inv": 1.0 / hit.bm25_rank if hit.bm25_rank else 0.0,
        "position_inv": 1.0 / position,
        "fused": hit.score,
        "fused_margin": hit.score - max(others) if others else 1.0,
        "coverage": 1.0 if cov is None else cov,
        "coverage_none": float(cov is None),
        "coverage_full": 1.0 if cov_full is None else cov_full,
        "overlap": lap or 0.0,
        "overlap_full": lap_full or 0.0,
        # none of the question's bigrams occurs in any entry (an English question): the overlap says nothing
        "overlap_unknown": float((lap_full if is_card else lap) is None),
        "is_card": float(is_card),
        "agree": float(hit.bm25_rank == 1 and hit.dense_rank == 1),
        "margin_other_article": hit.score - max(rivals) if rivals else 1.0,
        "article_support": backers / max(len(hits) - 1, 1),
        # how many more of the question's 10 densest keys are this entry's than any rival's (a hit citing
        # other articles): a card's questions and voices agreeing, and not split with a near twin
        "key_support": float(getattr(hit, "support", 0) - max(
            [getattr(h, "support", 0) for h in hits if h.id != hit.id and not (_articles(h) & cited)], default=0)),
        # the same, with the keys of first hits citing one of its articles on its side (two cards on one rule)
        "article_key_support": float(getattr(hit, "support", 0) + sum(
            getattr(h, "support", 0) for h in hits if h.id != hit.id and _articles(h) & cited) - max(
            [getattr(h, "support", 0) for h in hits if h.id != hit.id and not (_articles(h) & cited)], default=0)),
        # the card classifier's probability that the question is about this card, for the first hit only: it
        # vouches for retrieval's choice, it does not pull a lower hit up (that added wrong answers)
        "vouch": float(getattr(hit, "vouch", 0.0)) if position == 1 else 0.0,
    }


def _articles(hit) -> set[tuple[str, str | None]]:
    return {(c["document"], c.get("article")) for c in hit.entry.get("citations") or [] if c.get("article")}



def check(question: str, hit, searcher, hits: list) -> Fit:
    """Fit of one hit among the question's first hits (see the module docstring)."""
    f = features(question, hit, searcher, hits)
    lap = f["overlap_full"] if f["is_card"] else f["overlap"]
    min_lap = MIN_OVERLAP_CARD if f["is_card"] else MIN_OVERLAP_PASSAGE
    cov_key = "coverage_full" if COVERAGE_OF == "full" else "coverage"
    if f["dense"] < MIN_DENSE:
        accept, reason = False, f"dense {f['dense']:.3f} < {MIN_DENSE}"
    elif (f["margin_other_article"] < MIN_MARGIN and f["dense"] < STRONG_DENSE
          and f["article_key_support" if SUPPORT_OF == "article" else "key_support"] < MIN_SUPPORT
          and f["vouch"] < MIN_VOUCH):
        accept, reason = False, f"another article is as close ({f['margin_other_article']:.2f})"
    elif lap < min_lap and not f["overlap_unknown"]:
        accept, reason = False, f"few words in common ({lap:.2f})"
    elif not f["coverage_none"] and f[cov_key] < MIN_COVERAGE:
        accept, reason = False, f"key terms missing ({f[cov_key]:.2f})"
    else:
        accept, reason = True, "fits"
    return Fit(accept, f["dense"], None if f["coverage_none"] else f["coverage"], bool(f["agree"]), reason, lap)
