"""The commands that deploy a generated folder, as generate prints them: each works as printed.

Facts from ../shared/reference/deploy.md (paconn 0.0.21, run against a stand-in for the cloud):

- paconn prompts for an environment that settings.json lacks, and crashes without a terminal;
  ``--env`` is ignored when ``--settings`` is given. So paconn is called without
  ``--settings``, with every file named and ``--env``.
- After ``create`` paconn writes settings.json and asks before replacing one: ``-w``
  (--overwrite-settings) answers that. ``update`` needs ``--cid`` and ``--env``.
- ``create``/``update`` fail with InvalidRequestContent while apiProperties.json holds
  ``stackOwner`` (certification-rules PROPS-PACONN-STACKOWNER; the certification repository's
  connector FAQ gives the workaround: upload without the key). Certification requires the
  key, so generate keeps it and the steps upload a copy without it.
- ``--secret`` is needed by ``create`` when a ``token`` OAuth parameter exists; pac takes no
  secret, so it goes in the connector's Security tab.
- pac's connector id is a Dataverse GUID; paconn's is a ``shared_...`` name: a saved id says
  which tool deployed the connector.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

PACONN_COPY = "apiProperties.paconn.json"
ENVIRONMENT_PLACEHOLDER = "ENVIRONMENT_ID"
SECRET_PLACEHOLDER = "CLIENT_SECRET"
# One line for cmd.exe, PowerShell and POSIX shells alike: double quotes outside, single
# inside, no $ or backslash. json.dump writes ASCII, which paconn reads under any code page.
STRIP_STACK_OWNER = (
    "python -c \"import json; p = json.load(open('apiProperties.json')); "
    "del p['properties']['stackOwner']; "
    f"json.dump(p, open('{PACONN_COPY}', 'w'), indent=2)\""
)
_GUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


class Line(NamedTuple):
    """One line of the steps: a command is printed as it is, prose may be wrapped."""

    text: str
    indent: int = 0
    command: bool = False


def _say(text: str, indent: int = 1) -> Line:
    return Line(text, indent)


def _run(text: str) -> Line:
    return Line(text, 1, command=True)


@dataclass(frozen=True)
class DeployFacts:
    """What the commands depend on, taken from the files generate wrote."""

    settings: dict[str, str]  # settings.json as written
    stack_owner: bool  # apiProperties.json holds stackOwner
    oauth_secret: bool  # a `token` OAuth parameter: its client secret is not in any file


SECRET_VARIABLE = "CONNECTOR_SECRET"


def deploy_command(out: Path, facts: DeployFacts) -> list[Line]:
    """`connectorgen deploy`: runs paconn or pac without prompting, uploads apiProperties.json
    without stackOwner, and saves the new connector's id in settings.json."""
    parts = ["connectorgen", "deploy", shlex.quote(str(out))]
    if "environment" not in facts.settings:
        parts += ["--environment", ENVIRONMENT_PLACEHOLDER]
    if facts.oauth_secret:
        parts += ["--secret-env", SECRET_VARIABLE]
    lines = [
        Line(
            "Deploy with paconn or pac, never prompting (the connector's id is kept in "
            "settings.json for the next update):"
        ),
        _run(" ".join(parts)),
    ]
    if facts.oauth_secret:
        lines.append(
            _say(f"{SECRET_VARIABLE}: an environment variable holding the OAuth client secret.")
        )
    return lines


def next_steps(facts: DeployFacts) -> list[Line]:
    """Lines to print after a successful generate (without the `cd` into the folder)."""
    connector_id = facts.settings.get("connectorId")
    environment = facts.settings.get("environment")
    lines: list[Line] = []
    if connector_id is None or _GUID.match(connector_id):
        lines += _pac(connector_id, environment, facts.oauth_secret)
    if connector_id is None or not _GUID.match(connector_id):
        if lines:
            lines.append(Line(""))
        lines += _paconn(facts, connector_id, environment)
    if environment is None:
        lines += [
            Line(""),
            Line(
                f"{ENVIRONMENT_PLACEHOLDER}: your environment's id, as in the address of "
                "make.powerapps.com (.../environments/<id>/...). Set settings.environment in "
                "config.json to have it written to settings.json and filled in here."
            ),
        ]
    return lines


def _pac(connector_id: str | None, environment: str | None, oauth_secret: bool) -> list[Line]:
    env = f" --environment {environment}" if environment else ""
    if connector_id:
        command = (
            f"pac connector update --settings-file settings.json --connector-id {connector_id}"
        )
    else:
        command = f"pac connector create --settings-file settings.json{env}"
    lines = [Line("With the Power Platform CLI (pac):"), _run(command)]
    if oauth_secret:
        lines.append(
            _say(
                "pac does not upload the OAuth client secret: open the connector in "
                "make.powerapps.com (Custom connectors), enter the client secret on its "
                "Security tab and select Update connector."
            )
        )
    return lines


def _paconn(facts: DeployFacts, connector_id: str | None, environment: str | None) -> list[Line]:
    settings = facts.settings
    properties = PACONN_COPY if facts.stack_owner else settings["apiProperties"]
    parts = ["paconn", "update" if connector_id else "create"]
    parts += ["--env", environment or ENVIRONMENT_PLACEHOLDER]
    if connector_id:
        parts += ["--cid", connector_id]
    parts += ["--api-prop", properties, "--api-def", settings["apiDefinition"]]
    if "icon" in settings:
        parts += ["--icon", settings["icon"]]
    if "script" in settings:
        parts += ["--script", settings["script"]]
    if facts.oauth_secret:
        parts += ["--secret", SECRET_PLACEHOLDER]
    if not connector_id:
        parts.append("-w")  # create writes settings.json with the new id: never ask
    lines = [Line("Or with the Power Platform Connectors CLI (paconn), which then asks nothing:")]
    if facts.stack_owner:
        lines += [
            _say(
                "While apiProperties.json holds stackOwner (certification needs it), paconn "
                "fails with InvalidRequestContent; upload a copy without it:"
            ),
            _run(STRIP_STACK_OWNER),
        ]
    lines.append(_run(" ".join(parts)))
    if facts.oauth_secret:
        lines.append(_say(f"{SECRET_PLACEHOLDER}: the client secret of the OAuth application."))
    if facts.stack_owner:
        lines.append(
            _say(f"{PACONN_COPY} is only for paconn: keep it out of a certification pull request.")
        )
    return lines
