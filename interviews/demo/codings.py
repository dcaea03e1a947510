"""The demo's codings by two coders and its memos: fiction written for the demo."""

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
            ("dat budget is al krap door de tekorten in de jeugdzorg.", ["knelpunten"]),
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
