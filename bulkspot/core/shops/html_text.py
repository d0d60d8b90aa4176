"""A shop's HTML description as the plain text an event's item description holds."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "tr", "table", "section", "article", "blockquote"})  # fmt: skip
_SKIPPED = frozenset({"script", "style"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:  # a non-breaking space (&nbsp;) is a space in plain text
            self.parts.append(data.replace("\n", " ").replace("\xa0", " "))


def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags gone, entities read, one line per block."""
    if "<" not in html and "&" not in html:
        return html.strip()
    parser = _Text()
    parser.feed(html)
    parser.close()
    joined = _SPACES.sub(" ", "".join(parser.parts))
    return _LINES.sub("\n", joined).strip()
