"""The gate that makes a message of unknown pieces "not understood" whatever DIET says (nlu/components/familiar.py).

The pieces themselves are checked in this process; the Rasa component runs in the Rasa environment (.venv-rasa) as
a subprocess, with Rasa's own FallbackClassifier after it, the way config.yml chains them."""

from __future__ import annotations

import json

from nlu.familiar_text import familiar_share, pieces, vocabulary
from tests.stack import run_in_rasa_env


def test_pieces_are_character_pairs_and_latin_words() -> None:
    assert pieces("阿巴阿巴阿巴") == {"阿巴", "巴阿"}
    assert pieces("欠薪 3万") == {"欠薪", "万"}  # a lone character is its own piece; digits are none
    assert pieces("My BOSS owes me") == {"my", "boss", "owes", "me"}
    assert pieces("13800001234 👍 ！") == set()


def test_share_of_known_pieces() -> None:
    known = vocabulary(["老板欠我工资", "my boss"])
    assert familiar_share("老板欠钱", known) == 2 / 3  # 老板 and 板欠 known; 欠钱 not
    assert familiar_share("qwxz zzkp", known) == 0
    assert familiar_share("13800001234", known) is None


SCRIPT = r"""
import json, sys, pathlib
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from nlu.components.familiar import UnfamiliarTextGate

storage = LocalModelStorage(pathlib.Path(sys.argv[1]))
resource = Resource("gate")
training = TrainingData([Message(data={"text": t, "intent": i}) for t, i in json.loads(sys.argv[2])])
UnfamiliarTextGate({}, storage, resource).train(training)
gate = UnfamiliarTextGate.load({}, storage, resource, None)  # as a served model does: from the stored vocabulary
fallback = FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.5})
out = {}
for text in json.loads(sys.argv[3]):
    # what a confident DIET might say about any of them
    message = Message(data={"text": text, "intent": {"name": "inform", "confidence": 0.99},
                            "intent_ranking": [{"name": "inform", "confidence": 0.99},
                                               {"name": "abuse", "confidence": 0.01}]})
    fallback.process(gate.process([message]))
    out[text] = message.get("intent")["name"]
print(json.dumps(out, ensure_ascii=False))
"""


def test_gate_turns_unknown_text_into_fallback_and_lets_the_rest_through(tmp_path) -> None:
    training = [("老板欠我三个月工资", "report_arrears"), ("在吗 你好", "greet"), ("my boss owes me money", "report_arrears")]
    texts = ["阿巴阿巴阿巴", "qwxz zzkp vbnm", "工地老板跑了", "是啊", "my boss ran", "13800001234"]
    intents = run_in_rasa_env(SCRIPT, str(tmp_path), json.dumps(training), json.dumps(texts))
    assert intents == {
        "阿巴阿巴阿巴": "nlu_fallback",
        "qwxz zzkp vbnm": "nlu_fallback",
        "工地老板跑了": "inform",  # 老板 is known: one familiar piece is enough
        "是啊": "inform",  # one piece: too short to judge
        "my boss ran": "inform",
        "13800001234": "inform",  # no pieces at all: a phone number is not nonsense
    }
