"""What the Swagger hints at for config.json: a host that differs per customer, triggers.

A Swagger written for many customers often carries a placeholder host (``<instance>``,
``{tenant}.example.com``, ``localhost``) or one named for the customer's own part
(``YourInstance.service-now.com``). A connector generated as it is calls that host for every
customer. Real connectors ask for the host in a connection parameter and route to it with a
``dynamichosturl`` policy (asset-shapes §1.2: hosts and regions such as orchestratorAddress,
domain, subdomain, instanceURL; §1.6: dynamichosturl in 181 of 1,033 connectors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.policy_templates import template
from ..openapi.view import ApiView

# Reserved for documentation and tests (RFC 2606, RFC 6761), or this machine.
_RESERVED_HOSTS = ("localhost", "example.com", "example.org", "example.net", "127.0.0.1")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
# Labels naming a test or trial environment rather than production (certification-rules HOST-PROD:
# the host must be the production one).
_ENVIRONMENTS = frozenset(
    [
        "try",
        "trial",
        "demo",
        "sandbox",
        "staging",
        "stage",
        "dev",
        "test",
        "testing",
        "uat",
        "qa",
        "preprod",
        "preview",
    ]
)
# First labels that name a service of the vendor, not a customer (api.us.socrata.com).
_SERVICE_LABELS = frozenset(
    [
        "api",
        "apis",
        "www",
        "app",
        "apps",
        "services",
        "service",
        "gateway",
        "gw",
        "rest",
        "graph",
        "secure",
        "web",
        "portal",
        "connect",
        "connector",
        "integration",
        "integrations",
        "data",
        "public",
        "prod",
        "production",
        "edge",
        "cloud",
        "platform",
        "auth",
        "login",
        "console",
    ]
)
# A first label that names the customer's own part of the address.
_OWN = r"(company|org|organi[sz]ation|domain|instance|tenant|account|site|subdomain|server|team)"
_CUSTOMER_LABEL = re.compile(
    rf"^your[-_]?[a-z0-9]*$|^my[-_]?{_OWN}(name)?$|instance|tenant|subdomain|"
    rf"^{_OWN}(name)?$|^(customer|host|hostname|workspace)(name)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HostHint:
    """A connection parameter for the host, and the dynamichosturl policy that uses it."""

    host: str
    reason: str  # why the host is taken for one that differs per customer
    parameter: str
    entry: dict[str, Any]  # the config connectionParameters entry
    policy: dict[str, Any]  # the config policies entry


def host_hint(doc: dict[str, Any]) -> HostHint | None:
    """A proposal when the Swagger's host is a placeholder or one customer's, else None."""
    host = doc.get("host")
    if not isinstance(host, str) or not host.strip():
        return None
    name = host.strip().lower().split(":")[0]
    title = ApiView(doc).title or "the service"
    scheme = _scheme(doc)
    base_path = doc.get("basePath")
    base = base_path.rstrip("/") if isinstance(base_path, str) else ""
    if any(c in host for c in "<>{}[] ") or _reserved(name):
        example = f"The host name of your {title} server, such as api.contoso.com"
        return _whole_host(host, "a placeholder", example, f"{scheme}://", base)
    labels = host.strip().split(":")[0].split(".")
    if len(labels) >= 3 and _CUSTOMER_LABEL.search(labels[0]):
        rest = ".".join(labels[1:])
        return HostHint(
            host,
            f"named for one customer ({labels[0]})",
            "instance",
            {
                "type": "string",
                "displayName": "Instance name",
                "description": f"The first part of your {title} address: NAME in NAME.{rest}",
                "tooltip": f"Provide NAME of NAME.{rest}",
                "required": True,
            },
            _policy(f"{scheme}://@connectionParameters('instance').{rest}{base}"),
        )
    shared = _shared_host_reason(labels)
    if shared:
        example = f"The host name of your {title} account, such as {host.strip()}"
        return _whole_host(host, shared, example, f"{scheme}://", base)
    return None


def _whole_host(host: str, reason: str, description: str, scheme: str, base: str) -> HostHint:
    """A 'host' parameter holding the whole host name."""
    entry = {
        "type": "string",
        "displayName": "Host",
        "description": description,
        "tooltip": "Provide the host name, without https://",
        "required": True,
    }
    return HostHint(
        host, reason, "host", entry, _policy(f"{scheme}@connectionParameters('host'){base}")
    )


def _shared_host_reason(labels: list[str]) -> str | None:
    """Why a host looks like one tenant's or one test environment's of a shared service."""
    lower = [label.lower() for label in labels]
    environment = next((label for label in labels[:-2] if label.lower() in _ENVIRONMENTS), None)
    if environment:
        return f"a test or trial environment ({environment})"
    # <tenant>.<region or cluster>.<vendor>.<tld>: four labels or more below the public suffix
    # (one label, or two for com.au-style country domains).
    suffix = 2 if len(lower[-1]) == 2 and lower[-2] in ("co", "com", "org", "net", "gov") else 1
    if len(lower) - suffix >= 3 and lower[0] not in _SERVICE_LABELS:
        return f"one tenant's address on a shared service ({labels[0]})"
    return None


def routes_host(policies: Any) -> bool:
    """Whether a dynamichosturl policy sets the host for every operation."""
    for entry in policies or []:
        if not isinstance(entry, dict):
            continue
        known = template(entry.get("templateId"))
        if known is not None and known.id == "dynamichosturl" and not entry.get("operations"):
            return True
    return False


def trigger_capabilities(doc: dict[str, Any]) -> list[str]:
    """capabilities for a Swagger with x-ms-trigger operations: triggers (and actions when
    other operations exist); [] without triggers. Real files: ["actions", "triggers"] 33,
    ["triggers"] 1 (asset-shapes §1.7)."""
    operations = ApiView(doc).operations
    triggers = [op for op in operations if op.value.get("x-ms-trigger")]
    if not triggers:
        return []
    return ["actions", "triggers"] if len(triggers) < len(operations) else ["triggers"]


def _reserved(name: str) -> bool:
    """localhost, example.com itself or one label under it (api.example.com), or a reserved
    top-level name. A deeper host (api.contoso.example.com) names a service of its own, as
    fictional samples and documentation do, and is left alone."""
    if name in _RESERVED_HOSTS or name.endswith(_RESERVED_SUFFIXES):
        return True
    first, _, rest = name.partition(".")
    return bool(first) and rest in _RESERVED_HOSTS[1:4]


def host_warning(doc: dict[str, Any], policies: Any, file: str) -> list[Diagnostic]:
    """generate's warning when the host differs per customer and no policy routes it."""
    hint = host_hint(doc)
    if hint is None or routes_host(policies):
        return []
    return [
        Diagnostic(
            "warning",
            "host-placeholder",
            f"the API definition's host {hint.host!r} is {hint.reason}: the connector would "
            "call it for every customer. Ask for the host in a connection parameter and route "
            "to it with a dynamichosturl policy (connectionParameters and policies in "
            "config.json; new-config proposes both).",
            file=file,
            pointer="/host",
        )
    ]


def _scheme(doc: dict[str, Any]) -> str:
    schemes = doc.get("schemes")
    if isinstance(schemes, list) and schemes and schemes[0] in ("http", "https"):
        return str(schemes[0])
    return "https"


def _policy(url_template: str) -> dict[str, Any]:
    return {
        "templateId": "dynamichosturl",
        "title": "Send requests to the host of the connection",
        "parameters": {"urlTemplate": url_template},
    }
