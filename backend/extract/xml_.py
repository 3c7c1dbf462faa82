"""XML record sets (Ed-Fi interchanges and the like): one table per repeated record element.

An Ed-Fi `InterchangeStudentProgram` holds `StudentProgramAssociation`,
`StudentSchoolFoodServiceProgramAssociation`... elements side by side: below any wrapper that only
lists records, the root's child elements are grouped by name and each group is a table, one row per
element, its nested elements flattened into columns (`records`).

Parsing is safe and bounded: lxml (libxml2, already installed for Word and PowerPoint files) with
entity substitution, DTD loading, network access and huge-tree mode off; a document that declares
entities is refused as a bomb (nothing is expanded, so none can be used). The attachment size, row,
cell, depth and time limits bound the rest. lxml parses an 18,000-student interchange in a fraction
of the time a pure-Python tree builder (defusedxml's) needs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from lxml import etree

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.records import Field, clean, to_table
from backend.models import Document, Table

EXTENSIONS = (".xml",)
CONTENT_TYPES = ("application/xml", "text/xml")

_SKIP_ATTRIBUTES: Final = frozenset({"id", "ref", "schemaLocation", "noNamespaceSchemaLocation", "type", "nil"})
_TIME_EVERY: Final = 2000

Element = etree._Element  # the parsed element type (lxml names it privately)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )


@lru_cache(maxsize=4096)
def _local(tag: str) -> str:
    """An element or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _elements(node: Element) -> list[Element]:
    return [c for c in node if isinstance(c.tag, str)]  # an undeclared entity reference has no name


def fields(record: Element, max_depth: int) -> list[Field]:
    """The record's values with their paths of element names, in document order."""
    out: list[Field] = []
    stack: list[tuple[Element, tuple[str, ...]]] = [(record, ())]
    while stack:
        element, path = stack.pop()
        if len(path) > max_depth:
            raise UnreadableFile("bomb")
        if element.attrib:
            for key, value in element.items():
                name = _local(str(key))
                if name not in _SKIP_ATTRIBUTES and value.strip():
                    out.append(((*path, name), clean(value)))
        if not len(element):  # comments and processing instructions were removed while parsing
            text = element.text
            if text and not text.isspace():
                out.append((path, clean(text)))
            continue
        for child in reversed(element):
            stack.append((child, (*path, _local(str(child.tag)))))
    return out


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
        groups.setdefault(_local(str(child.tag)), []).append(child)
    return groups


def _declares_entities(root: Element) -> bool:
    dtd = root.getroottree().docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        raise UnreadableFile("corrupt") from None
    if root is None:
        raise UnreadableFile("corrupt")
    if _declares_entities(root):
        raise UnreadableFile("bomb")  # billion laughs and external entities: refused, never expanded
    ctx.check_time()
    tables: list[Table] = []
    depth = ctx.limits.json_depth
    for tag, elements in record_groups(root, depth).items():
        records = []
        for i, element in enumerate(elements):
            if i % _TIME_EVERY == 0:
                ctx.check_time()
            records.append(fields(element, depth))
        tables.append(to_table(tag, records, ctx))
    return [Document(name=name, source="attachment", tables=tuple(tables))]
