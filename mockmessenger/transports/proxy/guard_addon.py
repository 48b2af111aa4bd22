"""mitmproxy addon: scan every egress flow with the boundary guard; report or block.

Every request leaving through the proxy, to Meta or anywhere else the policy does
not trust, becomes an :class:`EgressRecord` and goes through :meth:`Guard.scan`
*before* it is forwarded. In ``block`` mode a request with findings is answered
``403`` with a Graph-style error and never leaves. Usable alone, e.g. in front of
a staging bot::

    mitmdump -s mockmessenger/transports/proxy/guard_addon.py \\
        --set connection_strategy=lazy --set guard_mode=block \\
        --set guard_policy=policy.yaml --set guard_report=findings.jsonl

Findings are logged and written masked (never the value itself).
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from mitmproxy import ctx, exceptions, http

from mockmessenger.transports.proxy.flows import egress_record, graph_error_body, is_inbound

log = logging.getLogger("mockmessenger.proxy.guard")

MODES = ("report", "block")
BLOCK_STATUS = 403
#: Graph error code the block answer carries (Meta's "permission denied" family).
BLOCK_CODE = 200


class GuardAddon:
    """Scans requests before they leave; ``guard=None`` builds one from options.

    ``findings`` and ``blocked`` (records refused) are readable from any thread.
    """

    def __init__(self, guard: Any = None, *, mode: str = "report", policy: Any = None) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.guard = guard
        self._own_guard = guard is None
        self.policy = policy if policy is not None else getattr(guard, "policy", None)
        self.mode = mode
        self.findings: list[Any] = []
        self.blocked: list[Any] = []
        self.scanned = 0
        self.report_path: Path | None = None
        self._lock = threading.Lock()

    # -- mitmproxy hooks ---------------------------------------------------
    def load(self, loader: Any) -> None:
        loader.add_option("guard_mode", str, self.mode, "'report' findings, or 'block' requests.")
        loader.add_option("guard_policy", str, "", "Policy YAML file (default policy if empty).")
        loader.add_option("guard_report", str, "", "Append findings (masked) to this JSONL file.")

    def configure(self, updated: set[str]) -> None:
        if "guard_mode" in updated:
            if ctx.options.guard_mode not in MODES:
                raise exceptions.OptionsError(
                    f"guard_mode must be one of {MODES}, not {ctx.options.guard_mode!r}"
                )
            self.mode = ctx.options.guard_mode
        if "guard_report" in updated:
            self.report_path = Path(ctx.options.guard_report) if ctx.options.guard_report else None
        if self._own_guard and ("guard_policy" in updated or self.guard is None):
            self.guard, self.policy = self._guard_from_options()
        if self.policy is None:
            from mockmessenger.boundary import Policy

            self.policy = Policy.default()

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None or is_inbound(flow):
            return
        if self.policy is not None and self.policy.is_trusted(flow.request.host):
            return
        with self._lock:
            record = egress_record(flow, index=self.scanned)
            self.scanned += 1
            findings = list(self.guard.scan(record))
            self.findings.extend(findings)
        if not findings:
            return
        for finding in findings:
            log.warning("guard: %s -> %s", finding.summary(), flow.request.host)
        self._write_report(findings)
        if self.mode == "block":
            with self._lock:
                self.blocked.append(record)
            flow.response = self._block_response(findings)
            flow.metadata["mockmessenger_blocked"] = True

    # -- internals ---------------------------------------------------------
    @staticmethod
    def _block_response(findings: list[Any]) -> http.Response:
        what = ", ".join(sorted({f"{f.category} at {f.path}" for f in findings}))
        message = f"Blocked by the mockmessenger guard: {what}"
        return http.Response.make(
            BLOCK_STATUS,
            graph_error_body(message, BLOCK_CODE, "MockMessengerGuardBlocked"),
            {"content-type": "application/json", "x-mockmessenger-guard": "blocked"},
        )

    def _write_report(self, findings: list[Any]) -> None:
        if self.report_path is None:
            return
        lines = "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
        with self._lock, self.report_path.open("a", encoding="utf-8") as handle:
            handle.write(lines)

    @staticmethod
    def _guard_from_options() -> tuple[Any, Any]:
        from mockmessenger.boundary import Guard, Policy
        from mockmessenger.errors import InputError

        path = ctx.options.guard_policy
        try:
            policy = Policy.load(path) if path else Policy.default()
        except InputError as exc:
            raise exceptions.OptionsError(str(exc)) from None
        return Guard(policy=policy), policy


addons = [GuardAddon()]
