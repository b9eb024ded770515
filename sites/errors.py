"""Named errors of the site registry, each with a message a staff member can act on."""


class SitesError(Exception):
    """Base class."""


class SiteNotFound(SitesError):
    def __init__(self, code: str) -> None:
        super().__init__(f"没有工地码 {code!r}。")


class InvalidSite(SitesError):
    """A site field is missing or too long; the message names the field."""
