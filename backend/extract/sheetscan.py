"""One pass over a worksheet's XML that maps its rows and valued cells, compiled by Numba.

`sheetindex` needs, for every row and every cell with a value, where it is in the XML, its row and
column, and what can be told of its value without parsing it (an inline string, empty or not; a
number, zero or not; a shared string). A loop over the bytes does that at about a nanosecond a
byte; the same in array operations cost ten times more, and a Python loop a hundred. Numba
compiles the loop once (cached on disk) and runs it without the GIL.

The loop accepts only the shape spreadsheet programs and exporters write: `<row r="N" ...>` rows
in increasing order, `<c r="B7" ...>` cells whose reference names their own row, each holding
nothing, a `<v>` or an inline `<is><t>`, whitespace allowed between tags. Anything else (a
formula, rich text, a comment, a row without its number) stops it with `IRREGULAR`, and the sheet
is read by the ordinary readers.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
from numba import njit

from backend.extract.sheetindex import EMPTY, FILLED, TRUTHY, UNSURE  # what a cell's bytes tell

IRREGULAR: Final = -1
FULL: Final = -2  # more rows or cells than the arrays were sized for: cannot happen for well-formed XML

_ROW = np.frombuffer(b'<row r="', dtype=np.uint8)
_ROW_END = np.frombuffer(b"</row>", dtype=np.uint8)
_CELL = np.frombuffer(b'<c r="', dtype=np.uint8)
_CELL_END = np.frombuffer(b"</c>", dtype=np.uint8)
_V = np.frombuffer(b"<v>", dtype=np.uint8)
_V_END = np.frombuffer(b"</v>", dtype=np.uint8)
_IS = np.frombuffer(b"<is>", dtype=np.uint8)
_IS_END = np.frombuffer(b"</is>", dtype=np.uint8)
_T = np.frombuffer(b"<t>", dtype=np.uint8)
_T_SPACE = np.frombuffer(b'<t xml:space="preserve">', dtype=np.uint8)
_T_END = np.frombuffer(b"</t>", dtype=np.uint8)


@njit(cache=True, nogil=True, inline="always")
def _at(a, i, pattern):
    if i + pattern.size > a.size:
        return False
    for k in range(pattern.size):  # noqa: SIM110  # a loop Numba compiles, not a generator
        if a[i + k] != pattern[k]:
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _space(a, i, end):
    while i < end and (a[i] == 32 or a[i] == 9 or a[i] == 10 or a[i] == 13):
        i += 1
    return i


@njit(cache=True, nogil=True, inline="always")
def _closing_quote(a, i, end):
    """The position of the quote that closes the attribute value whose opening quote is at i."""
    quote = a[i]
    i += 1
    while i < end and a[i] != quote:
        i += 1
    return i


@njit(cache=True, nogil=True, inline="always")
def _run(a, j, end, low, high, base, offset, most):
    """The number spelled by up to `most` bytes between `low` and `high` from j (digits, or column
    letters), and the position after it."""
    value = 0
    first = j
    while j < end and low <= a[j] <= high and j - first < most:
        value = value * base + (a[j] - offset)
        j += 1
    return value, j


@njit(cache=True, nogil=True)
def _tag_end(a, i, end):
    """The position of the `>` closing the tag whose attributes start at i (quoted values skipped)."""
    while i < end:
        c = a[i]
        if c == 34 or c == 39:
            i = _closing_quote(a, i, end)
        elif c == 62:
            return i
        elif c == 60:
            return -1
        i += 1
    return -1


@njit(cache=True, nogil=True)
def _type_of(a, i, close):
    """The first two bytes of the cell's `t` attribute between i and its tag's end, (0, 0) if none."""
    while i < close:
        c = a[i]
        if c == 34 or c == 39:
            i = _closing_quote(a, i, close) + 1
            continue
        if (c == 32 or c == 9 or c == 10 or c == 13) and a[i + 1] == 116 and a[i + 2] == 61 and a[i + 3] == 34:
            return a[i + 4], a[i + 5]
        i += 1
    return 0, 0


@njit(cache=True, nogil=True)
def _scan(a, begin, end, row_start, row_end, row_number, cell_start, cell_end, cell_row, cell_column,
          cell_state, cell_shared):
    rows = 0
    cells = 0
    widest = 0
    shared = False
    previous = 0
    i = _space(a, begin, end)
    while i < end:
        if not _at(a, i, _ROW):
            return IRREGULAR, 0, 0, False
        if rows >= row_start.size:
            return FULL, 0, 0, False
        start = i
        j = i + _ROW.size
        digits = j
        number, j = _run(a, j, end, 48, 57, 10, 48, 8)  # the row's number, up to 8 digits
        if j == digits or j >= end or a[j] != 34 or number <= previous:
            return IRREGULAR, 0, 0, False
        width = j - digits
        previous = number
        close = _tag_end(a, j + 1, end)
        if close < 0:
            return IRREGULAR, 0, 0, False
        row_start[rows] = start
        row_number[rows] = number
        if a[close - 1] == 47:  # <row r="N"/>
            row_end[rows] = close + 1
            rows += 1
            i = _space(a, close + 1, end)
            continue
        i = _space(a, close + 1, end)
        while True:
            if _at(a, i, _ROW_END):
                i += _ROW_END.size
                break
            if not _at(a, i, _CELL):
                return IRREGULAR, 0, 0, False
            cell = i
            j = i + _CELL.size
            letters = j
            column, j = _run(a, j, end, 65, 90, 26, 64, 3)  # the column's letters, A = 1
            if j == letters:
                return IRREGULAR, 0, 0, False
            for k in range(width):  # the row's own number, then the closing quote
                if a[j + k] != a[digits + k]:
                    return IRREGULAR, 0, 0, False
            j += width
            if a[j] != 34:
                return IRREGULAR, 0, 0, False
            if column > widest:
                widest = column
            close = _tag_end(a, j + 1, end)
            if close < 0:
                return IRREGULAR, 0, 0, False
            if a[close - 1] == 47:  # <c r="B7" s="1"/>: no value
                i = _space(a, close + 1, end)
                continue
            first, second = _type_of(a, j + 1, close)
            i = _space(a, close + 1, end)
            if _at(a, i, _CELL_END):
                i = _space(a, i + _CELL_END.size, end)
                continue
            if cells >= cell_start.size:
                return FULL, 0, 0, False
            index = -1
            if _at(a, i, _V):
                v = i + _V.size
                k = v
                nonzero = False
                exponent = False
                digits_only = True
                value = 0
                while k < end and a[k] != 60:
                    c = a[k]
                    if 49 <= c <= 57:
                        nonzero = True
                    elif c == 101 or c == 69:
                        exponent = True
                    if 48 <= c <= 57 and k - v < 10:
                        value = value * 10 + (c - 48)
                    else:
                        digits_only = False
                    k += 1
                if k == v or not _at(a, k, _V_END):
                    return IRREGULAR, 0, 0, False  # an empty <v> is outside calamine's extent
                i = _space(a, k + _V_END.size, end)
                if first == 0 or ((first == 110 or first == 98) and second == 34):  # a number, a boolean
                    state = TRUTHY if nonzero and not exponent else FILLED
                elif first == 115 and second == 34:  # an index into the shared strings
                    state = UNSURE
                    shared = True
                    if digits_only:
                        index = value
                elif first == 115 and second == 116:  # t="str": a formula's text
                    state = TRUTHY
                else:
                    state = UNSURE  # an error, an ISO date, anything else
            elif _at(a, i, _IS):
                i = _space(a, i + _IS.size, end)
                if _at(a, i, _T):
                    t = i + _T.size
                elif _at(a, i, _T_SPACE):
                    t = i + _T_SPACE.size
                else:
                    return IRREGULAR, 0, 0, False
                k = t
                while k < end and a[k] != 60:
                    k += 1
                if not _at(a, k, _T_END):
                    return IRREGULAR, 0, 0, False
                i = _space(a, k + _T_END.size, end)
                if not _at(a, i, _IS_END):
                    return IRREGULAR, 0, 0, False
                i = _space(a, i + _IS_END.size, end)
                state = TRUTHY if k > t else EMPTY
            else:
                return IRREGULAR, 0, 0, False
            if not _at(a, i, _CELL_END):
                return IRREGULAR, 0, 0, False
            i += _CELL_END.size
            cell_start[cells] = cell
            cell_end[cells] = i
            cell_row[cells] = rows
            cell_column[cells] = column
            cell_state[cells] = state
            cell_shared[cells] = index
            cells += 1
            i = _space(a, i, end)
        row_end[rows] = i
        rows += 1
        i = _space(a, i, end)
    return rows, cells, widest, shared


_SI = np.frombuffer(b"<si>", dtype=np.uint8)
_SI_END = np.frombuffer(b"</si>", dtype=np.uint8)


@njit(cache=True, nogil=True)
def _shared_strings(a, end, states):
    """What can be told of each shared string from the table's XML: TRUTHY for one whose first
    part is a `<t>` with text, UNSURE for any other (rich text, an empty one). Returns how many
    strings were seen, at most `states.size`."""
    count = 0
    i = 0
    while i < end and count < states.size:
        while i < end and a[i] != 60:
            i += 1
        if i >= end:
            break
        if not _at(a, i, _SI):
            i += 1
            continue
        i += _SI.size
        state = UNSURE
        if _at(a, i, _T) or _at(a, i, _T_SPACE):
            t = i + (_T.size if _at(a, i, _T) else _T_SPACE.size)
            if t < end and a[t] != 60:
                state = TRUTHY
        states[count] = state
        count += 1
        while i < end and not _at(a, i, _SI_END):
            i += 1
    return count


Bytes = npt.NDArray[np.uint8]
Int32s = npt.NDArray[np.int32]


def scan(a: Bytes, begin: int, end: int, row_start: Int32s, row_end: Int32s, row_number: Int32s,
         cell_start: Int32s, cell_end: Int32s, cell_row: Int32s, cell_column: Int32s,
         cell_state: npt.NDArray[np.int8], cell_shared: Int32s) -> tuple[int, int, int, bool]:
    """Map the sheet data between `begin` and `end` of `a` (followed by some zero bytes) into the
    arrays given; returns (rows, valued cells, largest column of any cell, whether a cell refers
    to the shared strings), or (IRREGULAR or FULL, 0, 0, False). `cell_shared` gets a shared
    string's index, else -1."""
    rows, cells, widest, shared = _scan(a, begin, end, row_start, row_end, row_number, cell_start, cell_end,
                                        cell_row, cell_column, cell_state, cell_shared)
    return int(rows), int(cells), int(widest), bool(shared)


def shared_strings(a: Bytes, end: int, states: npt.NDArray[np.int8]) -> int:
    """What can be told of each shared string of the table `a[:end]` (see `_shared_strings`), into `states`."""
    return int(_shared_strings(a, end, states))


def _warm() -> None:
    """Compile (or load from the cache) both loops now: a reader forked later starts with them."""
    xml = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>'
    a = np.frombuffer(bytearray(xml + bytes(64)), dtype=np.uint8)
    r0, r1, r2, c0, c1, c2, c3 = (np.empty(4, dtype=np.int32) for _ in range(7))
    scan(a, 0, len(xml), r0, r1, r2, c0, c1, c2, c3, np.empty(4, dtype=np.int8), np.empty(4, dtype=np.int32))
    table = b"<sst><si><t>x</t></si></sst>"
    shared_strings(np.frombuffer(bytearray(table + bytes(64)), dtype=np.uint8), len(table), np.empty(4, dtype=np.int8))


_warm()
