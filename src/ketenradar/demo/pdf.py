"""A minimal, deterministic PDF writer for the demo's brochures and certificates.

Plain text in Helvetica (WinAnsi), one or more A4 pages; no dates but a fixed one, no random ids,
so the same input gives the same bytes. Text extractors such as pypdf read it back.
"""

from __future__ import annotations

import textwrap

_FIXED_DATE = "D:20240301120000Z"


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(title: str, lines: list[str], width: int = 90) -> bytes:
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width) or [""])
    per_page = 52
    chunks = [wrapped[i : i + per_page] for i in range(0, len(wrapped), per_page)] or [[]]
    objects: list[bytes] = []
    n_pages = len(chunks)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
    page_ids = [5 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n_pages).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(
        b"<< /Title ("
        + _escape(title)
        + b") /Producer (ketenradar demo world) /CreationDate ("
        + _FIXED_DATE.encode()
        + b") /ModDate ("
        + _FIXED_DATE.encode()
        + b") >>"
    )
    for i, chunk in enumerate(chunks):
        ops = [b"BT /F1 11 Tf 14 TL 56 790 Td"]
        for line in chunk:
            ops.append(b"(" + _escape(line) + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents " + str(page_ids[i] + 1).encode() + b" 0 R >>"
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
