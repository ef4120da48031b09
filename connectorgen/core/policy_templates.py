"""Policy templates of apiProperties.json (``policyTemplateInstances``): the platform's facts.

Which template ids exist and which parameters each takes, how instance parameters are named,
and how to read the ``@connectionParameters('name')`` expressions their values hold. Used by
generate (config.json ``policies``), import, and check's rules on connector folders.

Sources: ../shared/reference/asset-shapes.md §1.6 (every templateId seen in the 1,033 accepted
connectors, with its parameter keys) and the template pages of learn.microsoft.com
(connectors/custom-connectors/policy-templates/<id>/<id>: dynamichosturl, stringtoarray,
setconnectionstatustounauthenticated list their input parameters and the shared
``x-ms-apimTemplate-operationName``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

# Instance parameters are named with these prefixes; the config names them without.
PARAMETER_PREFIX: Final = "x-ms-apimTemplateParameter."
OPERATIONS_KEY: Final = "x-ms-apimTemplate-operationName"
SECTION_KEY: Final = "x-ms-apimTemplate-policySection"
SECTIONS: Final = ("Request", "Response")


@dataclass(frozen=True)
class Template:
    id: str  # canonical (lower-case) template id
    parameters: tuple[str, ...] | None  # None: not documented, any name is accepted
    required: tuple[str, ...] = ()


# templateId (lower case: the schema enum and most real files) -> its parameters.
TEMPLATES: Final[dict[str, Template]] = {
    t.id: t
    for t in (
        Template("setheader", ("name", "value", "existsAction"), ("name", "value")),
        Template("dynamichosturl", ("urlTemplate",), ("urlTemplate",)),
        Template("routerequesttoendpoint", ("newPath", "httpMethod"), ("newPath",)),
        Template(
            "setproperty",
            (
                "newPropertyParentPathTemplate",
                "newPropertySubPathTemplate",
                "propertyValuePathTemplate",
            ),
        ),
        Template("setqueryparameter", ("name", "value", "existsAction"), ("name", "value")),
        Template("pollingtrigger", ("triggerConfig", "triggerDataPath")),
        Template(
            "stringreplace",
            (
                "propertyParentPath",
                "propertySubPath",
                "sourceString",
                "replacementString",
                "newPropertyPath",
            ),
        ),
        Template(
            "convertobjecttoarray",
            ("propertyParentPath", "propertySubPath", "newPropertyPath", "keyName", "valueName"),
        ),
        Template("updatenextlink", ("nextLinkPropertyName",)),
        Template(
            "setvaluefromurl",
            ("parameterTemplate", "parameterValueUrl", "parameterValuePathTemplate", "httpMethod"),
        ),
        Template(
            "convertarraytoobject",
            (
                "propertyParentPath",
                "propertySubPath",
                "keyWithinCollectionPath",
                "newPropertyPath",
                "retainKey",
            ),
        ),
        Template(
            "stringtoarray",
            (
                "propertyParentPath",
                "propertySubPath",
                "delimiterList",
                "childPropertyName",
                "newPropertyPath",
            ),
        ),
        Template("setconnectionstatustounauthenticated", ("statusCode",), ("statusCode",)),
        # Seen once each in accepted connectors; their parameters are not documented here.
        Template("dynamicsubdomain", None),
        Template("moveproperties", None),
        Template("encodepropertyvalue", None),
    )
}


def template(template_id: Any) -> Template | None:
    """The template an id names; real files vary the case (SetProperty, setHeader)."""
    return TEMPLATES.get(template_id.lower()) if isinstance(template_id, str) else None


def parameter_key(name: str) -> str:
    """The instance key of a template parameter: 'urlTemplate' -> its x-ms-apimTemplate... key.

    A name that already starts with 'x-ms-' is an instance key as written.
    """
    return name if name.startswith("x-ms-") else PARAMETER_PREFIX + name


def parameter_name(key: str) -> str:
    """The inverse of parameter_key."""
    return key.removeprefix(PARAMETER_PREFIX)


# ---------------------------------------------------------------- expressions

# @connectionParameters('name') or @connectionParameters('name', 'default'): the policy reads a
# connection parameter (the docs' expression language; asset-shapes §1.6 examples).
_CONNECTION_PARAMETER = re.compile(
    r"@connectionParameters\(\s*'(?P<name>[^']*)'\s*(?P<default>,)?", re.IGNORECASE
)


@dataclass(frozen=True)
class ParameterReference:
    name: str
    has_default: bool


def connection_parameter_references(value: Any) -> Iterator[ParameterReference]:
    """Every @connectionParameters('x') in a parameter value (strings, nested lists, objects)."""
    if isinstance(value, str):
        for match in _CONNECTION_PARAMETER.finditer(value):
            yield ParameterReference(match.group("name"), match.group("default") is not None)
    elif isinstance(value, dict):
        for item in value.values():
            yield from connection_parameter_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from connection_parameter_references(item)


_ABSOLUTE = re.compile(r"^https?://\S", re.IGNORECASE)


def url_template_problem(value: Any) -> str | None:
    """Why a dynamichosturl urlTemplate is not an absolute URL template, or None.

    The template replaces the whole host URL, so it starts with http:// or https:// (the
    docs' examples: https://@connectionParameters('cat').abc.xyz). An expression that yields
    the whole URL (@queryParameters('uri'), @connectionParameters('url')) is accepted too:
    Microsoft accepted a connector built that way (microsoftschooldatasyncv2).
    """
    if not isinstance(value, str) or not value.strip():
        return "is empty; give the URL the requests go to, such as https://@connectionParameters('host')/api"
    if value.startswith("@") or _ABSOLUTE.match(value):
        return None
    return (
        f"{value!r} is not an absolute URL template: it must start with https:// (for example "
        "https://@connectionParameters('host')/api) or be an expression giving the whole URL"
    )
