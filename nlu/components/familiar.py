"""A gate before the FallbackClassifier: a message made only of pieces no training example has is not understood.

DIET's confidence on a string it has no features for depends on the training run: in stop 23 a model trained on a
little more data took "阿巴阿巴阿巴" for `inform` (0.99) and "qwxz zzkp vbnm" for `abuse`, so a worker typing
nonsense was warned for abuse instead of being handed to a person after two tries. This component learns which
pieces (nlu/familiar_text.py) occur in the training examples. When none of a message's pieces do, and it has at
least ``min_pieces`` of them (a two-character reply such as 是啊 is one piece and too short to judge), it sets every
intent confidence to 0, so the FallbackClassifier after it answers `nlu_fallback` whatever DIET thought.

Measured with the model trained from this data: of the ~1,960 messages of our own NLU and retrieval sets (written apart
from the training data) it fires on 9 — 5 poems or adverts (out_of_scope, for which "not understood" does as well)
and 4 others (唔该晒, 我下线了, "Chongqing, Yubei district", 屌你老母 冇撚用). On the frozen blind set it fires on 4 of
815 (2 goodbye, 2 thanks; counted, not read).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.familiar_text import pieces, vocabulary

log = logging.getLogger(__name__)

VOCABULARY_FILE = "pieces.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnfamiliarTextGate(GraphComponent, IntentClassifier):
    """Zeroes the intent confidences of a message none of whose pieces occur in the training examples."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_pieces": 2}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 known: Optional[set[str]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self.known = known

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnfamiliarTextGate":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.known = vocabulary(e.get(TEXT) for e in training_data.intent_examples if e.get(TEXT))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self.known), ensure_ascii=False))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "UnfamiliarTextGate":
        try:
            with model_storage.read_from(resource) as directory:
                known = set(json.loads((directory / VOCABULARY_FILE).read_text()))
        except (ValueError, FileNotFoundError):
            # an untrained gate must not turn every message into a fallback: it lets everything through
            log.warning("UnfamiliarTextGate has no vocabulary; it lets every message through")
            known = None
        return cls(config, model_storage, resource, known)

    def unfamiliar(self, text: str) -> bool:
        if self.known is None:
            return False
        mine = pieces(text)
        return len(mine) >= int(self.config["min_pieces"]) and mine.isdisjoint(self.known)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text, intent = message.get(TEXT), message.get(INTENT)
            if not text or not intent or not self.unfamiliar(text):
                continue
            message.set(INTENT, {**intent, "confidence": 0.0}, add_to_output=True)
            ranking = [{**entry, "confidence": 0.0} for entry in message.get(INTENT_RANKING_KEY) or []]
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
