"""The gate that stops DIET from taking a worker's whole story for a bare answer (nlu/components/length_gate.py).

The Rasa component runs in the Rasa environment (.venv-rasa) as a subprocess, trained on a few examples, loaded back
from its storage as a served model is, with Rasa's own FallbackClassifier after it as config.yml chains them."""

from __future__ import annotations

import json
import subprocess

from tests.stack import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

SCRIPT = r"""
import json, sys, pathlib
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from nlu.components.length_gate import IntentLengthGate

storage = LocalModelStorage(pathlib.Path(sys.argv[1]))
resource = Resource("length_gate")
training = TrainingData([Message(data={"text": t, "intent": i}) for t, i in json.loads(sys.argv[2])])
IntentLengthGate({}, storage, resource).train(training)
gate = IntentLengthGate.load({}, storage, resource, None)  # as a served model does: from what training stored
fallback = FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.5})
out = {}
for text, ranking in json.loads(sys.argv[3]):
    message = Message(data={"text": text, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
    fallback.process(gate.process([message]))
    out[text] = message.get("intent")["name"]
print(json.dumps(out, ensure_ascii=False))
"""

STORY = "我们在郑州一个小区工地干木工 包工头姓孙 十二个人从去年九月干到今年一月 一共欠了二十多万 一直拖着"
STORY_ASKING = "老板欠我们十二个人二十多万 从去年九月拖到现在 人也找不到了 这种情况总包是不是要先把工资垫上"


def _gate(tmp_path, cases):
    # the longest bare answer trained is 12 characters: above 18 a message is not one
    training = [("在郑州金水区", "inform"), ("包工头叫孙满仓 电话在这", "inform"), ("三个月", "inform"),
                ("老板欠我三个月工资", "report_arrears")]
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", SCRIPT, str(tmp_path), json.dumps(training), json.dumps(cases, ensure_ascii=False)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_long_story_is_not_a_bare_answer(tmp_path) -> None:
    intents = _gate(tmp_path, [
        # DIET sure it is a bare answer, and a fair second guess: the second guess is taken
        [STORY, [["inform", 0.9], ["report_arrears", 0.8], ["greet", 0.01]]],
        # ... an unsure second guess: "not understood", and the dialogue sorts the story by its facts
        [STORY_ASKING, [["inform", 0.9], ["ask_policy", 0.06], ["report_arrears", 0.04]]],
        # short enough to be an answer: left alone
        ["在郑州金水区 包工头姓孙", [["inform", 0.9], ["report_arrears", 0.1]]],
        # only `inform` is gated: a long complaint stays a complaint
        [STORY + "求你们帮帮", [["report_arrears", 0.9], ["inform", 0.1]]],
    ])
    assert intents == {
        STORY: "report_arrears",
        STORY_ASKING: "nlu_fallback",
        "在郑州金水区 包工头姓孙": "inform",
        STORY + "求你们帮帮": "report_arrears",
    }
