"""Ingestion and versioned index: idempotent re-ingest, version replacement, atomic swap, rollback.

Uses the real embedding model, real SQLite, real FAISS and bm25s, with a two-card knowledge base so
each build embeds only a few dozen keys.
"""
import json
import threading
from pathlib import Path

import pytest

from tests.knowledge_cards import two_cards

CARDS = two_cards("示范工资条例", "分包单位或转包造成欠薪的，由施工总承包单位先行清偿。")
# The first card with more ways of asking (more_voices) in words none of its own questions use.
MORE_VOICES = ["带班的拿了钱跑了电话也不接 俺们的工钱咋办", "跟着干活的头儿把钱卷走了找不到人", "领班的带着工资跑路了谁来给"]
CARDS_WITH_MORE_VOICES = CARDS.replace("- id: arbitration-free", "  more_voices:\n"
                                       + "".join(f"    - {v}\n" for v in MORE_VOICES) + "- id: arbitration-free")
V1 = "# 示范工资条例\n\n## 第一章 总则\n\n第一条 工资按月支付。\n\n第二条 不得拖欠。\n\n第三十条 分包单位欠薪的，由总承包单位先行清偿旧规定。\n"
V2 = V1.replace("先行清偿旧规定", "先行清偿，新版本增加了十日内清偿的期限")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("HUXIN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HUXIN_DB", raising=False)
    monkeypatch.delenv("HUXIN_INDEX_DIR", raising=False)
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "test.yml").write_text(CARDS, encoding="utf-8")
    from knowledge import store

    return {"root": tmp_path, "cards": cards, "db": store.open_db(tmp_path / "huxin.db"),
            "index": tmp_path / "index"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_reingesting_the_same_file_changes_nothing(env):
    from knowledge import index, ingest

    doc = _write(env["root"] / "tiaoli.md", V1)
    first = ingest.ingest_file(env["db"], doc)
    index.build(env["db"], env["index"], env["cards"])
    again = ingest.ingest_file(env["db"], doc)
    assert (first.status, again.status) == ("added", "unchanged")
    assert again.version == first.version == 1
    assert env["db"]["documents"].count == 1
    assert not index.needs_build(env["db"], env["index"], env["cards"])


def test_new_version_replaces_the_old_one_in_registry_and_index(env):
    from knowledge import index, ingest, store
    from knowledge.retrieve import Retriever

    old = _write(env["root"] / "tiaoli.md", V1)
    ingest.ingest_file(env["db"], old)
    index.build(env["db"], env["index"], env["cards"])
    new = _write(env["root"] / "tiaoli-2025.md", V2)  # another file, same document
    result = ingest.ingest_file(env["db"], new)
    assert (result.status, result.version) == ("updated", 2)
    index.build(env["db"], env["index"], env["cards"])

    rows = store.history(env["db"], "示范工资条例")
    assert [(r["version"], r["status"]) for r in rows] == [(1, "replaced"), (2, "active")]
    assert rows[1]["effective_date"] is None and rows[1]["sha256"] and rows[1]["title"] == "示范工资条例"
    searcher = Retriever(env["index"]).searcher()
    texts = [e["text"] for e in searcher.entries if e["kind"] == "chunk"]
    assert not any("旧规定" in t for t in texts)  # no stale duplicate of the old version
    assert sum("第三十条" in t for t in texts) == 1
    assert "十日内清偿" in searcher.article_text("示范工资条例", "第三十条")
    manifest = searcher.manifest
    assert manifest["documents"][0]["version"] == 2 and manifest["counts"]["reused"] > 0


def test_swap_is_atomic_while_queries_run_and_rollback_restores(env):
    from knowledge import index, ingest
    from knowledge.retrieve import Retriever

    index.build(env["db"], env["index"], env["cards"])
    retriever = Retriever(env["index"])
    assert retriever.search("包工头跑了工资找谁要")[0].id == "boss-ran-away"
    errors, seen_versions = [], set()
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                hits = retriever.search("包工头跑了工资找谁要")
                assert hits and hits[0].id == "boss-ran-away"
                seen_versions.add(retriever.searcher().version)
            except Exception as exc:  # any failure of a query in flight
                errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        ingest.ingest_file(env["db"], _write(env["root"] / "tiaoli.md", V1))
        index.build(env["db"], env["index"], env["cards"])
        ingest.ingest_file(env["db"], _write(env["root"] / "tiaoli.md", V2))
        index.build(env["db"], env["index"], env["cards"])
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert retriever.searcher().version == "v0003"  # picked up without restart
    assert "v0003" in seen_versions
    assert "十日内清偿" in retriever.searcher().article_text("示范工资条例", "第三十条")

    assert index.rollback(env["index"]) == ("v0003", "v0002")
    assert retriever.searcher().version == "v0002"
    assert "旧规定" in retriever.searcher().article_text("示范工资条例", "第三十条")


def test_rollback_without_an_older_version_is_a_named_error(env):
    from knowledge import index

    index.build(env["db"], env["index"], env["cards"])
    with pytest.raises(index.NothingToRollBack):
        index.rollback(env["index"])


def test_remove_takes_a_document_out_of_the_next_build(env):
    from knowledge import index, ingest
    from knowledge.retrieve import Retriever

    ingest.ingest_file(env["db"], _write(env["root"] / "tiaoli.md", V1))
    index.build(env["db"], env["index"], env["cards"])
    ingest.remove_document(env["db"], "示范工资条例")
    index.build(env["db"], env["index"], env["cards"])
    searcher = Retriever(env["index"]).searcher()
    assert not [e for e in searcher.entries if e["kind"] == "chunk"]
    with pytest.raises(ingest.IngestError):
        ingest.remove_document(env["db"], "示范工资条例")


def test_other_formats_are_ingested(env):
    import docx
    from knowledge import ingest

    d = docx.Document()
    d.add_heading("关于欠薪治理的通知", level=1)
    d.add_paragraph("各地要畅通欠薪投诉渠道。")
    d.save(env["root"] / "notice.docx")
    html = _write(env["root"] / "n.html", "<html><head><title>x</title></head><body><h1>示范通知</h1><p>第一段。</p></body></html>")
    r1 = ingest.ingest_file(env["db"], env["root"] / "notice.docx")
    r2 = ingest.ingest_file(env["db"], html)
    assert (r1.title, r1.chunks) == ("关于欠薪治理的通知", 1)
    assert (r2.title, r2.chunks) == ("示范通知", 1)
    with pytest.raises(Exception, match="cannot ingest"):
        ingest.ingest_file(env["db"], _write(env["root"] / "x.csv", "a,b"))


def test_each_version_keeps_a_card_classifier_and_the_next_build_reuses_its_training_vectors(env):
    from knowledge import index
    from knowledge.classifier import FILE
    from knowledge.retrieve import Retriever

    first = index.build(env["db"], env["index"], env["cards"])
    assert first["classifier"] and first["counts"]["card_questions_embedded"] == first["counts"]["keys"]
    searcher = Retriever(env["index"]).searcher()
    assert (searcher.dir / FILE).exists()
    hits = searcher.search("仲裁要不要交钱呀", k=2)
    assert hits[0].id == "arbitration-free" and hits[0].vouch > 0.5 and hits[1].vouch == 0.0
    again = index.build(env["db"], env["index"], env["cards"])
    assert again["classifier"] and again["counts"]["card_questions_embedded"] == 0  # nothing asked anew


def test_a_version_built_before_the_classifier_is_served_as_before(env):
    from knowledge import index
    from knowledge.classifier import FILE
    from knowledge.retrieve import Retriever

    index.build(env["db"], env["index"], env["cards"])
    vdir = index.current_dir(env["index"])
    (vdir / FILE).unlink()
    manifest = json.loads((vdir / "manifest.json").read_text())
    del manifest["classifier"], manifest["format"]  # as a version built before stop 38 is
    (vdir / "manifest.json").write_text(json.dumps(manifest))
    searcher = Retriever(env["index"]).searcher()
    assert searcher.classifier is None
    hits = searcher.search("仲裁要不要交钱呀", k=2)
    assert hits[0].id == "arbitration-free" and hits[0].vouch == 0.0
    assert index.needs_build(env["db"], env["index"], env["cards"])  # the next setup builds one


def test_a_damaged_classifier_file_is_a_named_error_that_says_to_rebuild(env):
    from knowledge import index
    from knowledge.classifier import FILE, ClassifierError
    from knowledge.retrieve import Searcher

    index.build(env["db"], env["index"], env["cards"])
    path = index.current_dir(env["index"]) / FILE
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ClassifierError, match="rebuild the index"):
        Searcher(index.current_dir(env["index"]))


