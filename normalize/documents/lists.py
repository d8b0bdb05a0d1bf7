"""Item lists introduced by a "DANH SÁCH"/"DANH MỤC" heading."""
from __future__ import annotations


from extract.model import Line

from ..model import ItemList, ListGroup
from .lines import (
    ADDRESSEES, AGENCY, BASIS, BLANK, BULLET, CAPACITY, LIST, MAX_SUBJECT_LINE, MOTTO, NUMBER,
    OPERATIVE, RECIPIENTS, SEPARATOR, TITLE, Text, UPPER, agency_starts, join, prepare,
    strip_item, unbullet,
)
from .vocab import GROUP, SUBITEM, Vocab, load_vocab


def scan_list(items: list[Text], start: int, vocab: Vocab) -> tuple[int, ItemList]:
    """The list whose heading is at ``start``: where it ends and what it holds."""
    title = [items[start].text]
    j = start + 1
    while j < len(items) and items[j].cls in (UPPER, AGENCY, LIST) and len(title) < 4 \
            and not vocab.list_heading.match(items[j].text):
        title.append(items[j].text)
        j += 1
    while j < len(items) and items[j].cls in (BLANK, SEPARATOR):
        j += 1
    if j < len(items) and items[j].text.startswith("("):
        basis = []
        while j < len(items) and len(basis) < 4:
            basis.append(items[j].text)
            j += 1
            if ")" in basis[-1]:
                break
        title.append(join(basis))
    groups: list[ListGroup] = []
    last_open = False  # the last item may continue on the next line
    while j < len(items):
        item = items[j]
        text, cls = item.text, item.cls
        if cls in (BLANK, SEPARATOR) and not item.motto:
            j += 1
            continue
        if cls in (NUMBER, MOTTO, TITLE, LIST, ADDRESSEES, RECIPIENTS, BASIS, CAPACITY, OPERATIVE) \
                or item.motto or (cls == AGENCY and agency_starts(items, j)):
            break
        sub = SUBITEM.match(text)
        group = GROUP.match(text)
        if cls == BULLET or sub:
            if not groups:
                groups.append(ListGroup("", []))
            entry = unbullet(sub["text"] if sub else text)
            if strip_item(entry):
                groups[-1].items.append(entry)
            last_open = not text.rstrip().endswith((";", "."))
        elif group and len(text) <= MAX_SUBJECT_LINE:
            groups.append(ListGroup(text.rstrip(" :"), []))
            last_open = False
        elif last_open and groups and groups[-1].items and text[:1].islower():
            groups[-1].items[-1] = join([groups[-1].items[-1], text])
            last_open = not text.rstrip().endswith((";", "."))
        else:
            break
        j += 1
    groups = [ListGroup(g.heading, [strip_item(x) for x in g.items]) for g in groups]
    if groups and all(not g.items for g in groups):
        # A numbered list without bullets: the numbered lines are the items.
        groups = [ListGroup("", [strip_item(GROUP.match(g.heading)["text"]) for g in groups])]
    used = range(start, j)
    pages = sorted({items[k].page for k in used if items[k].page is not None})
    return j, ItemList(title=join(title), groups=groups, pages=pages)


def parse_lists(lines: list[Line]) -> list[ItemList]:
    """Lists introduced by a ``DANH SÁCH``/``DANH MỤC`` heading in capitals.

    The heading may span lines; a parenthesised legal basis under it is
    appended to the title. Numbered lines ("1. … mức độ 3:") open groups,
    bullet lines ("- + …", "+ …", "- …") are items, stripped of bullets and
    of a trailing ";" or "."; items before any numbered line go to a group with
    an empty heading. A list whose items were all in a table (so nothing is
    left in the running text) is not returned.
    """
    vocab = load_vocab()
    items = prepare(lines, vocab)
    lists = []
    i = 0
    while i < len(items):
        if items[i].cls == LIST:
            i, found = scan_list(items, i, vocab)
            if found.groups:
                lists.append(found)
        else:
            i += 1
    return lists
