"""Conversation state outlives the Rasa process: a worker half-way through the complaint form when Rasa is killed
(kill -9, no goodbye) goes on where they were after it starts again, and the case opens exactly once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cases import open_db
from tests.stack import Stack
from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Its own stack: this test kills Rasa, which the shared one must not see."""
    running = Stack(data_dir=tmp_path_factory.mktemp("state")).start()
    try:
        yield running
    finally:
        running.stop()


def test_half_filled_complaint_survives_kill_9_of_rasa(own_stack: Stack) -> None:
    sender = "web:state-kill-1"
    first = texts(say(own_stack, sender, "俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三"))
    assert "公司或哪个老板" in first
    assert "总包" in texts(say(own_stack, sender, "包工头王大军"))

    own_stack.services["rasa"].kill()
    own_stack.restart("rasa")
    assert (own_stack.data_dir / "rasa-trackers.db").exists()

    # The form resumes at the question it had asked (the 总包), then the period and the phone: nothing asked twice.
    after = texts(say(own_stack, sender, "不知道"))
    assert "多长时间" in after and "公司或哪个老板" not in after
    assert "手机号" in texts(say(own_stack, sender, "三个月"))
    say(own_stack, sender, "13812345678")
    summary = texts(say(own_stack, sender, "匿名"))
    assert "7.3万元" in summary and "王大军" in summary
    opened = texts(say(own_stack, sender, "/affirm"))
    assert "HX-" in opened

    db = open_db(own_stack.db_path)
    assert db["cases"].count_where("chat_key = ?", [sender]) == 1
