"""The e5 NLU components (nlu/components/e5.py) in the Rasa environment (.venv-rasa: this process never imports
rasa, so the check runs there as a subprocess): an English or dialect complaint gets features close to the Chinese
one, and the intent blender mixes the e5 classifier into DIET's ranking."""

from __future__ import annotations

import json

from tests.stack import run_in_rasa_env

SCRIPT = r"""
import json, sys
import numpy as np
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from nlu.components.e5 import E5Featurizer, E5IntentBlender

featurizer = E5Featurizer({**E5Featurizer.get_default_config(), "alias": "e5"}, "e5")
texts = json.loads(sys.argv[1])
messages = [Message(data={"text": t}) for t in texts]
featurizer.process(messages)
vectors = [m.get_dense_features("text", ["e5"])[1].features.reshape(-1) for m in messages]
similarity = [[float(a @ b) for b in vectors] for a in vectors]

examples = [Message(data={"text": t, "intent": i}) for t, i in json.loads(sys.argv[2])]
featurizer.process_training_data(TrainingData(examples))
storage = LocalModelStorage(__import__("pathlib").Path(sys.argv[3]))
blender = E5IntentBlender({"featurizer": "e5", "weight": 0.9}, storage, Resource("blender"))
blender.train(TrainingData(examples))
probe = Message(data={"text": "工资被拖了好几个月 一直不给", "intent_ranking": [{"name": "greet", "confidence": 0.6},
                                                            {"name": "report_arrears", "confidence": 0.4}]})
featurizer.process([probe])
blender.process([probe])
print(json.dumps({"similarity": similarity, "intent": probe.get("intent"), "ranking": probe.get("intent_ranking")}))
"""


def test_e5_features_and_blender(tmp_path):
    texts = ["老板欠了我三个月工资不给", "my boss has not paid my wages for three months", "明天天气怎么样"]
    training = [
        ("包工头欠我们工资跑了", "report_arrears"), ("老板拖欠工资三个月", "report_arrears"),
        ("工钱一直不发", "report_arrears"), ("你好", "greet"), ("早上好", "greet"), ("哈喽 在吗", "greet"),
    ]
    out = run_in_rasa_env(SCRIPT, json.dumps(texts), json.dumps(training), str(tmp_path))
    similarity = out["similarity"]
    assert abs(similarity[0][0] - 1.0) < 1e-3  # unit length, like the model's own normalisation
    assert similarity[0][1] > similarity[0][2] + 0.03  # English complaint nearer the Chinese one than small talk (e5 cosines cluster high)
    # DIET alone said greet (0.6); the e5 classifier (weighted 0.9 here) knows an unpaid-wages message it never saw
    assert out["intent"]["name"] == "report_arrears", out["ranking"]
    assert abs(sum(r["confidence"] for r in out["ranking"]) - 1.0) < 1e-3
