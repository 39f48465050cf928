"""What the sanitiser made of each page's content in the last published build, so that `build` after one edit runs
nh3 again only on the pages whose Markdown-rendered content changed.

An entry maps the SHA-256 of a fragment as MkDocs rendered it to nh3's output for it. It is used only under the
settings it was made with (`key`, from sanitize.memo_key: nh3's version, the sanitiser's code and allow-lists),
and only if its check (a digest of the key, the input digest and the output) holds, so a changed page, a changed
allow-list, an upgraded nh3 or a corrupt line means the fragment is sanitised again. The memo is rewritten after each build with
exactly the entries that build used, so it never grows beyond one entry per page. (The audit of the built pages
still runs after the publisher, as it did without the memo.)
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

FILE = "sanitized.memo"
_HEADER = "briefsite-sanitize-memo 1"


class SanitizeMemo:
    """The memo file at `path` for the settings `key`, loaded once; `clean` answers from it or sanitises, `save`
    keeps what was used."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self.hits = 0
        # input digest -> the rest of its line (check, output as JSON), as bytes: kept undecoded until asked for
        self._old: dict[bytes, bytes] = {}
        self._used: dict[bytes, bytes] = {}
        try:
            lines = path.read_bytes().split(b"\n")
        except OSError:
            return
        if lines[0] != self._header():
            return
        for line in lines[1:]:
            digest, tab, rest = line.partition(b"\t")
            if tab:
                self._old[digest] = rest

    def clean(self, fragment: str, sanitise: Callable[[str], str]) -> str:
        """`sanitise(fragment)`, from the memo when it holds a sound entry for exactly this fragment."""
        digest = hashlib.sha256(fragment.encode("utf-8", "surrogatepass")).hexdigest().encode()
        rest = self._used.get(digest) or self._old.get(digest)
        if rest is not None:
            output = self._sound(digest, rest)
            if output is not None:
                self.hits += 1
                self._used[digest] = rest
                return output
        output = sanitise(fragment)
        encoded = json.dumps(output, ensure_ascii=False).encode("utf-8", "surrogatepass")
        self._used[digest] = self._check(digest, encoded) + b"\t" + encoded
        return output

    def save(self) -> None:
        """Write the entries this build used (sorted, so the file is the same for the same pages), atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = b"\n".join([self._header(), *(d + b"\t" + self._used[d] for d in sorted(self._used))]) + b"\n"
        handle, temp = tempfile.mkstemp(prefix=FILE, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _header(self) -> bytes:
        return f"{_HEADER} {self.key}".encode()

    def _check(self, digest: bytes, encoded: bytes) -> bytes:
        """A digest of the settings key, the input's digest and the stored output (its JSON bytes)."""
        return hashlib.sha256(self.key.encode() + b"\0" + digest + b"\0" + encoded).hexdigest().encode()

    def _sound(self, digest: bytes, rest: bytes) -> str | None:
        check, tab, encoded = rest.partition(b"\t")
        if not tab or check != self._check(digest, encoded):
            return None
        try:
            output = json.loads(encoded)
        except ValueError:  # also a UnicodeDecodeError
            return None
        return output if isinstance(output, str) else None
