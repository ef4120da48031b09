"""The section-document splitter and the shape readers: members, attributes, problems with
positions, recovery, and input that is hostile but normal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connectorgen.powerquery.lexer import tokenize
from connectorgen.powerquery.reading import (
    bindings,
    function_parameters,
    read_list,
    read_record,
    text_value,
)
from connectorgen.powerquery.section import SectionDocument, parse_section

DOCUMENT = """\ufeff// header comment
[Version = "1.2.3", Flags = {1, -2, true, null, [a = "b"]}]
section Contoso;

[DataSource.Kind = "Contoso", Publish = "Contoso.Publish"]
shared Contoso.Contents = (optional path as text) as table =>
    let
        url = "https://x/" & path, // a comment with ; inside
        result = Web.Contents(url, [Headers = [#"x-key" = "k;v"]])
    in
        result;

Contoso = [TestConnection = (p) => {"Contoso.Contents"}, Data Source = 1];
#"odd name" = {1..3};
"""


def parse(source: str) -> SectionDocument:
    return parse_section(tokenize(source))


def test_members_attributes_and_positions() -> None:
    doc = parse(DOCUMENT)
    assert doc.is_section and doc.name == "Contoso" and not doc.problems
    assert doc.attributes["Version"].value == "1.2.3"
    assert doc.attributes["Flags"].value == [1.0, -2.0, True, None, {"a": "b"}]
    assert [(m.name, m.shared) for m in doc.members] == [
        ("Contoso.Contents", True),
        ("Contoso", False),
        ("odd name", False),
    ]
    function = doc.members[0]
    assert {k: a.value for k, a in function.attributes.items()} == {
        "DataSource.Kind": "Contoso",
        "Publish": "Contoso.Publish",
    }
    assert (function.name_token.line, function.name_token.column) == (6, 8)
    assert doc.tokens[function.end].is_op(";")
    assert doc.tokens[function.end].line == 11  # the ';' in the comment did not end it


def test_reading_records_lists_bindings_and_parameters() -> None:
    doc = parse(DOCUMENT)
    tokens = doc.tokens
    kind = doc.member("Contoso")
    assert kind is not None
    record = read_record(tokens, (kind.start, kind.end))
    assert record is not None and list(record.fields) == ["TestConnection", "Data Source"]
    test = record.fields["TestConnection"].value
    assert function_parameters(tokens, test) == ["p"]
    body = (test[0] + 4, test[1])  # after "(p) =>"
    items = read_list(tokens, body)
    assert items is not None and text_value(tokens, items[0]) == "Contoso.Contents"
    function = doc.members[0]
    span = (function.start, function.end)
    assert function_parameters(tokens, span) == ["path"]
    assert list(bindings(tokens, span)) == ["url", "result", "Headers", "x-key"]


def test_an_expression_is_not_a_section_document() -> None:
    doc = parse("let a = 1 in a")
    assert not doc.is_section and doc.name is None and not doc.members
    assert not parse("").is_section


def test_problems_are_located_and_the_rest_is_still_read() -> None:
    doc = parse(
        "section S;\n"
        "A = (1;\n"  # unclosed (
        "B = [x = 1);\n"  # ) closes [
        "C 2;\n"  # no =
        "section T;\n"  # a second section
        "D = ;\n"  # empty
        "shared E = 1;\n"
        "A = 2;\n"  # duplicate
        "F = 3"  # no ;
    )
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (2, 5, "this '(' is never closed"),
        (3, 11, "')' does not close the '[' of line 3, column 5"),
        (4, 3, "expected '=' after the member name C"),
        (5, 1, "a second 'section': a document holds one section"),
        (6, 3, "member D has no expression after '='"),
        (9, 1, "member F is not ended with ';'"),
    ]
    assert [m.name for m in doc.members] == ["A", "B", "D", "E", "A", "F"]
    assert [m.name for m in doc.duplicates] == ["A"]
    assert doc.member("E") is not None and doc.member("E").shared  # type: ignore[union-attr]


def test_attributes_must_be_literals() -> None:
    doc = parse("[Version = Text.From(1)] section S; [DataSource.Kind = K] shared F = 1;")
    assert [p.message for p in doc.problems] == [
        "the attribute Version must be a literal (text, number, logical, null, list or record "
        "of literals)",
        "the attribute DataSource.Kind must be a literal (text, number, logical, null, list or "
        "record of literals)",
    ]
    assert doc.is_section and [m.name for m in doc.members] == ["F"]


def test_lexical_errors_are_problems_and_an_unclosed_literal_ends_the_news() -> None:
    doc = parse('section S;\nA = "open;\nB = 1;\n')
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (2, 5, "this text literal is never closed")
    ]
    doc = parse("section S;\nA = 1 ¤ 2;\n")
    assert [p.message for p in doc.problems] == ["unexpected character U+00A4 CURRENCY SIGN"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["section", "shared", "S", "A.B", "=", ";", "[", "]", "(", ")", "{", "}", ",", '"t"']
            + ["1", "let", "in", '#"q"', "/*", "*/", "//", "\n", " ", "\ufeff", "é", "¤", '"']
        ),
        max_size=80,
    )
)
def test_any_token_soup_splits_without_crashing(parts: list[str]) -> None:
    source = "".join(parts)
    doc = parse(source)
    for member in doc.members:
        assert 0 <= member.start <= member.end <= len(doc.tokens)
    for problem in doc.problems:
        assert problem.line >= 1 and problem.column >= 1
