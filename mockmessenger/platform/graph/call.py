"""One Graph call being handled: the request, where it points, and what it touched."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockmessenger.platform.http import GraphRequest, UploadedFile, decode_json_param

if TYPE_CHECKING:
    from mockmessenger.platform.core import Platform


@dataclass(slots=True)
class Call:
    platform: Platform
    request: GraphRequest
    method: str
    version: str | None
    parts: list[str]
    params: dict[str, Any]
    files: list[UploadedFile]
    exchange_index: int
    token: str | None = None
    psid: str | None = None
    kind: str = "unknown"
    headers: dict[str, str] = field(default_factory=dict)

    def param(self, name: str, default: Any = None) -> Any:
        """A parameter, JSON strings decoded into the object they carry."""
        return decode_json_param(self.params.get(name, default), name)

    @property
    def is_page_node(self) -> bool:
        return bool(self.parts) and self.parts[0] in ("me", self.platform.config.page_id)

    def fields(self) -> list[str]:
        raw = self.param("fields")
        if raw is None:
            return []
        if isinstance(raw, list):
            return [str(f).strip() for f in raw if str(f).strip()]
        return [f.strip() for f in str(raw).split(",") if f.strip()]
