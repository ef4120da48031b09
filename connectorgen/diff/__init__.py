"""The diff target: breaking changes between two versions of a connector, offline.

What Microsoft's Breaking Change Detector reports on a pull request (an operation deleted or
hidden, a path or a parameter's location changed, a required input added, an output field
deleted or retyped), and what existing flows and connections also depend on (inferred rules:
warnings), from two API definitions or connector folders, or from a path and a git revision.

The functions are in ``connectorgen.diff.run``: the registry imports ``diff.rules`` for every
command, so this package's import must stay cheap.
"""
