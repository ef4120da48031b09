"""connectorgen: Power Platform custom connector assets from config.json and Swagger 2.0.

Python API (heavy modules load on first use, so importing this package is cheap)::

    from connectorgen import generate, new_config, InputError
    result = generate("config.json", "out", force=True)
    for d in result.diagnostics: print(d.format())
"""

from __future__ import annotations

from typing import Any

from .errors import Diagnostic, InputError

__version__ = "0.1.0"
__all__ = ["Diagnostic", "InputError", "__version__", "check_folder", "generate", "new_config"]


def generate(*args: Any, **kwargs: Any) -> Any:
    """See connectorgen.api.generate."""
    from .api import generate as _generate

    return _generate(*args, **kwargs)


def new_config(*args: Any, **kwargs: Any) -> Any:
    """See connectorgen.api.new_config."""
    from .api import new_config as _new_config

    return _new_config(*args, **kwargs)


def check_folder(*args: Any, **kwargs: Any) -> Any:
    """See connectorgen.check.check_folder."""
    from .check import check_folder as _check_folder

    return _check_folder(*args, **kwargs)
