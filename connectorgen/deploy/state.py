"""Writing the deployed connector's id and environment back into settings.json.

Only ``connectorId`` and ``environment`` change; every other key and the key order stay as
they were. The file is replaced atomically by core.writer, so an interrupted write leaves the
old file, never half of one.
"""

from __future__ import annotations

from typing import Any

from ..core.diagnostics import InputError
from ..core.jsonio import dump_json
from ..core.writer import write_standalone
from .folder import DeployFolder

STATE_KEYS = ("connectorId", "environment")


def updated_settings(
    current: dict[str, Any], connector_id: str | None, environment: str
) -> dict[str, Any] | None:
    """settings.json with the new values, or None when nothing changes.

    A key that is missing is added in front, where generate and paconn put it.
    """
    wanted = {"connectorId": connector_id, "environment": environment}
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if all(current.get(k) == v for k, v in wanted.items()):
        return None
    missing = {k: v for k, v in wanted.items() if k not in current}
    return {**missing, **{k: wanted.get(k, v) for k, v in current.items()}}


def save_state(folder: DeployFolder, connector_id: str | None, environment: str) -> bool:
    """Write the values back; True when settings.json changed."""
    value = updated_settings(folder.settings.value, connector_id, environment)
    if value is None:
        return False
    try:
        write_standalone({folder.settings_path: dump_json(value)})
    except InputError as exc:
        # The connector exists now: without its id the next deploy would make a second one.
        saved = f'"connectorId": "{connector_id}", ' if connector_id else ""
        raise InputError(
            f'{exc.message} Put {saved}"environment": "{environment}" into '
            f"{folder.settings_path} by hand before deploying again."
        ) from exc
    return True
