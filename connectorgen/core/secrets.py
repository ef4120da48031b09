"""Keeping the client secret out of every output and message.

A client secret may reach connectorgen through config.json (MsIndustryLinks' configs have a
clientSecret key). It is never written to an output file, and any message that would quote it
shows "[client secret]" instead.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from .diagnostics import InputError


def client_secret(data: Any) -> str | None:
    """oauth2.clientSecret when it is a string long enough to look for (4 characters)."""
    oauth = data.get("oauth2") if isinstance(data, dict) else None
    secret = oauth.get("clientSecret") if isinstance(oauth, dict) else None
    return secret if isinstance(secret, str) and len(secret) >= 4 else None


def secret_forms(secret: str | None) -> list[str]:
    """The secret as written raw, JSON-escaped (either way) or by repr(), longest first."""
    if not secret:
        return []
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
    }
    return sorted(forms, key=len, reverse=True)


def redact(text: str, secret: str | None) -> str:
    for form in secret_forms(secret):
        text = text.replace(form, "[client secret]")
    return text


def redact_error(exc: InputError, secret: str | None) -> InputError:
    """The same error with the client secret removed from its message, detail and diagnostics."""
    if not secret:
        return exc
    diagnostics = [replace(d, message=redact(d.message, secret)) for d in exc.diagnostics]
    return InputError(redact(exc.message, secret), diagnostics, redact(exc.detail, secret))
