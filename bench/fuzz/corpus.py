"""Bad input for the web chat API, generated from a seed (same seed, same cases).

    from bench.fuzz.corpus import generate
    for case in generate(seed=7, count=1000):
        httpx.post(url, content=case.body, headers={"content-type": case.content_type})

Each case is a raw HTTP body (bytes, so invalid UTF-8 and broken JSON can be sent) plus what a correct server answers:
200 with replies for any text it accepts, 413 for texts over the 20,000-character limit, a 4xx (400 or 422, written
ANY_4XX) for bodies that are not a JSON object with a string `text`. Never a 5xx.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MAX_TEXT_CHARS = 20_000  # bot/web/app.py
ANY_4XX = 400  # as `expect`: any 400-499 answer is right


@dataclass(frozen=True)
class FuzzCase:
    kind: str
    body: bytes
    content_type: str = "application/json"
    expect: int = 200  # the status a correct server answers (ANY_4XX: any client error)

    def expected(self, status: int) -> bool:
        return 400 <= status < 500 if self.expect == ANY_4XX else status == self.expect

    @property
    def text(self) -> str | None:
        """The `text` field as the server sees it, when the body is valid JSON."""
        try:
            value = json.loads(self.body)
        except ValueError:
            return None
        return value.get("text") if isinstance(value, dict) else None


def _json(kind: str, text: str, title: str | None = None) -> FuzzCase:
    payload: dict[str, str] = {"text": text}
    if title is not None:
        payload["title"] = title
    # ensure_ascii escapes lone surrogates as \udxxx, which a JSON parser accepts and turns back into them
    body = json.dumps(payload, ensure_ascii=True).encode()
    return FuzzCase(kind, body, expect=413 if len(text) > MAX_TEXT_CHARS else 200)


CONTROL = [chr(c) for c in range(0x00, 0x20)] + ["\x7f", "\x85", "\u200b", "\u200e", "\u202e", "\u2028", "\u2066",
                                                 "\ufeff", "\ufffe", "\uffff", "\U000e0001"]
EMOJI = ["😭", "🙏", "💰", "👷🏽\u200d♂️", "🇨🇳", "1️⃣", "🏗️", "👨\u200d👩\u200d👧", "🤬", "✌🏿", "🧧"]
WORDS = ["老板", "欠", "工资", "包工头", "跑了", "三个月", "七万三", "仲裁", "12333", "投诉", "转人工", "確認", "謝謝",
         "工地", "北京大兴", "俺们", "咋办", "HX-2026-000001", "13812345678", "ｗａｇｅ", "１２３"]
MARKUP = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)">',
    "<a href='javascript:alert(1)'>点我</a>",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "[点我](javascript:alert(1)) **粗** <b>粗</b>",
    "&lt;script&gt; &#x3C;script&#x3E;",
    "<style>body{display:none}</style>",
    "</textarea><script>fetch('/api/chat/history')</script>",
]
SQL = [
    "'; DROP TABLE messages; --",
    "1' OR '1'='1",
    "\" OR 1=1 --",
    "'); delete from cases where ('1'='1",
    "UNION SELECT phone FROM cases --",
    "%' AND 1=0 UNION SELECT sqlite_version() --",
    "Robert'); DROP TABLE chats;--",
]
PAYLOADS = [
    "/request_human", "/affirm", "/deny", "/cancel", "/check_status", "/greet", "/nonexistent_intent", "/",
    '/inform{"amount": "999999999999999999"}', '/inform{"phone": "<script>"}', '/affirm{"broken": ',
    "/restart", "/session_start", "/rate_case{\"case_number\": \"HX-2026-999999\", \"rating\": 99}",
]


def _random_unicode(rng: random.Random, n: int) -> str:
    ranges = [(0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x52F), (0x600, 0x6FF), (0x900, 0x97F), (0x3000, 0x303F),
              (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xE000, 0xF8FF), (0x1F300, 0x1FAFF), (0x20000, 0x2A6DF),
              (0x300, 0x36F), (0xD800, 0xDFFF)]  # the last: lone surrogates
    chars = []
    for _ in range(n):
        low, high = rng.choice(ranges)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def _chinese(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(["", " ", "，", "！", "\n"]) for _ in range(n))


def _case_random_unicode(rng: random.Random) -> FuzzCase:
    return _json("random-unicode", _random_unicode(rng, rng.choice([1, 5, 40, 300])))


def _case_control(rng: random.Random) -> FuzzCase:
    parts = [rng.choice(CONTROL) if rng.random() < 0.6 else rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
    return _json("control-chars", "".join(parts))


def _case_long(rng: random.Random) -> FuzzCase:
    size = rng.choice([100_000, 100_000, MAX_TEXT_CHARS + 1, MAX_TEXT_CHARS, 19_000, 5_000])
    filler = rng.choice(["欠", "a", "😭", "<b>", "\u0301"])
    text = (_chinese(rng, 5) + filler * size)[:size]
    return _json("long-text", text)


def _case_markup(rng: random.Random) -> FuzzCase:
    text = rng.choice(MARKUP)
    if rng.random() < 0.5:
        text = _chinese(rng, 3) + text + _chinese(rng, 2)
    title = rng.choice(MARKUP) if rng.random() < 0.2 else None
    return _json("markup", text, title)


def _case_sql(rng: random.Random) -> FuzzCase:
    text = rng.choice(SQL)
    return _json("sql", _chinese(rng, 2) + text if rng.random() < 0.5 else text)


def _case_emoji(rng: random.Random) -> FuzzCase:
    return _json("emoji-only", "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 20))))


def _case_empty(rng: random.Random) -> FuzzCase:
    return _json("empty", rng.choice(["", " ", "\n\n", "\t", "\u3000\u3000", "\u200b", "\x00"]))


def _case_payload(rng: random.Random) -> FuzzCase:
    return _json("slash-payload", rng.choice(PAYLOADS), title=rng.choice([None, "确认", "<script>x</script>"]))


def _case_invalid_utf8(rng: random.Random) -> FuzzCase:
    junk = bytes(rng.choice([0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF, 0xFE, 0xED]) for _ in range(rng.randint(1, 12)))
    body = rng.choice([
        b'{"text": "' + junk + b'"}',
        b'{"text": "\xe6\xac' + b'"}',  # a Chinese character cut in half
        junk,
        b'{"text": "ok"}' + junk,
    ])
    return FuzzCase("invalid-utf8", body, expect=ANY_4XX)


def _case_bad_json(rng: random.Random) -> FuzzCase:
    body = rng.choice([
        b'{"text": ',
        b"[]",
        b"null",
        b'"just a string"',
        b'{"text": 12345}',
        b'{"text": null}',
        b'{"text": ["a", "b"]}',
        b'{"text": {"$gt": ""}}',
        b'{"text": "ok", "title": 5}',
        b"[" * 5000 + b"]" * 5000,
        b'{"text": "\\ud800"',
        b"",
    ])
    return FuzzCase("bad-json", body, expect=ANY_4XX)


def _case_mixed(rng: random.Random) -> FuzzCase:
    text = _chinese(rng, rng.randint(1, 8))
    if rng.random() < 0.5:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})  # full-width digits
    if rng.random() < 0.3:
        text = "".join(c + "\u0336" for c in text)  # combining strokes
    return _json("mixed-chinese", text)


GENERATORS: dict[str, tuple[float, Callable[[random.Random], FuzzCase]]] = {
    "random-unicode": (0.20, _case_random_unicode),
    "control-chars": (0.12, _case_control),
    "long-text": (0.03, _case_long),
    "markup": (0.12, _case_markup),
    "sql": (0.08, _case_sql),
    "emoji-only": (0.08, _case_emoji),
    "empty": (0.06, _case_empty),
    "slash-payload": (0.07, _case_payload),
    "invalid-utf8": (0.08, _case_invalid_utf8),
    "bad-json": (0.06, _case_bad_json),
    "mixed-chinese": (0.10, _case_mixed),
}


def generate(seed: int = 0, count: int = 1000) -> Iterator[FuzzCase]:
    """`count` cases drawn with fixed weights per kind; every kind appears at least once when count >= its number."""
    rng = random.Random(seed)
    kinds = list(GENERATORS)
    weights = [GENERATORS[k][0] for k in kinds]
    for i in range(count):
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights)[0]
        yield GENERATORS[kind][1](rng)
