"""Fetching http(s) URLs through an injectable transport, so network code is tested without a network.

`transport` may be a callable(url) -> bytes | (bytes, content_type), an httpx transport
(httpx.MockTransport in tests), or left out for a plain httpx client; `client` may be an
httpx.Client used as is. Every failure becomes a FetchError naming the URL.
"""
from __future__ import annotations

from typing import Any

from ..errors import FetchError
from .common import MAX_MARKUP_BYTES, Options

USER_AGENT = "eventwire (+https://pypi.org/project/eventwire/)"


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, opts: Options, limit: int = MAX_MARKUP_BYTES) -> tuple[bytes, str | None]:
    """The body and content type of a URL; FetchError on any failure or a body over `limit`."""
    transport = opts.transport
    if transport is not None and callable(transport) and not _is_httpx_transport(transport):
        try:
            got = transport(url)
        except FetchError:
            raise
        except Exception as exc:  # whatever the caller's client raises
            raise FetchError(f"cannot fetch: {exc}", url) from exc
        body, ctype = got if isinstance(got, tuple) else (got, None)
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, (bytes, bytearray)):
            raise FetchError(f"the transport returned {type(body).__name__}, not bytes", url)
        if len(body) > limit:
            raise FetchError(f"response over the limit of {limit:,} bytes", url)
        return bytes(body), ctype
    return _fetch_httpx(url, opts, limit)


def _is_httpx_transport(obj: Any) -> bool:
    try:
        import httpx
    except ImportError:  # pragma: no cover - httpx is a dependency
        return False
    return isinstance(obj, (httpx.BaseTransport, httpx.Client))


def _fetch_httpx(url: str, opts: Options, limit: int) -> tuple[bytes, str | None]:
    import httpx

    client = opts.client
    if client is None and isinstance(opts.transport, httpx.Client):
        client = opts.transport
    own = client is None
    if own:
        client = httpx.Client(transport=opts.transport, timeout=opts.timeout,
                              follow_redirects=True, headers={"User-Agent": USER_AGENT})
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}; check the URL",
                                 url)
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response over the limit of {limit:,} bytes", url)
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type")
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {exc}; check the URL and the network", url) from exc
    finally:
        if own:
            client.close()
