"""servers to host, basePath and schemes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .state import State, child

_VARIABLE = re.compile(r"\{([^{}]*)\}")


def convert_servers(state: State, servers: Any, pointer: str) -> dict[str, Any]:
    """host, basePath and schemes of the first server; its variables take their defaults."""
    if servers is None or servers == []:
        return {}
    if not isinstance(servers, list) or not all(isinstance(s, dict) for s in servers):
        state.fail(pointer, "'servers' must be a list of objects with a 'url'.")
        return {}
    urls = [_url(state, server, child(pointer, index)) for index, server in enumerate(servers)]
    first = urls[0]
    if first is None:
        return {}
    parts = urlsplit(first)
    out: dict[str, Any] = {}
    if parts.netloc:
        out["host"] = parts.netloc
    out["basePath"] = parts.path or "/"
    schemes = [parts.scheme] if parts.scheme in ("http", "https") else []
    others = []
    for index, url in enumerate(urls[1:], start=1):
        if url is None:
            continue
        other = urlsplit(url)
        same = (other.netloc, other.path or "/") == (parts.netloc, parts.path or "/")
        if same and other.scheme in ("http", "https"):
            if other.scheme not in schemes:
                schemes.append(other.scheme)
        else:
            others.append((index, url))
    if schemes:
        out["schemes"] = schemes
    if not parts.netloc:
        state.warn(
            "convert-servers",
            child(pointer, 0, "url"),
            f"the server URL {first!r} has no host: the Swagger 2.0 definition has none. Add "
            "the API's host (for example https://api.contoso.com) as the server URL.",
        )
    if others:
        state.warn(
            "convert-servers",
            child(pointer, others[0][0]),
            f"Swagger 2.0 has one host: the first server ({first}) is used, "
            f"{', '.join(url for _, url in others)} "
            + ("is" if len(others) == 1 else "are")
            + " dropped.",
        )
    return out


def _url(state: State, server: dict[str, Any], pointer: str) -> str | None:
    url = server.get("url")
    if not isinstance(url, str):
        state.fail(child(pointer, "url"), "a server needs a 'url' string.")
        return None
    given = server.get("variables")
    variables: dict[str, Any] = given if isinstance(given, dict) else {}
    names = _VARIABLE.findall(url)
    if not names:
        return url
    values = {}
    for name in names:
        variable = variables.get(name)
        default = variable.get("default") if isinstance(variable, dict) else None
        if default is None:
            state.fail(
                child(pointer, "variables", name, "default"),
                f"the server variable '{name}' needs a default value.",
            )
            default = name
        values[name] = str(default)
    resolved = _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), url)
    if pointer.endswith("/0"):
        _variables_warning(state, url, resolved, names, pointer)
    return resolved


def _variables_warning(
    state: State, url: str, resolved: str, names: list[str], pointer: str
) -> None:
    template = urlsplit(url)
    in_host = [name for name in names if "{" + name + "}" in template.netloc] or (
        [name for name in names if url.startswith("{" + name + "}")]
    )
    listed = ", ".join(f"'{n}'" for n in names)
    if in_host:
        host_param = in_host[0]
        state.warn(
            "convert-server-variables",
            child(pointer, "variables"),
            f"the host of {url} holds the server variable {listed}; the default gives "
            f"{resolved}. If the host differs per customer, add a connection parameter for "
            f"it (for example instanceUrl) and a dynamichosturl policy with the urlTemplate "
            f"{_template(url, host_param)}.",
        )
    else:
        state.warn(
            "convert-server-variables",
            child(pointer, "variables"),
            f"the server variable {listed} of {url} takes its default: the base path is "
            f"{urlsplit(resolved).path or '/'}.",
        )


def _template(url: str, variable: str) -> str:
    """The dynamichosturl urlTemplate for a server URL: the variable from the connection."""
    return _VARIABLE.sub(
        lambda m: "@connectionParameters('instanceUrl')" if m.group(1) == variable else m.group(0),
        url,
    )
