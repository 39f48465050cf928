"""HTTP for `add` and `fetch`, through httpx: only http/https, never a private address unless allowed, redirects
followed by hand (each hop checked, loops named), a size limit and a whole-request deadline, and polite pacing:
one request at a time, a delay between two requests to one host, a user agent that names the project."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

import httpx

try:
    _VERSION = metadata.version("briefsite")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    _VERSION = "0"

USER_AGENT = f"Briefsite/{_VERSION} (static briefing-site generator; collects articles named by its user)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AlreadyKnown(Exception):
    """A redirect pointed at an address the caller already has; the request was not made."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class FetchError(Exception):
    """One URL could not be fetched; `str()` is a one-line reason, the URL is `url`."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(message)
        self.url = url
        self.message = message


@dataclass(frozen=True)
class Policy:
    """Limits and manners of one run (from briefsite.yml `fetch:`)."""

    timeout: float = 20.0
    delay: float = 1.0
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    allow_private: tuple[str, ...] = ()


@dataclass(frozen=True)
class Response:
    """What one fetch knew: the URL asked for, the final URL after redirects, when, and the answer."""

    requested: str
    url: str
    status: int
    fetched: str  # ISO 8601 UTC, seconds
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names of the headers we keep
    body: bytes = b""

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


_KEPT_HEADERS = ("content-type", "last-modified", "date", "etag", "content-language")
Resolver = Callable[[str, int], Iterable[str]]


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


class Fetcher:
    """A polite, careful HTTP client; use as a context manager. Requests run one at a time."""

    def __init__(self, policy: Policy, *, resolver: Resolver = _resolve,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self._resolver = resolver
        self._allowed = _allow_list(policy.allow_private)
        self._last: dict[str, float] = {}
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            trust_env=False,  # no proxies or .netrc credentials picked up from the environment
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def get(self, url: str, *, accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            etag: str | None = None, modified: str | None = None,
            known: Callable[[str], bool] | None = None) -> Response:
        """GET `url`, following up to `max_redirects` redirects; raises FetchError with a one-line reason, and
        AlreadyKnown instead of following a redirect to an address for which `known` is true."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        deadline = time.monotonic() + self.policy.timeout
        chain = [url]
        current = self.check(url, url)
        while True:
            response = self._send(url, current, headers, deadline)
            if response.status_code not in _REDIRECTS:
                break
            location = response.headers.get("location", "").strip()
            response.close()
            if not location:
                raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
            try:
                current = current.join(location)
            except (httpx.InvalidURL, ValueError):
                raise FetchError(url, f"redirects to an invalid address {location!r}") from None
            if str(current) in chain:
                hops = " -> ".join([*chain[chain.index(str(current)):], str(current)])
                raise FetchError(url, f"redirect loop: {hops}")
            chain.append(str(current))
            if len(chain) > self.policy.max_redirects + 1:
                raise FetchError(url, f"more than {self.policy.max_redirects} redirects")
            self.check(url, str(current), redirected=True)
            if known is not None and known(str(current)):
                raise AlreadyKnown(str(current))
        try:
            return self._answer(url, str(current), response, deadline)
        finally:
            response.close()

    def check(self, url: str, target: str, *, redirected: bool = False) -> httpx.URL:
        """Refuse anything but an http(s) URL of a public host (or one in `allow_private`)."""
        where = f"redirects to {target}; " if redirected else ""
        try:
            parsed = httpx.URL(target)
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError(url, f"{where}not a valid URL: {exc}") from None
        if not parsed.scheme:
            raise FetchError(url, f"{where}refused: not an absolute http:// or https:// URL")
        if parsed.scheme not in {"http", "https"}:
            raise FetchError(url, f"{where}refused: only http and https are fetched, not {parsed.scheme}:")
        if not parsed.host:
            raise FetchError(url, f"{where}refused: the URL names no host")
        if parsed.userinfo:
            raise FetchError(url, f"{where}refused: the URL carries a user name or password")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = list(self._resolver(parsed.host, port))
        except (OSError, UnicodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise FetchError(url, f"{where}cannot resolve host {parsed.host}: {reason}") from None
        for address in addresses:
            if not self.allowed(parsed.host, address):
                raise FetchError(url, f"{where}refused: {parsed.host} is a private or local address ({address}); "
                                      "list it under fetch: allow_private in briefsite.yml to fetch it")
        return parsed

    def allowed(self, host: str, address: str) -> bool:
        """Is `address` (which `host` resolved to) a public address, or one the user allowed?"""
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_global and not ip.is_multicast:
            return True
        names, networks = self._allowed
        return host.lower().rstrip(".") in names or any(ip in network for network in networks)

    def _send(self, url: str, target: httpx.URL, headers: dict[str, str], deadline: float) -> httpx.Response:
        self._pace(target.host)
        try:
            request = self._client.build_request("GET", target, headers=headers)
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self.policy.timeout:g} s") from None
        except httpx.TooManyRedirects:  # pragma: no cover - redirects are followed by hand
            raise FetchError(url, "too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"cannot connect: {_reason(exc)}") from None
        finally:
            self._last[target.host] = time.monotonic()
        peer = _peer(response)
        if peer is not None and not self.allowed(target.host, peer):
            response.close()  # the name resolved to a public address when checked, a private one when connected
            raise FetchError(url, f"refused: {target.host} connected to a private or local address ({peer})")
        if time.monotonic() > deadline:
            response.close()
            raise FetchError(url, f"timed out after {self.policy.timeout:g} s")
        return response

    def _answer(self, url: str, final: str, response: httpx.Response, deadline: float) -> Response:
        status = response.status_code
        kept = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
        fetched = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if status == 304:
            return Response(url, final, status, fetched, kept)
        if status >= 400:
            reason = response.reason_phrase or "error"
            raise FetchError(url, f"dead link: HTTP {status} {reason}" + (f" at {final}" if final != url else ""))
        if status != 200:
            raise FetchError(url, f"unexpected answer HTTP {status} {response.reason_phrase}".rstrip())
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"over the size limit: {int(declared):,} bytes declared, limit {limit:,}")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"over the size limit of {limit:,} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {self.policy.timeout:g} s")
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self.policy.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"the answer broke off: {_reason(exc)}") from None
        return Response(url, final, status, fetched, kept, b"".join(chunks))

    def _pace(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.policy.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)


def _allow_list(entries: Iterable[str]) -> tuple[frozenset[str], tuple[Network, ...]]:
    names: set[str] = set()
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            names.add(entry.strip().lower().rstrip("."))
    return frozenset(names), tuple(networks)


def _peer(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        address = stream.get_extra_info("server_addr")
    except Exception:  # a transport without socket information (e.g. a mock in tests)
        return None
    return str(address[0]) if isinstance(address, tuple) and address else None


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:200]
