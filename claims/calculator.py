"""Owed-wage calculator: how much a worker can claim, step by step, each step with its legal basis.

Pure functions over frozen dataclasses. Money is `Decimal`, rounded half-up to the fen (0.01 yuan) at every
step that is shown, and later steps use the rounded figure, so a worker can redo each line by hand.

    >>> from claims.calculator import Wage, UnpaidWages, calculate
    >>> calculate(UnpaidWages(wage=Wage.daily("300"), worked="20")).total
    Decimal('6000.00')

The result is an estimate, not legal advice: `claims.explain.format_estimate` says so in every reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import Any, Iterable, Union

from claims import legal_basis as law
from claims.legal_basis import LegalBasis
from core import wording

Number = Union[Decimal, int, str]

CENT = Decimal("0.01")
# 月计薪天数 = (365 - 104 rest days) / 12; public holidays are paid, so they are not removed.
PAID_DAYS_PER_MONTH = Decimal("21.75")
HOURS_PER_DAY = Decimal("8")
MAX_DAYS_PER_MONTH = 31
WEEKDAY_OVERTIME_RATE = Decimal("1.5")
REST_DAY_OVERTIME_RATE = Decimal("2")
PUBLIC_HOLIDAY_OVERTIME_RATE = Decimal("3")
# 劳动合同法 第八十二条 / 实施条例 第七条: double wages from the day after the first month until the day before the
# first anniversary, so at most eleven months.
DOUBLE_WAGE_MAX_MONTHS = Decimal("11")
# 劳动合同法 第四十七条 第二款: wages above three times the local average are capped, and so are the years.
AVERAGE_WAGE_CAP_MULTIPLE = Decimal("3")
CAPPED_MAX_YEARS = Decimal("12")
# Below this monthly wage the three-times-average cap cannot apply anywhere in China (no prefecture-level city
# publishes an average monthly wage under 5,000 yuan), so the conversation need not ask for the local average.
CAP_QUESTION_THRESHOLD = Decimal("15000")
# Said with every result that contains 二倍工资. 调解仲裁法 第二十七条 第四款 frees 劳动报酬 owed during employment
# from the one-year limit, but many arbitrators do not count the second wage as 劳动报酬, so a worker still on the
# job who waits can lose the oldest months.
# (claims/wording.yml notes.double_wage_time_limit; the name stays for the tests that look for it in a reply)
__getattr__ = wording.module_texts(__name__, {"DOUBLE_WAGE_TIME_LIMIT_NOTE": "claims.notes.double_wage_time_limit"})


class InvalidClaimInput(ValueError):
    """An input the calculator cannot use (negative, missing, or not a number); the message says which and why."""


class ClaimKind(str, Enum):
    """What is being claimed; the label is what 请求事项 and replies call it."""

    UNPAID_WAGES = "unpaid_wages"
    MINIMUM_WAGE_SHORTFALL = "minimum_wage_shortfall"
    NO_CONTRACT_DOUBLE_WAGE = "no_contract"
    OVERTIME = "overtime"
    ECONOMIC_COMPENSATION = "severance"

    @property
    def label(self) -> str:
        return wording.say(f"claims.kinds.{self.value}")


class WageBasis(str, Enum):
    DAILY = "daily"
    MONTHLY = "monthly"


def _refusal(reason: str, **variables: Any) -> InvalidClaimInput:
    """The error for an input the calculator cannot use; the worker reads its message (claims.cannot_calculate)."""
    return InvalidClaimInput(wording.say(f"claims.cannot_calculate.{reason}", **variables))


def to_decimal(value: Number | float | None, input_name: str, *, allow_zero: bool = True) -> Decimal:
    """A non-negative Decimal from an int, str or Decimal; `input_name` is the input's name in claims/wording.yml
    (``inputs.<name>``), which names it in the error message."""
    what = wording.say(f"claims.inputs.{input_name}")
    if value is None:
        raise _refusal("missing", what=what)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _refusal("not_a_number", what=what, value=repr(value)) from None
    if not number.is_finite():
        raise _refusal("not_finite", what=what, value=repr(value))
    if number < 0:
        raise _refusal("negative", what=what, value=value)
    if number == 0 and not allow_zero:
        raise _refusal("not_positive", what=what)
    return number


def money(value: Decimal) -> Decimal:
    """Rounded half-up to the fen."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A quantity without trailing zeros: 1.50 -> '1.5', 12.0 -> '12'."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Wage:
    """A rate of pay: so much per day or per month."""

    amount: Decimal
    basis: WageBasis

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount, "wage", allow_zero=False))
        object.__setattr__(self, "basis", WageBasis(self.basis))

    @classmethod
    def daily(cls, amount: Number) -> "Wage":
        return cls(amount, WageBasis.DAILY)  # type: ignore[arg-type]  # checked in __post_init__

    @classmethod
    def monthly(cls, amount: Number) -> "Wage":
        return cls(amount, WageBasis.MONTHLY)  # type: ignore[arg-type]  # checked in __post_init__

    def __str__(self) -> str:
        return wording.say(f"claims.wage.{self.basis.value}", amount=money(self.amount))


