"""The diff target: breaking changes between two versions of a connector, offline.

What Microsoft's Breaking Change Detector reports on a pull request (an operation deleted or
hidden, a path or a parameter's location changed, a required input added, an output field
deleted or retyped), and what existing flows and connections also depend on (inferred rules:
warnings), from two API definitions or connector folders, or from a path and a git revision.
"""

from __future__ import annotations

from .run import diff_git, diff_paths, diff_rules

__all__ = ["diff_git", "diff_paths", "diff_rules"]
