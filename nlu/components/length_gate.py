"""A gate after DIET: a bare answer (``inform``) is short, so a message far longer than any is not one.

``inform`` is a fact given as if answering the bot's question ("在东莞长安镇", "三个月", "老板叫王建国"). Its training
examples are all short (the longest about fifty characters), but DIET also reads a worker's whole story as ``inform``,
because such a story is full of the same facts: on our own NLU and retrieval sets (~2,300 messages written apart from
the training data) the kept model called 19 messages of more than 60 characters ``inform`` — 18 complaints and one
rights question — and not one of those sets' 105 bare answers is that long. Telling such a worker "not understood"
or treating the story as a stray answer is the failure issue 11 is about.

This component learns, for each gated intent, the length of its longest training example. A message more than
``factor`` times as long that DIET gave a gated intent gets the next intent of DIET's own ranking instead, with that
intent's confidence, so the FallbackClassifier after it still says "not understood" when DIET was unsure of the rest.
Inside a form nothing changes: the form reads every answer whatever its intent (actions/intake.py stops only for
cancel and request_human).
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
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

log = logging.getLogger(__name__)

LIMITS_FILE = "longest.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentLengthGate(GraphComponent, IntentClassifier):
    """Hands a message much longer than every training example of its (gated) intent to DIET's next intent."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intents": ["inform"], "factor": 1.5}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 longest: Optional[Dict[str, int]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self.longest = longest or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentLengthGate":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        gated = set(self.config["intents"])
        longest: Dict[str, int] = {}
        for example in training_data.intent_examples:
            intent, text = example.get(INTENT), example.get(TEXT) or ""
            if intent in gated:
                longest[intent] = max(longest.get(intent, 0), len(text.strip()))
        self.longest = longest
        with self._model_storage.write_to(self._resource) as directory:
            (directory / LIMITS_FILE).write_text(json.dumps(longest, ensure_ascii=False))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "IntentLengthGate":
        try:
            with model_storage.read_from(resource) as directory:
                longest = json.loads((directory / LIMITS_FILE).read_text())
        except (ValueError, FileNotFoundError):
            # untrained: changing no intent is the safe side
            log.warning("IntentLengthGate has no lengths; it changes no intent")
            longest = {}
        return cls(config, model_storage, resource, longest)

    def limit(self, intent: str) -> Optional[float]:
        """Above this many characters a message is not ``intent``; None: the intent is not gated."""
        longest = self.longest.get(intent)
        return None if longest is None else longest * float(self.config["factor"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text, intent = (message.get(TEXT) or "").strip(), message.get(INTENT) or {}
            limit = self.limit(intent.get(INTENT_NAME_KEY) or "")
            if limit is None or len(text) <= limit:
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent[INTENT_NAME_KEY]]
            if not ranking:
                continue
            message.set(INTENT, {INTENT_NAME_KEY: ranking[0][INTENT_NAME_KEY], "confidence": ranking[0]["confidence"]},
                        add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
