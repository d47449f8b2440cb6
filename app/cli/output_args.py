"""The options every verb that writes an output shares: privileged notes and pseudonyms."""

from __future__ import annotations

import argparse


def add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--include-privileged",
        action="store_true",
        help="include the privileged work-product notes of events and citations (left out "
        "unless asked for); every page and file then says PRIVILEGED",
    )
    p.add_argument(
        "--pseudonyms",
        action="store_true",
        help="show every entity that has a pseudonym under it (titles, descriptions, quotes, "
        "notes); the output is checked afterwards and refused if a real name remains",
    )
