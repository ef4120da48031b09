"""No leaks (issue #4): oauth2.clientSecret never reaches an output file, stdout or stderr.

When the same string also sits where generate would copy it (docs text, contact, the API
definition), generate refuses with a message that does not print it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
OAUTH_SAMPLE = REPO / "samples" / "generic-oauth"
EXPLORE = int(os.environ.get("CONNECTORGEN_ROBUST_EXAMPLES", "0"))
SECRET = 'Zq9-s3cr3t-"quoted"\\back'


def forms(secret: str) -> list[str]:
    """The ways a secret could show up: raw, JSON-escaped (both ways), repr()."""
    return [
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
    ]


def assert_not_leaked(secret: str, *texts: str, folder: Path | None = None) -> None:
    for text in texts:
        for form in forms(secret):
            assert form not in text, (form, text)
    if folder is not None and folder.exists():
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for form in forms(secret):
                    assert form.encode("utf-8", "surrogatepass") not in data, (path, form)


def make_project(
    root: Path, sample: Path = OAUTH_SAMPLE, swagger: dict | None = None, **changes: Any
) -> Path:
    shutil.copytree(sample, root, dirs_exist_ok=True)
    config = json.loads((root / "config.json").read_text(encoding="utf-8"))
    config.pop("$schema", None)
    for dotted, value in changes.items():
        node = config
        *parents, last = dotted.split("__")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    if swagger is not None:
        (root / "apiDefinition.json").write_text(json.dumps(swagger), encoding="utf-8")
    path = root / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def test_secret_in_config_only_is_never_written_or_printed(tmp_path: Path) -> None:
    config = make_project(tmp_path / "in", oauth2__clientSecret=SECRET)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out), "--verbose")
    assert code == 0, stderr
    assert "clientSecret is never written" in stderr  # the warning says so, without the value
    assert_not_leaked(SECRET, stdout, stderr, folder=out)
    assert len(list(out.iterdir())) >= 6


@pytest.mark.parametrize(
    "where",
    [
        "docs__summary",
        "docs__faq",
        "contact__name",
        "publisher",
        "stackOwner",
        "oauth2__clientId",
        "oauth2__scopes",
        "settings__environment",
    ],
)
def test_secret_copied_elsewhere_in_config_is_refused_without_printing_it(
    tmp_path: Path, where: str
) -> None:
    value: Any = [SECRET] if where.endswith("scopes") else f"text with {SECRET} inside"
    config = make_project(tmp_path / "in", oauth2__clientSecret=SECRET, **{where: value})
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out))
    assert code == 1, stderr
    assert "oauth2.clientSecret appears" in stderr and "Nothing was written" in stderr
    assert_not_leaked(SECRET, stdout, stderr)
    assert not out.exists()


def test_secret_in_the_api_definition_is_refused_without_printing_it(tmp_path: Path) -> None:
    swagger = json.loads((OAUTH_SAMPLE / "apiDefinition.json").read_text(encoding="utf-8"))
    swagger["info"]["description"] = f"Call us with {SECRET}."
    config = make_project(tmp_path / "in", swagger=swagger, oauth2__clientSecret=SECRET)
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(tmp_path / "o"))
    assert code == 1 and "would be written to apiDefinition" in stderr
    assert_not_leaked(SECRET, stdout, stderr)


@pytest.mark.parametrize(
    "where,value",
    [
        ("iconBrandColor", SECRET),
        ("contact__url", SECRET),
        ("oauth2__tokenUrl", SECRET),
        ("metadata__categories", [SECRET]),
        ("oauth2__redirectMode", SECRET),
        ("icon", SECRET),
        ("script__path", SECRET),
        ("ignore", [SECRET]),
    ],
)
def test_error_messages_quoting_a_value_never_quote_the_secret(
    tmp_path: Path, where: str, value: Any
) -> None:
    config = make_project(tmp_path / "in", oauth2__clientSecret=SECRET, **{where: value})
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(tmp_path / "o"))
    assert code == 1, stderr
    assert "Traceback" not in stderr and "unexpected" not in stderr
    assert_not_leaked(SECRET, stdout, stderr)


def test_broken_config_line_with_the_secret_is_shown_masked(tmp_path: Path) -> None:
    root = tmp_path / "in"
    make_project(root)
    text = (root / "config.json").read_text()
    text = text.replace('"oauth2": {', '"oauth2": {"clientSecret": "Zq9-plain-secret" ', 1)
    (root / "config.json").write_text(text)
    code, stdout, stderr = run_cli(
        "generate", "-c", str(root / "config.json"), "-o", str(tmp_path / "o")
    )
    assert code == 1 and "not valid JSON" in stderr
    assert "Zq9-plain-secret" not in stdout + stderr


# ------------------------------------------------------------------ property: any placement

STRING_PLACES = [
    "publisher",
    "stackOwner",
    "docs__summary",
    "docs__knownIssues",
    "contact__name",
    "contact__email",
    "oauth2__clientId",
    "oauth2__tenantId",
    "oauth2__resourceUri",
    "iconBrandColor",
    "settings__connectorId",
    "metadata__website",
    "oauth2__identityProvider",
    "apiDefinition",
]

secrets = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF, blacklist_characters="\x7f"),
    min_size=6,
    max_size=20,
).map(lambda s: "Zq9" + s)


@settings(
    max_examples=EXPLORE or 40,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    secret=secrets,
    places=st.lists(st.sampled_from(STRING_PLACES), max_size=3, unique=True),
    wrap=st.booleans(),
)
def test_secret_never_leaks_wherever_the_config_puts_it(
    secret: str, places: list[str], wrap: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        value = f"see {secret} here" if wrap else secret
        config = make_project(
            root / "in", oauth2__clientSecret=secret, **{place: value for place in places}
        )
        out = root / "out"
        code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out), "-v")
        assert code in (0, 1), stderr
        assert "Traceback" not in stdout + stderr and "unexpected" not in stderr
        assert_not_leaked(secret, stdout, stderr, folder=out)
