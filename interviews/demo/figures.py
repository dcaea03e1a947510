"""The demo's indicators and figures: the national figures of the Monitor Kansrijke Start (RIVM) in
NATIONAL_FIGURES and NATIONAL_COALITIONS are published; everything per municipality is synthetic."""

SOURCE = "Monitor Kansrijke Start (RIVM)"
SYNTHETIC_SOURCE = "Synthetisch, alleen voor de demo van Interview Monitor"
SYNTHETIC_NOTE = "synthetisch (demo)"

# code: (name, value type, unit, definition, source)
INDICATORS = {
    "lokale-coalitie": (
        "Lokale coalitie Kansrijke Start",
        "yes_no",
        "",
        "De gemeente heeft een lokale coalitie Kansrijke Start: een samenwerkingsverband van gemeente, "
        "geboortezorg, jeugdgezondheidszorg en sociaal domein rond de eerste 1000 dagen. "
        "Landelijk: het percentage gemeenten met een coalitie.",
        SOURCE,
    ),
    "nu-niet-zwanger": (
        "Nu Niet Zwanger actief",
        "yes_no",
        "",
        "In de gemeente wordt het programma Nu Niet Zwanger uitgevoerd. "
        "Landelijk: het percentage gemeenten waar het programma actief is.",
        SOURCE,
    ),
    "voorzorg": (
        "VoorZorg aangeboden",
        "yes_no",
        "",
        "De gemeente biedt VoorZorg aan. Landelijk: het percentage gemeenten dat VoorZorg aanbiedt.",
        SOURCE,
    ),
    "laag-geboortegewicht": (
        "Percentage kinderen met laag geboortegewicht",
        "percentage",
        "%",
        "Percentage levend geboren kinderen met een geboortegewicht onder 2500 gram. "
        "In deze demo zijn alle waarden synthetisch.",
        SYNTHETIC_SOURCE,
    ),
    "zwangeren-voorzorg": (
        "Aantal zwangeren in VoorZorg",
        "count",
        "zwangeren",
        "Aantal zwangeren dat in het jaar met VoorZorg begon. In deze demo zijn alle waarden synthetisch.",
        SYNTHETIC_SOURCE,
    ),
}

# Published national figures: (indicator, year, share of municipalities in %, note).
# The coalition share is computed from the count over the number of municipalities that year.
NATIONAL_COALITIONS = [(2019, 40, 355), (2021, 140, 352)]
NATIONAL_FIGURES = [
    ("nu-niet-zwanger", 2020, 33, "ongeveer een op de drie gemeenten"),
    ("nu-niet-zwanger", 2021, 50, "ongeveer de helft van de gemeenten"),
    ("voorzorg", 2020, 37, "37% van de gemeenten"),
    ("voorzorg", 2021, 43, "43% van de gemeenten"),
]

YEARS = range(2019, 2024)

# Synthetic, per municipality: first year with a coalition, with Nu Niet Zwanger and with VoorZorg
# (None: not in 2019-2023), and the usual yearly number of pregnant women starting VoorZorg.
# Chosen to agree with what the fictional interviews say. Emmen, Heerlen and Rozendaal have no coalition
# in their interview's year, so the analyses can compare interviews with and without one.
MUNICIPALITIES = {
    "GM0344": (2019, 2020, 2019, 60),  # Utrecht: coalition since 2019, Nu Niet Zwanger since 2020
    "GM0363": (2019, 2021, 2019, 120),  # Amsterdam
    "GM0014": (2020, 2021, 2019, 35),  # Groningen: coalition started in 2020
    "GM0080": (2021, 2022, 2020, 18),  # Leeuwarden: coalition founded in 2021
    "GM0855": (2020, 2021, 2021, 30),  # Tilburg
    "GM0193": (2020, 2021, 2020, 20),  # Zwolle
    "GM0935": (2022, 2022, None, 0),  # Maastricht: coalition and Nu Niet Zwanger since 2022, no VoorZorg
    "GM0599": (2019, 2020, 2019, 110),  # Rotterdam: coalition since 2019, Nu Niet Zwanger started 2020
    "GM0114": (2021, 2021, 2019, 12),  # Emmen: no coalition yet in 2019 (founded 2021), VoorZorg via the GGD
    "GM0917": (2022, 2022, None, 0),  # Heerlen: no coalition in 2020, no VoorZorg; like Maastricht from 2022
    "GM0277": (None, None, None, 0),  # Rozendaal: too small for a coalition of its own
}
