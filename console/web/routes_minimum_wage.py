"""最低工资 table: the figures the calculator compares with, each with its date and source; admins correct them.

Thin: claims.minimum_wage validates and writes the table (and its own history); this page adds the audit entry.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claims import minimum_wage

from .. import audit
from ..users import User
from .deps import client_ip, console_db, error_page, render, role_required

router = APIRouter(prefix="/console/minimum-wage")


@router.get("", response_class=HTMLResponse)
async def table_page(request: Request, user: User = role_required("admin")) -> Response:
    figures = [figure for _, figure in minimum_wage.load_table()]
    return render(request, "minimum_wage.html", {"figures": figures, "path": minimum_wage.table_path()})


@router.post("")
async def set_figure(
    request: Request,
    place: str = Form(""),
    monthly: str = Form(""),
    effective_from: str = Form(""),
    source: str = Form(""),
    verified: str = Form(""),
    user: User = role_required("admin"),
) -> Response:
    try:
        figure = minimum_wage.set_figure(
            place, monthly, effective_from, source, verified=bool(verified), by=f"console:{user.username}"
        )
    except minimum_wage.InvalidMinimumWage as error:
        return error_page(request, "最低工资没有保存", str(error), 400)
    audit.record(console_db(request), user, "minimum_wage.set", target=figure.place, detail=figure.describe(),
                 ip=client_ip(request))
    return RedirectResponse("/console/minimum-wage", status_code=303)