@dataclass(frozen=True)
class Step:
    """One line of the working: what was done, the figure, and the provision it rests on.

    Steps that only convert a rate (e.g. a daily wage) have `counts=False` and are not added to the total.
    """

    title: str
    detail: str
    amount: Decimal
    basis: tuple[LegalBasis, ...] = ()
    counts: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "detail": self.detail,
            "amount": str(self.amount),
            "basis": [
                {"document": b.document, "article": b.article, "in_corpus": b.in_corpus,
                 **({"title": b.title} if b.title else {})}
                for b in self.basis
            ],
            "counts": self.counts,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Step":
        return cls(
            title=data["title"],
            detail=data["detail"],
            amount=Decimal(data["amount"]),
            basis=tuple(LegalBasis(**b) for b in data.get("basis", ())),
            counts=bool(data.get("counts", True)),
        )


@dataclass(frozen=True)
class ClaimItem:
    """One thing the worker can ask for (one line of 请求事项), with its working."""

    kind: ClaimKind
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        return money(sum((s.amount for s in self.steps if s.counts), Decimal("0")))

    @property
    def label(self) -> str:
        return self.kind.label

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "amount": str(self.amount),
            "steps": [s.to_dict() for s in self.steps],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ClaimItem":
        return cls(
            kind=ClaimKind(data["kind"]),
            steps=tuple(Step.from_dict(s) for s in data["steps"]),
            notes=tuple(data.get("notes", ())),
        )


