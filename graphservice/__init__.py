"""graphservice: a novel's characters, places, relationships and quotes as a GraphQL graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("graphservice")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
