"""Front-end files installed from a package registry at build time (no CDN at run time, nothing vendored in git).

htmx comes from the npm registry tarball, checked against the registry's published sha512 integrity value.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

from core.settings import settings

VENDOR = Path(__file__).parent / "web" / "static" / "vendor"
HTMX_VERSION = "2.0.4"
HTMX_INTEGRITY = "sha512-HLxMCdfXDOJirs3vBZl/ZLoY+c7PfM4Ahr2Ad4YXh6d22T5ltbTXFFkpx9Tgb2vvmWFMbIc3LqN2ToNkZJvyYQ=="


class AssetIntegrityError(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(f"{url} does not match its published sha512 integrity value; refusing to install it.")


def install_htmx(registry: str | None = None) -> Path:
    """Download htmx.org from the npm registry into console/web/static/vendor (once)."""
    target = VENDOR / "htmx.min.js"
    if target.is_file():
        return target
    registry = (registry or settings().npm_registry).rstrip("/")
    url = f"{registry}/htmx.org/-/htmx.org-{HTMX_VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != HTMX_INTEGRITY:
        raise AssetIntegrityError(url)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        script = archive.extractfile("package/dist/htmx.min.js")
        assert script is not None
        VENDOR.mkdir(parents=True, exist_ok=True)
        target.write_bytes(script.read())
    return target
