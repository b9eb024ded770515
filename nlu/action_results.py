"""Rasa checks every action server reply against a JSON schema: the same check, with the validator built once.

Rasa 3.6 (``RemoteAction._validate_action_result``) calls ``jsonschema.validate(result, schema)`` after every custom
action. ``jsonschema.validate`` first checks the *schema itself* against the JSON Schema meta-schema, and the events
schema is large: profiled under load (bench/load/cpu.py --profile --native), that meta-check was about 30 % of the
Rasa process's CPU per message, more than NLU and the policies together. The schema never changes while Rasa runs,
so it is checked once here and the reply is validated as before: the same validator class, the same ``best_match``
error, the same message added to it, and a reply Rasa refused before is refused now (tests/test_action_results.py).

Installed by the REST channel module (nlu/rest_channel.py), which every Rasa process of ours imports at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # what jsonschema.validate does on every call
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result, with the schema checked once per process."""
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action endpoint "
        f"is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Idempotent: replaces the method on Rasa's class (every remote action of this process)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


__all__ = ["install", "validate_action_result"]
