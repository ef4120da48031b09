"""The M lexer: token kinds and values, positions, and input that is hostile but normal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connectorgen.powerquery.lexer import decode_source, decode_text, tokenize


def kinds(source: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(source)]


def test_identifiers_keywords_and_dotted_names() -> None:
    assert kinds("let Table.ToNavigationTable = #shared in x") == [
        ("keyword", "let"),
        ("identifier", "Table.ToNavigationTable"),
        ("operator", "="),
        ("keyword", "#shared"),
        ("keyword", "in"),
        ("identifier", "x"),
    ]
    # Contextual words are identifiers; keywords are case-sensitive.
    assert [t.kind for t in tokenize("optional nullable Type type")] == [
        "identifier",
        "identifier",
        "identifier",
        "keyword",
    ]


def test_hash_keywords_take_the_longest_name() -> None:
    assert kinds("#date #datetime #datetimezone #table #tables") == [
        ("keyword", "#date"),
        ("keyword", "#datetime"),
        ("keyword", "#datetimezone"),
        ("keyword", "#table"),
        ("error", "#"),
        ("identifier", "tables"),
    ]


def test_numbers_including_hex_exponents_and_ranges() -> None:
    assert kinds("0xFF 0X1a 1.5e3 2E-4 .5 {1..5}") == [
        ("number", "0xFF"),
        ("number", "0X1a"),
        ("number", "1.5e3"),
        ("number", "2E-4"),
        ("number", ".5"),
        ("operator", "{"),
        ("number", "1"),
        ("operator", ".."),
        ("number", "5"),
        ("operator", "}"),
    ]


def test_text_literals_decode_doubled_quotes_and_escapes() -> None:
    token = tokenize('"say ""hi""#(cr,lf)#(tab)#(0041)#(#)(x)"')[0]
    assert token.kind == "text"
    assert token.value == 'say "hi"\r\n\tA#(x)'
    assert decode_text("#(bogus)") == "#(bogus)"  # not an escape M knows: kept as written
    assert decode_text("#(D800)") == "#(D800)"  # a surrogate is no character
    multiline = tokenize('"line one\nline two" x')
    assert multiline[0].value == "line one\nline two"
    assert (multiline[1].line, multiline[1].column) == (2, 11)


def test_quoted_identifiers_and_verbatim_literals() -> None:
    tokens = tokenize('#"Content-Type" #"a ""b""" #!"verbatim"')
    assert [(t.kind, t.value) for t in tokens] == [
        ("quoted", "Content-Type"),
        ("quoted", 'a "b"'),
        ("verbatim", "verbatim"),
    ]
    assert tokens[0].is_name and tokens[1].is_name


def test_operators_by_maximal_munch() -> None:
    assert [t.text for t in tokenize("a ?? b ? => <> <= >= ... .. @x !")] == [
        "a",
        "??",
        "b",
        "?",
        "=>",
        "<>",
        "<=",
        ">=",
        "...",
        "..",
        "@",
        "x",
        "!",
    ]


def test_comments_are_tokens_and_end_where_m_says() -> None:
    tokens = tokenize("a // line\u2028b /* block\n still */ c")
    assert [(t.kind, t.text) for t in tokens] == [
        ("identifier", "a"),
        ("comment", "// line"),
        ("identifier", "b"),
        ("comment", "/* block\n still */"),
        ("identifier", "c"),
    ]
    assert (tokens[2].line, tokens[4].line, tokens[4].column) == (2, 3, 11)


def test_positions_skip_the_bom_and_count_crlf_once() -> None:
    tokens = tokenize("\ufeffsection X;\r\n\tshared Y = 1;\r\n")
    assert [(t.text, t.line, t.column) for t in tokens[:4]] == [
        ("section", 1, 1),
        ("X", 1, 9),
        (";", 1, 10),
        ("shared", 2, 2),
    ]
    lone_cr = tokenize("a\rb\r\nc\nd")
    assert [t.line for t in lone_cr] == [1, 2, 3, 4]


def test_unicode_names_and_combining_marks() -> None:
    tokens = tokenize("Données.Café e\u0301t\u00e9 名前 = 1")
    assert [(t.kind, t.text) for t in tokens[:3]] == [
        ("identifier", "Données.Café"),
        ("identifier", "e\u0301t\u00e9"),
        ("identifier", "名前"),
    ]
    # columns count code points: the combining mark is one column
    assert tokens[2].column == 19


def test_errors_are_tokens_with_messages_and_reading_goes_on() -> None:
    tokens = tokenize("a ¤ b")
    assert [(t.kind, t.text) for t in tokens] == [
        ("identifier", "a"),
        ("error", "¤"),
        ("identifier", "b"),
    ]
    assert "U+00A4" in tokens[1].message
    unclosed = tokenize('x = "never closed\nmore')
    assert unclosed[-1].kind == "error" and "never closed" in unclosed[-1].message
    assert (unclosed[-1].line, unclosed[-1].column) == (1, 5)
    comment = tokenize("x /* open")
    assert comment[-1].kind == "error" and "comment" in comment[-1].message


def test_decode_source_reports_where_utf8_breaks() -> None:
    assert decode_source(b"\xef\xbb\xbfsection X;").text == "section X;"
    bad = decode_source(b'section X;\r\nA = "caf\xe9";')
    assert bad.problem.startswith("the file is not UTF-8: byte 0xE9 at offset 20")
    assert (bad.line, bad.column) == (2, 9)
    assert "\ufffd" in bad.text
    utf16 = decode_source("section X;".encode("utf-16"))
    assert "UTF-16" in utf16.problem and utf16.text == "section X;"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_tokenizes_in_order_and_in_place(source: str) -> None:
    tokens = tokenize(source)
    previous_end = 0
    for token in tokens:
        assert token.offset >= previous_end
        assert source[token.offset : token.end] == token.text
        assert token.line >= 1 and token.column >= 1
        previous_end = token.end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "#", "#!", "/*", "*/", "//", "\r", "\n", "\ufeff", "0x", ".", "..", "é", "\u0301"]
            + ["section", "shared", "[", "]", "(", ")", "{", "}", ";", "=", "a.b", '""', "#("]
        ),
        max_size=60,
    )
)
def test_m_fragments_never_crash(parts: list[str]) -> None:
    """Tokens and whitespace partition the source: nothing is lost, nothing is read twice."""
    source = "".join(parts)
    tokens = tokenize(source)
    rest = list(source)
    for token in tokens:
        rest[token.offset : token.end] = [""] * len(token.text)
    assert all(ch in " \t\r\n\ufeff" for ch in "".join(rest))
