"""Item pipeline of the crawl worker: hand every item to the parent process, one JSON line each.

The worker never touches the store (DuckDB allows one writing process, the CLI holds it); the
parent (`writer.StoreWriter`) commits what arrives in small transactions. The records of one response
are written and flushed together, so a killed worker loses at most the response it was writing.
"""

from __future__ import annotations

import base64
import json
import threading
from typing import IO, Any

_channel: IO[bytes] | None = None
_lock = threading.Lock()


def set_channel(stream: IO[bytes]) -> None:
    """The binary stream the items go to (the worker's original stdout)."""
    global _channel
    _channel = stream


def emit(item: dict[str, Any]) -> None:
    """Send one item to the parent (thread-safe: log records may come from other threads)."""
    if _channel is None:
        raise RuntimeError("crawl worker channel not set")
    emit_many([item])


def emit_many(items: list[dict[str, Any]]) -> None:
    """Send several items with one write and one flush."""
    if _channel is None:
        raise RuntimeError("crawl worker channel not set")
    data = b"".join(encode(item) for item in items)
    with _lock:
        _channel.write(data)
        _channel.flush()


def encode(item: dict[str, Any]) -> bytes:
    data = dict(item)
    body = data.pop("body", None)
    if body is not None:
        data["body_b64"] = base64.b64encode(body).decode("ascii")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    data = json.loads(line)
    body = data.pop("body_b64", None)
    if body is not None:
        data["body"] = base64.b64decode(body)
    return data


class EmitPipeline:
    """Writes items to the channel set by the worker."""

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        # The site spider hands over a response's records as one item (`spider.batched`).
        emit_many(item["records"] if item.get("type") == "records" else [item])
        return item
