"""护薪 sites: the registry of construction sites (工地) and their codes, QR posters and deep links.

A poster on the site opens the web chat with the site's code (``/?site=CODE``; Telegram ``/start CODE``), so a
complaint started from it is tagged with the site. Used by the web chat (``find_site``: the page names the site) and
the console (create, list, print posters). Never imports ``bot`` or ``console``. Table (own migration set "sites" on
the shared HUXIN_DB file): ``sites``.

Library::

    import sites
    sites.migrate(db)                                     # any connection to the shared file
    site = sites.create_site(db, "阳光花园三期", location="北京市大兴区", created_by="li")   # InvalidSite
    sites.find_site(db, "qlawe5")                         # None when unknown; get_site raises SiteNotFound
    sites.list_sites(db, cases.cases_per_site(db))        # newest first, with case_count
    sites.links(site["code"], "http://127.0.0.1:8000", sites.telegram_bot_username()).web
    sites.qr_svg(url), sites.qr_png(url)
"""

from .errors import InvalidSite, SiteNotFound, SitesError
from .links import SiteLinks, links, qr_png, qr_svg, telegram_bot_username
from .migrations import migrate
from .registry import FIELDS, create_site, find_site, get_site, list_sites, normalise_code

__all__ = [
    "FIELDS", "InvalidSite", "SiteLinks", "SiteNotFound", "SitesError", "create_site", "find_site", "get_site",
    "links", "list_sites", "migrate", "normalise_code", "qr_png", "qr_svg", "telegram_bot_username",
]
