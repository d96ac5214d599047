"""Which code page bytes that are not UTF-8 were written in, and decoding them without guessing silently.

UTF-8 is always tried first. Otherwise `charset-normalizer` ranks the code pages that decode a sample
cleanly; among those it finds equally plausible (it often ties cp1250, cp1252 and cp1257 on a few
accented letters), the most common one for data exports wins, by the order of `PREFERRED`.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from catalog.digests import folder

PREFERRED = (
    "utf_8", "utf_16", "cp1252", "latin_1", "iso8859_15", "cp850", "cp437", "cp1250", "cp852", "cp1251",
    "cp866", "koi8_r", "cp1253", "cp1254", "cp1257", "cp932", "shift_jis", "euc_jp", "gb18030", "gbk",
    "big5", "cp949", "euc_kr",
)  # fmt: skip
"""Code pages in order of preference when the detector finds several equally plausible (Western first)."""
MAX_CHAOS = 0.5
"""The detector's 'mess' ratio above which a code page is not considered (its default, 0.2, rejects
short Polish or Czech samples in their own code page)."""
CHAOS_MARGIN = 0.02
"""Candidates at most this much messier than the best are ties, settled by `PREFERRED`. The detector's
language 'coherence' is not used: on a few accented names it is noise (cp850 text scores 0)."""
MIXED_FALLBACK = "cp1252"
"""In a UTF-8 file, bytes that are not UTF-8 are read in this code page (Windows text pasted in); a byte
it lacks stops the load at that line and byte."""
SAMPLE_MAX = 256 * 1024
"""Bytes of undecodable values (or text) handed to the detector."""


def canonical(name: str) -> str:
    """Python's canonical codec name ('Windows-1252' -> 'cp1252'); LookupError for an unknown encoding."""
    return codecs.lookup(name).name.replace("-", "_")


def shown(name: str) -> str:
    """How an encoding is named to a person: 'cp1252', 'utf-8', 'latin-1', 'shift_jis'."""
    return {"utf_8": "utf-8", "utf_16": "utf-16", "iso8859_1": "latin-1", "latin_1": "latin-1"}.get(
        canonical(name), canonical(name)
    )


