"""Settings: from the environment (``GRAPHSERVICE_*``), then a ``.env`` file, then defaults.

Every setting is documented by its description; the README's settings table is checked against
these fields by a test, so a new setting cannot go undocumented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graphservice.errors import GraphServiceError

__all__ = ["ENV_PREFIX", "LogLevel", "Settings", "SettingsError", "load_settings"]

ENV_PREFIX = "GRAPHSERVICE_"
LogLevel = Literal["critical", "error", "warning", "info", "debug"]


class SettingsError(GraphServiceError):
    """A setting has a bad value; the message names the environment variable."""

    code = "BAD_SETTING"


class Settings(BaseSettings):
    """The service's settings. Frozen: build a new one to change anything."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", frozen=True, extra="ignore", use_attribute_docstrings=True
    )

    data: Annotated[tuple[Path, ...], NoDecode, Field(min_length=1)] = (
        Path("data/never-let-me-go.yaml"),
        Path("data/a-christmas-carol.yaml"),
        Path("data/strange-case-of-dr-jekyll-and-mr-hyde.yaml"),
    )
    """Data files to serve, comma-separated; the first is the default work."""
    host: str = "127.0.0.1"
    """Interface to listen on."""
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    """TCP port to listen on."""
    log_level: LogLevel = "info"
    """Log level: critical, error, warning, info or debug."""
    graphiql: bool = True
    """Serve the GraphiQL playground at /graphql to browsers."""
    log_format: Literal["json", "text"] = "json"
    """Log lines as JSON objects (one per line) or as plain text."""
    log_sample: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Share of ordinary requests written to the access log one line each (1: every one); the rest
    are summed up in one line a minute. Errors, refusals and slow requests always get their line."""
    max_cost: Annotated[int, Field(ge=1)] = 100_000
    """Highest estimated cost of an operation; dearer ones get QUERY_TOO_COMPLEX before they run."""
    max_depth: Annotated[int, Field(ge=1)] = 15
    """Deepest field nesting of an operation (QUERY_TOO_DEEP)."""
    max_aliases: Annotated[int, Field(ge=0)] = 50
    """Most aliases in one document (TOO_MANY_ALIASES)."""
    max_tokens: Annotated[int, Field(ge=10)] = 5_000
    """Most tokens in one document (TOO_MANY_TOKENS)."""
    introspection: bool = True
    """Answer `__schema`/`__type` (GraphiQL and client code generators need it)."""
    time_budget: Annotated[float, Field(gt=0)] = 0.75
    """Seconds one request's operation may run, all its fields together (then QUERY_TIMEOUT); below
    one second so that, with queueing and encoding, a request stopped by it is answered within one."""
    max_body_bytes: Annotated[int, Field(ge=1024)] = 1_048_576
    """Largest request body accepted; larger ones get HTTP 413."""
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ("*",)
    """Origins whose pages may call the API, comma-separated; `*` (the default): any, without credentials."""
    cors_headers: Annotated[tuple[str, ...], NoDecode] = (
        "accept",
        "content-type",
        "if-none-match",
        "apollographql-client-name",
        "apollographql-client-version",
        "apollo-require-preflight",
        "x-apollo-operation-name",
        "graphql-client-name",
        "graphql-client-version",
        "x-requested-with",
    )
    """Request headers cross-origin pages may send, comma-separated (by default the common clients')."""
    compress_min_bytes: Annotated[int, Field(ge=0)] = 1024
    """Answers at least this long are compressed (zstd, br or gzip, as the client accepts); 0: all."""
    cache_max_age: Annotated[int, Field(ge=0)] = 60
    """Seconds browsers and proxies may reuse a GET response before revalidating it (ETag)."""
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    """Worker processes, each with its own copy of the data, on one port (SIGHUP replaces them in turn)."""
    assets_dir: Path | None = None
    """Folder of the browser libraries `npm ci --prefix web` installs; unset: web/node_modules, else a CDN."""
    memory_budget: Annotated[int, Field(ge=16)] = 1024
    """MiB a process serving a library folder may take, its loaded works included; least recently used out."""
    reload_data: bool = False
    """Watch the data files and swap in a new version once it validates (SIGHUP always reloads)."""
    trusted_documents: Path | None = None
    """A manifest of allowed documents (JSON: SHA-256 to text, or Apollo's persisted-query manifest)."""
    trusted_only: bool = False
    """Run only the documents of `trusted_documents` (by text or hash); refuse every other one."""
    reload_settle: Annotated[float, Field(ge=0, le=60)] = 0.5
    """Seconds a changed data file must stay unchanged before a reload takes it (none half-written)."""
    header_timeout: Annotated[float, Field(gt=0)] = 10.0
    """Seconds a client has to send a request's headers, from connecting or from the request's first byte."""
    keep_alive_timeout: Annotated[float, Field(gt=0)] = 5.0
    """Seconds a kept-alive connection may stay silent between requests before it is closed."""
    body_timeout: Annotated[float, Field(gt=0)] = 30.0
    """Seconds a client has to send a request's body once its headers are in; later ones get HTTP 408."""
    max_connections: Annotated[int | None, Field(ge=1)] = None
    """Most open connections per process; unset: 32768, or fewer if the open-file limit leaves less room."""
    max_concurrent_requests: Annotated[int, Field(ge=1)] = 1000
    """Most requests in progress per process; more get HTTP 503 with Retry-After."""
    retry_after: Annotated[int, Field(ge=0)] = 1
    """Seconds the Retry-After header of a 503 asks clients to wait."""

    @field_validator("data", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(Path(p.strip()) for p in value.split(",") if p.strip())
        return value

    @field_validator("cors_origins", "cors_headers", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(o.strip() for o in value.split(",") if o.strip())
        return value


def load_settings(**overrides: Any) -> Settings:
    """Build settings; explicit ``overrides`` (e.g. CLI options) beat the environment.

    Raises SettingsError naming each bad variable, e.g. ``GRAPHSERVICE_PORT: ...``.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        lines = [
            f"{ENV_PREFIX}{'_'.join(str(p) for p in err['loc'][:1]).upper()}: {err['msg']}"
            for err in exc.errors()
        ]
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None
