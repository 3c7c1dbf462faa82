"""The largest row and column a chunk of worksheet XML refers to, in a few array operations.

`sheetsize` must see every cell reference (`r="AB12"`) of a sheet before any reader builds its grid.
Matching them with a regular expression costs Python a match object per reference: 3.6 million of
them in a 200,000-row roster, seconds of work. Here the chunk is one NumPy byte array: the
positions of ` r="` are found at once, the bytes after each are gathered into a small matrix, and
letters and digits become column and row numbers by weighted sums.

Only plain references are read this way: up to three upper-case letters, then one to nine digits
(eight beside three letters), then the closing quote. A chunk holding any other shape after ` r="`
(lower case, longer numbers, no digits) gets None, and the caller matches that chunk with its
regular expression as before.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

_NARROW: Final = 8  # most references ("Q200000" and its quote) fit in this many bytes
_WIDE: Final = 12  # up to three letters, up to nine digits (fewer beside letters), the closing quote
_SPACES: Final = np.zeros(256, dtype=bool)
_SPACES[[ord(" "), ord("\t"), ord("\r"), ord("\n")]] = True
_UPPER, _DIGIT, _QUOTE, _OTHER = 1, 2, 4, 8
_CLASS: Final = np.full(256, _OTHER, dtype=np.uint8)
_CLASS[ord("A") : ord("Z") + 1] = _UPPER
_CLASS[ord("0") : ord("9") + 1] = _DIGIT
_CLASS[ord('"')] = _QUOTE
_TENS: Final = 10 ** np.arange(9, dtype=np.int64)  # the weight of the k-th digit before the quote

Bytes = npt.NDArray[np.uint8]


def extent(text: bytes) -> tuple[int, int] | None:
    """(largest row, largest column) of the references after whitespace in `text`, (0, 0) for none;
    None when a reference is not plain. References that start in the last `_WIDE` bytes are left
    for the next chunk, which the caller begins with this one's tail."""
    a = np.frombuffer(text, dtype=np.uint8)
    if a.size < _WIDE + 4:
        return None
    equals = np.flatnonzero(a[2 : a.size - _WIDE - 1] == ord("=")) + 2  # one per attribute: few
    equals = equals[(a[equals - 1] == ord("r")) & (a[equals + 1] == ord('"'))]
    starts = equals[_SPACES[a[equals - 2]]] + 2
    if starts.size == 0:
        return 0, 0
    found = _plain(a, starts, _NARROW)
    if found is None:
        found = _plain(a, starts, _WIDE)
    return found


def _plain(a: Bytes, starts: npt.NDArray[np.intp], width: int) -> tuple[int, int] | None:
    """The extent of the references at `starts` if all are plain within `width` bytes, else None."""
    positions = np.arange(width)
    w = a[starts[:, None] + positions]
    kind = _CLASS[w]
    quote = kind == _QUOTE
    if not quote.any(axis=1).all():
        return None
    end = np.argmax(quote, axis=1)  # the closing quote, relative to the reference's start
    before = end[:, None] > positions
    letters = ((kind == _UPPER) & before).sum(axis=1)
    figures = end - letters
    # Plain: letters and digits only before the quote, letters first, at most three, then digits.
    if (
        ((kind > _DIGIT) & before).any()
        or ((kind[:, :-1] == _DIGIT) & (kind[:, 1:] == _UPPER)).any()
        or (letters > 3).any()
        or (figures < 1).any()
        or (figures > len(_TENS)).any()
    ):
        return None
    digits_at = min(width - 1, len(_TENS))
    back = end[:, None] - 1 - np.arange(digits_at)  # the digits, right to left
    picked = w[np.arange(w.shape[0])[:, None], np.clip(back, 0, None)].astype(np.int64) - ord("0")
    rows = np.where(back >= letters[:, None], picked, 0) @ _TENS[:digits_at]
    c = w[:, :3].astype(np.int64) - (ord("A") - 1)
    first, second = c[:, 0], c[:, 0] * 26 + c[:, 1]
    columns = np.select([letters == 1, letters == 2, letters == 3], [first, second, second * 26 + c[:, 2]], 0)
    return int(rows.max()), int(columns.max())
