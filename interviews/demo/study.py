"""Who and what the demo study holds: its users, the project and the fictional interviews (the files beside this
module in transcripts/, with their case data)."""

PASSWORD = "kansrijk-demo"

# (username, first name, role)
USERS = [
    ("lotte", "Lotte", "owner"),
    ("sanne", "Sanne", "coder"),
    ("ruben", "Ruben", "viewer"),
]

PROJECT = {
    "slug": "demo",
    "name": "Monitor Kansrijke Start — demo (fictief)",
    "description": (
        "Demoproject van Interview Monitor. De interviews zijn fictie, geschreven voor deze demo: "
        "de personen, organisaties en uitspraken bestaan niet. De landelijke cijfers komen uit de "
        "Monitor Kansrijke Start (RIVM); alle cijfers per gemeente zijn synthetisch."
    ),
}

# file name, title, CBS code, year, stakeholder group, interview date, labels
INTERVIEWS = [
    (
        "utrecht_wethouder_2021.txt",
        "Utrecht — wethouder",
        "GM0344",
        2021,
        "gemeente",
        "2021-03-15",
        ["bestuurlijk", "ronde 1"],
    ),
    (
        "groningen_jgz_2021.txt",
        "Groningen — jeugdgezondheidszorg",
        "GM0014",
        2021,
        "jgz",
        "2021-09-22",
        ["uitvoering", "groepsinterview", "ronde 1"],
    ),
    (
        "rotterdam_programmamanager_2020.txt",
        "Rotterdam — programmamanager sociaal domein",
        "GM0599",
        2020,
        "sociaal_domein",
        "2020-11-26",
        ["bestuurlijk", "corona", "pilot"],
    ),
    (
        "amsterdam_verloskundige_2022.txt",
        "Amsterdam — verloskundige",
        "GM0363",
        2022,
        "verloskunde",
        "2022-06-08",
        ["uitvoering", "ronde 2"],
    ),
    (
        "leeuwarden_kraamzorg_2022.txt",
        "Leeuwarden — kraamzorg",
        "GM0080",
        2022,
        "kraamzorg",
        "2022-11-03",
        ["uitvoering", "groepsinterview", "ronde 2"],
    ),
    (
        "zwolle_ouder_2022.txt",
        "Zwolle — moeder",
        "GM0193",
        2022,
        "ouder",
        "2022-05-12",
        ["ouderperspectief", "ronde 2"],
    ),
    (
        "tilburg_wijkteam_2023.txt",
        "Tilburg — wijkcoach",
        "GM0855",
        2023,
        "wijkteam",
        "2023-02-14",
        ["uitvoering", "ronde 3"],
    ),
    (
        "maastricht_beleidsadviseur_2023.txt",
        "Maastricht — beleidsadviseur",
        "GM0935",
        2023,
        "gemeente",
        "2023-10-19",
        ["bestuurlijk", "ronde 3"],
    ),
    (
        "emmen_beleidsmedewerker_2019.txt",
        "Emmen — beleidsmedewerker",
        "GM0114",
        2019,
        "gemeente",
        "2019-10-08",
        ["bestuurlijk", "pilot"],
    ),
    (
        "heerlen_verloskundige_2020.txt",
        "Heerlen — verloskundige",
        "GM0917",
        2020,
        "verloskunde",
        "2020-09-17",
        ["uitvoering", "corona", "pilot"],
    ),
    (
        "rozendaal_vader_2022.txt",
        "Rozendaal — vader",
        "GM0277",
        2022,
        "ouder",
        "2022-09-29",
        ["ouderperspectief", "ronde 2"],
    ),
    (
        "ede_wijkteam_2024.txt",
        "Ede — wijkcoach (met opname)",
        "GM0228",
        2024,
        "wijkteam",
        "2024-03-04",
        ["uitvoering", "opname"],
    ),
]

# Recordings beside a transcript (made by recordings/make_recording.py): transcript file → recording file.
RECORDINGS = {"ede_wijkteam_2024.txt": "ede_wijkteam_2024.opus"}
