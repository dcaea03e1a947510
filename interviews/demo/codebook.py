"""The demo's codebook: themes with their colours and definitions (fiction written for the demo)."""

# (name, parent name or None, colour, definition)
THEMES = [
    (
        "samenwerking",
        None,
        "#2d9cdb",
        "Hoe partijen rond de eerste 1000 dagen samenwerken: afspraken, contact, elkaar kennen.",
    ),
    (
        "lokale coalitie",
        "samenwerking",
        "#56ccf2",
        "De lokale coalitie Kansrijke Start: wie er aan tafel zit, hoe ze werkt, wat ze oplevert.",
    ),
    (
        "domeinoverstijgend werken",
        "samenwerking",
        "#2f80ed",
        "Samenwerking tussen het medische en het sociale domein, bijvoorbeeld in een casusoverleg.",
    ),
    (
        "overdracht en verwijzing",
        "samenwerking",
        "#9b51e0",
        "Hoe een gezin van de ene professional naar de andere gaat: warme overdracht, verwijzing, vast aanspreekpunt.",
    ),
    (
        "knelpunten",
        None,
        "#eb5757",
        "Wat de uitvoering belemmert. Gebruik bij voorkeur een subthema; dit thema alleen voor een opsomming.",
    ),
    (
        "personeelstekort",
        "knelpunten",
        "#f2994a",
        "Te weinig verloskundigen, kraamverzorgenden, jeugdverpleegkundigen of wijkteammedewerkers.",
    ),
    (
        "wettelijke verankering",
        "knelpunten",
        "#c0392b",
        "Kansrijke Start is geen wettelijke taak; de wens om de aanpak in de wet vast te leggen.",
    ),
    (
        "privacy en gegevensdeling",
        "knelpunten",
        "#8e44ad",
        "Toestemming, regels en systemen rond het delen van gegevens tussen zorg en sociaal domein.",
    ),
    (
        "financiering",
        None,
        "#27ae60",
        "Geld voor de aanpak: impulsgelden, specifieke uitkering, eigen middelen, "
        "het aflopen van tijdelijke regelingen.",
    ),
    (
        "ouderbetrokkenheid",
        None,
        "#f2c94c",
        "Ouders die meedenken of meebeslissen over de aanpak: ouderpanel, klankbordgroep, ervaringsdeskundigen.",
    ),
    (
        "vroegsignalering kwetsbare zwangeren",
        None,
        "#e67e22",
        "Het op tijd zien van een kwetsbare situatie rond de zwangerschap, en wat er dan gebeurt.",
    ),
    (
        "interventies",
        None,
        "#16a085",
        "Programma's en interventies die de gemeente inzet. Gebruik bij voorkeur een subthema.",
    ),
    (
        "Nu Niet Zwanger",
        "interventies",
        "#1abc9c",
        "Het programma Nu Niet Zwanger: gesprekken over kinderwens en anticonceptie met mensen in een "
        "kwetsbare situatie.",
    ),
    (
        "VoorZorg",
        "interventies",
        "#117a65",
        "VoorZorg: intensieve huisbezoeken door een vaste verpleegkundige aan jonge, kwetsbare zwangeren, "
        "tot het kind twee jaar is.",
    ),
    ("bestaanszekerheid", None, "#828282", "Geldzorgen, schulden, huisvesting en werk van (aanstaande) ouders."),
    ("monitoring en evaluatie", None, "#4f4f4f", "Meten, evalueren en cijfers: wat de monitor zou moeten laten zien."),
]
