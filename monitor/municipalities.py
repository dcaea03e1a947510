"""The CBS list of municipalities (Bron: CBS, CC BY 4.0) as rows for the Municipality table."""

import csv
from pathlib import Path

CBS_LIST = Path(__file__).parent / "data" / "gemeenten_2023.csv"


def read_cbs_list(file):
    """Yield (code, name, province) from a CBS "Gemeenten alfabetisch" CSV file object."""
    for row in csv.DictReader(file):
        yield row["GemeentecodeGM"].strip(), row["Gemeentenaam"].strip(), row["Provincienaam"].strip()
