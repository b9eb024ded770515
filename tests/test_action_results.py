"""Rasa still refuses a malformed action server reply after nlu/action_results.py builds its schema validator once.

Runs in the Rasa environment (.venv-rasa) as a subprocess, after importing the REST channel module the way Rasa does
(nlu/credentials.yml): a well-formed reply passes, and each malformed one is refused with the same error Rasa's own
method gives, message included.
"""

from __future__ import annotations

import json

import pytest

from tests.stack import RASA_PYTHON, run_in_rasa_env

SCRIPT = r"""
import json, sys
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

original = RemoteAction._validate_action_result
import nlu.rest_channel  # noqa: F401  (installs the validator as Rasa loads the channel)
assert RemoteAction._validate_action_result is not original, "the REST channel module did not install it"

action = RemoteAction("action_answer_question", None)
out = []
for reply in json.loads(sys.argv[1]):
    verdicts = []
    for method in (original, RemoteAction._validate_action_result):
        try:
            verdicts.append(["ok", method(action, reply)])
        except ValidationError as error:
            verdicts.append(["refused", error.message])
    out.append(verdicts)
print(json.dumps(out, ensure_ascii=False))
"""

REPLIES = [
    # what actions/ send: replies with a custom payload, slots, a form's active loop
    {"events": [{"event": "slot", "name": "employer", "value": "华建劳务"}, {"event": "active_loop",
                                                                        "name": "complaint_form"}],
     "responses": [{"text": "请问工地在哪个城市？", "buttons": [], "custom": {"handoff": False}}]},
    {"events": [], "responses": []},
    {},
    # malformed: what a broken action server could send
    {"events": "slot employer=华建", "responses": []},
    {"events": [{"event": "slot"}], "responses": []},
    {"events": [{"event": "no_such_event", "name": "x"}], "responses": []},
    {"events": [], "responses": ["请问工地在哪个城市？"]},
]


def test_replies_are_judged_exactly_as_rasa_judged_them() -> None:
    if not RASA_PYTHON.exists():
        pytest.skip(".venv-rasa is not built (make setup)")
    verdicts = run_in_rasa_env(SCRIPT, json.dumps(REPLIES, ensure_ascii=False))
    for reply, (rasa, ours) in zip(REPLIES, verdicts):
        assert ours == rasa, reply
    assert [rasa[0] for rasa, _ in verdicts] == ["ok"] * 3 + ["refused"] * 4
    assert all("Failed to validate Action server response" in ours[1] for _, ours in verdicts[3:])
