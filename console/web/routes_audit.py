"""The audit log (admin): who did what and when, newest first, filtered by action prefix and user, paged."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .. import audit
from ..users import User
from .deps import console_db, render, role_required

router = APIRouter(prefix="/console/audit")

PAGE_SIZE = 50
# Prefixes offered in the filter; any other prefix can be typed.
ACTION_PREFIXES = {
    "login": "登录（含失败）", "logout": "退出", "chat.": "转人工对话", "case.": "案件", "knowledge.": "知识库",
    "site.": "工地码", "user.": "账号", "password_changed": "改自己的密码",
}


@router.get("", response_class=HTMLResponse)
async def audit_page(
    request: Request, action: str = "", user_filter: str = "", page: int = 1, user: User = role_required("admin")
) -> Response:
    db = console_db(request)
    action, user_filter, page = action.strip()[:64], user_filter.strip()[:64], max(page, 1)
    rows = audit.recent(db, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, action=action or None,
                        username=user_filter or None)

    def page_link(number: int) -> str:
        query = {k: v for k, v in (("action", action), ("user_filter", user_filter)) if v}
        return "/console/audit?" + urlencode({**query, "page": number})

    context = {
        "rows": rows[:PAGE_SIZE],
        "action": action,
        "user_filter": user_filter,
        "page": page,
        "prefixes": ACTION_PREFIXES,
        "usernames": audit.usernames(db),
        "newer": page_link(page - 1) if page > 1 else None,
        "older": page_link(page + 1) if len(rows) > PAGE_SIZE else None,
    }
    return render(request, "audit.html", context)
