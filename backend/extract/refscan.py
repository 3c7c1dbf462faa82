"""The largest row and column a chunk of worksheet XML refers to, in a few array operations.

`sheetsize` must see every cell reference (`r="AB12"`) of a sheet before any reader builds its grid.
Matching them with a regular expression costs Python a match object per reference: 3.6 million of
them in a 200,000-row roster, seconds of work. Here the chunk is one NumPy byte array: the
positions of ` r="` are found at once, the dozen bytes after each are gathered into a small matrix,
and letters and digits become column and row numbers by weighted sums.

Only plain references are read this way: up to three upper-case letters, then one to nine digits
(eight beside three letters), then the closing quote. A chunk holding any other shape after ` r="`
(lower case, longer numbers, no digits) gets None, and the caller matches that chunk with its
regular expression as before.
"""

from __future__ import annotations

from typing import Final

import numpy as np

_WINDOW: Final = 12  # up to three letters, up to nine digits (fewer beside letters), the closing quote
_SPACES: Final = np.zeros(256, dtype=bool)
_SPACES[[ord(" "), ord("\t"), ord("\r"), ord("\n")]] = True
_POSITIONS: Final = np.arange(_WINDOW)
_TENS: Final = 10 ** np.arange(9, dtype=np.int64)  # the weight of the k-th digit before the quote


def extent(text: bytes) -> tuple[int, int] | None:
    """(largest row, largest column) of the references after whitespace in `text`, (0, 0) for none;
    None when a reference is not plain. References that start in the last `_WINDOW` bytes are left
    for the next chunk, which the caller begins with this one's tail."""
    a = np.frombuffer(text, dtype=np.uint8)
    if a.size < _WINDOW + 4:
        return None
    equals = np.flatnonzero(a[2 : a.size - _WINDOW - 1] == ord("=")) + 2  # one per attribute: few
    equals = equals[(a[equals - 1] == ord("r")) & (a[equals + 1] == ord('"'))]
    starts = equals[_SPACES[a[equals - 2]]] + 2
    if starts.size == 0:
        return 0, 0
    w = a[starts[:, None] + _POSITIONS]
    quote = w == ord('"')
    if not quote.any(axis=1).all():
        return None
    end = np.argmax(quote, axis=1)  # the closing quote, relative to the reference's start
    before = end[:, None] > _POSITIONS
    upper = (w >= ord("A")) & (w <= ord("Z"))
    digit = (w >= ord("0")) & (w <= ord("9"))
    letters = (upper & before).sum(axis=1)
    # Plain: every byte before the quote a letter or a digit, letters first (at most 3), a digit last.
    plain = ((upper | digit) | ~before).all(axis=1) & ~(digit[:, :-1] & upper[:, 1:]).any(axis=1)
    figures = end - letters
    if not (plain.all() and (letters <= 3).all() and (figures >= 1).all() and (figures <= len(_TENS)).all()):
        return None
    rows_of = np.arange(w.shape[0])[:, None]
    back = end[:, None] - 1 - np.arange(len(_TENS))  # the digits, right to left
    digits = np.where(back >= letters[:, None], w[rows_of, np.clip(back, 0, None)].astype(np.int64) - ord("0"), 0)
    rows = digits @ _TENS
    c = w[:, :3].astype(np.int64) - (ord("A") - 1)
    columns = np.select([letters == 1, letters == 2, letters == 3], [c[:, 0], c[:, 0] * 26 + c[:, 1],
                        (c[:, 0] * 26 + c[:, 1]) * 26 + c[:, 2]], 0)
    return int(rows.max()), int(columns.max())
