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


def to_decimal(value: Number | float | None, what: str, *, allow_zero: bool = True) -> Decimal:
    """A non-negative Decimal from an int, str or Decimal; `what` names the input in the error message."""
    if value is None:
        raise InvalidClaimInput(f"缺少{what}。")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidClaimInput(f"{what}不是一个数字：{value!r}。") from None
    if not number.is_finite():
        raise InvalidClaimInput(f"{what}不是一个有限的数字：{value!r}。")
    if number < 0:
        raise InvalidClaimInput(f"{what}不能是负数：{value}。")
    if number == 0 and not allow_zero:
        raise InvalidClaimInput(f"{what}必须大于0。")
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
        object.__setattr__(self, "amount", to_decimal(self.amount, "工资", allow_zero=False))
        object.__setattr__(self, "basis", WageBasis(self.basis))

    @classmethod
    def daily(cls, amount: Number) -> "Wage":
        return cls(amount, WageBasis.DAILY)  # type: ignore[arg-type]  # checked in __post_init__

    @classmethod
    def monthly(cls, amount: Number) -> "Wage":
        return cls(amount, WageBasis.MONTHLY)  # type: ignore[arg-type]  # checked in __post_init__

    @property
    def unit(self) -> str:
        return "天" if self.basis is WageBasis.DAILY else "月"

    def __str__(self) -> str:
        return f"每{self.unit}{money(self.amount)}元"


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
        unit = "天数" if self.wage.basis is WageBasis.DAILY else "月数"
        object.__setattr__(self, "worked", to_decimal(self.worked, f"干活的{unit}", allow_zero=False))
        object.__setattr__(self, "already_paid", to_decimal(self.already_paid, "已经领到的钱"))
        if self.minimum_monthly_wage is not None:
            object.__setattr__(
                self, "minimum_monthly_wage", to_decimal(self.minimum_monthly_wage, "最低工资", allow_zero=False)
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
            to_decimal(self.months_without_contract, "没签合同干活的月数", allow_zero=False),
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
        for name, what in (
            ("weekday_hours", "平时加班小时数"),
            ("rest_day_hours", "休息日加班小时数"),
            ("holiday_hours", "法定节假日加班小时数"),
            ("already_paid", "已经领到的加班费"),
        ):
            object.__setattr__(self, name, to_decimal(getattr(self, name), what))
        if self.weekday_hours + self.rest_day_hours + self.holiday_hours == 0:
            raise InvalidClaimInput(wording.say("claims.cannot_calculate.no_overtime_hours"))
        if self.days_paid_at_day_rate and self.wage.basis is WageBasis.MONTHLY:
            raise InvalidClaimInput(wording.say("claims.cannot_calculate.monthly_wage_day_rate"))

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
        object.__setattr__(self, "service_months", to_decimal(self.service_months, "工作年限（月数）", allow_zero=False))
        if self.days_per_month is not None:
            days = to_decimal(self.days_per_month, "每月干活天数", allow_zero=False)
            if days > 31:
                raise InvalidClaimInput(f"每月干活天数不能超过31天：{self.days_per_month}。")
            object.__setattr__(self, "days_per_month", days)
        for name, what in (
            ("local_average_monthly_wage", "当地职工月平均工资"),
            ("minimum_monthly_wage", "最低工资"),
            ("average_monthly_pay", "前12个月平均月工资"),
        ):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, to_decimal(getattr(self, name), what, allow_zero=False))


ClaimInput = Union[UnpaidWages, NoWrittenContract, Overtime, EconomicCompensation]


# ---------------------------------------------------------------------------------------------------------------
# Calculation
# ---------------------------------------------------------------------------------------------------------------


def calculate(*inputs: ClaimInput, notes: Iterable[str] = ()) -> Estimate:
    """All claim items for the given inputs, in the order given."""
    if not inputs:
        raise InvalidClaimInput(wording.say("claims.cannot_calculate.nothing_to_calculate"))
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
            raise InvalidClaimInput(f"不认识的计算项目：{type(claim).__name__}。")
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
            title="折算月工资",
            detail=f"日工资{money(wage.amount)}元 × 每月计薪{plain(PAID_DAYS_PER_MONTH)}天 = {monthly}元",
            amount=monthly,
            basis=(law.WAGE_CONVERSION_NOTICE,),
            counts=False,
        )
    ]


