"""Which card is a question about? A classifier learned from the cards' own example questions and voices.

Retrieval ranks cards by their single closest key, so two neighbouring cards (分包欠薪 and 违法分包, the overtime
limit and overtime pay) often end up within a hair of each other, and the fit check refuses for want of a
margin even when the first card is right. A softmax regression over the same e5 query vectors, trained on every key
of every card, learns where the boundary between neighbours lies from all of a card's keys at once, instead of
from the nearest one. When it picks the same card as retrieval, and is confident, the first hit is right far more
often than a thin margin suggests (bench/retrieval README, stop 38). The fit check reads it as one more way for a
first hit to stand apart (knowledge.fit); it never changes the ranking.

Trained at every index build on the cards only (an official passage has one key, nothing to learn from): their
keys, and their `more_voices`, which teach it without being retrieval keys (knowledge.cards). Stored with the
version, so a served version never changes; a version built before it has no classifier and is served as before.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FILE = "classifier.npz"
# Inverse regularisation strength of the softmax regression. C = 100 (weak regularisation) answered more questions
# right at probability >= 0.5 than C = 30, and fewer wrong than C = 1000 (bench/retrieval README, stop 38; tuning sets).
C = 100.0
MAX_ITER = 5000
# The solver stops when its steps are this small. At scikit-learn's default (1e-4) it stopped after 110 of the
# ~215 iterations it needs on the shipped cards, short of the one optimum, so the weights depended on rounding:
# the same vectors trained with OMP_NUM_THREADS=1 and =2 gave weights 0.65 apart (largest weight 12.7), and two
# bench runs of the same cards picked another first card for up to 4 of 160 questions. At 1e-6 they are 0.02
# apart; a build takes about 6 s longer (bench/retrieval README, stop 42).
TOL = 1e-6


class ClassifierError(Exception):
    """A stored classifier file is unreadable or does not fit the index it is stored with."""


@dataclass(frozen=True)
class CardClassifier:
    weights: np.ndarray  # classes × dimensions
    bias: np.ndarray  # classes
    entries: np.ndarray  # the index entry (a card) of each class

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Each card's probability (columns in the order of `entries`) for each normalised query vector (rows)."""
        logits = np.atleast_2d(np.asarray(vectors, dtype=np.float32)) @ self.weights.T + self.bias
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        return p / p.sum(axis=1, keepdims=True)

    def best(self, vector: np.ndarray) -> tuple[int, float]:
        """(entry index, probability) of the most probable card for one normalised query vector."""
        p = self.probabilities(np.asarray(vector).reshape(1, -1))[0]
        top = int(np.argmax(p))
        return int(self.entries[top]), float(p[top])

    def save(self, directory: Path) -> None:
        np.savez(Path(directory) / FILE, weights=self.weights, bias=self.bias, entries=self.entries)

    @classmethod
    def load(cls, directory: Path) -> CardClassifier | None:
        """The classifier stored in an index version, or None for a version built without one."""
        path = Path(directory) / FILE
        if not path.exists():
            return None
        try:
            with np.load(path) as data:
                weights, bias, entries = data["weights"], data["bias"], data["entries"]
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ClassifierError(f"{path} is not a card classifier ({exc}); rebuild the index") from exc
        if weights.ndim != 2 or len(weights) != len(bias) or len(bias) != len(entries):
            raise ClassifierError(f"{path}: weights, bias and entries disagree in size; rebuild the index")
        return cls(weights.astype(np.float32), bias.astype(np.float32), entries.astype(np.int64))


def train(vectors: np.ndarray, entries: np.ndarray) -> CardClassifier | None:
    """Fit on the query vectors of the cards' keys, labelled with their card's entry index. None with fewer than two
    cards: there is nothing to tell apart."""
    from sklearn.linear_model import LogisticRegression

    entries = np.asarray(entries, dtype=np.int64)
    classes = np.unique(entries)
    if len(classes) < 2:
        return None
    model = LogisticRegression(C=C, max_iter=MAX_ITER, tol=TOL).fit(np.asarray(vectors, dtype=np.float32), entries)
    weights, bias = model.coef_, model.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: p(second) = sigmoid(w·x + b)
        weights, bias = np.vstack([np.zeros_like(weights), weights]), np.concatenate([[0.0], bias])
    return CardClassifier(weights.astype(np.float32), bias.astype(np.float32), model.classes_.astype(np.int64))
