"""Secrets that look real in the files a connector author publishes (issue #4)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from ...core.platform import API_DEFINITION, API_PROPERTIES, SETTINGS
from ...lint.rules import Hit, RuleSet
from ..context import ConnectorContext as Context

rules = RuleSet("connector")

# Keys whose value is a secret by name. clientId is deliberately not here: client ids are not
# secret and certified connectors carry real ones.
_SECRET_KEYS = re.compile(
    r"^(client_?secret|secret|password|passwd|api_?key|access_?token|refresh_?token|"
    r"bearer_?token|private_?key|subscription_?key|x-api-key)$",
    re.IGNORECASE,
)
# Values that are secrets by their shape wherever they appear.
_SECRET_SHAPES = (
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("a bearer token", re.compile(r"\bBearer\s+[A-Za-z0-9\-._~+/]{20,}=*")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.")),
    ("an AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("a Stripe secret key", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}")),
)
# All the shapes in one expression: most strings match none, and one search is cheaper than
# eight (this runs on every string of every file). None matches fewer characters than this.
_ANY_SECRET_SHAPE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _SECRET_SHAPES))
_SHORTEST_SHAPE = 15  # "xoxb-" and ten more
_PLACEHOLDER_WORDS = re.compile(
    r"dummy|placeholder|your|enter|example|sample|secret|changeme|replace|redacted|insert|"
    r"fake|xxx|todo|tbd|n/a|none|null|here|client|value|token|password|key",
    re.IGNORECASE,
)
_PLACEHOLDER_SHAPES = re.compile(
    r"^\s*(\{\{.*\}\}|<<.*>>|<.*>|\[\[.*\]\]|\[.*\]|\$\{.*\}|%.*%|@\w+\(.*\))\s*$", re.DOTALL
)
_HIGH_ENTROPY_MIN_LENGTH = 24
# Keys inside x-ms- extensions that name things (operations, paths, display texts), never keys.
_NAMING_KEYS = frozenset(
    {
        "operationId",
        "summary",
        "description",
        "title",
        "x-ms-summary",
        "value-path",
        "value-title",
        "value-collection",
        "itemValuePath",
        "itemTitlePath",
        "itemsPath",
        "parameterReference",
        "$ref",
        "name",
        "propertyName",
        "family",
    }
)


def is_placeholder(value: str) -> bool:
    """Empty, masked (****, xxxx), templated ({{ x }}, <<Enter ...>>) or a descriptive word."""
    stripped = value.strip()
    if not stripped or len(set(stripped.lower()) - set("*x.-_#0 ")) == 0:
        return True
    return bool(_PLACEHOLDER_SHAPES.match(stripped) or _PLACEHOLDER_WORDS.search(stripped))


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_random(value: str) -> bool:
    """A long token of mixed letters and digits with high entropy (a key, not a word or URL)."""
    if len(value) < _HIGH_ENTROPY_MIN_LENGTH or not re.fullmatch(r"[A-Za-z0-9+/=_\-.]+", value):
        return False
    if re.fullmatch(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", value):
        return False  # a GUID: tenant, resource or application id, not a secret
    # Real keys mix letters and digits; identifiers (Flow_GetOffice365Settings) are made of
    # words: three or more runs of four lower-case letters are rare in random text.
    has_letters_and_digits = bool(re.search("[A-Za-z]", value) and re.search("[0-9]", value))
    wordy = len(re.findall("[a-z]{4,}", value)) >= 3
    return has_letters_and_digits and not wordy and _entropy(value) >= 4.0


def _is_address(value: str) -> bool:
    return "@" in value or value.startswith(("http://", "https://"))


def secret_reason(pointer: str, key: object, value: str) -> str | None:
    if len(value) >= _SHORTEST_SHAPE and _ANY_SECRET_SHAPE.search(value):
        return next(what for what, pattern in _SECRET_SHAPES if pattern.search(value))
    if isinstance(key, str) and _SECRET_KEYS.match(key):
        # Example payloads (examples, x-ms-example...) show made-up data such as "123456".
        lowered = pointer.lower()
        in_example = "/example" in lowered or "/x-example" in lowered
        # An e-mail address or URL under such a key is a login or a link, not the secret.
        if not in_example and not is_placeholder(value) and not _is_address(value):
            return f"a '{key}' value"
    if len(value) < _HIGH_ENTROPY_MIN_LENGTH:
        return None  # too short for looks_random: skip the slot test
    in_value_slot = key == "default" or (
        ("/x-ms-" in pointer or str(key).startswith("x-ms-")) and key not in _NAMING_KEYS
    )
    if in_value_slot and looks_random(value):
        return "a long random key"
    return None


@rules.rule(
    "no-secrets",
    "warning",
    artifact=API_PROPERTIES,
    needs=(),
    summary="apiDefinition, apiProperties and settings.json carry no real secret: client "
    "secrets, passwords, bearer tokens, private keys, long random keys in `default` or "
    '`x-ms-` values. Placeholders ("", dummy, {{ client secret }}, <<Enter ...>>, ****) '
    "are fine.",
    fix="Replace the value with a placeholder and rotate the secret: it has been shared. Give "
    "real secrets to paconn --secret or the portal.",
    source="R-README 'Submitting'; issue #4 (warning: a heuristic, the catalogue's "
    "PROPS-NOSECRETS is an error for a person to confirm)",
)
def no_secrets(ctx: Context) -> Iterator[Hit]:
    for artifact in (API_DEFINITION, API_PROPERTIES, SETTINGS):
        if artifact not in ctx.data:
            continue
        for pointer, key, value in ctx.walked(artifact):
            if isinstance(value, str) and value:
                reason = secret_reason(pointer, key, value)
                if reason:
                    yield Hit(
                        f"This looks like a real secret ({reason}); publish a placeholder instead.",
                        pointer,
                        artifact=artifact,
                    )
