"""Retrieval benchmark: hit@1, hit@3, MRR for dense, BM25 and hybrid; query latency; reindex time;
false accept / false reject of the weak-match rule.

    nice -n 10 .venv/bin/python bench/retrieval/run.py [--corpus ../shared/corpus]

(a) index of the shipped cards; (b) cards plus the official corpus, ingested from --corpus when present.
Runs in a temporary data directory; the real index is not touched. A hit is the expected card, or an
official chunk whose (document, article) is one of that card's citations.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))


def load_devset():
    data = yaml.safe_load((HERE / "devset.yml").read_text())
    return [(q, card) for card, qs in data.items() for q in qs]


def is_hit(hit, card) -> bool:
    if hit.kind == "card":
        return hit.id == card.id
    cited = {(c.document, c.article) for c in card.citations}
    return (hit.entry.get("document"), hit.entry.get("article")) in cited


def evaluate(searcher, devset, cards, mode):
    h1 = h3 = rr = 0.0
    times = []
    for q, card_id in devset:
        card = cards[card_id]
        t = time.perf_counter()
        hits = searcher.search(q, k=10, mode=mode)
        times.append((time.perf_counter() - t) * 1000)
        rank = next((i for i, h in enumerate(hits, 1) if is_hit(h, card)), None)
        h1 += rank == 1
        h3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0
    n = len(devset)
    return {"hit@1": round(h1 / n, 3), "hit@3": round(h3 / n, 3), "mrr": round(rr / n, 3),
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(sorted(times)[int(0.95 * len(times)) - 1], 2)}


def weak_rule(searcher, devset, oos):
    from knowledge.answer import is_weak

    false_reject = sum(is_weak((searcher.search(q, k=1) or [None])[0]) for q, _ in devset)
    false_accept = sum(not is_weak((searcher.search(q, k=1) or [None])[0]) for q in oos)
    return {"dev_rejected": f"{false_reject}/{len(devset)}", "out_of_scope_accepted": f"{false_accept}/{len(oos)}"}


def run_all(label, index_root, devset, cards, oos):
    from knowledge.retrieve import Searcher
    from knowledge import index

    searcher = Searcher(index.current_dir(index_root))
    searcher.search("预热")  # load jieba and the model before timing
    out = {"index": label, "keys": searcher.manifest["counts"]["keys"]}
    for mode in ("dense", "bm25", "hybrid"):
        out[mode] = evaluate(searcher, devset, cards, mode)
    out["weak_rule"] = weak_rule(searcher, devset, oos)
    # Embedding alone, to show where the time goes.
    from knowledge.model import embed_query
    times = []
    for q, _ in devset[:60]:
        t = time.perf_counter(); embed_query(q); times.append((time.perf_counter() - t) * 1000)
    out["embed_query_p50_ms"] = round(statistics.median(times), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(HERE.parents[2] / "shared" / "corpus"))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="huxin-bench-"))
    os.environ["HUXIN_DATA_DIR"] = str(tmp)
    os.environ.pop("HUXIN_DB", None)
    os.environ.pop("HUXIN_INDEX_DIR", None)
    from knowledge import index, ingest, store
    from knowledge.cards import load_cards

    cards = {c.id: c for c in load_cards()}
    devset = load_devset()
    oos = yaml.safe_load((HERE / "out_of_scope.yml").read_text())
    print(f"dev set: {len(devset)} questions over {len(cards)} cards; {len(oos)} out-of-scope", flush=True)
    db = store.open_db()
    from knowledge.model import get_model
    get_model()
    results = []
    t = time.perf_counter()
    m = index.build(db, reuse=False)
    results.append({"full_reindex_s": round(time.perf_counter() - t, 2), **run_all("cards", None, devset, cards, oos)})
    print(json.dumps(results[-1], ensure_ascii=False), flush=True)

    corpus = Path(args.corpus)
    files = sorted(p for p in corpus.glob("*.md") if p.name != "SOURCES.md") if corpus.exists() else []
    if files:
        t = time.perf_counter()
        for f in files:
            ingest.ingest_file(db, f)
        m = index.build(db, reuse=False)
        results.append({"full_reindex_s": round(time.perf_counter() - t, 2),
                        "documents": len(files), "chunks": m["counts"]["chunks"],
                        **run_all("cards+corpus", None, devset, cards, oos)})
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
        t = time.perf_counter()
        m = index.build(db)  # nothing changed: every embedding reused
        print(json.dumps({"incremental_rebuild_s": round(time.perf_counter() - t, 2),
                          "reused": m["counts"]["reused"]}), flush=True)
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
