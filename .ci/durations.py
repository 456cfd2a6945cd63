"""Sum pytest's `--durations=0 --durations-min=0` report per file and phase (setup, call).

    .venv/bin/pytest --durations=0 --durations-min=0 ... > run.txt
    .venv/bin/python .ci/durations.py run.txt [more.txt ...]

Prints, per test file, the seconds spent in fixture setup, in the tests themselves and in
teardown, most expensive first; a setup far above the call time is a fixture repeated per
test (see docs/testing.md).
"""

import re
import sys
from collections import defaultdict

LINE = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S+?)::")


def main(paths):
    totals = defaultdict(lambda: defaultdict(float))
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                match = LINE.match(line)
                if match:
                    seconds, phase, file = match.groups()
                    totals[file][phase] += float(seconds)
    rows = sorted(totals.items(), key=lambda item: -sum(item[1].values()))
    print(f"{'setup':>9} {'call':>9} {'teardown':>9} {'total':>9}  file")
    for file, phases in rows:
        setup, call, down = (phases[p] for p in ("setup", "call", "teardown"))
        print(f"{setup:9.1f} {call:9.1f} {down:9.1f} {setup + call + down:9.1f}  {file}")


if __name__ == "__main__":
    main(sys.argv[1:])