def hourly_wage_step(wage: Wage) -> tuple[Decimal, Step]:
    """The hourly wage that overtime is paid on."""
    if wage.basis is WageBasis.MONTHLY:
        hourly = money(wage.amount / (PAID_DAYS_PER_MONTH * HOURS_PER_DAY))
        detail = (
            f"月工资{money(wage.amount)}元 ÷ （每月计薪{plain(PAID_DAYS_PER_MONTH)}天 × {plain(HOURS_PER_DAY)}小时）"
            f" = {hourly}元/小时"
        )
        basis: tuple[LegalBasis, ...] = (law.WAGE_CONVERSION_NOTICE,)
    else:
        hourly = money(wage.amount / HOURS_PER_DAY)
        detail = f"日工资{money(wage.amount)}元 ÷ {plain(HOURS_PER_DAY)}小时 = {hourly}元/小时"
        basis = (law.LABOUR_LAW_36,)
    return hourly, Step(title="折算小时工资", detail=detail, amount=hourly, basis=basis, counts=False)


def unpaid_wage_items(claim: UnpaidWages) -> list[ClaimItem]:
    wage = claim.wage
    earned = money(wage.amount * claim.worked)
    unit = "天" if wage.basis is WageBasis.DAILY else "个月"
    steps = [
        Step(
            title="应得工资",
            detail=f"{wage} × {plain(claim.worked)}{unit} = {earned}元",
            amount=earned,
            basis=(law.LABOUR_LAW_50, law.CONTRACT_LAW_30),
        )
    ]
    if claim.already_paid > earned:
        raise InvalidClaimInput(
            f"已经领到的钱（{money(claim.already_paid)}元）比应得工资（{earned}元）还多，请核对工资和天数/月数。"
        )
    if claim.already_paid:
        paid = money(claim.already_paid)
        steps.append(
            Step(title="减去已经领到的", detail=f"已领{paid}元，从应得工资中扣除", amount=-paid, basis=())
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
    where = claim.place or "当地"
    per_month = money(minimum - claim.wage.amount)
    total = money(per_month * claim.worked)
    return ClaimItem(
        kind=ClaimKind.MINIMUM_WAGE_SHORTFALL,
        steps=(
            Step(
                title="对照最低工资",
                detail=(
                    f"月工资{money(claim.wage.amount)}元低于{where}月最低工资{money(minimum)}元，"
                    f"每月差{per_month}元 × {plain(claim.worked)}个月 = {total}元"
                ),
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
        detail = (
            f"没签合同干了{plain(claim.months_without_contract)}个月，还没有超过一个月，"
            "单位在第一个月内补签合同的，不用付二倍工资"
        )
    else:
        amount = money(monthly * months)
        uncapped = claim.months_without_contract - 1
        counted = f"{plain(uncapped)}个月" + (
            f"，最多算{plain(DOUBLE_WAGE_MAX_MONTHS)}个月" if uncapped > DOUBLE_WAGE_MAX_MONTHS else ""
        )
        detail = (
            f"从用工满一个月的次日起算：{plain(claim.months_without_contract)}个月 − 第1个月 = {counted}；"
            f"另一倍工资 = 月工资{monthly}元 × {plain(months)}个月 = {amount}元"
        )
    if claim.months_without_contract >= 12:
        notes.append(wording.say("claims.notes.open_ended_after_a_year"))
    notes.append(wording.say("claims.notes.double_wage_extra_only"))
    notes.append(wording.say("claims.notes.double_wage_time_limit"))
    steps.append(
        Step(
            title="未签书面合同的二倍工资差额",
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
    for hours, rate, what, whole_day in (
        (claim.weekday_hours, WEEKDAY_OVERTIME_RATE, "工作日延长工作时间", False),
        (claim.rest_day_hours, REST_DAY_OVERTIME_RATE, "休息日加班且没有补休", True),
        (claim.holiday_hours, PUBLIC_HOLIDAY_OVERTIME_RATE, "法定节假日加班", True),
    ):
        if not hours:
            continue
        if whole_day and premium_only:
            # The plain 100 % of these days is already in the day wage (paid or claimed as 欠薪): add the rest.
            extra = rate - 1
            amount = money(hourly * extra * hours)
            title = f"{what}（{plain(rate * 100)}%，其中100%已按日工资算过，另加{plain(extra * 100)}%）"
            detail = f"{hourly}元/小时 × {plain(extra * 100)}% × {plain(hours)}小时 = {amount}元"
        else:
            amount = money(hourly * rate * hours)
            title = f"{what}（{plain(rate * 100)}%）"
            detail = f"{hourly}元/小时 × {plain(rate * 100)}% × {plain(hours)}小时 = {amount}元"
        steps.append(Step(title=title, detail=detail, amount=amount, basis=basis))
    if premium_only and (claim.rest_day_hours or claim.holiday_hours):
        notes.append(wording.say("claims.notes.overtime_day_rate_premium"))
    earned = money(sum((s.amount for s in steps if s.counts), Decimal("0")))
    if claim.already_paid > earned:
        raise InvalidClaimInput(
            f"已经领到的加班费（{money(claim.already_paid)}元）比算出来的（{earned}元）还多，请核对小时数。"
        )
    if claim.already_paid:
        paid = money(claim.already_paid)
        steps.append(Step(title="减去已经领到的加班费", detail=f"已领{paid}元", amount=-paid))
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
                title="补偿基数：前12个月平均工资",
                detail=f"解除前12个月（不满12个月的按实际月数）实际应得工资的月平均数：{base}元",
                amount=base,
                basis=(law.CONTRACT_REGULATION_27,),
                counts=False,
            )
        ], []
    if claim.wage.basis is WageBasis.DAILY and claim.days_per_month is not None:
        base = money(claim.wage.amount * claim.days_per_month)
        return base, [
            Step(
                title="补偿基数：按实际干活天数算月平均工资",
                detail=f"日工资{money(claim.wage.amount)}元 × 平均每月干{plain(claim.days_per_month)}天 = {base}元",
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
            title="计算补偿月数",
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
                title="按最低工资计算基数",
                detail=f"月平均工资{monthly}元低于当地最低工资，按最低工资{base}元计算",
                amount=base,
                basis=(law.CONTRACT_REGULATION_27,),
                counts=False,
            )
        )

    average = claim.local_average_monthly_wage
    if average is None:
        if monthly > CAP_QUESTION_THRESHOLD:
            notes.append(
                "月工资超过当地上年度职工月平均工资三倍的，补偿基数和年限要封顶；您没有提供当地平均工资，这里没有封顶。"
            )
    else:
        cap = money(average * AVERAGE_WAGE_CAP_MULTIPLE)
        if monthly > cap:
            base = cap
            capped_months = min(months, CAPPED_MAX_YEARS)
            years_note = (
                f"，年限最多算{plain(CAPPED_MAX_YEARS)}年：{plain(months)} → {plain(capped_months)}"
                if capped_months != months
                else f"，年限最多算{plain(CAPPED_MAX_YEARS)}年（未超过）"
            )
            months = capped_months
            steps.append(
                Step(
                    title="高工资封顶",
                    detail=(
                        f"月工资{monthly}元高于当地上年度职工月平均工资{money(average)}元的三倍（{cap}元），"
                        f"基数按{cap}元{years_note}"
                    ),
                    amount=cap,
                    basis=(law.CONTRACT_LAW_47,),
                    counts=False,
                )
            )
    amount = money(base * months)
    steps.append(
        Step(
            title="经济补偿",
            detail=f"{base}元 × {plain(months)}个月 = {amount}元",
            amount=amount,
            basis=(law.CONTRACT_LAW_46, law.CONTRACT_LAW_47),
        )
    )
    return ClaimItem(kind=ClaimKind.ECONOMIC_COMPENSATION, steps=tuple(steps), notes=tuple(notes))


def _service_detail(service_months: Decimal, months: Decimal) -> str:
    full_years, remainder = divmod(service_months, Decimal("12"))
    parts = [f"工作{plain(service_months)}个月"]
    if full_years:
        parts.append(f"满{plain(full_years)}年算{plain(full_years)}个月")
    if remainder >= 6:
        parts.append(f"余下{plain(remainder)}个月（六个月以上）按一年算1个月")
    elif remainder > 0:
        parts.append(f"余下{plain(remainder)}个月（不满六个月）算半个月")
    return "，".join(parts) + f"，共{plain(months)}个月工资"
