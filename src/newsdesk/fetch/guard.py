"""Which addresses a request may reach, checked where the connection is made.

The check sits in the network backend under httpx's connection pool, so it sees the
address actually connected to: every request and every redirect hop, after DNS
resolution (a host name that resolves to 127.0.0.1 is refused like 127.0.0.1 itself),
and a DNS answer cannot change between the check and the connect. Proxies from the
environment are not used (they would connect on our behalf, past the check).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import anyio
import httpcore
import httpx

__all__ = ["AddressPolicy", "BlockedAddress", "PerHostTransport"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedAddress(httpcore.ConnectError):
    """A connection refused by the :class:`AddressPolicy`; the message says why."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses only, unless ``allow_private`` (every address) or an address falls
    in one of ``allow_networks`` (CIDR blocks, e.g. an intranet's ``10.1.0.0/16``)."""

    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def of(cls, *, allow_private: bool, allow_networks: Iterable[str] = ()) -> AddressPolicy:
        try:
            nets = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)
        except ValueError as exc:
            raise ValueError(f"not a network in CIDR form: {exc}") from None
        return cls(allow_private=allow_private, allow_networks=nets)

    def refusal(self, ip: IPAddress) -> str | None:
        """Why ``ip`` may not be reached, or None when it may."""
        if self.allow_private or any(ip in n for n in self.allow_networks):
            return None
        mapped = getattr(ip, "ipv4_mapped", None)
        check = mapped or ip
        if check.is_global and not check.is_multicast:
            return None
        kind = "loopback" if check.is_loopback else "private or reserved"
        return f"{ip} is a {kind} address (--allow-private allows it)"


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, checks every address, connects to a checked one."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        ips = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not ips:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        for ip in ips:  # one refused answer refuses the host: no mixing in of good ones
            why = self.policy.refusal(ip)
            if why is not None:
                raise BlockedAddress(f"refused {host}: {why}")
        return await self.inner.connect_tcp(
            str(ips[0]), port, timeout, local_address, socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PerHostTransport(httpx.AsyncBaseTransport):
    """One small connection pool per origin, each connection passing ``policy``.

    One shared pool would do: but httpcore matches queued requests to connections in
    time proportional to both, so hundreds of hosts in one pool spend the round in that
    loop (measured: most of a 200-host round's CPU). A pool per origin holds at most
    ``per_host`` connections, which the per-host limits never exceed anyway."""

    def __init__(self, policy: AddressPolicy, *, per_host: int) -> None:
        self.per_host = per_host
        self._backend = _GuardedBackend(policy)
        self._ssl = httpx.create_ssl_context(trust_env=False)  # shared: costly to build
        self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}

    def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        key = (url.raw_scheme, url.raw_host, url.port)
        transport = self._pools.get(key)
        if transport is None:
            transport = httpx.AsyncHTTPTransport(verify=self._ssl, trust_env=False)
            self._pools[key] = transport
            # httpx builds its pool without a way to pass a network backend: replace it
            # (the tests check that a refused address is never connected to)
            transport._pool = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl,
                max_connections=self.per_host,
                max_keepalive_connections=self.per_host,
                keepalive_expiry=5.0,
                network_backend=self._backend,
            )
        return transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pool(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for transport in pools:
            await transport.aclose()
