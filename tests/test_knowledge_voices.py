"""Workers' voices: more ways of asking what a card answers (long stories, dialect, typos, English), indexed as
retrieval keys of their card but never shown back to the worker. Real model, FAISS, bm25s and SQLite."""
import re

import pytest

from knowledge.cards import MAX_MORE_VOICES, MAX_VOICES, CardError, load_cards
from tests.knowledge_cards import two_cards

CARD = two_cards(boss_extra="  voices:\n{voices}\n")
VOICE = "俺们跟着老王在郑州贴砖干了五个月 老王关机找不着人了 项目部说钱早给他了 这钱还找谁要"


def _cards(tmp_path, voices: list[str]):
    d = tmp_path / "cards"
    d.mkdir(exist_ok=True)
    (d / "test.yml").write_text(CARD.replace("{voices}", "\n".join(f"    - {v}" for v in voices)), encoding="utf-8")
    return d


def test_voices_are_loaded_and_capped(tmp_path):
    cards = {c.id: c for c in load_cards(_cards(tmp_path, [VOICE, "foreman ran off who pays us"]))}
    assert cards["boss-ran-away"].voices == [VOICE, "foreman ran off who pays us"]
    assert cards["arbitration-free"].voices == []
    with pytest.raises(CardError, match="voices"):
        load_cards(_cards(tmp_path, [f"工头跑了第{i}次怎么办" for i in range(MAX_VOICES + 1)]))


def test_more_voices_are_loaded_apart_from_voices_and_capped(tmp_path):
    more = "  more_voices:\n{more}\n"
    d = tmp_path / "cards"
    d.mkdir()
    for n in (2, MAX_MORE_VOICES + 1):
        block = more.format(more="\n".join(f"    - 带班的跑了第{i}回工钱咋办" for i in range(n)))
        (d / "test.yml").write_text(two_cards(boss_extra=f"  voices:\n    - {VOICE}\n" + block), encoding="utf-8")
        if n > MAX_MORE_VOICES:
            with pytest.raises(CardError, match="more_voices"):
                load_cards(d)
        else:
            boss = {c.id: c for c in load_cards(d)}["boss-ran-away"]
            assert boss.voices == [VOICE] and boss.more_voices == ["带班的跑了第0回工钱咋办", "带班的跑了第1回工钱咋办"]


def test_a_voice_finds_its_card_but_is_never_offered_back(tmp_path, monkeypatch):
    monkeypatch.setenv("HUXIN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HUXIN_DB", raising=False)
    monkeypatch.delenv("HUXIN_INDEX_DIR", raising=False)
    from knowledge import index, store
    from knowledge.retrieve import Retriever
    from knowledge.suggest import suggest

    index.build(store.open_db(), cards_dir=_cards(tmp_path, [VOICE]))
    retriever = Retriever()
    hits = retriever.search(VOICE, k=2)
    assert hits[0].id == "boss-ran-away" and hits[0].matched == VOICE  # the voice is a key of its card
    assert hits[0].support > hits[1].support  # and its card owns more of the closest keys (fit check)
    guesses = suggest(VOICE, k=2, retriever=retriever)
    assert guesses and guesses[0].card_id == "boss-ran-away"
    for guess in guesses:
        assert guess.title != VOICE  # a button shows the card's title, never a worker's story


def _norm(text: str) -> str:
    return re.sub(r"[\s，,。？?！!]", "", text)


def test_shipped_cards_have_voices_that_belong_to_one_card_only():
    cards = load_cards()
    owner: dict[str, str] = {_norm(q): c.id for c in cards for q in c.questions}  # voices may not echo another card
    for card in cards:
        assert len(card.voices) >= 6, f"{card.id}: {len(card.voices)} voices"
        assert any(re.search(r"[A-Za-z]{3}", v) for v in card.voices), f"{card.id}: no English voice"
        own = {_norm(q) for q in card.questions}
        said = card.voices + card.more_voices
        assert len({_norm(v) for v in said}) == len(said), f"{card.id}: a voice is written twice"
        for v in said:
            assert _norm(v) not in own, f"{card.id}: voice repeats an example question: {v}"
            owner.setdefault(_norm(v), card.id)
            assert owner.setdefault(_norm(v), card.id) == card.id, f"{v!r} in {owner[_norm(v)]} and {card.id}"
