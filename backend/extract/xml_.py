"""XML record sets (Ed-Fi interchanges and the like): one table per repeated record element.

An Ed-Fi `InterchangeStudentProgram` holds `StudentProgramAssociation`,
`StudentSchoolFoodServiceProgramAssociation`... elements side by side: below any single-child
wrappers, the root's child elements are grouped by name and each group is a table, one row per
element, its nested elements flattened into columns (`records`).

Parsing is defused: `defusedxml` refuses entity declarations and external references (no billion
laughs, no reading local files or the network), and the attachment size, row, cell and time limits
bound the rest. Nesting deeper than `limits.json_depth` is refused as a bomb.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.records import Field, clean, to_table
from backend.models import Document, Table

EXTENSIONS = (".xml",)
CONTENT_TYPES = ("application/xml", "text/xml")

_SKIP_ATTRIBUTES = frozenset({"id", "ref", "schemaLocation", "noNamespaceSchemaLocation", "type", "nil"})


def local(tag: object) -> str:
    """An element or attribute name without its namespace."""
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def _fields(element: Element, path: tuple[str, ...], depth: int, ctx: ReadContext) -> Iterator[Field]:
    if depth > ctx.limits.json_depth:
        raise UnreadableFile("bomb")
    for key, value in element.attrib.items():
        if local(key) not in _SKIP_ATTRIBUTES and value.strip():
            yield (*path, local(key)), clean(value)
    children = list(element)
    if not children:
        if element.text and element.text.strip():
            yield path, clean(element.text)
        return
    for child in children:
        if isinstance(child.tag, str):
            yield from _fields(child, (*path, local(child.tag)), depth + 1, ctx)


def _elements(node: Element) -> list[Element]:
    return [c for c in node if isinstance(c.tag, str)]  # comments and processing instructions have no name


def _is_list(node: Element) -> bool:
    """A wrapper of records (`<Students><Student/>...`): child elements, all of one name."""
    children = _elements(node)
    return bool(children) and len({c.tag for c in children}) == 1


def record_groups(root: Element, max_depth: int) -> dict[str, list[Element]]:
    """The record elements, by name: the root's children, below any wrapper that only lists records."""
    node, depth = root, 0
    while len(children := _elements(node)) == 1 and _is_list(children[0]):
        node, depth = children[0], depth + 1
        if depth > max_depth:
            raise UnreadableFile("bomb")
    groups: dict[str, list[Element]] = {}
    for child in children:
        groups.setdefault(local(child.tag), []).append(child)
    return groups


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UnreadableFile("bomb") from None
    except ParseError:
        raise UnreadableFile("corrupt") from None
    ctx.check_time()
    tables: list[Table] = []
    for tag, elements in record_groups(root, ctx.limits.json_depth).items():
        records = [list(_fields(e, (), 0, ctx)) for e in elements]
        tables.append(to_table(tag, records, ctx))
    return [Document(name=name, source="attachment", tables=tuple(tables))]
