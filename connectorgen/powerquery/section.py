"""The section-document splitter: tokens -> the section's attributes, name and members.

The M specification ("Sections", learn.microsoft.com/powerquery-m/m-spec-sections):

    section-document: literal-attributes? section section-name ; section-member*
    section-member:   literal-attributes? shared? section-member-name = expression ;

Two facts make this possible without a full expression parser:
- ``;`` never occurs inside an M expression (records, lists and ``let`` separate with ``,``),
  so a member's expression is every token up to the next ``;``. Brackets are still balanced
  per member, to report an unclosed ``(``/``[``/``{`` where it is, not at the end of the file.
- literal attributes (``[Version = "1.0.0"]``, ``[DataSource.Kind = "X", Publish = "X.P"]``)
  may only hold literals, so they are read as values here.

Where the grammar is ambiguous to this splitter: a ``[`` at the start of a member is always
literal attributes (a member cannot start with an expression); a field name in an attribute
record is a generalized identifier, so ``[Data Source = 1]`` is the field "Data Source". A
document whose first token (after attributes) is not ``section`` is an expression, which a
connector's main file must not be; it is returned with ``is_section`` false.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .lexer import Token

LiteralValue = Union[str, float, bool, None, list["LiteralValue"], dict[str, "LiteralValue"]]  # noqa: UP007 (a recursive alias needs the string form)

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}


@dataclass(frozen=True)
class Problem:
    message: str
    line: int
    column: int


@dataclass(frozen=True)
class Attribute:
    name: str
    value: LiteralValue
    token: Token  # the field name, for positions


@dataclass(frozen=True)
class Member:
    name: str
    name_token: Token
    shared: bool
    attributes: dict[str, Attribute]
    start: int  # first token of the expression (index into SectionDocument.tokens)
    end: int  # one past its last token (the ``;``, or the end of the file)


@dataclass
class SectionDocument:
    tokens: list[Token]  # without comments (lexical errors stay, in place)
    is_section: bool = False
    name: str | None = None
    name_token: Token | None = None
    section_token: Token | None = None
    attributes: dict[str, Attribute] = field(default_factory=dict)
    attributes_token: Token | None = None  # the ``[`` of the section's attributes
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    by_name: dict[str, Member] = field(default_factory=dict)  # the first member of each name
    duplicates: list[Member] = field(default_factory=list)  # later members of a name

    def member(self, name: str) -> Member | None:
        return self.by_name.get(name)

    def first_token(self) -> Token | None:
        return self.tokens[0] if self.tokens else None


def parse_section(all_tokens: list[Token]) -> SectionDocument:
    """Split a section document; problems are collected, never raised."""
    # Error tokens stay: a member holding only an unclosed literal still has an expression.
    doc = SectionDocument([t for t in all_tokens if t.kind != "comment"])
    for token in all_tokens:
        if token.kind == "error":
            doc.problems.append(Problem(token.message, token.line, token.column))
    _Splitter(doc).run()
    for member in doc.members:
        if member.name in doc.by_name:
            doc.duplicates.append(member)
        else:
            doc.by_name[member.name] = member
    unclosed = [t for t in all_tokens if t.kind == "error" and t.message.endswith("never closed")]
    if unclosed:
        # Everything after an unclosed literal or comment is swallowed by it; the splitter's
        # complaints about the end of the file are consequences, not news.
        cut = (unclosed[0].line, unclosed[0].column)
        doc.problems = [
            p
            for p in doc.problems
            if p.message.endswith("never closed")
            or ((p.line, p.column) <= cut and not p.message.endswith("is not ended with ';'"))
        ]
    doc.problems.sort(key=lambda p: (p.line, p.column))
    return doc


class _Splitter:
    def __init__(self, doc: SectionDocument) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.i = 0

    def problem(self, message: str, token: Token | None) -> None:
        where = token or (self.tokens[-1] if self.tokens else None)
        line, column = (where.line, where.column) if where else (1, 1)
        self.doc.problems.append(Problem(message, line, column))

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def run(self) -> None:
        doc = self.doc
        if not self.tokens:
            return
        if self.peek() and self.peek().is_op("["):  # type: ignore[union-attr]
            doc.attributes_token = self.peek()
            doc.attributes = self.attributes()
        first = self.peek()
        if first is None or not first.is_keyword("section"):
            return  # an expression, not a section document: the rules say so
        doc.is_section, doc.section_token = True, first
        self.i += 1
        name = self.peek()
        if name is None or not name.is_name:
            self.problem("expected the section's name after 'section'", name or first)
            self.skip_member()
        else:
            doc.name, doc.name_token = name.value, name
            self.i += 1
            if self.peek() is None or not self.peek().is_op(";"):  # type: ignore[union-attr]
                self.problem(f"expected ';' after 'section {name.value}'", self.peek() or name)
            else:
                self.i += 1
        while self.i < len(self.tokens):
            self.member()

    def member(self) -> None:
        start = self.peek()
        attributes: dict[str, Attribute] = {}
        if start is not None and start.is_op("["):
            attributes = self.attributes()
        shared = False
        if self.peek() is not None and self.peek().is_keyword("shared"):  # type: ignore[union-attr]
            shared = True
            self.i += 1
        name = self.peek()
        if name is None:
            self.problem("expected a member after the attributes", start)
            return
        if not name.is_name:
            what = (
                "a second 'section': a document holds one section"
                if name.is_keyword("section")
                else f"expected a section member (Name = expression;), found '{name.text}'"
            )
            self.problem(what, name)
            self.skip_member()
            return
        self.i += 1
        equals = self.peek()
        if equals is None or not equals.is_op("="):
            self.problem(f"expected '=' after the member name {name.value}", equals or name)
            self.skip_member()
            return
        self.i += 1
        begin = self.i
        while self.i < len(self.tokens) and not self.tokens[self.i].is_op(";"):
            self.i += 1
        end = self.i
        if self.i >= len(self.tokens):
            self.problem(f"member {name.value} is not ended with ';'", name)
        else:
            self.i += 1  # the ';'
        if begin == end:
            self.problem(f"member {name.value} has no expression after '='", equals)
        self.balance(begin, end)
        self.doc.members.append(Member(name.value, name, shared, attributes, begin, end))

    def skip_member(self) -> None:
        while self.i < len(self.tokens) and not self.tokens[self.i].is_op(";"):
            self.i += 1
        self.i += 1

    def balance(self, begin: int, end: int) -> None:
        """Report the first bracket in tokens[begin:end] that is not closed, or closed wrongly."""
        stack: list[Token] = []
        for token in self.tokens[begin:end]:
            if token.kind != "operator":
                continue
            if token.text in _OPEN:
                stack.append(token)
            elif token.text in _CLOSE:
                if not stack:
                    self.problem(f"'{token.text}' closes nothing", token)
                    return
                opened = stack.pop()
                if _OPEN[opened.text] != token.text:
                    self.problem(
                        f"'{token.text}' does not close the '{opened.text}' of line "
                        f"{opened.line}, column {opened.column}",
                        token,
                    )
                    return
        if stack:
            opened = stack[-1]
            self.problem(f"this '{opened.text}' is never closed", opened)

    # ------------------------------------------------------------ literal attributes

    def attributes(self) -> dict[str, Attribute]:
        """A literal record at self.i (the ``[``); leaves self.i after its ``]``."""
        open_token = self.tokens[self.i]
        self.i += 1
        fields: dict[str, Attribute] = {}
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if token.is_op("]"):
                self.i += 1
                return fields
            name_token = token
            name = self.field_name()
            if not name:
                self.problem(
                    f"expected a field name in the attributes, found '{token.text}'", token
                )
                self.skip_to_close()
                return fields
            if not (self.peek() and self.peek().is_op("=")):  # type: ignore[union-attr]
                self.problem(f"expected '=' after the attribute {name}", self.peek() or token)
                self.skip_to_close()
                return fields
            self.i += 1
            value, ok = self.literal()
            if not ok:
                self.problem(
                    f"the attribute {name} must be a literal (text, number, logical, null, "
                    "list or record of literals)",
                    self.peek() or name_token,
                )
                self.skip_to_close()
                return fields
            fields[name] = Attribute(name, value, name_token)
            if self.peek() and self.peek().is_op(","):  # type: ignore[union-attr]
                self.i += 1
        self.problem("this '[' is never closed", open_token)
        return fields

    def field_name(self) -> str:
        """A generalized identifier: name and keyword tokens up to '=' (``Data Source``)."""
        parts: list[str] = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if token.is_name or token.kind == "keyword":
                parts.append(token.value)
                self.i += 1
            else:
                break
        return " ".join(parts)

    def literal(self) -> tuple[LiteralValue, bool]:
        token = self.peek()
        if token is None:
            return None, False
        self.i += 1
        if token.kind in ("text", "verbatim"):
            return token.value, True
        if token.kind == "number":
            return _number(token.text), True
        if token.is_op("-", "+") and self.peek() and self.peek().kind == "number":  # type: ignore[union-attr]
            number = _number(self.tokens[self.i].text)
            self.i += 1
            return (-number if token.text == "-" else number), True
        if token.is_keyword("true", "false"):
            return token.text == "true", True
        if token.is_keyword("null"):
            return None, True
        if token.is_op("{"):
            items: list[LiteralValue] = []
            while self.peek() is not None and not self.peek().is_op("}"):  # type: ignore[union-attr]
                value, ok = self.literal()
                if not ok:
                    return None, False
                items.append(value)
                if self.peek() and self.peek().is_op(","):  # type: ignore[union-attr]
                    self.i += 1
                elif not (self.peek() and self.peek().is_op("}")):  # type: ignore[union-attr]
                    return None, False
            self.i += 1
            return items, True
        if token.is_op("["):
            self.i -= 1
            before = len(self.doc.problems)
            record = self.attributes()
            ok = len(self.doc.problems) == before
            return {k: v.value for k, v in record.items()}, ok
        self.i -= 1
        return None, False

    def skip_to_close(self) -> None:
        """Recover from a broken attribute record: skip past its closing ``]``."""
        depth = 0
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            if token.is_op("["):
                depth += 1
            elif token.is_op("]"):
                if depth == 0:
                    return
                depth -= 1
            elif token.is_op(";") or token.is_keyword("section", "shared"):
                self.i -= 1
                return


def _number(text: str) -> float:
    try:
        return float(int(text, 16)) if text[:2] in ("0x", "0X") else float(text)
    except ValueError:
        return float("nan")
