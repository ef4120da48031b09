"""Facts about Power Query connectors that several modules rely on, each stated once."""

from __future__ import annotations

from typing import Final, Literal

# SourceImage / SourceTypeImage: Icon16 lists the 16, 20, 24 and 32 pixel images, Icon32 the
# 32, 40, 48 and 64 pixel ones (learn.microsoft.com/power-query/handling-data-access sample;
# power-query.md §2.2: what certified packages reference).
ICON_SLOTS: Final[dict[str, tuple[int, ...]]] = {
    "Icon16": (16, 20, 24, 32),
    "Icon32": (32, 40, 48, 64),
}
ICON_SIZES: Final[tuple[int, ...]] = tuple(
    sorted({s for sizes in ICON_SLOTS.values() for s in sizes})
)

# Authentication kinds and the fields each requires (learn.microsoft.com/power-query/
# handling-authentication: "All fields are required unless marked otherwise"; Implicit is
# another name for Anonymous).
AUTH_KINDS: Final[tuple[str, ...]] = (
    "Anonymous",
    "Implicit",
    "OAuth",
    "Aad",
    "UsernamePassword",
    "Windows",
    "Key",
)
REQUIRED_AUTH_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "OAuth": ("StartLogin", "FinishLogin"),
    "Aad": ("AuthorizationUri", "Resource"),
}
ANONYMOUS_KINDS: Final = frozenset({"Anonymous", "Implicit"})

# The sign-ins `pq new` writes, by the name its --auth option takes.
Auth = Literal["anonymous", "key", "basic", "oauth", "aad"]
AUTHS: Final[tuple[Auth, ...]] = ("anonymous", "key", "basic", "oauth", "aad")
