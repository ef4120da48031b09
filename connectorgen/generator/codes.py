"""The codes generate and new-config report about their inputs while they work.

They share the registry with check's rules: one id, one severity, one entry in docs/rules.md,
and each can be ignored. Codes that stop the run (the input cannot be used) are errors; their
``ignore`` has no effect, since nothing can be generated from such input. generate reports the
check rules too (json-syntax, json-lenient, swagger-version, swagger-host, ...) under their ids.
"""

from __future__ import annotations

from ..lint.rules import RuleSet

codes = RuleSet("generate")

_STOPS = "Stops generate: nothing is written until it is fixed."

# ---------------------------------------------------------------- config.json

codes.reported(
    "config-schema",
    "error",
    artifact="config",
    summary="config.json follows its schema (keys, types, forms of colours, URLs, e-mails).",
    fix="Correct the key named in the message; config.schema.json beside the config makes "
    f"editors show the allowed keys. {_STOPS}",
    source="config.schema.json",
)
codes.reported(
    "config-oauth",
    "error",
    artifact="config",
    summary="An OAuth 2.0 sign-in has the config values it needs (client id; for Entra ID the "
    "resource URI unless a scope names it; a token URL).",
    fix=f"Fill in the oauth2 keys the message lists. {_STOPS}",
    source="asset-shapes §3 (oAuthSettings of real connectors)",
)
codes.reported(
    "config-script",
    "error",
    artifact="config",
    summary="script.operations names operations the API definition has.",
    fix=f"Use the operationIds of the API definition. {_STOPS}",
    source="asset-shapes §1.8 (scriptOperations)",
)
codes.reported(
    "config-connection-parameters",
    "error",
    artifact="config",
    summary="connectionParameters and connectionParameterSets can be built: an extra parameter "
    "has a type, an override or null names a derived sign-in parameter, a set entry names a "
    'derived set, and with "signInFrom": "config" every parameter has a type.',
    fix=f"Correct the entry the message names. {_STOPS}",
    source="asset-shapes §1.2, §1.4, §1.5 (connection parameters of real connectors)",
)
codes.reported(
    "config-policy-parameter",
    "error",
    artifact="config",
    summary="Every @connectionParameters('x') in a policy names a declared connection "
    "parameter (an expression with a default, ('x', 'default'), may name an absent one).",
    fix=f"Declare the parameter in connectionParameters, or correct the name. {_STOPS}",
    source="asset-shapes §1.6; learn.microsoft.com connectors/custom-connectors/policy-templates "
    "(expressions read connection parameters)",
)
codes.reported(
    "config-policy-operation",
    "error",
    artifact="config",
    summary="The operations a policy applies to exist in the API definition.",
    fix=f"Use operationIds of the API definition. {_STOPS}",
    source="learn.microsoft.com policy-templates (x-ms-apimTemplate-operationName lists "
    "operations)",
)
codes.reported(
    "config-policy-url",
    "error",
    artifact="config",
    summary="A dynamichosturl urlTemplate is an absolute URL template (https://...), or an "
    "expression giving the whole URL.",
    fix="Write the URL the requests go to, such as https://@connectionParameters('host')/api. "
    f"{_STOPS}",
    source="learn.microsoft.com policy-templates/dynamichosturl (the template replaces the host "
    "URL)",
)
codes.reported(
    "config-policy-template",
    "warning",
    artifact="config",
    summary="A policy names a template connectorgen knows, with that template's parameters.",
    fix="Check the templateId and parameter names; what is unknown is written as given.",
    source="asset-shapes §1.6 (every templateId of 1,033 accepted connectors)",
)
codes.reported(
    "config-ignore",
    "error",
    artifact="config",
    summary="config.json's ignore lists known rule ids.",
    fix=f"Use ids that `connectorgen rules` lists. {_STOPS}",
    source="connectorgen",
)
codes.reported(
    "config-client-secret",
    "warning",
    artifact="config",
    summary="config.json holds no client secret (it is never written to an output).",
    fix="Give the secret to paconn --secret or the connector's Security tab, and keep it out of "
    "config.json in version control.",
    source="R-README 'Submitting' (no secrets in the repository)",
)

# ---------------------------------------------------------------- the API definition

