"""The printing contract: commands return results, only the CLI prints and picks exit codes;
a bug in connectorgen is not bad input."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import run_cli

from connectorgen.lint.rules import Hit, Rule


def _broken_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a connector rule whose check raises, as a bug would."""
    import connectorgen.catalog as catalog
    import connectorgen.connector.check as check
    from connectorgen.lint.registry import Registry

    def explode(ctx: object) -> Iterator[Hit]:
        raise KeyError("a bug")
        yield  # pragma: no cover - makes this a generator

    broken = Rule(
        "demo-broken",
        "error",
        "connector",
        "apiDefinition",
        "A broken rule.",
        "-",
        "-",
        check=explode,
        needs=(),
    )
    real = catalog.registry()
    targets = {rule.target for rule in real.rules}
    sources = {target: (lambda t=target: real.for_target(t)) for target in targets}
    sources["connector"] = lambda: (*real.for_target("connector"), broken)
    monkeypatch.setattr(check, "registry", lambda: Registry(sources))


def test_an_internal_error_exits_70_and_says_it_is_a_bug(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    import connectorgen.generator.pipeline as pipeline

    def fail(*_: object, **__: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "render_outputs", fail)
    config = sample_copy("api-key")
    code, out, err = run_cli("generate", "--config", str(config), "--out", str(tmp_path / "o"))
    assert code == 70 and out == ""
    assert "internal error: ZeroDivisionError: division by zero" in err
    assert "This is a bug in connectorgen, not a problem with your input" in err
    assert "--debug" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()

    code, _, err = run_cli(
        "--debug", "generate", "--config", str(config), "--out", str(tmp_path / "o")
    )
    assert code == 70
    assert "Traceback (most recent call last)" in err and "ZeroDivisionError" in err


def test_a_failing_rule_is_reported_as_a_bug_after_the_other_findings(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    assert run_cli("generate", "--config", str(config), "--out", str(tmp_path / "o"))[0] == 0
    _broken_rule_set(monkeypatch)
    code, out, err = run_cli("check", str(tmp_path / "o"), "--format", "json")
    assert code == 70
    assert json.loads(out)["summary"]["folders"] == 1  # the report is complete and parseable
    assert "internal error: " in err and "rule demo-broken failed: KeyError: 'a bug'" in err
    assert "the findings above are complete except for the rules named" in err


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_generate_reports_through_the_shared_formats(
    fmt: str, sample_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    data = json.loads(config.read_text(encoding="utf-8"))
    data.pop("iconBrandColor", None)
    data.pop("icon", None)  # no colour at all: the brand-color-default warning
    config.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(
        "generate", "--config", str(config), "--out", str(tmp_path / "o"), "--format", fmt
    )
    assert code == 0
    assert "create    apiProperties.json" in err  # the file list stays on stderr
    if fmt == "json":
        report = json.loads(out)
        assert report["tool"] == "connectorgen generate"
        assert {f["name"] for f in report["files"]} >= {"apiProperties.json", "README.md"}
        assert "brand-color-default" in {f["rule"] for f in report["findings"]}
    elif fmt == "sarif":
        run = json.loads(out)["runs"][0]
        assert run["tool"]["driver"]["name"] == "connectorgen generate"
        ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
        assert {"brand-color-default", "title-max-length"} <= ids
        assert "brand-color-default" in {r["ruleId"] for r in run["results"]}
    else:
        assert "title=brand-color-default::" in out


def test_short_help_and_an_example_for_every_command() -> None:
    for command in ("new-config", "generate", "check", "rules"):
        code, out, _ = run_cli(command, "-h")
        assert code == 0 and "Example: connectorgen " + command in " ".join(out.split())
