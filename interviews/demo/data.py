"""What the demo study contains: users, codebook, interviews, codings, memos and indicators.

Everything here is fiction written for the demo, except the national figures of the
Monitor Kansrijke Start (RIVM) in NATIONAL_FIGURES.
"""

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
]

# Per file and coder: (phrase, [theme names]) or (phrase, [theme names], passage memo).
# A phrase is a string that occurs once in the text, or (first words, last words) for a longer stretch.
CODINGS = {
    "utrecht_wethouder_2021.txt": {
        "lotte": [
            (("We zijn in 2019 begonnen met een lokale coalitie", "met gezinnen werkt. 🤝"), ["lokale coalitie"]),
            (
                "De coördinatie ligt bij een programmaleider die we met de impulsgelden hebben aangesteld.",
                ["lokale coalitie", "financiering"],
            ),
            (("Het belangrijkste vind ik dat de verloskundige", "samen één plan maken."), ["samenwerking"]),
            (
                ("We hebben ook een gezamenlijke werkwijze gemaakt voor vroegsignalering", "prenataal huisbezoek."),
                ["vroegsignalering kwetsbare zwangeren", "overdracht en verwijzing"],
            ),
            (
                ("Dat is domeinoverstijgend werken zoals het bedoeld is", "samen één plan maken."),
                ["domeinoverstijgend werken"],
            ),
            (("Iedereen wil goed met gegevens omgaan", "wel en niet mogen delen."), ["privacy en gegevensdeling"]),
            (
                ("Mijn zorg is wat er gebeurt als de impulsgelden stoppen.", "afhangt van een tijdelijke regeling."),
                ["financiering"],
            ),
            (
                ("Kansrijke Start is nu een actieprogramma, geen wettelijke taak.", "ontbreekt zo'n verankering."),
                ["wettelijke verankering"],
                "Vergelijk met Maastricht: hetzelfde argument over een niet-wettelijke taak.",
            ),
            (
                ("We hebben één keer een avond georganiseerd", "door de bomen het bos niet meer zien."),
                ["ouderbetrokkenheid"],
            ),
            ("We bieden VoorZorg aan voor jonge, kwetsbare moeders, via de GGD.", ["VoorZorg"]),
            (
                ("En sinds vorig jaar doen we mee met Nu Niet Zwanger.", "niet als betutteling overkomt."),
                ["Nu Niet Zwanger"],
            ),
            ("Meet ook of professionals elkaar weten te vinden.", ["monitoring en evaluatie"]),
        ],
        "sanne": [
            (
                "We zijn in 2019 begonnen met een lokale coalitie, als een van de eerste gemeenten in de regio.",
                ["lokale coalitie"],
            ),
            (
                ("Aan tafel zitten de verloskundigenpraktijken", "het ziekenhuis en de zorgverzekeraar."),
                ["lokale coalitie", "samenwerking"],
            ),
            (
                ("Nu is er per wijk een vast aanspreekpunt.", "prenataal huisbezoek."),
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            ("Dat is domeinoverstijgend werken zoals het bedoeld is", ["domeinoverstijgend werken"]),
            (
                ("De ene organisatie vindt een mondelinge toestemming genoeg", "een handtekening op papier."),
                ["privacy en gegevensdeling"],
            ),
            (("Voor een deel uit de impulsgelden van het Rijk", "structureel gaat betalen."), ["financiering"]),
            (("Dat maakt het kwetsbaar.", "kan het zo weer van tafel."), ["wettelijke verankering"]),
            (("Dat is eerlijk gezegd ons zwakste punt.", "bij die ene keer gebleven."), ["ouderbetrokkenheid"]),
            (("We bieden VoorZorg aan", "doen we mee met Nu Niet Zwanger."), ["VoorZorg", "Nu Niet Zwanger"]),
        ],
    },
    "amsterdam_verloskundige_2022.txt": {
        "lotte": [
            (
                ("Vooral doordat we nu één lijntje hebben", "dezelfde week bespreken."),
                ["samenwerking", "overdracht en verwijzing"],
            ),
            (
                ("We gebruiken sinds vorig jaar een vaste vragenlijst", "En die tijd is er niet altijd."),
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (("Er is een personeelstekort in de verloskunde", "erbij in."), ["personeelstekort"]),
            (
                ("De overdracht naar de JGZ is lastiger.", "Dat werkt heel goed, als het lukt."),
                ["overdracht en verwijzing"],
            ),
            (("Maar de regels voor gegevensdeling", "Dan deel je dus niks."), ["privacy en gegevensdeling"]),
            (
                ("Maar als ik eerlijk ben, merk ik er op de werkvloer niet veel van.", "en eigenlijk ook moeders."),
                ["lokale coalitie", "ouderbetrokkenheid"],
            ),
            (("Als een jonge vrouw onder de vijfentwintig", "echt verschil maakt."), ["VoorZorg"]),
            (("En ik zou willen dat de financiering", "of het volgend jaar doorgaat."), ["financiering"]),
        ],
        "sanne": [
            ("Nu heb ik een vaste contactpersoon, Miriam, die ik gewoon kan appen.", ["samenwerking"]),
            (
                "Vroegsignalering is voor mij vooral tijd hebben om door te vragen.",
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (("Omdat we te weinig mensen hebben.", "maar één vacature kunnen vullen."), ["personeelstekort"]),
            (
                ("We hebben nu afgesproken dat we bij zorgen een warme overdracht doen", "alleen een formulier. 👶"),
                ["overdracht en verwijzing", "samenwerking"],
            ),
            (("Privacy, vooral.", "als je het goed uitlegt."), ["privacy en gegevensdeling"]),
            ("Ik zou graag zien dat er ook verloskundigen uit de praktijk aan tafel zitten", ["lokale coalitie"]),
            ("Nu Niet Zwanger ken ik van horen zeggen", ["Nu Niet Zwanger"]),
            ("één plek waar ik kan zien wie er allemaal betrokken is bij een gezin", ["samenwerking"]),
        ],
    },
    "groningen_jgz_2021.txt": {
        "sanne": [
            (
                ("Binnen Kansrijke Start zijn we er ook eerder bij gekomen", "tijdens de zwangerschap op bezoek."),
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (("En we voeren VoorZorg uit.", "ongeveer veertig keer op huisbezoek."), ["VoorZorg"]),
            (
                ("Maar het aantal plekken is beperkt.", "de verpleegkundigen niet kunnen vinden."),
                ["VoorZorg", "personeelstekort"],
            ),
            (("Er is een groot tekort aan jeugdverpleegkundigen", "is ingewerkt."), ["personeelstekort"]),
            (("Er is nu in elke wijk een overleg", "nu bij elkaar legt."), ["domeinoverstijgend werken"]),
            (("Al is het wel afhankelijk van personen.", "naar het overleg."), ["samenwerking"]),
            (("De coalitie is in 2020 gestart", "niet kleiner zijn."), ["lokale coalitie"]),
            (
                ("Het delen van gegevens blijft lastig.", "niet zonder toestemming zeggen."),
                ["privacy en gegevensdeling"],
            ),
            (("Maar als er geen structureel geld komt voor VoorZorg", "de goede wil van mensen."), ["financiering"]),
            (("Dan moet het wel goed geëvalueerd worden", "voor gezinnen betekent."), ["monitoring en evaluatie"]),
        ],
    },
    "tilburg_wijkteam_2023.txt": {
        "lotte": [
            (
                ("Ik ben in ons wijkteam het aanspreekpunt", "gewoon totale eenzaamheid."),
                ["overdracht en verwijzing", "bestaanszekerheid"],
            ),
            (("Bij bijna de helft spelen geldzorgen.", "spelen met je kind."), ["bestaanszekerheid"]),
            (("In het begin was er wantrouwen, eerlijk gezegd.", "vaak genoeg zien."), ["domeinoverstijgend werken"]),
            (
                ("Ik ben getraind om het gesprek over kinderwens te voeren.", "zelf niet kan betalen."),
                ["Nu Niet Zwanger"],
            ),
            ("Eén: de wachtlijsten bij schuldhulp.", ["bestaanszekerheid", "knelpunten"]),
            (("Twee: de privacyregels.", "bang is voor instanties."), ["privacy en gegevensdeling"]),
            (("Drie: ons eigen team.", "een betere manier van werken."), ["personeelstekort"]),
            (("Ik heb begrepen dat de gemeente nu geld krijgt", "bij ons basiswerk hoort."), ["financiering"]),
            (
                ("Sinds vorig jaar is er een klankbordgroep van ouders", "als professional zelf niet."),
                ["ouderbetrokkenheid"],
            ),
        ],
        "sanne": [
            (("Denk aan schulden, dakloosheid", "totale eenzaamheid."), ["bestaanszekerheid"]),
            ("Ik noem het weleens domeinoverstijgend werken met een kop koffie", ["domeinoverstijgend werken"]),
            (
                ("Het gaat er niet om dat wij bepalen wie kinderen krijgt", "een bewuste keuze kan maken."),
                ["Nu Niet Zwanger"],
            ),
            (("Drie dingen.", "een betere manier van werken."), ["knelpunten"]),
            (("een project begint, mensen worden enthousiast", "valt alles stil. 💶"), ["financiering"]),
            (
                "Zij hebben bijvoorbeeld onze folder herschreven, omdat die veel te ingewikkeld was.",
                ["ouderbetrokkenheid"],
            ),
            ("Dat bestaanszekerheid de basis is.", ["bestaanszekerheid"]),
        ],
    },
    "maastricht_beleidsadviseur_2023.txt": {
        "lotte": [
            (
                ("De lokale coalitie bestaat sinds begin 2022.", "Wij hebben dat bij elkaar gebracht."),
                ["lokale coalitie"],
            ),
            (("Omdat je anders iets nieuws bouwt", "daardoor makkelijker wordt."), ["lokale coalitie", "samenwerking"]),
            (
                ("Dat is op dit moment mijn grootste hoofdpijndossier. 💶", "structureel eigen geld in moeten steken."),
                ["financiering"],
            ),
            (
                ("De financiële situatie van gemeenten is krap", "moeilijk te bewijzen."),
                ["financiering", "monitoring en evaluatie"],
            ),
            (
                ("We hebben het eerste jaar samen met de GGD geëvalueerd", "herleidbaar tot personen."),
                ["monitoring en evaluatie"],
            ),
            (("VoorZorg nog niet.", "de verpleegkundigen er niet voor."), ["VoorZorg", "personeelstekort"]),
            ("Nu Niet Zwanger wel, sinds 2022, samen met de andere gemeenten in Zuid-Limburg.", ["Nu Niet Zwanger"]),
            (
                "elke zwangere vrouw bij de intake een paar vragen krijgt over haar sociale situatie",
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (("Dat Kansrijke Start geen wettelijke taak is.", "opnieuw ter discussie."), ["wettelijke verankering"]),
            (
                ("Maar als het om geld gaat, wijzen we naar elkaar.", "tussen wal en schip."),
                ["financiering", "samenwerking"],
            ),
        ],
    },
    "rotterdam_programmamanager_2020.txt": {
        "sanne": [
            (("In Rotterdam hebben we sinds 2019 een lokale coalitie", "maar ook ingewikkeld."), ["lokale coalitie"]),
            (
                ("Een coalitie met dertig partijen is geen overleg meer", "nog steeds veel vergaderen."),
                ["lokale coalitie", "samenwerking"],
            ),
            (
                ("Juist de kwetsbare gezinnen raakten we kwijt.", "bang waren voor besmetting."),
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (("Daar zijn we dit jaar mee gestart.", "vrijwilligheid en eigen regie gaat."), ["Nu Niet Zwanger"]),
            (
                ("Beter dan twee jaar geleden, maar het blijven twee werelden.", "zodat die voorgaan."),
                ["domeinoverstijgend werken"],
            ),
            (("Iedere organisatie heeft eigen juristen", "mag delen en met wie."), ["privacy en gegevensdeling"]),
            (
                ("Met een combinatie van eigen middelen en de impulsgelden", "niet als project ernaast."),
                ["financiering"],
            ),
            (
                ("We hebben ervaringsdeskundigen in twee werkgroepen.", "een vergoeding voor hun tijd."),
                ["ouderbetrokkenheid"],
            ),
            (
                "Daar heb je een wettelijke basis en structurele financiering voor nodig.",
                ["wettelijke verankering", "financiering"],
            ),
            (
                "En dat we over een paar jaar in de cijfers zien dat minder kinderen met een achterstand beginnen.",
                ["monitoring en evaluatie"],
            ),
        ],
    },
    "emmen_beleidsmedewerker_2019.txt": {
        "lotte": [
            (
                ("Het actieprogramma kennen we natuurlijk", "een lokale coalitie hebben we nog niet."),
                ["lokale coalitie"],
            ),
            (
                ("Iedereen werkt hard, maar vaak langs elkaar heen.", "het consultatiebureau nog niet gehad."),
                ["samenwerking", "lokale coalitie"],
            ),
            (("Op persoonlijke titel.", "die hulp is er wel."), ["samenwerking", "overdracht en verwijzing"]),
            (("We willen klein beginnen", "daar zit het probleem."), ["lokale coalitie"]),
            (
                ("We hebben ons aangemeld voor het ondersteuningsaanbod", "nog betaald kan worden."),
                ["financiering"],
                "Vóór de impulsgelden. Vergelijk met Maastricht (2023), waar de regeling juist afloopt.",
            ),
            (("De GGD biedt VoorZorg aan, ook in Emmen.", "jonge moeders per jaar."), ["VoorZorg"]),
            (("Nog niet, en dat moet anders.", "hun weg al goed vinden."), ["ouderbetrokkenheid"]),
            (("In sommige wijken groeit een op de vier kinderen", "niet pas als het misgaat."), ["bestaanszekerheid"]),
            ("En dat we iets meten, zodat we over een paar jaar weten of het helpt.", ["monitoring en evaluatie"]),
        ],
        "sanne": [
            ("Zonder coalitie is er geen tafel waar je dat kunt bespreken.", ["lokale coalitie", "samenwerking"]),
            ("Er is geen afspraak over wie wanneer wie inschakelt.", ["overdracht en verwijzing"]),
            (("Er moet wel een coördinator komen", "nog betaald kan worden."), ["financiering"]),
            (
                ("En de JGZ doet sinds kort een prenataal huisbezoek", "niet weten dat het kan."),
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (
                "We hebben veel ideeën over wat ouders nodig hebben, maar we hebben het ze nooit gevraagd.",
                ["ouderbetrokkenheid"],
            ),
            ("Daarom wil ik schuldhulp vanaf het begin aan tafel", ["bestaanszekerheid", "domeinoverstijgend werken"]),
            (("Nu hebben we eigenlijk alleen landelijke cijfers", "weinig over Emmen."), ["monitoring en evaluatie"]),
        ],
    },
    "heerlen_verloskundige_2020.txt": {
        "lotte": [
            (
                ("Normaal zie ik aan iemand als het niet goed gaat.", "vanwege het virus."),
                ["vroegsignalering kwetsbare zwangeren"],
            ),
            (
                ("Dan zoek ik iemand in het sociaal domein", "elke keer opnieuw uitzoeken."),
                ["samenwerking", "overdracht en verwijzing"],
            ),
            (("In sommige steden hebben ze een lokale coalitie", "Hier bestaat zoiets nog niet."), ["lokale coalitie"]),
            (
                ("Vorig jaar is er een bijeenkomst geweest in het stadhuis", "om het voor ze te organiseren."),
                ["lokale coalitie", "samenwerking"],
            ),
            (("Na de kraamweek draag ik een gezin over", "van wie je toevallig kent."), ["overdracht en verwijzing"]),
            (("VoorZorg wordt hier niet aangeboden", "is zes weken lang."), ["VoorZorg"]),
            (
                ("Ik mag niks doorgeven zonder toestemming", "met die informatie gebeurt."),
                ["privacy en gegevensdeling"],
            ),
            (("We zoeken al een jaar een verloskundige erbij.", "over wie je twijfelt."), ["personeelstekort"]),
            (("Begin gewoon.", "elkaars gezichten."), ["samenwerking"]),
        ],
        "sanne": [
            ("Via de telefoon zie je niks.", ["vroegsignalering kwetsbare zwangeren"]),
            (("Ik weet niet wie ik moet bellen.", "met vaste aanspreekpunten, heb ik gehoord."), ["samenwerking"]),
            ("Hier bestaat zoiets nog niet.", ["lokale coalitie"]),
            (
                "Een warme overdracht zou standaard moeten zijn, niet afhankelijk van wie je toevallig kent.",
                ["overdracht en verwijzing"],
            ),
            (("Nu verwijs ik naar het algemeen maatschappelijk werk", "is zes weken lang."), ["knelpunten"]),
            (
                ("Ons systeem kan niet praten met dat van het wijkteam.", "met die informatie gebeurt."),
                ["privacy en gegevensdeling"],
            ),
            ("Zuid-Limburg is voor jonge collega's niet de eerste keus.", ["personeelstekort"]),
            (
                ("Zet ons één keer per kwartaal aan tafel", "elkaars gezichten."),
                ["samenwerking", "domeinoverstijgend werken"],
            ),
        ],
    },
    "rozendaal_vader_2022.txt": {
        "lotte": [
            ("Ik was net mijn baan kwijt, we hadden een huurhuis dat eigenlijk te duur was", ["bestaanszekerheid"]),
            (
                ("Alles zit net over de grens", "begint iemand anders opnieuw."),
                ["samenwerking", "overdracht en verwijzing"],
            ),
            (
                ("De verloskundige vroeg of we hulp wilden bij de geldzorgen.", "nog steeds niemand gesproken."),
                ["overdracht en verwijzing", "bestaanszekerheid"],
            ),
            (
                ("Ze zei eerlijk dat Rozendaal geen eigen coalitie heeft", "tussen twee loketten in vielen."),
                ["lokale coalitie"],
                "Geen eigen coalitie: te klein. Vergelijk met Emmen (2019), vóór de coalitie.",
            ),
            (("Er was een tijdje geld van het Rijk voor Kansrijke Start", "voor alles niet."), ["financiering"]),
            (
                ("De kraamverzorgende was geweldig.", "nu hebben we een regeling."),
                ["overdracht en verwijzing", "bestaanszekerheid"],
            ),
            (("In Arnhem hebben ze een ouderpanel", "of er iets mee gebeurt."), ["ouderbetrokkenheid"]),
            (("Als ik er niet zelf om had gevraagd", "kraamverzorgende treft. 🤝"), ["samenwerking"]),
        ],
    },
}

# (author, subject, title, text); subject is None (project), an interview file name or "theme:<name>".
MEMOS = [
    (
        "lotte",
        None,
        "Werkwijze demo-analyse",
        "Alle interviews in dit project zijn fictief en geschreven voor de demo. Lotte en Sanne coderen "
        "Utrecht, Amsterdam, Tilburg, Emmen en Heerlen allebei, zodat we de overeenstemming tussen codeurs kunnen "
        "bekijken; Groningen en Rotterdam codeert Sanne, Maastricht en Rozendaal codeert Lotte. Leeuwarden en "
        "Zwolle zijn nog niet gecodeerd. Emmen, Heerlen en Rozendaal hadden in het jaar van het interview geen "
        "lokale coalitie; zo kunnen we gemeenten met en zonder coalitie vergelijken.",
    ),
    (
        "sanne",
        "amsterdam_verloskundige_2022.txt",
        "Eerste indruk",
        "De verloskundige merkt op de werkvloer weinig van de coalitie. Vergelijken met Leeuwarden, waar de "
        "kraamzorg juist een vaste plek aan tafel heeft gekregen.",
    ),
    (
        "lotte",
        "theme:wettelijke verankering",
        "Afbakening",
        "Gebruik dit thema als een respondent zegt dat Kansrijke Start geen wettelijke taak is of dat een "
        "wettelijke basis nodig is. Alleen zorgen over geld, zonder verwijzing naar wet of taak: financiering.",
    ),
    (
        "sanne",
        "theme:personeelstekort",
        "Per beroepsgroep",
        "Het tekort komt in bijna elk interview terug, maar steeds bij een andere beroepsgroep: verloskunde "
        "(Amsterdam, Heerlen), JGZ (Groningen), kraamzorg (Leeuwarden), wijkteam (Tilburg).",
    ),
]

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