codes.reported(
    "swagger-structure",
    "error",
    artifact="apiDefinition",
    summary="The API definition has what generate builds on: an object with `info`, "
    "`info.title` and `paths`.",
    fix=f"Add the missing part at the pointer given. {_STOPS}",
    source="Swagger 2.0 specification (required fields)",
)
codes.reported(
    "swagger-security",
    "error",
    artifact="apiDefinition",
    summary="Every security definition can be mapped to connection parameters (a known type; "
    "apiKey with `in` and `name`; OAuth flows with the URLs they need).",
    fix=f"Complete the security definition at the pointer given. {_STOPS}",
    source="Swagger 2.0 Security Scheme Object; asset-shapes §1.1",
)
codes.reported(
    "swagger-validation",
    "warning",
    artifact="apiDefinition",
    summary="The API definition is valid Swagger 2.0 as openapi-spec-validator reads it.",
    fix="Correct the schema problem at the pointer given. Connectors Microsoft accepted carry "
    "such problems, so they do not stop generate.",
    source="Swagger 2.0 specification (openapi-spec-validator)",
)
codes.reported(
    "host-placeholder",
    "warning",
    artifact="apiDefinition",
    summary="The API definition's host is a real host, not a placeholder (<instance>, {tenant}, "
    "localhost, example.com), one named for one customer (YourInstance.service-now.com), a test "
    "or trial environment, or one tenant's address on a shared service, unless a dynamichosturl "
    "policy routes every operation to a host of the connection.",
    fix="Add a connection parameter for the host and a dynamichosturl policy that uses it "
    "(new-config proposes both), or put the production host in the API definition.",
    source="certification-rules HOST-PROD (production host); asset-shapes §1.2 and §1.6 (host "
    "parameters with dynamichosturl in 181 accepted connectors)",
)
codes.reported(
    "config-host-hint",
    "info",
    artifact="config",
    summary="new-config proposes a connection parameter for the host and a dynamichosturl "
    "policy, since the API definition's host differs per customer.",
    fix="Check the proposed parameter and policy in config.json; remove both if the host is "
    "the same for everyone.",
    source="asset-shapes §1.2 and §1.6",
)
codes.reported(
    "security-requirement-missing",
    "warning",
    artifact="apiDefinition",
    summary="The API definition says which security definitions it needs: a `security` "
    "requirement names them.",
    fix='Add `"security": [{"<definition>": []}]` at the top level (one entry per '
    "alternative). Until then every definition is offered as a choice.",
    source="Swagger 2.0 Security Requirement Object; Power Platform signs in with "
    "securityDefinitions regardless (6 of 35 corpus connectors have no requirement, and their "
    "accepted apiProperties use the definitions)",
)
codes.reported(
    "security-unused",
    "info",
    artifact="apiDefinition",
    summary="A security definition no `security` requirement names is not offered as a sign-in.",
    fix="Nothing to do; name it in `security` if users should be able to sign in with it.",
    source="Swagger 2.0 Security Requirement Object",
)
codes.reported(
    "auth-unsupported",
    "error",
    artifact="apiDefinition",
    summary="The security requirements can be expressed as one connection (not two basic or two "
    "OAuth schemes required together, not two token flows).",
    fix=f"List alternatives as separate entries of `security`. {_STOPS}",
    source="asset-shapes §1.4 (connectionParameterSets)",
)
codes.reported(
    "auth-implicit",
    "warning",
    artifact="apiDefinition",
    summary="The OAuth implicit flow has no Power Platform equivalent: the authorization-code "
    "flow against the same provider is used.",
    fix="Allow the authorization-code flow (and a client secret) on the OAuth app.",
    source="asset-shapes §3 (no implicit flow among real oAuthSettings)",
)
codes.reported(
    "auth-multi",
    "info",
    artifact="apiDefinition",
    summary="Alternative security requirements became connectionParameterSets: users choose one "
    "authentication type per connection.",
    fix="Nothing to do; list the requirements as one entry of `security` if all are needed "
    "together.",
    source="asset-shapes §1.4",
)
codes.reported(
    "auth-combined",
    "info",
    artifact="apiDefinition",
    summary="Security definitions required together (one entry of `security`) are all asked for "
    "in one connection.",
    fix="List them as separate entries of `security` if users should choose one.",
    source="Swagger 2.0 Security Requirement Object",
)
codes.reported(
    "auth-provider",
    "info",
    artifact="apiDefinition",
    summary="A named identityProvider is passed through as given; the platform knows its "
    "endpoints.",
    fix="Nothing to do.",
    source="asset-shapes §1.3 (identityProvider values)",
)
codes.reported(
    "auth-token-script",
    "info",
    artifact="apiDefinition",
    summary="The OAuth client-credentials or password flow runs in the generated script.csx, "
    "since the platform does not run it.",
    fix="Nothing to do; users enter the client id and secret when they create a connection.",
    source="learn.microsoft.com connection-parameters ('client credentials grant type is not "
    "supported by custom connectors')",
)

# ---------------------------------------------------------------- icon and colour

