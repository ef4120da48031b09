"""Deterministic ZIP archives, built in memory: the same files give byte-identical bytes.

Power Query's .mez and .pqx, and the certification submission package, are ZIP files. ZIP
entries carry a timestamp, permissions and the order they were added in; all three are fixed
here so that a rebuild from the same sources can be compared byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

# The earliest date a ZIP entry can hold (MS-DOS time starts in 1980).
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # a regular file, rw-r--r--


def build_zip(
    files: Mapping[str, bytes],
    *,
    order: list[str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A ZIP of ``files`` (archive name -> bytes), entries sorted unless ``order`` is given.

    Names use forward slashes; every entry gets the same time and permissions, and the
    archive has no comment, so the result depends on the contents alone.
    """
    names = order if order is not None else sorted(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = compression
            info.external_attr = FILE_MODE << 16
            info.create_system = 3  # Unix, so the permissions above are what readers see
            archive.writestr(info, files[name])
    return buffer.getvalue()
