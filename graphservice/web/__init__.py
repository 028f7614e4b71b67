"""The HTTP layer: the only package that imports starlette."""

from graphservice.web.app import create_app

__all__ = ["create_app"]