@dataclass(frozen=True)
class Estimate:
    """The calculator's result: the claim items and their total."""

    items: tuple[ClaimItem, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return money(sum((i.amount for i in self.items), Decimal("0")))

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for item in self.items for step in item.steps)

    def merged(self, newer: "Estimate") -> "Estimate":
        """This estimate updated with a newer one: a kind calculated again replaces the old item."""
        kinds = {item.kind for item in newer.items}
        if ClaimKind.UNPAID_WAGES in kinds:  # the shortfall belongs to the wages it was computed from
            kinds.add(ClaimKind.MINIMUM_WAGE_SHORTFALL)
        kept = tuple(item for item in self.items if item.kind not in kinds)
        return Estimate(items=kept + newer.items, notes=tuple(dict.fromkeys(self.notes + newer.notes)))

    def item(self, kind: ClaimKind) -> ClaimItem | None:
        return next((i for i in self.items if i.kind is kind), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (money as strings), e.g. to keep in a Rasa slot or a case field."""
        return {"items": [i.to_dict() for i in self.items], "notes": list(self.notes), "total": str(self.total)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Estimate":
        return cls(
            items=tuple(ClaimItem.from_dict(i) for i in data.get("items", ())),
            notes=tuple(data.get("notes", ())),
        )


# ---------------------------------------------------------------------------------------------------------------
# Inputs. Each is a frozen dataclass validated on construction; `calculate` turns them into claim items.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnpaidWages:
    """Wages not paid: a daily or monthly rate times the days or months worked, less what was already paid.

    `worked` is in days for a daily wage and in months for a monthly wage. With `minimum_monthly_wage` (the local
    monthly minimum), a monthly wage below it adds the shortfall as a separate claim item.
    """

    wage: Wage
    worked: Decimal
    already_paid: Decimal = Decimal("0")
    minimum_monthly_wage: Decimal | None = None
    place: str | None = None

    def __post_init__(self) -> None:
        worked = "worked_days" if self.wage.basis is WageBasis.DAILY else "worked_months"
        object.__setattr__(self, "worked", to_decimal(self.worked, worked, allow_zero=False))
        object.__setattr__(self, "already_paid", to_decimal(self.already_paid, "already_paid"))
        if self.minimum_monthly_wage is not None:
            object.__setattr__(
                self, "minimum_monthly_wage", to_decimal(self.minimum_monthly_wage, "minimum_wage", allow_zero=False)
            )


@dataclass(frozen=True)
class NoWrittenContract:
    """Double wages for working without a written contract (劳动合同法 第八十二条).

    `months_without_contract`: months from the first day of work until a contract was signed, the job ended, or
    today, whichever came first.
    """

    wage: Wage
    months_without_contract: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "months_without_contract",
            to_decimal(self.months_without_contract, "months_without_contract", allow_zero=False),
        )


@dataclass(frozen=True)
class Overtime:
    """Overtime pay (劳动法 第四十四条): hours beyond the normal day, on rest days, and on public holidays.

    `days_paid_at_day_rate`: whether the rest days and holidays are already paid (or claimed as 欠薪) at the
    plain day rate, i.e. counted in 干活天数. A day-rate worker is paid per day worked, so for a daily wage the
    default is yes and only the extra part is added here (休息日 +100 %, 节假日 +200 %); adding the full 200 % /
    300 % on top of a day already counted would pay it at 300 % / 400 %. A monthly wage does not cover rest-day or
    holiday work, so the full rate applies. Pass False for a daily wage when those days were neither paid nor
    counted in 干活天数.
    """

    wage: Wage
    weekday_hours: Decimal = Decimal("0")
    rest_day_hours: Decimal = Decimal("0")
    holiday_hours: Decimal = Decimal("0")
    already_paid: Decimal = Decimal("0")
    days_paid_at_day_rate: bool | None = None

    def __post_init__(self) -> None:
        for name, input_name in (
            ("weekday_hours", "weekday_hours"),
            ("rest_day_hours", "rest_day_hours"),
            ("holiday_hours", "holiday_hours"),
            ("already_paid", "overtime_paid"),
        ):
            object.__setattr__(self, name, to_decimal(getattr(self, name), input_name))
        if self.weekday_hours + self.rest_day_hours + self.holiday_hours == 0:
            raise _refusal("no_overtime_hours")
        if self.days_paid_at_day_rate and self.wage.basis is WageBasis.MONTHLY:
            raise _refusal("monthly_wage_day_rate")

    @property
    def premium_only(self) -> bool:
        """Rest days and holidays already carry the plain day rate elsewhere: add only the extra part."""
        if self.days_paid_at_day_rate is None:
            return self.wage.basis is WageBasis.DAILY
        return self.days_paid_at_day_rate


@dataclass(frozen=True)
class EconomicCompensation:
    """经济补偿 when the contract ends in a case listed in 劳动合同法 第四十六条.

    The base is the worker's actual average monthly pay over the last twelve months (or the months worked, if
    fewer; 实施条例 第二十七条), in this order of preference:
    `average_monthly_pay`: that average, when the worker knows it (total pay of those months ÷ months);
    `days_per_month`: for a daily wage, the days actually worked in an average month (day rate × days);
    otherwise `wage` itself: a monthly wage, or a daily wage × 21.75 as a last resort, flagged in a note because a
    worker doing 26–30 days a month is then under-claimed.
    `local_average_monthly_wage`: last year's average monthly wage of the city, for the cap; unknown -> no cap check.
    `minimum_monthly_wage`: local minimum; a lower average wage is raised to it (实施条例 第二十七条).
    """

    wage: Wage
    service_months: Decimal
    local_average_monthly_wage: Decimal | None = None
    minimum_monthly_wage: Decimal | None = None
    average_monthly_pay: Decimal | None = None
    days_per_month: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "service_months", to_decimal(self.service_months, "service_months", allow_zero=False))
        if self.days_per_month is not None:
            days = to_decimal(self.days_per_month, "days_per_month", allow_zero=False)
            if days > MAX_DAYS_PER_MONTH:
                raise _refusal("too_many", what=wording.say("claims.inputs.days_per_month"), max=MAX_DAYS_PER_MONTH,
                               value=self.days_per_month)
            object.__setattr__(self, "days_per_month", days)
        for name, input_name in (
            ("local_average_monthly_wage", "local_average_monthly_wage"),
            ("minimum_monthly_wage", "minimum_wage"),
            ("average_monthly_pay", "average_monthly_pay"),
        ):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, to_decimal(getattr(self, name), input_name, allow_zero=False))


ClaimInput = Union[UnpaidWages, NoWrittenContract, Overtime, EconomicCompensation]


# ---------------------------------------------------------------------------------------------------------------
# Calculation
# ---------------------------------------------------------------------------------------------------------------


def calculate(*inputs: ClaimInput, notes: Iterable[str] = ()) -> Estimate:
    """All claim items for the given inputs, in the order given."""
    if not inputs:
        raise _refusal("nothing_to_calculate")
    items: list[ClaimItem] = []
    for claim in inputs:
        if isinstance(claim, UnpaidWages):
            items.extend(unpaid_wage_items(claim))
        elif isinstance(claim, NoWrittenContract):
            items.append(no_contract_double_wage_item(claim))
        elif isinstance(claim, Overtime):
            items.append(overtime_item(claim))
        elif isinstance(claim, EconomicCompensation):
            items.append(economic_compensation_item(claim))
        else:
            raise _refusal("unknown_input", name=type(claim).__name__)
    return Estimate(items=tuple(items), notes=tuple(notes))


def monthly_from_daily(daily: Decimal) -> Decimal:
    return money(daily * PAID_DAYS_PER_MONTH)


def monthly_wage_step(wage: Wage) -> tuple[Decimal, list[Step]]:
    """The monthly wage, with a conversion step when the worker gave a daily wage."""
    if wage.basis is WageBasis.MONTHLY:
        return money(wage.amount), []
    monthly = monthly_from_daily(wage.amount)
    return monthly, [
        Step(
            title=wording.say("claims.steps.monthly_from_daily.title"),
            detail=wording.say("claims.steps.monthly_from_daily.detail", daily=money(wage.amount),
                               days=plain(PAID_DAYS_PER_MONTH), monthly=monthly),
            amount=monthly,
            basis=(law.WAGE_CONVERSION_NOTICE,),
            counts=False,
        )
    ]


def hourly_wage_step(wage: Wage) -> tuple[Decimal, Step]:
    """The hourly wage that overtime is paid on."""
    if wage.basis is WageBasis.MONTHLY:
        hourly = money(wage.amount / (PAID_DAYS_PER_MONTH * HOURS_PER_DAY))
        detail = wording.say("claims.steps.hourly.from_monthly", monthly=money(wage.amount),
                             days=plain(PAID_DAYS_PER_MONTH), hours=plain(HOURS_PER_DAY), hourly=hourly)
        basis: tuple[LegalBasis, ...] = (law.WAGE_CONVERSION_NOTICE,)
    else:
        hourly = money(wage.amount / HOURS_PER_DAY)
        detail = wording.say("claims.steps.hourly.from_daily", daily=money(wage.amount), hours=plain(HOURS_PER_DAY),
                             hourly=hourly)
        basis = (law.LABOUR_LAW_36,)
    title = wording.say("claims.steps.hourly.title")
    return hourly, Step(title=title, detail=detail, amount=hourly, basis=basis, counts=False)


def unpaid_wage_items(claim: UnpaidWages) -> list[ClaimItem]:
    wage = claim.wage
    earned = money(wage.amount * claim.worked)
    unit = "days" if wage.basis is WageBasis.DAILY else "months"
    steps = [
        Step(
            title=wording.say("claims.steps.earned.title"),
            detail=wording.say(f"claims.steps.earned.{unit}", wage=wage, worked=plain(claim.worked), earned=earned),
            amount=earned,
            basis=(law.LABOUR_LAW_50, law.CONTRACT_LAW_30),
        )
    ]
    if claim.already_paid > earned:
        raise _refusal("paid_more_than_earned", paid=money(claim.already_paid), earned=earned)
    if claim.already_paid:
        paid = money(claim.already_paid)
        steps.append(
            Step(title=wording.say("claims.steps.already_paid.title"),
                 detail=wording.say("claims.steps.already_paid.detail", paid=paid), amount=-paid, basis=())
        )
    items = [ClaimItem(kind=ClaimKind.UNPAID_WAGES, steps=tuple(steps))]

    shortfall = minimum_wage_shortfall_item(claim)
    if shortfall is not None:
        items.append(shortfall)
    return items


def minimum_wage_shortfall_item(claim: UnpaidWages) -> ClaimItem | None:
    """The shortfall when an agreed monthly wage is below the local minimum (劳动合同法 第八十五条)."""
    minimum = claim.minimum_monthly_wage
    if minimum is None or claim.wage.basis is not WageBasis.MONTHLY or claim.wage.amount >= minimum:
        return None
    where = claim.place or wording.say("claims.steps.minimum_wage.no_place")
    per_month = money(minimum - claim.wage.amount)
    total = money(per_month * claim.worked)
    return ClaimItem(
        kind=ClaimKind.MINIMUM_WAGE_SHORTFALL,
        steps=(
            Step(
                title=wording.say("claims.steps.minimum_wage.title"),
                detail=wording.say("claims.steps.minimum_wage.detail", wage=money(claim.wage.amount), place=where,
                                   minimum=money(minimum), per_month=per_month, months=plain(claim.worked),
                                   total=total),
                amount=total,
                basis=(law.LABOUR_LAW_48, law.MINIMUM_WAGE_RULES_12, law.CONTRACT_LAW_85),
            ),
        ),
        notes=(wording.say("claims.notes.minimum_wage_normal_hours"),),
    )


def double_wage_months(months_without_contract: Decimal) -> Decimal:
    """Months of double wages: from the second month on, at most eleven."""
    return min(max(months_without_contract - 1, Decimal("0")), DOUBLE_WAGE_MAX_MONTHS)


def no_contract_double_wage_item(claim: NoWrittenContract) -> ClaimItem:
    monthly, steps = monthly_wage_step(claim.wage)
    months = double_wage_months(claim.months_without_contract)
    notes: list[str] = []
    if months == 0:
        amount = Decimal("0.00")
        detail = wording.say("claims.steps.double_wage.first_month", months=plain(claim.months_without_contract))
    else:
        amount = money(monthly * months)
        uncapped = claim.months_without_contract - 1
        counted = (
            wording.say("claims.steps.double_wage.counted_capped", months=plain(uncapped),
                        max=plain(DOUBLE_WAGE_MAX_MONTHS))
            if uncapped > DOUBLE_WAGE_MAX_MONTHS
            else wording.say("claims.steps.double_wage.counted", months=plain(uncapped))
        )
        detail = wording.say("claims.steps.double_wage.detail", months=plain(claim.months_without_contract),
                             counted=counted, monthly=monthly, double=plain(months), amount=amount)
    if claim.months_without_contract >= 12:
        notes.append(wording.say("claims.notes.open_ended_after_a_year"))
    notes.append(wording.say("claims.notes.double_wage_extra_only"))
    notes.append(wording.say("claims.notes.double_wage_time_limit"))
    steps.append(
        Step(
            title=wording.say("claims.steps.double_wage.title"),
            detail=detail,
            amount=amount,
            basis=(law.CONTRACT_LAW_82, law.CONTRACT_REGULATION_7),
        )
    )
    return ClaimItem(kind=ClaimKind.NO_CONTRACT_DOUBLE_WAGE, steps=tuple(steps), notes=tuple(notes))


def overtime_item(claim: Overtime) -> ClaimItem:
    hourly, conversion = hourly_wage_step(claim.wage)
    steps = [conversion]
    basis = (law.LABOUR_LAW_44, law.WAGE_PAYMENT_RULES_13)
    notes = [wording.say("claims.notes.overtime_minimum")]
    premium_only = claim.premium_only
    for hours, rate, when, whole_day in (
        (claim.weekday_hours, WEEKDAY_OVERTIME_RATE, "weekday", False),
        (claim.rest_day_hours, REST_DAY_OVERTIME_RATE, "rest_day", True),
        (claim.holiday_hours, PUBLIC_HOLIDAY_OVERTIME_RATE, "holiday", True),
    ):
        if not hours:
            continue
        what = wording.say(f"claims.steps.overtime.{when}")
        if whole_day and premium_only:
            # The plain 100 % of these days is already in the day wage (paid or claimed as 欠薪): add the rest.
            extra = rate - 1
            amount = money(hourly * extra * hours)
            title = wording.say("claims.steps.overtime.title_premium_only", what=what, rate=plain(rate * 100),
                                extra=plain(extra * 100))
            detail = wording.say("claims.steps.overtime.detail", hourly=hourly, rate=plain(extra * 100),
                                 hours=plain(hours), amount=amount)
        else:
            amount = money(hourly * rate * hours)
            title = wording.say("claims.steps.overtime.title", what=what, rate=plain(rate * 100))
            detail = wording.say("claims.steps.overtime.detail", hourly=hourly, rate=plain(rate * 100),
                                 hours=plain(hours), amount=amount)
        steps.append(Step(title=title, detail=detail, amount=amount, basis=basis))
    if premium_only and (claim.rest_day_hours or claim.holiday_hours):
        notes.append(wording.say("claims.notes.overtime_day_rate_premium"))
    earned = money(sum((s.amount for s in steps if s.counts), Decimal("0")))
    if claim.already_paid > earned:
        raise _refusal("overtime_paid_more_than_earned", paid=money(claim.already_paid), earned=earned)
    if claim.already_paid:
        paid = money(claim.already_paid)
        steps.append(Step(title=wording.say("claims.steps.overtime_paid.title"),
                          detail=wording.say("claims.steps.overtime_paid.detail", paid=paid), amount=-paid))
    return ClaimItem(kind=ClaimKind.OVERTIME, steps=tuple(steps), notes=tuple(notes))


def compensation_months(service_months: Decimal) -> Decimal:
    """Months of wages owed as 经济补偿 (劳动合同法 第四十七条 第一款).

    One month's wage per full year; a remainder of six months or more counts as a full year ("以上" includes six),
    a remainder under six months as half a month.
    """
    full_years, remainder = divmod(service_months, Decimal("12"))
    if remainder >= 6:
        return full_years + 1
    if remainder > 0:
        return full_years + Decimal("0.5")
    return full_years


def compensation_base_step(claim: EconomicCompensation) -> tuple[Decimal, list[Step], list[str]]:
    """The monthly wage 经济补偿 is based on: the actual average of the last twelve months (实施条例 第二十七条)."""
    if claim.average_monthly_pay is not None:
        base = money(claim.average_monthly_pay)
        return base, [
            Step(
                title=wording.say("claims.steps.compensation_base_average.title"),
                detail=wording.say("claims.steps.compensation_base_average.detail", base=base),
                amount=base,
                basis=(law.CONTRACT_REGULATION_27,),
                counts=False,
            )
        ], []
    if claim.wage.basis is WageBasis.DAILY and claim.days_per_month is not None:
        base = money(claim.wage.amount * claim.days_per_month)
        return base, [
            Step(
                title=wording.say("claims.steps.compensation_base_days.title"),
                detail=wording.say("claims.steps.compensation_base_days.detail", daily=money(claim.wage.amount),
                                   days=plain(claim.days_per_month), base=base),
                amount=base,
                basis=(law.CONTRACT_REGULATION_27,),
                counts=False,
            )
        ], []
    monthly, steps = monthly_wage_step(claim.wage)
    notes = []
    if claim.wage.basis is WageBasis.DAILY:
        notes.append(wording.say("claims.notes.compensation_base_daily"))
    return monthly, steps, notes


def economic_compensation_item(claim: EconomicCompensation) -> ClaimItem:
    monthly, steps, base_notes = compensation_base_step(claim)
    notes = [
        wording.say("claims.notes.compensation_only_when"),
        *base_notes,
    ]
    months = compensation_months(claim.service_months)
    steps.append(
        Step(
            title=wording.say("claims.steps.compensation_months.title"),
            detail=_service_detail(claim.service_months, months),
            amount=months,
            basis=(law.CONTRACT_LAW_47,),
            counts=False,
        )
    )

    base = monthly
    if claim.minimum_monthly_wage is not None and monthly < claim.minimum_monthly_wage:
        base = money(claim.minimum_monthly_wage)
        steps.append(
            Step(
                title=wording.say("claims.steps.compensation_minimum.title"),
                detail=wording.say("claims.steps.compensation_minimum.detail", monthly=monthly, base=base),
                amount=base,
                basis=(law.CONTRACT_REGULATION_27,),
                counts=False,
            )
        )

    average = claim.local_average_monthly_wage
    if average is None:
        if monthly > CAP_QUESTION_THRESHOLD:
            notes.append(wording.say("claims.notes.compensation_no_cap"))
    else:
        cap = money(average * AVERAGE_WAGE_CAP_MULTIPLE)
        if monthly > cap:
            base = cap
            capped_months = min(months, CAPPED_MAX_YEARS)
            years_note = (
                wording.say("claims.steps.compensation_cap.years_capped", max=plain(CAPPED_MAX_YEARS),
                            months=plain(months), capped=plain(capped_months))
                if capped_months != months
                else wording.say("claims.steps.compensation_cap.years_within", max=plain(CAPPED_MAX_YEARS))
            )
            months = capped_months
            steps.append(
                Step(
                    title=wording.say("claims.steps.compensation_cap.title"),
                    detail=wording.say("claims.steps.compensation_cap.detail", monthly=monthly,
                                       average=money(average), cap=cap, years=years_note),
                    amount=cap,
                    basis=(law.CONTRACT_LAW_47,),
                    counts=False,
                )
            )
    amount = money(base * months)
    steps.append(
        Step(
            title=wording.say("claims.steps.compensation.title"),
            detail=wording.say("claims.steps.compensation.detail", base=base, months=plain(months), amount=amount),
            amount=amount,
            basis=(law.CONTRACT_LAW_46, law.CONTRACT_LAW_47),
        )
    )
    return ClaimItem(kind=ClaimKind.ECONOMIC_COMPENSATION, steps=tuple(steps), notes=tuple(notes))


def _service_detail(service_months: Decimal, months: Decimal) -> str:
    full_years, remainder = divmod(service_months, Decimal("12"))
    def part(name: str, **variables: str) -> str:
        return wording.say(f"claims.steps.compensation_months.{name}", **variables)

    parts = [part("service", months=plain(service_months))]
    if full_years:
        parts.append(part("full_years", years=plain(full_years)))
    if remainder >= 6:
        parts.append(part("remainder_a_year", months=plain(remainder)))
    elif remainder > 0:
        parts.append(part("remainder_half", months=plain(remainder)))
    return part("total", parts="，".join(parts), months=plain(months))