def test_one_card_has_nothing_to_tell_apart(tmp_path):
    import numpy as np

    from knowledge import classifier

    vectors = np.eye(4, dtype=np.float32)[:3]
    assert classifier.train(vectors, np.array([0, 0, 0])) is None
    two = classifier.train(vectors, np.array([0, 0, 1]))
    assert two.best(vectors[2])[0] == 1 and two.best(vectors[0])[0] == 0
    assert 0.5 < two.best(vectors[2])[1] <= 1.0


def test_more_voices_teach_the_classifier_but_are_not_searched(env):
    from knowledge import index
    from knowledge.retrieve import Retriever

    question = "带班的把大伙的钱拿走人没影了 俺们找谁"
    plain = index.build(env["db"], env["index"], env["cards"])
    before = Retriever(env["index"]).searcher().search(question, k=2)
    _write(env["cards"] / "test.yml", CARDS_WITH_MORE_VOICES)
    built = index.build(env["db"], env["index"], env["cards"])
    searcher = Retriever(env["index"]).searcher()
    assert built["counts"]["keys"] == plain["counts"]["keys"]  # not retrieval keys ...
    assert built["counts"]["card_questions_embedded"] == len(MORE_VOICES)  # ... but embedded for the classifier
    assert not any(h.matched in MORE_VOICES for h in searcher.search(MORE_VOICES[0], k=2))
    after = searcher.search(question, k=2)
    assert after[0].id == before[0].id == "boss-ran-away"
    assert after[0].vouch > before[0].vouch  # the classifier is surer of the card they belong to