def is_utf8(head: bytes) -> bool:
    """Whether `head` (the first bytes of a file) is UTF-8, perhaps with a character cut at its end."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.reason == "unexpected end of data" and _decodes(head[: e.start], "utf_8")
    return True


def detect(sample: bytes) -> str | None:
    """The code page `sample` was most likely written in (a canonical codec name), or None if none fits."""
    sample = sample[:SAMPLE_MAX]
    if is_utf8(sample):
        return "utf_8"
    matches = list(from_bytes(sample, threshold=MAX_CHAOS))
    if not matches:
        return None
    chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= chaos + CHAOS_MARGIN]
    names = [canonical(n) for m in close for n in (m.encoding, *m.could_be_from_charset)]
    names = [n for n in names if not n.startswith(("utf_16", "utf_32"))]  # those come with a BOM
    ranked = sorted(set(names), key=lambda n: PREFERRED.index(n) if n in PREFERRED else len(PREFERRED))
    for name in ranked:
        if _decodes(sample, name):
            return name
    return None


def _decodes(sample: bytes, name: str) -> bool:
    try:
        sample.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def detect_values(values: Iterable[bytes]) -> str | None:
    """The code page of a set of short values (SQLite TEXT that is not UTF-8): detected over them all."""
    parts: list[bytes] = []
    size = 0
    for v in values:
        parts.append(v)
        size += len(v) + 1
        if size >= SAMPLE_MAX:
            break
    return detect(b"\n".join(parts)) if parts else None


def count_non_ascii(path: Path) -> int:
    """Bytes of a file that are not ASCII (one streaming pass; ASCII blocks cost almost nothing)."""
    high = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            high += non_ascii(chunk)
    return high


def non_ascii(data: bytes) -> int:
    """How many bytes of `data` are not ASCII."""
    return 0 if data.isascii() else len(data) - len(data.translate(None, HIGH_BYTES))


HIGH_BYTES = bytes(range(128, 256))


# ---------------------------------------------------------------- text files

CHUNK = 1 << 20
"""Bytes read at a time when scanning or transcoding a file."""
BOMS = ((b"\xef\xbb\xbf", "utf_8"), (b"\xff\xfe", "utf_16_le"), (b"\xfe\xff", "utf_16_be"))


class EncodingError(ValueError):
    """A byte that neither UTF-8 nor the chosen code page can read: `line` and `byte` say where."""

    def __init__(self, line: int, byte: int, column: int, encoding: str, fallback: str | None = None) -> None:
        self.line, self.byte, self.column, self.encoding = line, byte, column, encoding
        what = (
            f"neither {shown(encoding)} nor {shown(fallback)}" if fallback else f"not valid {shown(encoding)}"
        )
        where = f" (character {column})" if column else ""
        super().__init__(f"line {line:,}: byte 0x{byte:02X}{where} is {what}")


@dataclass(frozen=True)
class TextEncoding:
    """How a text file was read."""

    name: str
    """The encoding of the file as a person names it ('utf-8', 'cp1252', 'utf-16')."""
    non_ascii: int | None = None
    """Bytes of the file that are not ASCII; None when the file was read directly without counting."""
    legacy_lines: tuple[int, ...] = ()
    """In a UTF-8 file, the first few lines that were not UTF-8 (read with `fallback`)."""
    legacy_count: int = 0
    """How many lines were read with `fallback`."""
    fallback: str = ""
    """The code page of the lines that were not UTF-8."""
    chosen_by: str = "detected"
    """'detected', 'bom', or 'option' (--encoding / cra.toml)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the fields a profile shows."""
        return {
            "name": self.name,
            "chosen_by": self.chosen_by,
            "non_ascii_bytes": self.non_ascii,
            "fallback": self.fallback or None,
            "fallback_lines": self.legacy_count,
            "first_fallback_lines": list(self.legacy_lines),
        }


def describe(d: dict[str, Any]) -> str:
    """One line from `TextEncoding.as_dict()`: 'cp1252 (detected), 3 bytes not ASCII'."""
    chosen = {"bom": "byte-order mark", "option": "as set"}.get(d["chosen_by"], d["chosen_by"])
    text = f"{d['name']} ({chosen})"
    if d.get("non_ascii_bytes") is not None:
        text += f", {d['non_ascii_bytes']:,} bytes not ASCII"
    if d.get("fallback_lines"):
        lines = ", ".join(f"{n:,}" for n in d["first_fallback_lines"])
        more = ", ..." if d["fallback_lines"] > len(d["first_fallback_lines"]) else ""
        n = d["fallback_lines"]
        text += f"; {n:,} line{'s' if n > 1 else ''} not UTF-8 read as {d['fallback']} (line {lines}{more})"
    return text


def bom(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `head` announces."""
    return next((enc for mark, enc in BOMS if head.startswith(mark)), None)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(first line number, block of whole lines) over the file, in blocks of about CHUNK bytes."""
    line = 1
    rest = b""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            block = rest + chunk
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                rest = block
                continue
            yield line, block[:cut]
            line += block.count(b"\n", 0, cut)
            rest = block[cut:]
    if rest:
        yield line, rest


@dataclass
class Scan:
    """What one pass over a file found: non-ASCII bytes and the lines that are not UTF-8."""

    non_ascii: int = 0
    bad_lines: list[int] = field(default_factory=list)
    """Numbers of the first lines that are not UTF-8."""
    bad_count: int = 0
    utf8_lines: int = 0
    """Lines with characters that are not ASCII, in UTF-8."""
    sample: bytearray = field(default_factory=bytearray)
    """Those lines (up to SAMPLE_MAX bytes): what the code page is detected on."""


ESCAPED = re.compile(r"[\udc80-\udcff]")
"""A byte UTF-8 rejects, as decoded with 'surrogateescape'."""


def scan(path: Path, keep: int = 20) -> Scan:
    """One pass: non-ASCII bytes, and the lines that are not UTF-8."""
    out = Scan()
    for first, block in _lines(path):
        if block.isascii():
            continue
        out.non_ascii += non_ascii(block)
        for i, line in enumerate(block.decode("utf-8", "surrogateescape").split("\n")):
            if line.isascii():
                continue
            if not ESCAPED.search(line):
                out.utf8_lines += 1
                continue
            out.bad_count += 1
            if len(out.bad_lines) < keep:
                out.bad_lines.append(first + i)
            if len(out.sample) < SAMPLE_MAX:
                out.sample += line.encode("utf-8", "surrogateescape") + b"\n"
    return out


def transcode(path: Path, target: Path, encoding: str, fallback: str | None) -> int:
    """Write `path` as UTF-8 to `target`: each line in `encoding`, or when `fallback` is given, each line
    in UTF-8 and else in `fallback`; return the bytes of `path` that are not ASCII.
    Raises EncodingError at the first byte that cannot be read."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    high = 0
    try:
        with tmp.open("wb") as out:
            if encoding.startswith("utf_16"):  # lines cannot be cut on b"\n": decode as a stream
                high = _transcode_stream(path, out, encoding)
            else:
                for first, block in _lines(path):
                    high += non_ascii(block)
                    out.write(_decode_block(block, first, encoding, fallback).encode("utf-8"))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return high


def _transcode_stream(path: Path, out: BinaryIO, encoding: str) -> int:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    line, first, high = 1, True, 0
    with path.open("rb") as f:
        while True:
            chunk = f.read(CHUNK)
            high += non_ascii(chunk)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                done = e.object[: e.start].decode(encoding, errors="ignore")
                raise EncodingError(line + done.count("\n"), e.object[e.start], 0, encoding) from None
            if first:
                text, first = text.removeprefix("\ufeff"), False
            out.write(text.encode("utf-8"))
            line += text.count("\n")
            if not chunk:
                return high


