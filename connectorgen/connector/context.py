"""The connector-folder target as its rules see it: the parsed files and shared views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.document import walk_all
from ..core.platform import API_DEFINITION, API_PROPERTIES
from ..lint.context import LintContext
from ..openapi.view import ApiView

Walked = list[tuple[str, Any, Any]]


@dataclass
class ConnectorContext(LintContext):
    # What converting the API definition (OpenAPI 3, YAML) lost: reported as findings.
    converted: list[Diagnostic] = field(default_factory=list)
    # The folder lies in a clone of the certification repository (certified-connectors/...):
    # files that go to the certification portal instead (the icon) are not expected there.
    in_repository: bool = False

    @property
    def swagger(self) -> Any:
        return self.data.get(API_DEFINITION)

    @property
    def props(self) -> Any:
        return self.data.get(API_PROPERTIES)

    @property
    def api(self) -> ApiView:
        return self.memo("api", lambda: ApiView(self.swagger))

    def walked(self, artifact: str) -> Walked:
        """``walk`` of one parsed file, computed once for all the rules that scan everything."""
        return self.memo(f"walk:{artifact}", lambda: walk_all(self.data.get(artifact)))
