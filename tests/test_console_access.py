"""Every console route is closed to strangers, checks the role, and refuses forms without the CSRF token."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from console.web.app import ROUTE_MODULES
from tests.console_helpers import ADMIN_PASSWORD, add_user, login

OPEN_ROUTES = {("GET", "/console/login"), ("POST", "/console/login")}
SAMPLE_PARAMS = {"ref": "999", "number": "HX-2026-000001", "message_id": "1", "code": "ABCDEF"}


def console_routes(app) -> list[tuple[str, str, str | None]]:
    """(method, path with sample parameters, required role) for every console route."""
    found = []
    routes = [route for module in ROUTE_MODULES for route in module.router.routes]
    for route in routes:
        assert isinstance(route, APIRoute) and route.path.startswith("/console/"), route
        roles = [getattr(dep.call, "required_role", None) for dep in route.dependant.dependencies]
        role = next((r for r in roles if r), None)
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE_PARAMS.get(m.group(1), "1"), route.path)
        for method in sorted(route.methods - {"HEAD"}):
            found.append((method, path, role))
    return found


def test_every_console_route_requires_a_role_except_login(console):
    routes = console_routes(console.app)
    assert len(routes) > 8
    unguarded = [(m, p) for m, p, role in routes if role is None and (m, p) not in OPEN_ROUTES]
    assert unguarded == []


def test_anonymous_visitors_are_sent_to_the_login_page(console):
    for method, path, role in console_routes(console.app):
        if role is None:
            continue
        response = console.request(method, path, follow_redirects=False)
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith("/console/login"), (method, path)


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_staff_get_403_on_pages_above_their_role(console, role):
    add_user(console, "staff1", role)
    login(console, "staff1")

    token = re.search(r'name="csrf_token" value="([^"]+)"', console.get("/console/account").text).group(1)
    checked = 0
    for method, path, required in console_routes(console.app):
        if required is None or required == "agent" or (required == "supervisor" and role == "supervisor"):
            continue
        response = console.request(method, path, data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 403, (role, method, path, response.status_code)
        assert "没有权限" in response.text
        checked += 1
    assert checked > 0


def test_forms_without_the_csrf_token_are_refused(console):
    login(console, "admin", ADMIN_PASSWORD)
    posts = [(m, p) for m, p, role in console_routes(console.app) if m != "GET" and role]
    assert posts
    for method, path in posts:
        response = console.request(method, path, data={"text": "x"}, follow_redirects=False)
        assert response.status_code == 403, (method, path, response.status_code)
        assert "安全令牌" in response.text
    wrong = console.post("/console/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert wrong.status_code == 403
    assert console.get("/console/queue", follow_redirects=False).status_code == 200  # still signed in


def test_login_form_needs_its_own_token(console):
    response = console.post(
        "/console/login", data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": "x"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert console.get("/console/queue", follow_redirects=False).status_code == 303
