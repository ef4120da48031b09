"""The powerquery target as its rules see it: the project model and views computed once.

Artifacts (what findings are grouped under, and what a rule needs to run):
- ``pq-package``: the package as a whole (project folder, .mez or .pqx);
- ``pq-section``: the section document (present once a main file was read);
- ``pq-resources``: resources.resx (and its culture files);
- ``pq-icons``: the icon PNGs the Publish record points at.
Findings about another file of the package name it through ``file_artifact(name)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..lint.context import LintContext
from ..lint.rules import Hit
from .facts import ANONYMOUS_KINDS
from .lexer import Token
from .project import Project
from .reading import Record, Span, call_index, name_value, read_record, strip_parens
from .references import Code, Reference, file_references, loaders, string_references
from .resx import Resources, is_neutral, is_resx, read_resx
from .section import Member, SectionDocument

PACKAGE = "pq-package"
SECTION = "pq-section"
RESOURCES = "pq-resources"
ICONS = "pq-icons"
ARTIFACTS = (PACKAGE, SECTION, RESOURCES, ICONS)
MAX_HOPS = 4  # member references followed when a value is written as another member's name


def file_artifact(name: str) -> str:
    return f"pq-file:{name}"


@dataclass(frozen=True)
class KindUse:
    """A shared function attributed with ``[DataSource.Kind = "K", Publish = "P"]``."""

    member: Member
    kind: str
    kind_token: Token
    publish: str | None
    publish_token: Token | None


@dataclass
class PqContext(LintContext):
    project: Project | None = None
    _resources: dict[str, Resources] = field(default_factory=dict, repr=False)

    @property
    def pkg(self) -> Project:
        assert self.project is not None
        return self.project

    @property
    def document(self) -> SectionDocument | None:
        return self.pkg.document

    @property
    def section(self) -> SectionDocument | None:
        """The document when it is a section document: what most rules read."""
        document = self.pkg.document
        return document if document is not None and document.is_section else None

    @property
    def tokens(self) -> list[Token]:
        return self.section.tokens if self.section is not None else []

    @property
    def codes(self) -> list[Code]:
        return self.memo("codes", lambda: self.pkg.codes)

    # ------------------------------------------------------------ positions

    def at(self, token: Token, message: str, source: str | None = None) -> Hit:
        """A finding at ``token`` in ``source`` (default: the section document)."""
        return self.at_position(token.line, token.column, message, source)

    def at_position(self, line: int, column: int, message: str, source: str | None = None) -> Hit:
        artifact = SECTION if source in (None, self.pkg.main) else file_artifact(source)
        return Hit(message, line=line, column=column, artifact=artifact)

    # ------------------------------------------------------------ members

    def span(self, member: Member) -> Span:
        return member.start, member.end

    def resolve(self, span: Span) -> Span:
        """Follow a value written as another member's name (``SourceImage = X.Icons``)."""
        section = self.section
        for _ in range(MAX_HOPS):
            name = name_value(self.tokens, span)
            member = section.member(name) if section is not None and name else None
            if member is None:
                return span
            span = self.span(member)
        return span

    def record(self, span: Span) -> Record | None:
        return read_record(self.tokens, self.resolve(strip_parens(self.tokens, span)))

    def member_record(self, name: str) -> Record | None:
        section = self.section
        member = section.member(name) if section is not None else None
        return self.record(self.span(member)) if member is not None else None

    def functions(self) -> list[KindUse]:
        """The data source functions, in source order."""
        return self.memo("functions", self._functions)

    def _functions(self) -> list[KindUse]:
        found = []
        for member in self.section.members if self.section is not None else []:
            kind = member.attributes.get("DataSource.Kind")
            if kind is None or not isinstance(kind.value, str):
                continue
            publish = member.attributes.get("Publish")
            found.append(
                KindUse(
                    member,
                    kind.value,
                    kind.token,
                    publish.value if publish and isinstance(publish.value, str) else None,
                    publish.token if publish else None,
                )
            )
        return found

    def kinds(self) -> dict[str, KindUse]:
        """Each kind name with the first function that names it."""
        found: dict[str, KindUse] = {}
        for use in self.functions():
            found.setdefault(use.kind, use)
        return found

    def auth_kinds(self) -> set[str]:
        def compute() -> set[str]:
            kinds: set[str] = set()
            for kind in self.kinds():
                record = self.member_record(kind)
                auth = record.fields.get("Authentication") if record else None
                auth_record = self.record(auth.value) if auth else None
                if auth_record is not None:
                    kinds.update(auth_record.fields)
            return kinds

        return self.memo("auth_kinds", compute)

    def uses_credentials(self) -> bool:
        """A credential kind other than anonymous, or code that reads the credential."""
        if self.auth_kinds() - ANONYMOUS_KINDS:
            return True
        return any(
            name.startswith("Extension.CurrentCredential")
            for code in self.codes
            for name in call_index(code.tokens)
        )

    # ------------------------------------------------------------ references

    def file_references(self) -> list[Reference]:
        return self.memo("files", lambda: file_references(self.section, self.codes))

    def string_references(self) -> list[Reference]:
        return self.memo("strings", lambda: string_references(self.codes))

    def loaders(self) -> dict[str, Member]:
        return self.memo("loaders", lambda: loaders(self.section) if self.section else {})

    # ------------------------------------------------------------ resources

    def resources(self) -> dict[str, Resources]:
        """Every resources*.resx of the package, parsed (neutral first)."""
        if not self._resources:
            names = sorted(
                (n for n in self.pkg.files if is_resx(n)), key=lambda n: (not is_neutral(n), n)
            )
            self._resources = {n: read_resx(n, self.pkg.files[n]) for n in names}
        return self._resources

    def neutral_resources(self) -> Resources | None:
        return next((r for n, r in self.resources().items() if is_neutral(n)), None)

    def code_tokens(self) -> Iterator[tuple[str, Token]]:
        for code in self.codes:
            for token in code.tokens:
                yield code.name, token
