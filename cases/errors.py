"""Named errors of the cases package; each message says what went wrong and what to do."""

from __future__ import annotations


class CasesError(Exception):
    """Base class of every error raised by the cases package."""


class NumberNotUnderstood(CasesError, ValueError):
    def __init__(self, text: str):
        super().__init__(f"no number understood in {text!r}; write it like 七万三, 8万多 or 12000")
        self.text = text


class InvalidPhone(CasesError, ValueError):
    def __init__(self, text: str):
        super().__init__(
            "not a mainland mobile (11 digits starting with 1) or landline (area code + number) phone number"
        )
        self.text = text


class CaseNotFound(CasesError, LookupError):
    def __init__(self, case_number: str):
        super().__init__(f"no case {case_number!r} (or the 查询码 does not match)")
        self.case_number = case_number


class LookupLimited(CasesError):
    """Too many failed status lookups from this chat, or for this case, in the window: try again later."""

    def __init__(self, scope: str, window_minutes: int):
        super().__init__(f"too many failed status lookups for this {scope}; try again in {window_minutes} minutes")
        self.scope = scope
        self.window_minutes = window_minutes


class InvalidTransition(CasesError, ValueError):
    def __init__(self, current: str, requested: str, allowed: list[str]):
        super().__init__(
            f"a case in status {current} cannot move to {requested}; allowed next: {', '.join(allowed) or 'none'}"
        )
        self.current = current
        self.requested = requested
        self.allowed = allowed


class MissingReason(CasesError, ValueError):
    def __init__(self, status: str):
        super().__init__(f"status {status} needs a reason in the note")
        self.status = status


class IncompleteComplaint(CasesError, ValueError):
    def __init__(self, missing: list[str]):
        super().__init__(f"cannot open a case, missing fields: {', '.join(missing)}")
        self.missing = missing


class InvalidRating(CasesError, ValueError):
    def __init__(self, rating: object):
        super().__init__(f"rating must be an integer from 1 to 5, got {rating!r}")
        self.rating = rating


class RatingNotAllowed(CasesError, ValueError):
    def __init__(self, case_number: str, status: str):
        super().__init__(f"case {case_number} is {status}; it can be rated only once it is 已办结")
        self.case_number = case_number
        self.status = status


class MissingDepartment(CasesError, ValueError):
    def __init__(self) -> None:
        super().__init__("a transfer (转办) needs the department the case is handed to")


class InvalidAssignee(CasesError, ValueError):
    def __init__(self, assignee: object):
        super().__init__(f"assignee must be a staff user name of 1–64 characters, got {assignee!r}")
        self.assignee = assignee


class RecoveredAmountNotAllowed(CasesError, ValueError):
    def __init__(self, status: str, amount: object):
        super().__init__(
            f"an amount recovered ({amount!r}) is entered when a case moves to 已办结 "
            f"and must be a whole number of yuan ≥ 0; not with {status}"
        )
        self.status = status
        self.amount = amount