def first_error(path: Path, encoding: str) -> EncodingError | None:
    """Where `path` first stops being `encoding` (a line-based encoding), or None."""
    for first, block in _lines(path):
        try:
            _decode_block(block, first, encoding, None)
        except EncodingError as e:
            return e
    return None


def _decode_block(block: bytes, first: int, encoding: str, fallback: str | None) -> str:
    if block.isascii():
        return block.decode("ascii")
    errors = _fallback_handler(fallback) if fallback else "strict"
    try:
        return block.decode(encoding, errors)
    except UnicodeDecodeError:
        pass
    for i, line in enumerate(block.splitlines(keepends=True)):  # find the line and byte to name
        try:
            line.decode(encoding, errors)
        except UnicodeDecodeError as e:
            column = len(line[: e.start].decode(encoding, errors="replace")) + 1
            raise EncodingError(first + i, line[e.start], column, encoding, fallback) from None
    raise AssertionError("a block that does not decode has a line that does not")  # pragma: no cover


def _fallback_handler(fallback: str) -> str:
    """The name of a codecs error handler that reads bytes UTF-8 rejects in the code page `fallback`
    (strictly: a byte it lacks is still an error, at that byte)."""
    name = f"cra-{fallback}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handler(e: UnicodeError) -> tuple[str, int]:
            assert isinstance(e, UnicodeDecodeError)
            bad = e.object[e.start : e.end]
            try:
                return bad.decode(fallback), e.end
            except UnicodeDecodeError as inner:
                at = e.start + inner.start
                raise UnicodeDecodeError(e.encoding, e.object, at, at + 1, "not in fallback") from None

        codecs.register_error(name, handler)
    return name


COPY_VERSION = 3
"""Part of a copy's name: raise it when the transcoding changes, so older copies are not used."""
KEEP_COPIES = 4
"""Transcoded copies kept in the cache (the newest); a load needs its copy only while it reads it."""


def cached_copy(path: Path, encoding: str, fallback: str | None, digest: str) -> tuple[Path, int]:
    """(the UTF-8 copy of `path` read as `encoding` [line by line UTF-8, else `fallback`], bytes not ASCII).

    The copy lives in the cache folder, named by the file's content hash and the reading, so a file is
    transcoded once; it is never written beside the user's file.
    """
    out = _copies()
    out.mkdir(parents=True, exist_ok=True)
    target = (
        out
        / f"{digest[:32]}.v{COPY_VERSION}.{encoding}.{fallback or 'strict'}{path.suffix.lower() or '.txt'}"
    )
    counted = target.with_suffix(target.suffix + ".count")
    if target.is_file() and counted.is_file():
        with contextlib.suppress(ValueError, OSError):
            os.utime(target)
            return target, int(counted.read_text())
    high = transcode(path, target, encoding, fallback)
    counted.write_text(str(high))
    _prune(out)
    return target, high


def cached_newline_copy(path: Path, digest: str) -> Path:
    """A copy of `path` (a one-byte or UTF-8 text) in the cache with each lone CR made a newline: the line
    ends of an old Mac export, which DuckDB's CSV reader does not split on. Made once per content."""
    out = _copies()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{digest[:32]}.v{COPY_VERSION}.lf{path.suffix.lower() or '.txt'}"
    if target.is_file():
        with contextlib.suppress(OSError):
            os.utime(target)
            return target
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    try:
        tmp.write_bytes(re.sub(rb"\r\n?", b"\n", path.read_bytes()))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _prune(out)
    return target


def _copies() -> Path:

    return folder().parent / "text"


def remembered_reading(digest: str) -> tuple[str, str | None, TextEncoding] | None:
    """(encoding, fallback, TextEncoding) a file of this content was read with before, if remembered."""
    try:
        saved = json.loads((_copies() / f"{digest[:32]}.v{COPY_VERSION}.reading.json").read_text())
        info = saved["info"] | {"legacy_lines": tuple(saved["info"]["legacy_lines"])}
        return saved["encoding"], saved["fallback"], TextEncoding(**info)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_reading(digest: str, encoding: str, fallback: str | None, info: TextEncoding) -> None:
    """Remember how a file of this content is read, so that the next load skips the scan."""
    fields = dataclasses.asdict(info) | {"legacy_lines": list(info.legacy_lines)}
    saved = {"encoding": encoding, "fallback": fallback, "info": fields}
    with contextlib.suppress(OSError):
        (_copies() / f"{digest[:32]}.v{COPY_VERSION}.reading.json").write_text(json.dumps(saved))


def _prune(out: Path) -> None:
    copies = sorted(
        (p for p in out.iterdir() if not p.name.startswith(".") and not p.name.endswith((".count", ".json"))),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in copies[KEEP_COPIES:]:
        old.unlink(missing_ok=True)
        old.with_suffix(old.suffix + ".count").unlink(missing_ok=True)
        digest, version = old.name.split(".")[:2]
        (out / f"{digest}.{version}.reading.json").unlink(missing_ok=True)