def test_more_voices_are_words_the_fit_check_finds_in_common(env):
    # A worker's words that are in none of the card's own questions (带班的, 溜了, 电话打不通): without the card's
    # more_voices the question has no words in common with it and is refused; with them it is answered.
    from knowledge import index
    from knowledge.answer import build_reply
    from knowledge.retrieve import Retriever

    question = "带班的拿着俺们几个月的血汗钱溜了 电话打不通 俺们没钱了"
    index.build(env["db"], env["index"], env["cards"])
    refused = build_reply(question, Retriever(env["index"]))
    assert not refused.matched and "没找到准确的条文" in refused.text
    _write(env["cards"] / "test.yml", CARDS_WITH_MORE_VOICES)
    index.build(env["db"], env["index"], env["cards"])
    answered = build_reply(question, Retriever(env["index"]))
    assert answered.matched and answered.entry_id == "boss-ran-away"
    assert "《示范工资条例》第三十条" in answered.text


def test_a_version_of_an_older_format_is_rebuilt_at_the_next_setup_without_embedding_again(env):
    from knowledge import index

    index.build(env["db"], env["index"], env["cards"])
    assert not index.needs_build(env["db"], env["index"], env["cards"])
    vdir = index.current_dir(env["index"])
    manifest = json.loads((vdir / "manifest.json").read_text())
    del manifest["format"]  # as a version built before stop 42 is: its classifier was trained short of its optimum
    (vdir / "manifest.json").write_text(json.dumps(manifest))
    assert index.needs_build(env["db"], env["index"], env["cards"])
    again = index.build(env["db"], env["index"], env["cards"])
    assert again["format"] == index.FORMAT and not index.needs_build(env["db"], env["index"], env["cards"])
    assert again["counts"]["embedded"] == 0 and again["counts"]["card_questions_embedded"] == 0  # vectors reused


def test_the_shipped_cards_train_the_same_classifier_whatever_the_rounding():
    """Two builds of the same cards must answer alike. The card classifier learned from the shipped cards' question
    vectors, and from the same vectors off by 1e-6 (what another thread count does to the solver's sums),
    has nearly the same weights and, for questions near the cards' voices, the same probability for every card (the
    fit check compares the first card's with 0.5; where two cards are all but tied, either may come first). Before
    the solver ran to its optimum (knowledge.classifier.TOL) the weights came out 0.1 to 0.65 apart and
    probabilities up to 0.13."""
    import numpy as np

    from knowledge import classifier
    from knowledge.cards import load_cards
    from knowledge.index import QUERIES, card_lessons, current_dir
    from tests.stack import ROOT, require_index

    index_dir = ROOT / "data" / "index"
    require_index(index_dir, shipped=True)
    vectors = np.load(current_dir(index_dir) / QUERIES)["vectors"]
    labels = np.array([e for _, e in card_lessons(load_cards())])
    assert len(labels) == len(vectors)

    rng = np.random.default_rng(0)
    one = classifier.train(vectors, labels)
    other = classifier.train(vectors + rng.normal(0, 1e-6, vectors.shape).astype(np.float32), labels)
    assert np.abs(one.weights - other.weights).max() < 0.05
    probes = vectors[rng.choice(len(vectors), 2000)] + rng.normal(0, 0.02, (2000, vectors.shape[1]))
    probes = (probes / np.linalg.norm(probes, axis=1, keepdims=True)).astype(np.float32)
    assert np.abs(one.probabilities(probes) - other.probabilities(probes)).max() < 0.02
