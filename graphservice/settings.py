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

    data: Annotated[tuple[Path, ...], NoDecode, Field(min_length=1)] = (Path("data/never-let-me-go.yaml"),)
    """Data files to serve, comma-separated; the first is the default work."""
    host: str = "127.0.0.1"
    """Interface to listen on."""
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    """TCP port to listen on."""
    log_level: LogLevel = "info"
    """Log level: critical, error, warning, info or debug."""
    graphiql: bool = True
    """Serve the GraphiQL playground at /graphql to browsers."""

    @field_validator("data", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(Path(p.strip()) for p in value.split(",") if p.strip())
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
