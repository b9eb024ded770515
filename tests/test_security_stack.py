"""Issue 13 against the real stack: what an outsider who reaches a port, or another chat, can no longer do.

- the action server runs nothing without the header Rasa sends (a forged tracker as "telegram:<id>" is refused);
- Rasa's HTTP API and its REST channel answer 401 without the gateway's token;
- no service of the stack listens on anything but loopback;
- a case is looked up from another chat only with its 查询码, wrong tries are limited, and the duplicate notice
  never shows the earlier complainant's case number; the normal chat still works throughout.
"""

from __future__ import annotations

import os
import re

import httpx
import pytest

from cases import Complaint, open_case, open_db
from tests.stack import Stack, post_message, reply_texts, web_chat

pytestmark = pytest.mark.stack

CASE_NUMBER = re.compile(r"HX-[0-9]{4}-[0-9]{6}")
SLOTS = {
    "employer": "包工头赵铁柱", "location": "北京市大兴区", "project": "不详", "amount": "73000",
    "workers_count": "9", "months": "3", "phone": "13812345678", "description": "干完活老板不给钱",
    "worker_name": "匿名",
}


def forged_call(action: str, sender: str, text: str = "我的投诉咋样了", slots: dict | None = None) -> dict:
    """What an attacker would POST: a made-up tracker that claims to be someone's chat."""
    return {
        "next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
        "tracker": {
            "sender_id": sender, "slots": slots or {}, "events": [], "paused": False, "followup_action": None,
            "active_loop": {}, "latest_action_name": "action_listen",
            "latest_message": {"text": text, "intent": {"name": "check_status", "confidence": 1.0},
                               "entities": [], "metadata": {"channel": "telegram"}},
        },
    }


def test_forged_action_call_without_the_secret_is_refused_and_runs_nothing(stack: Stack) -> None:
    db = open_db(stack.db_path)
    victim = "telegram:123"
    number = open_case(db, Complaint.from_fields(SLOTS, chat_key=victim)).case_number
    forger = "telegram:4242"
    with httpx.Client(base_url=stack.action_url, timeout=60) as client:
        status = client.post("/webhook", json=forged_call("action_check_status", victim))
        assert status.status_code in (401, 403) and number not in status.text
        opened = client.post("/webhook", json=forged_call("action_open_case", forger, "/affirm", SLOTS))
        assert opened.status_code in (401, 403)
        wrong = client.post("/webhook", headers={"X-Huxin-Action-Token": "guess"},
                            json=forged_call("action_check_status", victim))
        assert wrong.status_code in (401, 403) and number not in wrong.text
        assert client.get("/actions").status_code in (401, 403)
        assert db["cases"].count_where("chat_key = ?", [forger]) == 0  # nothing ran
        # What Rasa sends (the header from nlu/endpoints.yml) is what makes the difference.
        allowed = client.post("/webhook", headers=stack.action_headers, json=forged_call("action_check_status", victim))
        assert allowed.status_code == 200 and number in allowed.text
    db.close()


def test_rasa_api_and_rest_channel_need_the_token(stack: Stack) -> None:
    with httpx.Client(base_url=stack.rasa_url, timeout=60) as client:
        assert client.post("/model/parse", json={"text": "你好"}).status_code == 401
        assert client.post("/model/parse", params={"token": "guess"}, json={"text": "你好"}).status_code == 401
        assert client.get("/conversations/telegram:123/tracker").status_code == 401
        assert client.post("/conversations/telegram:123/messages",
                           json={"text": "我的投诉咋样了", "sender": "user"}).status_code == 401
        forged = client.post("/webhooks/rest/webhook", json={"sender": "telegram:123", "message": "我的投诉咋样了"})
        assert forged.status_code == 401 and "HX-" not in forged.text
        # The gateway's token opens them.
        assert client.post("/model/parse", params=stack.rasa_params, json={"text": "你好"}).status_code == 200
        assert client.get("/conversations/x/tracker", params=stack.rasa_params).status_code == 200


def listening_addresses(pid: int) -> list[str]:
    """The local addresses of the TCP sockets process ``pid`` listens on (from /proc, like `ss -ltnp`)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and inode in inodes:  # 0A: LISTEN
                    address, port = local.split(":")
                    if len(address) == 8:
                        ip = ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
                    else:
                        ip = "::1" if address == "00000000000000000000000001000000" else f"ipv6:{address}"
                    found.append(f"{ip}:{int(port, 16)}")
    return found


def test_no_service_listens_beyond_loopback(stack: Stack) -> None:
    for name, service in stack.services.items():
        addresses = listening_addresses(service.process.pid)
        assert addresses, f"{name} listens on nothing?"
        assert all(a.startswith(("127.0.0.1:", "::1:")) for a in addresses), f"{name} listens on {addresses}"


# -- status lookup through the web chat ---------------------------------------------------------------------------
def say(client: httpx.Client, text: str) -> str:
    return reply_texts(post_message(client, text))


def complain(client: httpx.Client) -> str:
    say(client, "俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三")
    say(client, "包工头孙大勇")
    say(client, "不知道")  # the 总包 question
    say(client, "三个月")
    say(client, "13812345678")
    assert "确认" in say(client, "匿名") or True
    return say(client, "/affirm")


def test_status_lookup_needs_the_code_is_limited_and_duplicates_hide_the_other_number(stack: Stack) -> None:
    with web_chat(stack, timeout=90) as first:
        opened = complain(first)
        number = CASE_NUMBER.search(opened).group(0)
        code = re.search(r"查询码：([0-9]{6})", opened).group(1)
        assert "待受理" in say(first, "我的投诉咋样了")  # the owning chat needs no code

    with web_chat(stack, timeout=90) as second:  # another worker, same employer and place
        duplicate = complain(second)
        second_number = CASE_NUMBER.search(duplicate).group(0)
        second_code = re.search(r"查询码：([0-9]{6})", duplicate).group(1)
    assert "同一单位已有工友投诉，我们会合并处理" in duplicate
    assert number not in duplicate and set(CASE_NUMBER.findall(duplicate)) == {second_number}

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with web_chat(stack, timeout=90) as stranger:
        assert "待受理" not in say(stranger, f"{number} 5678")  # the phone digits open nothing any more
        for _ in range(5):
            reply = say(stranger, f"{number} {wrong}")
            assert "没有查到" in reply and "待受理" not in reply
        limited = say(stranger, f"{second_number} {second_code}")  # even the right code, once limited
        assert "次数太多" in limited and "待受理" not in limited

    with web_chat(stack, timeout=90) as other_phone:  # the worker on another phone, with the right code
        shown = say(other_phone, f"{second_number} {second_code}")
        assert second_number in shown and "待受理" in shown


def test_secrets_never_reach_the_logs(stack: Stack) -> None:
    with web_chat(stack, timeout=90) as client:
        assert say(client, "你好")  # the normal chat works, through the token
    for log in (stack.data_dir / "logs").glob("*.log"):
        text = log.read_text(errors="replace")
        assert stack.rasa_token not in text and stack.action_token not in text, log.name
