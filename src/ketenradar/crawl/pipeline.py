"""Item pipeline of the crawl worker: hand every item to the parent process, one frame each.

The worker never touches the store (DuckDB allows one writing process, the CLI holds it); the
parent (`writer.StoreWriter`) commits what arrives in small transactions. The records of one response
are written and flushed together, so a killed worker loses at most the response it was writing.

A frame is one JSON line; an item with a page body has `{"body_len":N,` first in that line and its N
raw bytes follow the newline. (Base64 in the JSON cost both processes an encode and a decode per page
and a third more bytes on the pipe.)
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
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


_BODY_LEN = re.compile(rb'^\{"body_len":(\d+),')


def encode(item: dict[str, Any]) -> bytes:
    """One frame: the item as a JSON line, its body (bytes) after it, raw."""
    data = dict(item)
    body = data.pop("body", None)
    if body is not None:
        data = {"body_len": len(body), **data}
    line = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    return line if body is None else line + bytes(body)


def decode(frame: bytes) -> dict[str, Any]:
    """The item of one frame (`encode`)."""
    end = frame.index(b"\n") if _BODY_LEN.match(frame) else len(frame)
    data = json.loads(frame[:end])
    length = data.pop("body_len", None)
    if length is not None:
        data["body"] = frame[end + 1 : end + 1 + length]
    return data


def frames(stream: IO[bytes]) -> Iterator[bytes]:
    """The frames (`encode`) read from a stream, whole, until its end. Blank lines are skipped."""
    while True:
        line = stream.readline()
        if not line:
            return
        found = _BODY_LEN.match(line)
        if found:
            body = stream.read(int(found.group(1)))
            if len(body) < int(found.group(1)):
                return  # the worker died mid-frame: that item is lost and fetched again next run
            yield line + body
        elif line.strip():
            yield line


class EmitPipeline:
    """Writes items to the channel set by the worker."""

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        # The site spider hands over a response's records as one item (`spider.batched`).
        emit_many(item["records"] if item.get("type") == "records" else [item])
        return item
