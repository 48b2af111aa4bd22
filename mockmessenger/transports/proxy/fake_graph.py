"""mitmproxy addon: answer Meta's Graph API from the fake platform.

The bot keeps its real ``https://graph.facebook.com`` URL; mitmproxy (with this
addon) intercepts the request and answers it from :class:`Platform.handle`, so
nothing ever reaches Meta. Usable alone::

    mitmdump -s mockmessenger/transports/proxy/fake_graph.py \\
        --set connection_strategy=lazy --set graph_access_token=TOKEN

or with ``graph_upstream=http://127.0.0.1:8900`` to forward Graph requests to a
running ``mockmessenger serve`` instead of a platform inside mitmdump.
Requests to other hosts are forwarded (``graph_external=forward``, mitmproxy's
normal job) or answered ``200 {}`` locally (``answer``), and in both cases logged
into the platform's egress with :meth:`Platform.record_external`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any
from urllib.parse import urlsplit

from mitmproxy import ctx, http

from mockmessenger.transports.proxy.flows import (
    egress_record,
    graph_error_body,
    graph_request,
    is_graph_host,
    is_inbound,
)

log = logging.getLogger("mockmessenger.proxy.fake_graph")

EXTERNAL_MODES = ("forward", "answer")


class FakeGraph:
    """Answers Graph hosts from a platform; ``platform=None`` builds one from options."""

    def __init__(self, platform: Any = None, *, external: str = "forward") -> None:
        if external not in EXTERNAL_MODES:
            raise ValueError(f"external must be one of {EXTERNAL_MODES}, not {external!r}")
        self.platform = platform
        self._own_platform = platform is None
        self.external = external
        self.upstream: str = ""
        self.extra_hosts: frozenset[str] = frozenset()
        self._external_index = 0

    # -- mitmproxy hooks ---------------------------------------------------
    def load(self, loader: Any) -> None:
        loader.add_option("graph_page_id", str, "1000000000000001", "Page id of the fake page.")
        loader.add_option("graph_page_name", str, "Mock Bank", "Name of the fake page.")
        loader.add_option("graph_app_id", str, "2000000000000002", "App id of the fake app.")
        loader.add_option(
            "graph_app_secret", str, "mock-app-secret", "App secret (signs webhooks)."
        )
        loader.add_option("graph_access_token", str, "mock-page-token", "Page access token.")
        loader.add_option("graph_verify_token", str, "mock-verify-token", "Webhook verify token.")
        loader.add_option("graph_seed", int, 0, "Seed of the fake's synthetic users and ids.")
        loader.add_option(
            "graph_upstream", str, "", "Forward Graph requests to this mockmessenger server URL."
        )
        loader.add_option(
            "graph_external", str, self.external, "Other hosts: 'forward' or 'answer' locally."
        )
        loader.add_option("graph_hosts", str, "", "Extra Graph host names, comma-separated.")

    def configure(self, updated: set[str]) -> None:
        if "graph_external" in updated:
            if ctx.options.graph_external not in EXTERNAL_MODES:
                from mitmproxy import exceptions

                raise exceptions.OptionsError(
                    f"graph_external must be one of {EXTERNAL_MODES}, "
                    f"not {ctx.options.graph_external!r}"
                )
            self.external = ctx.options.graph_external
        if "graph_hosts" in updated:
            names = ctx.options.graph_hosts.split(",")
            self.extra_hosts = frozenset(n.strip().lower() for n in names if n.strip())
        if "graph_upstream" in updated:
            self.upstream = ctx.options.graph_upstream.rstrip("/")
        graph_changed = any(name.startswith("graph_") for name in updated)
        if self._own_platform and not self.upstream and (self.platform is None or graph_changed):
            self.platform = self._platform_from_options()

    async def request(self, flow: http.HTTPFlow) -> None:
        if is_inbound(flow):  # a webhook on its way to the bot (recording)
            return
        if flow.response is not None:  # another addon (the guard) already answered
            if flow.metadata.get("mockmessenger_blocked"):
                self._record_external(flow, blocked=True)
            return
        if is_graph_host(flow.request.host, self.extra_hosts | self._platform_hosts()):
            if self.upstream:
                self._redirect_to_upstream(flow)
            else:
                await self._answer(flow)
            return
        self._record_external(flow)
        if self.external == "answer":
            flow.response = http.Response.make(
                200, b"{}", {"content-type": "application/json", "x-mockmessenger": "external"}
            )

    # -- internals ---------------------------------------------------------
    async def _answer(self, flow: http.HTTPFlow) -> None:
        try:
            response = await self._handle(graph_request(flow))
        except Exception:
            log.exception(
                "the fake Graph API failed on %s %s", flow.request.method, flow.request.path
            )
            flow.response = http.Response.make(
                500,
                graph_error_body(
                    "An unexpected error has occurred. Please retry your request later.",
                    2,
                    "OAuthException",
                ),
                {"content-type": "application/json"},
            )
            return
        headers = dict(response.headers or {})
        headers.setdefault("content-type", "application/json; charset=UTF-8")
        flow.response = http.Response.make(response.status, response.body, headers)

    async def _handle(self, request: Any) -> Any:
        """``platform.handle`` is fast and thread-safe: call it inline, unless a latency
        fault is armed (the platform then sleeps) and mitmproxy's loop must stay free."""
        faults = getattr(self.platform, "faults", None)
        if faults is not None and any(f.kind == "latency" for f in faults.armed):
            return await asyncio.to_thread(self.platform.handle, request)
        return self.platform.handle(request)

    def _platform_hosts(self) -> frozenset[str]:
        config = getattr(self.platform, "config", None)
        return frozenset(getattr(config, "graph_hosts", ()) or ())

    def _redirect_to_upstream(self, flow: http.HTTPFlow) -> None:
        target = urlsplit(self.upstream)
        flow.request.scheme = target.scheme or "http"
        flow.request.host = target.hostname or "127.0.0.1"
        flow.request.port = target.port or (443 if flow.request.scheme == "https" else 80)

    def _record_external(self, flow: http.HTTPFlow, blocked: bool = False) -> None:
        """Log a non-Graph (or blocked) request in the platform's egress, for the harness's guard."""
        if self.platform is None:
            return
        record = egress_record(flow, index=self._external_index, source="external")
        if blocked:
            record = dataclasses.replace(record, meta={**record.meta, "blocked": True})
        self._external_index += 1
        self.platform.record_external(record)

    @staticmethod
    def _platform_from_options() -> Any:
        from mockmessenger.platform import Platform, PlatformConfig

        options = ctx.options
        config = PlatformConfig(
            page_id=options.graph_page_id,
            page_name=options.graph_page_name,
            app_id=options.graph_app_id,
            app_secret=options.graph_app_secret,
            access_token=options.graph_access_token,
            verify_token=options.graph_verify_token,
            seed=options.graph_seed,
        )
        log.info("fake Graph platform for page %s", options.graph_page_id)
        return Platform(config)


addons = [FakeGraph()]
