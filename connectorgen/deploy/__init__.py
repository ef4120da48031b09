"""`connectorgen deploy`: create or update the connector in a Power Platform environment with
paconn or pac, without a prompt, and keep its id in settings.json.

- ``folder``: settings.json and the files it names;
- ``commands``: the command lines of paconn and pac (pure functions);
- ``runner``: finding the tool, the temporary copy it runs in, running it, its failures;
- ``state``: writing connectorId and environment back into settings.json;
- ``pipeline``: ``prepare`` (checks, no changes) and ``execute``.
"""

from __future__ import annotations

from .commands import TOOLS, Tool
from .pipeline import DeployPlan, DeployResult, deploy, execute, prepare

__all__ = ["TOOLS", "DeployPlan", "DeployResult", "Tool", "deploy", "execute", "prepare"]
