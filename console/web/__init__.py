"""The console's web layer: FastAPI routes rendered with Jinja2, progressively enhanced with htmx."""

from .app import install, running

__all__ = ["install", "running"]
