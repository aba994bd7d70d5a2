"""``newsdesk serve``: the store in a browser (front page, story, article and add pages)
and a JSON API, as an ASGI app (FastAPI, Jinja2 templates, served by uvicorn).

The web layer only calls library functions: the readers and ``Store.add`` for uploads, the
pipeline and the renderers for briefs, and :mod:`newsdesk.store.sqlite_web` for its
queries. Its dependencies sit behind the ``web`` extra and are imported here lazily, with
an error that names the extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import NewsdeskError

if TYPE_CHECKING:
    from .app import ServeOptions

__all__ = ["create_app", "ServeOptions"]


def _require_extra() -> None:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import python_multipart  # noqa: F401
    except ImportError as exc:
        raise NewsdeskError(
            f"newsdesk serve needs the web extra ({exc.name} is missing): "
            "python3 -m pip install 'newsdesk[web]'"
        ) from exc


def create_app(options: ServeOptions) -> Any:
    """The ASGI app over the store ``options.db`` (see :class:`ServeOptions`)."""
    _require_extra()
    from .app import create_app as _create

    return _create(options)


def __getattr__(name: str) -> Any:
    if name == "ServeOptions":
        from .app import ServeOptions

        return ServeOptions
    raise AttributeError(name)
