"""Construction sites: create one, list them with their cases, and print each site's QR code poster."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import cases
import sites
from sites import InvalidSite, SiteNotFound

from .. import audit
from ..users import User
from .deps import client_ip, console_db, error_page, render, role_required

router = APIRouter(prefix="/console/sites")


def _site_or_error(request: Request, code: str) -> dict | Response:
    try:
        return sites.get_site(console_db(request), code)
    except SiteNotFound as error:
        return error_page(request, "没有这个工地", str(error), 404)


def _links(request: Request, code: str) -> sites.SiteLinks:
    return sites.links(code, request.app.state.settings.web_url, sites.telegram_bot_username())


@router.get("", response_class=HTMLResponse)
async def sites_page(request: Request, user: User = role_required("admin")) -> Response:
    db = console_db(request)
    listed = sites.list_sites(db, cases.cases_per_site(db))
    return render(request, "sites.html", {"sites": listed, "fields": sites.FIELDS})


@router.post("")
async def create(
    request: Request,
    name: str = Form(""),
    location: str = Form(""),
    employer: str = Form(""),
    general_contractor: str = Form(""),
    user: User = role_required("admin"),
) -> Response:
    db = console_db(request)
    try:
        site = sites.create_site(db, name, location, employer, general_contractor, created_by=user.username)
    except InvalidSite as error:
        return error_page(request, "工地没有建成", str(error), 400)
    audit.record(db, user, "site.create", target=site["code"], detail=site["name"], ip=client_ip(request))
    return RedirectResponse(f"/console/sites/{site['code']}", status_code=303)


@router.get("/{code}", response_class=HTMLResponse)
async def site_page(code: str, request: Request, user: User = role_required("admin")) -> Response:
    site = _site_or_error(request, code)
    if isinstance(site, Response):
        return site
    context = {
        "site": site,
        "links": _links(request, site["code"]),
        "case_count": cases.cases_per_site(console_db(request)).get(site["code"], 0),
    }
    return render(request, "site.html", context)


def _qr_response(request: Request, code: str, download: bool, kind: str) -> Response:
    site = _site_or_error(request, code)
    if isinstance(site, Response):
        return site
    url = _links(request, site["code"]).web
    body, media = (sites.qr_png(url), "image/png") if kind == "png" else (sites.qr_svg(url), "image/svg+xml")
    headers = {"Cache-Control": "private, max-age=300"}
    if download:
        filename = f"工地码-{site['code']}-{site['name']}.{kind}"
        headers["Content-Disposition"] = f"attachment; filename=\"site-{site['code']}.{kind}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, media_type=media, headers=headers)


@router.get("/{code}/qr.png")
async def qr_png(code: str, request: Request, download: bool = False, user: User = role_required("admin")) -> Response:
    return _qr_response(request, code, download, "png")


@router.get("/{code}/qr.svg")
async def qr_svg(code: str, request: Request, download: bool = False, user: User = role_required("admin")) -> Response:
    return _qr_response(request, code, download, "svg")
