#!/usr/bin/env python3
"""Checks OpenMetrics text with the reference Python parser (prometheus_client).

Reads the exposition on stdin and parses it with
prometheus_client.openmetrics.parser.text_string_to_metric_families. On success prints one line
per family, "NAME TYPE SAMPLECOUNT", and exits 0; on failure prints the parser's error message on
stderr and exits 1 (nothing on stdout). Used by ExpositionCheckerTests; needs the Debian package
python3-prometheus-client.
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families


def main() -> int:
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
        # The parser is a generator that raises late: parse everything before printing anything.
        families = list(text_string_to_metric_families(text))
    except Exception as error:  # ValueError mostly; any failure means "not valid OpenMetrics".
        print(f"openmetrics_check: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    for family in families:
        print(f"{family.name} {family.type} {len(family.samples)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
