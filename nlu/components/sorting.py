"""The last step of NLU: the intent says what the dialogue does with the message.

Outside a form the dialogue does not act on DIET's intent alone. ``cases.opening`` sorts every typed message that
NLU called a rights question, a complaint, a calculation, a bare answer, "not understood", or something short (a
greeting, help, a hotline or legal-aid question, chatter): a whole complaint starts the complaint form, a rule
question asked in a complaint's words is answered, a calculation that names nothing to work out is answered
(nlu/data/rules/understanding.yml, claims.yml). Until this component, the intent Rasa recorded was DIET's, so the
recorded intent, the console's transcript and every intent score said one thing while the bot did another.

This component runs that same sorting on the intent the FallbackClassifier left, and names the result: a complaint
becomes ``report_arrears``, a rule question ``ask_policy``, a calculation ``calculate_wages``, a fact told alone
``inform`` (it is offered the complaint, nlu/data/rules/understanding.yml), another matter of life
``out_of_scope``; whatever the sorting leaves alone keeps its intent. A request for documents is only checked for
chatter ("帮我写首诗": something to write that is no paper and nothing of work becomes ``out_of_scope``); its rules do
not go through the sorting actions. The intent before sorting is kept in the parse data as ``sorted_from``
(``core.dialogue.SORTED_FROM``): the action server sorts again from it (actions/answer.py), so a calculation that is
answered still offers the calculator, and a first message takes the path it took before this component (the blind
set through the web chat: every measure of what the worker gets is unchanged, bench/nlu README round 8).

Inside a form the intents it gives change nothing: the form runs first (RulePolicy), and the forms stop only for
``cancel`` and ``request_human``, which this component never gives. One later turn can change: after an answer
that offered the complaint, a whole complaint typed next is ``report_arrears`` whatever DIET said, so it keeps the
facts the question stated, as a tapped 我要投诉 (or one DIET called a complaint) always did (action_restore_facts;
what is typed now wins).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from cases.opening import (CALCULATION, CALCULATION_INTENT, COMPLAINT, COMPLAINT_INTENT, FACT, INFORM_INTENT, OFF_TOPIC,
                           OUT_OF_SCOPE_INTENT, QUESTION, QUESTION_INTENT, UNSURE_INTENTS, asks_for_no_paper,
                           sort_message)
from core import dialogue

# The intents the dialogue sorts outside a form: the rules of nlu/data/rules/{understanding,cases,claims}.yml send
# each to action_answer_question or action_sort_message (tests/test_nlu_sorting.py checks the two lists agree).
SORTED_INTENTS = frozenset({
    QUESTION_INTENT, COMPLAINT_INTENT, CALCULATION_INTENT, *UNSURE_INTENTS,
    dialogue.GREET, dialogue.HELP, "ask_hotline", dialogue.ASK_LEGAL_AID, OUT_OF_SCOPE_INTENT,
})
KIND_INTENTS = {COMPLAINT: COMPLAINT_INTENT, QUESTION: QUESTION_INTENT, CALCULATION: CALCULATION_INTENT,
                FACT: INFORM_INTENT, OFF_TOPIC: OUT_OF_SCOPE_INTENT}
# Warms the parsers at load (cpca reads its tables on first use: ~1.5 s that the first worker would wait).
_WARM_UP = "老板欠我们8个人三万块工资"


def sorted_intent(text: str, intent: str) -> str:
    """The intent naming what the dialogue does with ``text``, which NLU called ``intent``."""
    if not text.strip() or dialogue.is_payload(text):
        return intent
    if intent == dialogue.REQUEST_DOCUMENTS:
        # only chatter is re-named ("帮我写首诗"): it gets the polite boundary; a paper asked for keeps its intent
        return OUT_OF_SCOPE_INTENT if asks_for_no_paper(text) else intent
    if intent not in SORTED_INTENTS:
        return intent
    return KIND_INTENTS.get(sort_message(text, intent).kind, intent)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OpeningSorter(GraphComponent, IntentClassifier):
    """Re-names the intent by ``cases.opening``'s sorting; keeps the one before as ``sorted_from``."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "OpeningSorter":
        return cls()

    def __init__(self) -> None:
        sorted_intent(_WARM_UP, QUESTION_INTENT)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text, intent = message.get(TEXT) or "", message.get(INTENT) or {}
            name = intent.get("name")
            if not name:
                continue
            new = sorted_intent(text, name)
            if new == name:
                continue
            # The sorting is a rule, not a guess: the new intent is certain, as an intent payload's is.
            message.set(dialogue.SORTED_FROM, intent, add_to_output=True)
            message.set(INTENT, {"name": new, "confidence": 1.0}, add_to_output=True)
            ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get("name") != new]
            message.set(INTENT_RANKING_KEY, [{"name": new, "confidence": 1.0}, *ranking], add_to_output=True)
        return messages
