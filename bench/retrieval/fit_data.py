"""Dump, for every dev question, the fit check's features of its first hybrid hits, with whether each hit cites
a correct article: the data `calibrate.py` trains and evaluates the fit model on.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/retrieval/fit_data.py [--work /tmp/huxin-fit] [--corpus ...]

Indexes are built once under --work (cards only, cards + corpus) and reused on the next run; the dump is
written to <work>/features.json. Nothing here reads bench/blind/.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from labels import cites  # noqa: E402
from run import question_sets  # noqa: E402

DEPTH = 5  # hits per question the fit check looks at (knowledge.answer.CANDIDATES)


def build(work: Path, corpus: Path | None) -> Path:
    """A data directory with a built index (cards, plus the corpus when given); reused when present."""
    data = work / ("cards+corpus" if corpus else "cards")
    os.environ["HUXIN_DATA_DIR"] = str(data)
    os.environ.pop("HUXIN_DB", None)
    os.environ.pop("HUXIN_INDEX_DIR", None)
    from core.settings import settings
    from knowledge import index, ingest, store

    if (settings().index_dir / index.CURRENT).exists():
        return settings().index_dir
    data.mkdir(parents=True, exist_ok=True)
    db = store.open_db()
    if corpus:
        for f in sorted(p for p in corpus.glob("*.md") if p.name != "SOURCES.md"):
            ingest.ingest_file(db, f)
    index.build(db, reuse=False)
    return settings().index_dir


def dump(index_dir: Path, sets: dict) -> dict:
    from cases.opening import question_part
    from knowledge import fit, index
    from knowledge.answer import CANDIDATES, lookups
    from knowledge.retrieve import Searcher

    searcher = Searcher(index.current_dir(index_dir))
    out = {}
    for name, questions in sets.items():
        rows = []
        for q, arts in questions:
            answerable = bool(arts) and any(cites(e, arts) for e in searcher.entries)
            # What the product looks up, as the dialogue calls build_reply: the question part of a long story, then
            # the whole message when the part finds nothing that fits.
            asks = []
            for query in lookups(question_part(q), q):
                hits = searcher.search(query, k=max(DEPTH, CANDIDATES))
                cands = []
                for hit in hits[:DEPTH]:
                    old = fit.check_rule(query, hit, searcher.entry_text(hit.id), searcher.bigram_df,
                                         len(searcher.entries))
                    cands.append({"id": hit.id, "kind": hit.kind, "correct": cites(hit.entry, arts),
                                  "features": fit.features(query, hit, searcher, hits),
                                  "old_accept": old.accept, "old_reason": old.reason.split(" (")[0].split(" <")[0]})
                asks.append(cands)
            rows.append({"q": q, "answerable": answerable, "hits": asks[0], "asks": asks})
        out[name] = rows
        print(name, len(rows), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", default="/tmp/huxin-fit")
    parser.add_argument("--corpus", default=str(HERE.parents[2] / "shared" / "corpus"))
    args = parser.parse_args()
    work = Path(args.work)
    from knowledge.cards import load_cards

    sets = question_sets({c.id: c for c in load_cards()})
    # question_sets also holds bench/blind's rights questions when they are on disk (run.py measures them): they
    # are never dumped here, or thresholds would be chosen on the set that judges them.
    sets.pop("blind", None)
    result = {}
    for label, corpus in (("cards", None), ("cards+corpus", Path(args.corpus))):
        result[label] = dump(build(work, corpus), sets)
    (work / "features.json").write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
