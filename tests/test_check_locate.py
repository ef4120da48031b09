"""The JSON pointer -> line/column locator, on strict and on lenient text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from connectorgen.core.document import PositionIndex, walk

TEXT = """{
  "a": {"b/c": [1, {"d~e": "x\\"y"}]},
  // a comment with "quotes" and {braces}
  "f": "//not a comment", /* block
  comment */ "g": [true, null,],
  "h\\u0041": 2
}"""


def test_members_point_at_their_key_and_items_at_their_value() -> None:
    index = PositionIndex(TEXT)
    assert index.position("") == (1, 1)
    assert index.position("/a") == (2, 3)
    assert index.position("/a/b~1c") == (2, 9)
    assert index.position("/a/b~1c/0") == (2, 17)
    assert index.position("/a/b~1c/1/d~0e") == (2, 21)
    assert index.position("/f") == (4, 3)
    assert index.position("/g") == (5, 14)
    assert index.position("/g/1") == (5, 26)
    assert index.position("/hA") == (6, 3)


def test_missing_pointer_falls_back_to_nearest_parent() -> None:
    index = PositionIndex(TEXT)
    assert index.position("/a/missing/deeper") == (2, 3)
    assert index.position(None) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(value=json_values, indent=st.sampled_from([None, 1, 2]))
def test_every_pointer_is_found_where_json_dumps_put_it(value: object, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    index = PositionIndex(text)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    decoder = json.JSONDecoder()
    for pointer, key, item in walk(value):
        line, column = index.position(pointer)
        offset = starts[line - 1] + column - 1
        if isinstance(key, str):  # a member: its key is there, then ':' and the value
            found_key, end = decoder.raw_decode(text, offset)
            assert found_key == key
            offset = text.index(":", end) + 1
            offset += len(text[offset:]) - len(text[offset:].lstrip())
        assert decoder.raw_decode(text, offset)[0] == item
