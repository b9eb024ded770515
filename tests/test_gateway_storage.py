"""The gateway stores every message before answering it, even when Rasa cannot be reached."""

from bot import conversations
from bot.db import open_database
from bot.gateway import PLEASE_RESEND, Gateway, Inbound
from bot.rasa_client import RasaClient
from cases import open_db
from tests.stack import free_port


async def test_when_rasa_is_down_the_message_is_kept_and_the_worker_asked_to_resend(tmp_path) -> None:
    db = open_database(tmp_path / "huxin.db")
    rasa = RasaClient(f"http://127.0.0.1:{free_port()}", timeout_seconds=2)  # nothing listens there
    gateway = Gateway(db, rasa)
    replies = await gateway.handle(Inbound(channel="web", chat_id="w1", text="老板欠我三个月工资"))
    await rasa.aclose()
    assert [r.text for r in replies] == [PLEASE_RESEND]
    history = conversations.history(db, "web:w1")
    assert [(m.direction, m.text) for m in history] == [("in", "老板欠我三个月工资"), ("out", PLEASE_RESEND)]


async def test_the_same_channel_message_is_handled_once(tmp_path) -> None:
    db = open_database(tmp_path / "huxin.db")
    rasa = RasaClient(f"http://127.0.0.1:{free_port()}", timeout_seconds=2)
    gateway = Gateway(db, rasa)
    first = await gateway.handle(Inbound(channel="telegram", chat_id="7", text="在吗", channel_message_id="1001"))
    again = await gateway.handle(Inbound(channel="telegram", chat_id="7", text="在吗", channel_message_id="1001"))
    await rasa.aclose()
    assert len(first) == 1 and again == []
    assert db["messages"].count_where("direction = 'in'") == 1


async def test_a_chat_held_by_a_person_gets_no_bot_reply(tmp_path) -> None:
    db = open_database(tmp_path / "huxin.db")
    rasa = RasaClient(f"http://127.0.0.1:{free_port()}", timeout_seconds=2)
    gateway = Gateway(db, rasa)
    conversations.ensure_chat(db, "web", "w2")
    conversations.set_mode(db, "web:w2", "human")
    replies = await gateway.handle(Inbound(channel="web", chat_id="w2", text="师傅在吗"))
    await rasa.aclose()
    assert replies == []
    assert [m.text for m in conversations.history(db, "web:w2")] == ["师傅在吗"]


async def test_a_photo_without_text_is_stored_as_evidence_and_acknowledged(tmp_path) -> None:
    db = open_database(tmp_path / "huxin.db")
    cases_db = open_db(tmp_path / "huxin.db")
    rasa = RasaClient(f"http://127.0.0.1:{free_port()}", timeout_seconds=2)
    gateway = Gateway(db, rasa, cases_db)
    replies = await gateway.handle(
        Inbound(channel="telegram", chat_id="9", attachment={"type": "photo", "file_id": "abc"}, channel_message_id="5")
    )
    await rasa.aclose()
    assert "照片" in replies[0].text and "证据" in replies[0].text
    (inbound,) = [m for m in conversations.history(db, "telegram:9") if m.direction == "in"]
    assert inbound.payload["attachment"]["file_id"] == "abc"
    # kept as evidence for the chat's next case
    (evidence,) = cases_db["attachments"].rows_where("chat_key = ?", ["telegram:9"])
    assert evidence["kind"] == "photo" and evidence["file_ref"] == "abc" and evidence["case_id"] is None
