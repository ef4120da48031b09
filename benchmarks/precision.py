"""How many findings `connectorgen check` raises on connectors Microsoft accepted, by rule.

    python benchmarks/precision.py [ROOT] [--jobs 2]

ROOT (default ../shared/corpus) is checked recursively, each folder under the profile its
place in the certification repository implies, as `connectorgen check -r ROOT` does. Every
connector there passed Microsoft's validator and review: each error is either a defect
Microsoft tolerated or a false error, to be reviewed rule by rule (docs/check.md,
"Precision"; the reviewed corpus figures are pinned in tests/test_check_corpus.py).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from connectorgen.connector.check import check_paths

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("error", "warning", "info")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    report = check_paths([args.root], recursive=True, jobs=args.jobs)
    by_rule: dict[str, Counter[str]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.code, Counter())[finding.level] += 1
    failing = sum(1 for r in report.results if any(f.level == "error" for f in r.findings))
    print(
        f"{len(report.results)} connector folders under {args.root}; "
        f"{failing} with at least one error.\n"
    )
    print("| rule | " + " | ".join(LEVELS) + " |")
    print("| --- |" + " ---: |" * len(LEVELS))
    order = sorted(by_rule, key=lambda rule: [-by_rule[rule][level] for level in LEVELS] + [rule])
    for rule in order:
        print(f"| `{rule}` | " + " | ".join(str(by_rule[rule][level]) for level in LEVELS) + " |")
    totals = Counter(f.level for f in report.findings)
    print("| **total** | " + " | ".join(f"**{totals[level]}**" for level in LEVELS) + " |")


if __name__ == "__main__":
    main()
