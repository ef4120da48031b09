"""`connectorgen package`: the pull-request folder for Microsoft's connector repository, and
the certification submission package.

- ``layout``: which files go where, under which names (pure functions);
- ``pipeline``: ``package()``: lay out, check, write.
"""

from __future__ import annotations

from .pipeline import PackageResult, PullRequestFolder, SubmissionZip, package

__all__ = ["PackageResult", "PullRequestFolder", "SubmissionZip", "package"]
