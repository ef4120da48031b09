"""Which commands exist: each module under cli/ holds one command's flags and printing."""

from __future__ import annotations

import typer

from . import check, convert, deploy, diff, generate, import_, new_config, package, pq, rules


def register(app: typer.Typer) -> None:
    # In the order of a connector's life, as --help lists them.
    app.command("new-config")(new_config.new_config)
    app.command("import")(import_.import_)
    app.command("convert")(convert.convert)
    app.command("generate")(generate.generate)
    app.command("check")(check.check)
    app.command("diff")(diff.diff)
    app.command("deploy")(deploy.deploy)
    app.command("package")(package.package)
    app.command("rules")(rules.rules)
    app.add_typer(pq.app)
