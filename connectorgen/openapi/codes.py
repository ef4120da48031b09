"""The codes the conversion of OpenAPI 3 and YAML to Swagger 2.0 reports.

`connectorgen convert` reports them, and so do generate, new-config, check and diff when they
convert their input first. Each lossy step of the mapping (docs/convert.md) has a warning that
names the JSON pointer and the line in the user's file; nothing is dropped without one.
"""

from __future__ import annotations

from ..lint.rules import RuleSet

codes = RuleSet("convert")

_SPEC = "OpenAPI Specification 3.0.3 and 3.1.0; Swagger (OpenAPI) 2.0 specification"
_KEEP = "Nothing to do if the Swagger 2.0 result is what you want; the message says what changed."

codes.reported(
    "openapi-converted",
    "info",
    artifact="apiDefinition",
    summary="The API definition was OpenAPI 3.x or YAML and was converted to Swagger 2.0 JSON, "
    "the only form Power Platform takes.",
    fix="Nothing to do. To keep the converted file, run `connectorgen convert IN --out OUT`.",
    source="certification-rules SCHEMA-UNSUPPORTED (OpenAPI 3 constructs are not allowed, "
    "Swagger 2.0 only); SVR SpecificationVersionIncorrect",
)
codes.reported(
    "openapi-structure",
    "error",
    artifact="apiDefinition",
    summary="An OpenAPI 3 definition has the structure conversion needs (`info`, `paths` of "
    "path items, operations, parameters and responses of the right types).",
    fix="Correct the part at the pointer given. Stops the conversion: nothing is written.",
    source=_SPEC,
)
codes.reported(
    "yaml-syntax",
    "error",
    artifact="apiDefinition",
    summary="A YAML file is one valid YAML document of plain data (no custom tags, no duplicate "
    "keys).",
    fix="Fix the YAML at the line and column given. Stops the run: nothing is written.",
    source="YAML 1.2.2 specification; OpenAPI 3.1.0 section 4.3 (tags limited to the JSON "
    "schema ruleset)",
)
codes.reported(
    "convert-servers",
    "warning",
    artifact="apiDefinition",
    summary="`servers` map to one host, basePath and schemes: with several servers the first "
    "is used; servers of a path or an operation are dropped.",
    fix="Put the server the connector should call first. " + _KEEP,
    source=_SPEC + " (Server Object; host, basePath, schemes)",
)
codes.reported(
    "convert-server-variables",
    "warning",
    artifact="apiDefinition",
    summary="Server variables take their defaults. When the host holds a variable, the "
    "connector needs the host from each connection: an instance-URL connection parameter and "
    "a `dynamichosturl` policy.",
    fix="Check the default host. For a host that differs per customer, add a connection "
    "parameter (for example instanceUrl) and a dynamichosturl policy whose urlTemplate uses it.",
    source="asset-shapes §1.6 (dynamichosturl policy templates, 192 instances)",
)
codes.reported(
    "convert-request-body",
    "warning",
    artifact="apiDefinition",
    summary="A requestBody becomes one `body` parameter or `formData` parameters: one schema "
    "for all its media types.",
    fix="Give the media types one schema, or keep the one the connector sends first. " + _KEEP,
    source=_SPEC + " (Request Body Object; body and formData parameters)",
)
codes.reported(
    "convert-response",
    "warning",
    artifact="apiDefinition",
    summary="Response content becomes one `schema`: media types with different schemas, status "
    "code ranges (2XX) and response links have no Swagger 2.0 form.",
    fix=_KEEP,
    source=_SPEC + " (Response Object)",
)
codes.reported(
    "convert-parameter",
    "warning",
    artifact="apiDefinition",
    summary="Parameters of query, header and path are simple values in Swagger 2.0: object "
    "schemas, `content` and some styles have no equivalent.",
    fix="Use a simple type for the parameter, or pass structured data in the body. " + _KEEP,
    source=_SPEC + " (Parameter Object: style, explode, content)",
)
codes.reported(
    "convert-schema",
    "warning",
    artifact="apiDefinition",
    summary="Schema keywords Swagger 2.0 lacks (`not`, `writeOnly`, `prefixItems`, several "
    "types, ...) are dropped.",
    fix=_KEEP,
    source=_SPEC + " (Schema Object)",
)
codes.reported(
    "convert-one-of",
    "warning",
    artifact="apiDefinition",
    summary="`oneOf` and `anyOf` have no Swagger 2.0 equivalent: object alternatives are merged "
    "into one object, alternatives of one type keep that type, others accept any value.",
    fix="Check the merged schema in the designer; split the operation per alternative if users "
    "must see each shape. " + _KEEP,
    source=_SPEC + "; docs/convert.md (the oneOf/anyOf rule)",
)
codes.reported(
    "convert-bearer",
    "warning",
    artifact="apiDefinition",
    summary="HTTP bearer authentication becomes an API key in the Authorization header: users "
    "enter 'Bearer ' followed by their token.",
    fix="Tell users in the connection's description to type 'Bearer <token>'; if the token "
    "comes from an OAuth 2.0 provider, describe that provider as oauth2 instead.",
    source="learn.microsoft.com/connectors/custom-connectors/connection-parameters (API key, "
    "basic and OAuth 2.0 only)",
)
codes.reported(
    "convert-security",
    "warning",
    artifact="apiDefinition",
    summary="Security schemes Swagger 2.0 lacks (openIdConnect, mutualTLS, HTTP schemes other "
    "than basic and bearer, API keys in cookies) are dropped; an OAuth 2.0 scheme keeps one "
    "flow.",
    fix="Describe the sign-in as OAuth 2.0 with the provider's authorization and token URLs "
    "(from its OpenID configuration document), or as an API key.",
    source=_SPEC + " (Security Scheme Object)",
)
codes.reported(
    "convert-dropped",
    "warning",
    artifact="apiDefinition",
    summary="What Swagger 2.0 cannot hold is dropped: cookie parameters, callbacks, links, "
    "webhooks, the TRACE method, unused components.",
    fix="Power Platform cannot use these; webhook triggers are described with "
    "x-ms-notification-url and x-ms-trigger instead. " + _KEEP,
    source=_SPEC,
)

CODES = tuple(codes.rules)
