"""The text encoding of a shapefile that does not say it, found by decoding its .dbf.

A .cpg file or a Chinese code-page byte in the .dbf header (byte 29, the dBASE "language driver")
is trusted, as GDAL does. Without them the file may be UTF-8, GBK (mainland data) or Big5 (Taiwan,
Hong Kong): ArcMap marks such files "ANSI" (0x57), which GDAL reads as ISO-8859-1 ("和平区" becomes
"ºÍÆ½Çø"), and a file without a mark is read as UTF-8 or garbled. Each candidate decodes the text
fields strictly; of those that succeed, UTF-8 wins outright (GBK and Big5 bytes are almost never
valid UTF-8), then the reading with the larger share of frequently used Chinese characters: GB 2312
level 1 for GBK, Big5's "frequently used" block for Big5 (each read as the other gives rarer or no
characters). The caller reports the choice; the user can always name the encoding instead.
"""
from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EncodingGuess", "needs_guess", "guess_encoding", "check_encoding", "decodes", "dbf_path", "text_values"]

#: dBASE language-driver ids that do not name a Chinese code page: none, and ArcMap's "ANSI".
_UNMARKED = {0x00: "no code page", 0x57: "the code page 'ANSI' (0x57)"}
_CANDIDATES = ("UTF-8", "GBK", "Big5")
#: Values sampled from the .dbf: plenty to tell the encodings apart, bounded for 100k-row files.
_MAX_VALUES = 20_000


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str
    #: Planner-readable reason, or "" when the text is plain ASCII (nothing needed guessing).
    note: str


def dbf_path(shp: Path) -> Path | None:
    return next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.exists()), None)


def needs_guess(path: Path) -> bool:
    """A shapefile whose .dbf neither has a .cpg nor a code page GDAL would honour."""
    if path.suffix.lower() != ".shp" or path.with_suffix(".cpg").exists() or path.with_suffix(".CPG").exists():
        return False
    dbf = dbf_path(path)
    if dbf is None:
        return False
    with open(dbf, "rb") as handle:
        header = handle.read(32)
    return len(header) < 30 or header[29] in _UNMARKED


def text_values(dbf: Path, limit: int = _MAX_VALUES) -> list[bytes]:
    """Raw bytes of the non-ASCII character fields and field names of a dBASE file."""
    data = dbf.read_bytes()
    if len(data) < 32:
        return []
    records, header_length, record_length = struct.unpack("<IHH", data[4:12])
    values, fields, offset, position = [], [], 1, 32  # each record starts with a deletion flag
    while position + 32 <= min(header_length, len(data)) and data[position] != 0x0D:
        descriptor = data[position:position + 32]
        name, kind, length = descriptor[:11].split(b"\0")[0], descriptor[11:12], descriptor[16]
        values.append(name)
        if kind == b"C":
            fields.append((offset, length))
        offset += length
        position += 32
    for record in range(records):
        start = header_length + record * record_length
        if start + record_length > len(data) or len(values) >= limit:
            break
        for field_offset, length in fields:
            values.append(data[start + field_offset:start + field_offset + length].rstrip(b" \0"))
    return [v for v in values if any(b >= 0x80 for b in v)]


def check_encoding(name: str) -> str:
    """The codec's canonical spelling; ValueError naming the unknown encoding."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown text encoding {name!r} (e.g. UTF-8, GBK, Big5)") from None


def decodes(values: list[bytes], encoding: str) -> bool:
    try:
        for value in values:
            value.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def guess_encoding(path: Path) -> EncodingGuess:
    """The encoding of an unmarked shapefile's text (Latin-1, with a warning, when no candidate decodes it)."""
    dbf = dbf_path(path)
    values = text_values(dbf) if dbf is not None else []
    if not values:
        return EncodingGuess("UTF-8", "")
    header_byte = dbf.read_bytes()[29]
    readable = [e for e in _CANDIDATES if decodes(values, e)]
    mark = _UNMARKED.get(header_byte, "no code page")
    if not readable:  # Latin-1 maps every byte to a character: nothing lost, and the warning says so
        return EncodingGuess("ISO-8859-1", f"{path.name} has no .cpg file and its text is not UTF-8, GBK or Big5: "
                                           f"read as Latin-1, so some characters may be wrong; give its encoding")
    if readable[0] == "UTF-8":
        return EncodingGuess("UTF-8", "")
    shares = {e: _frequent_share(values, e) for e in readable}
    choice = max(readable, key=lambda e: shares[e])  # max keeps the first (GBK) on a tie
    others = [e for e in readable if e != choice]
    why = (f"of {' and '.join(readable)}, it gives the most common Chinese characters ({shares[choice]:.0%} "
           f"against {', '.join(f'{shares[e]:.0%}' for e in others)})" if others else f"only {choice} decodes it")
    return EncodingGuess(choice, f"{path.name} has no .cpg file and its .dbf names {mark}: text read as {choice} "
                                 f"({why}); give the encoding if this is wrong")


def _frequent_share(values: list[bytes], encoding: str) -> float:
    """Share of the non-ASCII characters that are frequently used Chinese ones in ``encoding``."""
    total = frequent = 0
    for value in values:
        for char in value.decode(encoding):
            if ord(char) < 0x80:
                continue
            total += 1
            frequent += _is_frequent(char, encoding)
    return frequent / total if total else 0.0


def _is_frequent(char: str, encoding: str) -> bool:
    try:
        encoded = char.encode("gb2312" if encoding == "GBK" else "big5")
    except UnicodeEncodeError:
        return False
    if len(encoded) != 2:
        return False
    if encoding == "GBK":
        return 0xB0 <= encoded[0] <= 0xD7  # GB 2312 level 1: the 3,755 most used hanzi
    return 0xA440 <= int.from_bytes(encoded, "big") <= 0xC67E  # Big5 常用字: 5,401 frequent characters
