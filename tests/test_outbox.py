from datetime import datetime, timedelta, timezone

from bot import conversations, outbox
from bot.db import open_database


def _db(tmp_path):
    db = open_database(tmp_path / "huxin.db")
    conversations.ensure_chat(db, "telegram", "42")
    return db


def test_a_reply_is_queued_in_the_same_step_it_is_stored(tmp_path) -> None:
    db = _db(tmp_path)
    stored = conversations.record_outbound(db, "telegram:42", "telegram", "bot", "您好")
    due = outbox.due(db, "telegram")
    assert [d.message.id for d in due] == [stored.id]
    assert due[0].chat_id == "42"
    assert outbox.due(db, "web") == []


def test_a_failed_delivery_is_retried_later_not_lost(tmp_path) -> None:
    db = _db(tmp_path)
    conversations.record_outbound(db, "telegram:42", "telegram", "bot", "您好")
    (delivery,) = outbox.due(db, "telegram")
    outbox.mark_failed(db, delivery.outbox_id, "timeout")
    assert outbox.due(db, "telegram") == []  # backing off
    row = db["outbox"].get(delivery.outbox_id)
    assert row["status"] == "pending" and row["attempts"] == 1
    # once the back-off has passed it is due again
    past = (datetime.now(timezone.utc) - timedelta(seconds=1)).isoformat()
    db["outbox"].update(delivery.outbox_id, {"next_attempt_at": past})
    assert [d.outbox_id for d in outbox.due(db, "telegram")] == [delivery.outbox_id]
    outbox.mark_sent(db, delivery.outbox_id)
    assert db["outbox"].get(delivery.outbox_id)["status"] == "sent"


def test_delivery_gives_up_after_the_last_attempt(tmp_path) -> None:
    db = _db(tmp_path)
    conversations.record_outbound(db, "telegram:42", "telegram", "bot", "您好")
    (delivery,) = outbox.due(db, "telegram")
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.mark_failed(db, delivery.outbox_id, "boom")
    assert db["outbox"].get(delivery.outbox_id)["status"] == "failed"


def test_a_worker_who_blocked_the_bot_is_recorded_and_not_retried(tmp_path) -> None:
    db = _db(tmp_path)
    conversations.record_outbound(db, "telegram:42", "telegram", "bot", "一")
    conversations.record_outbound(db, "telegram:42", "telegram", "bot", "二")
    first = outbox.due(db, "telegram")[0]
    outbox.mark_blocked(db, first.outbox_id, "telegram:42", "Forbidden: bot was blocked by the user")
    assert conversations.get_chat(db, "telegram:42")["blocked"] == 1
    assert outbox.due(db, "telegram") == []
    assert {r["status"] for r in db["outbox"].rows} == {"blocked"}


def test_replies_returned_with_the_web_response_are_not_delivered_again(tmp_path) -> None:
    db = _db(tmp_path)
    conversations.ensure_chat(db, "web", "w1")
    answered = [conversations.record_outbound(db, "web:w1", "web", "bot", text) for text in ("答复一", "答复二")]
    later = conversations.record_outbound(db, "web:w1", "web", "system", "案件有新进展")
    outbox.mark_delivered_with_response(db, [message.id for message in answered])
    # The two replies went back with the HTTP response; only the notification still waits for the event stream.
    assert [d.message.text for d in outbox.due(db, "web")] == [later.text]
    rows = {row["message_id"]: row for row in db["outbox"].rows}
    assert [rows[m.id]["status"] for m in answered] == ["sent", "sent"] and rows[answered[0].id]["attempts"] == 1
    outbox.mark_delivered_with_response(db, [])  # nothing to mark: no statement, no error