codes.reported(
    "brand-color-default",
    "warning",
    artifact="icon",
    summary="A brand colour is known (config or icon), so the platform default #007ee5, which "
    "certification refuses, is not used.",
    fix="Set iconBrandColor in config.json to your brand colour (the icon background).",
    source="CS; certification-rules 1.7",
)
codes.reported(
    "brand-color-profile",
    "warning",
    artifact="icon",
    summary="The configured iconBrandColor agrees with the profile: independent publishers must "
    "use #da3b01, so another colour is replaced by it.",
    fix="Remove iconBrandColor from config.json, or set it to #da3b01.",
    source="IP; R-TPL-IP (certification-rules 1.10)",
)
codes.reported(
    "icon-skipped",
    "info",
    artifact="icon",
    summary="No icon.png is written for an independent publisher: Microsoft applies a generic "
    "icon.",
    fix="Nothing to do; remove `icon` from config.json to silence this note.",
    source="IP; R-PRT; R-TPL-IP",
)
codes.reported(
    "icon-background-mismatch",
    "warning",
    artifact="icon",
    summary="The logo's own background matches the brand colour it is placed on.",
    fix="Set iconBrandColor to the logo's background, or use a logo with a transparent background.",
    source="CS; R-PRT (icon background matches iconBrandColor)",
)
codes.reported(
    "icon-default-brand-color",
    "warning",
    artifact="icon",
    summary="The icon background is not the platform default #007ee5.",
    fix="Use your brand colour as the background.",
    source="CS; R-PRT; PR#3473",
)
codes.reported(
    "icon-white-background",
    "warning",
    artifact="icon",
    summary="The icon background is not white.",
    fix="Use a solid, non-white brand colour as the background.",
    source="CS; R-PRT; PR#3473",
)

# ---------------------------------------------------------------- script and new-config

codes.reported(
    "script-operations-ignored",
    "warning",
    artifact="script",
    summary="script.operations is ignored when a token flow needs the script on every operation.",
    fix="Remove script.operations from config.json.",
    source="asset-shapes §1.8",
)
codes.reported(
    "script-token",
    "warning",
    artifact="script",
    summary="A script of your own replaces the generated token script: it must fetch the OAuth "
    "token itself.",
    fix="Read the X-Connectorgen-* headers the policies set, as the generated script does.",
    source="connectorgen (the generated token script's contract)",
)
# ---------------------------------------------------------------- the output folder

codes.reported(
    "hand-edited",
    "warning",
    artifact="readme",
    summary="A file generate wrote has not been edited since: its content matches the digest "
    "the last run recorded in .connectorgen.json, so --force loses nothing by replacing it.",
    fix="Move the change where generate reads it (README.md and INTRO.md: config.json's docs.* "
    "keys; other files: config.json or the API definition), then generate again. Run with "
    "--dry-run first to see which files would be replaced.",
    source="connectorgen (issue 10: hand edits must not be lost silently)",
)
codes.reported(
    "settings-kept",
    "info",
    artifact="settings",
    summary="settings.json keeps what a deploy saved in the output folder (connectorId, "
    "environment, powerAppsUrl, flowUrl and their API versions).",
    fix="Nothing to do; set settings.environment or settings.connectorId in config.json to "
    "replace a saved value.",
    source="deploy.md (paconn update prompts without connectorId and environment)",
)
codes.reported(
    "settings-unreadable",
    "warning",
    artifact="settings",
    summary="The settings.json already in the output folder can be read, so the values a deploy "
    "saved in it are kept.",
    fix="Set settings.connectorId and settings.environment in config.json if the connector "
    "exists already; the new settings.json replaces the unreadable one.",
    source="paconn-settings.schema.json (every value a string); deploy.md",
)
codes.reported(
    "schema-stale",
    "warning",
    artifact="config",
    summary="config.schema.json beside the config is this connectorgen's schema.",
    fix="Delete config.schema.json and run new-config again to refresh it.",
    source="connectorgen",
)

# ---------------------------------------------------------------- import

codes.reported(
    "import-not-expressible",
    "warning",
    artifact="config",
    summary="import found something in the connector that config.json cannot express (or that "
    "generate would refuse); it is left out, so generate will not reproduce it.",
    fix="Read the key path in the message; add the value by hand to the generated file if it "
    "matters, or drop it from the connector.",
    source="issue 9 (import reports by key what it cannot carry over)",
)
codes.reported(
    "import-improved",
    "info",
    artifact="config",
    summary="import upgrades a legacy OAuth setting: redirectMode Global becomes "
    "GlobalPerConnector, and the legacy redirectUrl is dropped.",
    fix="Register the connector's per-connector redirect URL with the OAuth app after deploying.",
    source="asset-shapes §3 (per-connector redirect URLs required since February 2024)",
)
codes.reported(
    "import-note",
    "info",
    artifact="config",
    summary="import notes what it did with a file: the API definition rewritten as strict JSON, "
    "the icon to be rendered again, a readme section not carried over.",
    fix="Nothing to do.",
    source="connectorgen",
)

CODES = tuple(codes.rules)
