"""Knowledge cards: short answers written in our own words, each with its legal basis.

Cards live in knowledge/cards/*.yml (a list of cards per topic file). The citation (document, article)
is what the reply shows as 依据; it is data, never generated.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CARDS_DIR = Path(__file__).parent / "cards"
NEXT_STEPS = ("complaint", "arbitration", "legal_aid", "human", "hotline", "police")
ARTICLE_RE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$|^[一二三四五六七八九十]+$")
CARD_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_VOICES = 16
MAX_MORE_VOICES = 24


class CardError(Exception):
    """A card file is malformed."""


@dataclass(frozen=True)
class Citation:
    document: str  # short title, e.g. 保障农民工工资支付条例
    article: str | None = None  # 第三十条; None for a channel with no article

    def label(self) -> str:
        return f"《{self.document}》{self.article or ''}"


@dataclass
class Card:
    id: str
    title: str
    answer: str
    next_step: str
    citations: list[Citation]
    questions: list[str]
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # ids of cards a reader of this one should also see
    # More ways workers ask the same thing (long stories, dialect, typos, voice run-ons, English), written from
    # the card's articles. Indexed like `questions` (retrieval keys) but never shown: suggestion buttons and
    # re-asked questions use the tidy `questions`.
    voices: list[str] = field(default_factory=list)
    # Still more ways of asking, which the card classifier (knowledge.classifier) learns from and the fit check
    # counts as the card's words ("some words in common", knowledge.fit); retrieval does not index them. Each
    # retrieval key is one more point a question can land on by a single close match: as keys, 1,256 of these added
    # 45 right and 13 wrong answers on the tuning sets (5 right and 1 wrong once the fit check was re-calibrated); as
    # the classifier's training only, all 2,512 added 26 right and 1 wrong (bench/retrieval README, stop 39).
    more_voices: list[str] = field(default_factory=list)
    source_file: str = ""


def _card(raw: dict, source: str) -> Card:
    where = f"{source}: card {raw.get('id', '?')!r}"
    for key in ("id", "title", "answer", "next_step", "citations", "questions"):
        if not raw.get(key):
            raise CardError(f"{where}: missing {key!r}")
    if not CARD_ID_RE.match(raw["id"]):
        raise CardError(f"{where}: id must be lowercase ascii words joined by '-'")
    if raw["next_step"] not in NEXT_STEPS:
        raise CardError(f"{where}: next_step must be one of {NEXT_STEPS}")
    questions = [str(q).strip() for q in raw["questions"]]
    if not 5 <= len(questions) <= 10:
        raise CardError(f"{where}: needs 5-10 example questions, has {len(questions)}")
    voices = [str(q).strip() for q in raw.get("voices") or []]
    if len(voices) > MAX_VOICES:
        raise CardError(f"{where}: at most {MAX_VOICES} voices, has {len(voices)}")
    more_voices = [str(q).strip() for q in raw.get("more_voices") or []]
    if len(more_voices) > MAX_MORE_VOICES:
        raise CardError(f"{where}: at most {MAX_MORE_VOICES} more_voices, has {len(more_voices)}")
    citations = []
    for c in raw["citations"]:
        article = c.get("article")
        if article and not ARTICLE_RE.match(article):
            raise CardError(f"{where}: article {article!r} is not like 第三十条 or 第二百七十六条之一")
        citations.append(Citation(document=c["document"], article=article))
    return Card(id=raw["id"], title=raw["title"].strip(), answer="".join(line.strip() for line in raw["answer"].splitlines()),
                next_step=raw["next_step"], citations=citations, questions=questions,
                tags=list(raw.get("tags") or []), related=[str(r) for r in raw.get("related") or []],
                voices=voices, more_voices=more_voices, source_file=source)


def load_cards(directory: Path | None = None) -> list[Card]:
    directory = Path(directory or CARDS_DIR)
    cards: list[Card] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise CardError(f"{path.name}: expected a list of cards")
        for raw in data:
            card = _card(raw, path.name)
            if card.id in seen:
                raise CardError(f"{path.name}: duplicate card id {card.id!r}")
            seen.add(card.id)
            cards.append(card)
    if not cards:
        raise CardError(f"no cards found in {directory}")
    for card in cards:
        missing = [r for r in card.related if r not in seen]
        if missing:
            raise CardError(f"{card.source_file}: card {card.id!r} links to unknown card(s) {missing}")
    return cards


def cards_hash(directory: Path | None = None) -> str:
    directory = Path(directory or CARDS_DIR)
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.yml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
