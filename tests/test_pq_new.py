"""`connectorgen pq new`: a project that builds and passes pq check for every sign-in, the icon
sets from a logo or a placeholder, and the names certification refuses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import run_cli
from PIL import Image
from pq_support import REPO, findings

from connectorgen.powerquery.build import build
from connectorgen.powerquery.facts import AUTHS, ICON_SIZES
from connectorgen.powerquery.scaffold import render_project

LOGO = REPO / "samples" / "api-key" / "logo.png"


@pytest.mark.parametrize("auth", AUTHS)
def test_every_sign_in_builds_and_passes_check(tmp_path: Path, auth: str) -> None:
    out = tmp_path / "Contoso"
    code, stdout, err = run_cli("pq", "new", "Contoso", "--auth", auth, "--out", str(out))
    assert (code, err) == (0, "")
    assert stdout.startswith(f"Wrote {out}:")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["Contoso.pq", "Contoso.query.pq", "README.md", "resources.resx"]
        + [f"Contoso{size}.png" for size in ICON_SIZES]
    )
    text = (out / "Contoso.pq").read_bytes()
    assert text.startswith(b'\xef\xbb\xbf[Version = "1.0.0"]\r\nsection Contoso;\r\n')
    for needed in (b"TestConnection", b"Beta = true", b'Extension.LoadString("ButtonTitle")'):
        assert needed in text
    assert b"Documentation.Name" in text and b"Value.ReplaceType" in text
    assert findings(out) == []
    result = build(out)
    assert result.diagnostics == []


def test_the_sign_in_shapes(tmp_path: Path) -> None:
    files = {auth: render_project("Contoso", auth, None)["Contoso.pq"] for auth in AUTHS}
    assert b"Anonymous = []" in files["anonymous"]
    assert b"Extension.CurrentCredential()[Key]" in files["key"]
    assert b"UsernamePassword = [" in files["basic"]
    assert b"StartLogin = StartLogin" in files["oauth"] and b"code_challenge" in files["oauth"]
    assert b"client_secret" not in files["oauth"]
    assert b"AuthorizationUri = " in files["aad"] and b"Resource = " in files["aad"]


def test_icons_are_the_logo_at_each_size(tmp_path: Path) -> None:
    code, _, err = run_cli(
        "pq", "new", "Contoso", "--icon", str(LOGO), "--out", str(tmp_path / "c")
    )
    assert (code, err) == (0, "")
    for size in ICON_SIZES:
        with Image.open(tmp_path / "c" / f"Contoso{size}.png") as icon:
            assert icon.size == (size, size) and icon.format == "PNG"
    wide = tmp_path / "wide.png"
    Image.new("RGB", (300, 100), (200, 30, 30)).save(wide)
    png = render_project("Contoso", "anonymous", wide)["Contoso32.png"]
    with Image.open(io.BytesIO(png)) as icon:
        rgba = icon.convert("RGBA")
        assert rgba.getpixel((16, 16))[:3] == (200, 30, 30)
        assert rgba.getpixel((16, 2))[3] == 0  # letterboxed: transparent above and below


def test_the_same_name_gives_the_same_bytes() -> None:
    assert render_project("Contoso", "oauth", None) == render_project("Contoso", "oauth", None)
    first = render_project("Contoso", "key", None)["Contoso64.png"]
    assert first != render_project("Fabrikam", "key", None)["Fabrikam64.png"]  # its own colour


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("ContosoConnector", '"Connector"'),
        ("PowerBIContoso", '"Power BI"'),
        ("ContosoApi", '"API"'),
        ("Contoso.Data", "not a name M accepts"),
        ("1Contoso", "not a name M accepts"),
        ("let", "not a name M accepts"),
    ],
)
def test_names_certification_refuses(tmp_path: Path, name: str, why: str) -> None:
    code, out, err = run_cli("pq", "new", name, "--out", str(tmp_path / "x"))
    assert (code, out) == (1, "") and why in err
    assert not (tmp_path / "x").exists()


def test_capital_is_not_api(tmp_path: Path) -> None:
    assert run_cli("pq", "new", "CapitalRapid", "--out", str(tmp_path / "c"))[0] == 0


def test_existing_folder_bad_logo_and_force(tmp_path: Path) -> None:
    out = tmp_path / "Contoso"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    code, _, err = run_cli("pq", "new", "Contoso", "--out", str(out))
    assert code == 1 and "is not empty" in err
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image")
    code, _, err = run_cli("pq", "new", "Contoso", "--out", str(out), "--icon", str(bad), "--force")
    assert code == 1 and "not a PNG or JPEG image" in err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert run_cli("pq", "new", "Contoso", "--out", str(out), "--force")[0] == 0
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert (out / "Contoso.pq").exists()
