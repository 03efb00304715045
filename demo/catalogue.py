"""The demo's catalogue: the public bodies of Hessen (Spitzenverbände, ministries,
Regierungspräsidien), the funding programmes of Land, Bund and EU with the facets of the
federal Förderdatenbank, and the questions people send to the Förderlotse. Real bodies and
programmes with public addresses; the Zweckverbände and the people are invented."""

from __future__ import annotations

from typing import NamedTuple

# --- Organisations ------------------------------------------------------------------


class Org(NamedTuple):
    key: str
    name: str
    short_name: str
    kind: str  # contacts.Organisation.Kind value
    address: str
    website: str


ORGANISATIONS: tuple[Org, ...] = (
    Org(
        "kikz",
        "Kompetenzzentrum für Interkommunale Zusammenarbeit (KIKZ)",
        "KIKZ",
        "sonstige",
        "",
        "",
    ),
    Org(
        "hsgb",
        "Hessischer Städte- und Gemeindebund",
        "HSGB",
        "spitzenverband",
        "Henri-Dunant-Straße 13\n63165 Mühlheim am Main",
        "https://www.hsgb.de",
    ),
    Org(
        "hst",
        "Hessischer Städtetag",
        "HStT",
        "spitzenverband",
        "Frankfurter Straße 2\n65189 Wiesbaden",
        "https://www.hess-staedtetag.de",
    ),
    Org(
        "hlt",
        "Hessischer Landkreistag",
        "HLT",
        "spitzenverband",
        "Frankfurter Straße 2\n65189 Wiesbaden",
        "https://www.hlt.de",
    ),
    Org(
        "hmdi",
        "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz",
        "HMdI",
        "ministerium",
        "Friedrich-Ebert-Allee 12\n65185 Wiesbaden",
        "https://innen.hessen.de",
    ),
    Org(
        "hmdf",
        "Hessisches Ministerium der Finanzen",
        "HMdF",
        "ministerium",
        "Friedrich-Ebert-Allee 8\n65185 Wiesbaden",
        "https://finanzen.hessen.de",
    ),
    Org(
        "hmwvw",
        "Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum",
        "HMWVW",
        "ministerium",
        "Kaiser-Friedrich-Ring 75\n65185 Wiesbaden",
        "https://wirtschaft.hessen.de",
    ),
    Org(
        "rpda",
        "Regierungspräsidium Darmstadt",
        "RP Darmstadt",
        "regierungspraesidium",
        "Luisenplatz 2\n64283 Darmstadt",
        "https://rp-darmstadt.hessen.de",
    ),
    Org(
        "rpgi",
        "Regierungspräsidium Gießen",
        "RP Gießen",
        "regierungspraesidium",
        "Landgraf-Philipp-Platz 1–7\n35390 Gießen",
        "https://rp-giessen.hessen.de",
    ),
    Org(
        "rpks",
        "Regierungspräsidium Kassel",
        "RP Kassel",
        "regierungspraesidium",
        "Am Alten Stadtschloss 1\n34117 Kassel",
        "https://rp-kassel.hessen.de",
    ),
    Org(
        "lbwv",
        "Landesbeauftragter für Wirtschaftlichkeit in der Verwaltung",
        "Haushaltsberatung",
        "sonstige",
        "",
        "",
    ),
    Org(
        "wibank",
        "Wirtschafts- und Infrastrukturbank Hessen (WIBank)",
        "WIBank",
        "sonstige",
        "Gustav-Stresemann-Ring 9\n65189 Wiesbaden",
        "https://www.wibank.de",
    ),
    # Examples of bodies that cooperations set up (invented names, like every person here).
    Org("zv1", "Zweckverband Interkommunaler Bauhof Oberes Fuldatal", "ZV Bauhof", "zweckverband", "", ""),
    Org("zv2", "Abwasserverband Mittlere Lahn", "AV Mittlere Lahn", "zweckverband", "", ""),
    Org("zv3", "Zweckverband Gemeinsames Standesamt Vogelsberg-Süd", "ZV Standesamt", "zweckverband", "", ""),
    Org("verein1", "Tourismusverein Rhön-Vogelsberg e. V.", "", "verein", "", ""),
)

# Regierungsbezirk name -> key of its Regierungspräsidium above.
RP_BY_BEZIRK = {"Darmstadt": "rpda", "Gießen": "rpgi", "Kassel": "rpks"}


# --- Funding programmes (Förderdatenbank facets) --------------------------------------


class Prog(NamedTuple):
    name: str
    short_name: str
    level: str  # funding.FunderLevel value
    funder: str
    region: str  # "" = bundesweit, "06" = Hessen
    eligible: tuple[str, ...]  # funding.Eligibility slugs
    areas: tuple[str, ...]  # funding.FundingArea slugs
    aid_kind: str  # funding.AidKind value
    rate_pct: str | None
    ceiling: str | None
    url: str
    summary: str
    is_ikz: bool = False
    is_active: bool = True


IKZ_PROGRAMME = "Förderung der Interkommunalen Zusammenarbeit in Hessen"

PROGRAMMES: tuple[Prog, ...] = (
    Prog(IKZ_PROGRAMME, "IKZ-Förderung", "land", "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz", "06",
         ("kommune", "landkreis"), ("interkommunale-zusammenarbeit",), "zuschuss", None, "100000.00",
         "https://innen.hessen.de",
         "Regelzuwendung für Kooperationen von mindestens drei Kommunen (Gruppenantrag), die dauerhaft "
         "mindestens 15 % der Personal- und Sachkosten einsparen; Antrag über Landkreis und Regierungspräsidium.",
         is_ikz=True),
    Prog("Starke Heimat Hessen", "Starke Heimat", "land", "Hessisches Ministerium der Finanzen", "06",
         ("kommune", "landkreis"), ("infrastruktur", "digitalisierung", "soziales-familie"), "zuschuss", None, None,
         "https://finanzen.hessen.de",
         "Zweckgebundene Mittel für Kommunen aus dem Heimatumlage-Aufkommen, u. a. für Kinderbetreuung, "
         "Digitalisierung und ÖPNV."),
    Prog("Dorfentwicklung in Hessen", "Dorfentwicklung", "land", "Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum", "06",
         ("kommune", "privatperson", "verband-verein"), ("laendliche-entwicklung", "staedtebau"), "zuschuss", "65.00", None,
         "https://wirtschaft.hessen.de",
         "Förderung lebendiger Ortskerne im ländlichen Raum: kommunale Vorhaben, private Sanierungen und "
         "Begleitung durch ein integriertes kommunales Entwicklungskonzept."),
    Prog("LEADER in Hessen (ELER)", "LEADER", "eu", "Europäischer Landwirtschaftsfonds (ELER) und Land Hessen", "06",
         ("kommune", "verband-verein", "unternehmen", "existenzgruender"), ("laendliche-entwicklung", "kultur-tourismus", "wirtschaft"),
         "zuschuss", "60.00", "200000.00", "https://wirtschaft.hessen.de",
         "Projekte der Lokalen Aktionsgruppen (LAG) in den hessischen LEADER-Regionen nach ihrer "
         "Regionalen Entwicklungsstrategie."),
    Prog("EFRE Hessen 2021–2027", "EFRE", "eu", "Europäischer Fonds für regionale Entwicklung, Land Hessen", "06",
         ("kommune", "unternehmen", "oeffentliche-einrichtung", "bildungseinrichtung"), ("wirtschaft", "energie-klima", "digitalisierung"),
         "zuschuss", "40.00", None, "https://www.efre.hessen.de",
         "Innovation, Digitalisierung, Klimaschutz und nachhaltige Stadtentwicklung in Hessen."),
    Prog("ESF Plus Hessen", "ESF Plus", "eu", "Europäischer Sozialfonds Plus, Land Hessen", "06",
         ("kommune", "verband-verein", "bildungseinrichtung", "unternehmen"), ("soziales-familie",),
         "zuschuss", None, None, "https://www.esf-hessen.de",
         "Beschäftigung, Bildung und soziale Teilhabe."),
    Prog("Hessische Klimarichtlinie", "Klimarichtlinie", "land", "Hessisches Ministerium für Landwirtschaft und Umwelt, Weinbau, Forsten, Jagd und Heimat", "06",
         ("kommune", "landkreis", "verband-verein"), ("energie-klima",), "zuschuss", "70.00", None,
         "https://www.wibank.de",
         "Kommunale Klimaschutz- und Klimaanpassungsprojekte, z. B. Klimaschutzkonzepte, "
         "energieeffiziente Straßenbeleuchtung, Begrünung."),
    Prog("Brandschutzförderung Hessen", "Brandschutzförderung", "land", "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz", "06",
         ("kommune", "landkreis"), ("feuerwehr-katastrophenschutz",), "zuschuss", None, None,
         "https://innen.hessen.de",
         "Zuwendungen für Feuerwehrhäuser und Fahrzeuge, mit Zuschlägen für interkommunale Lösungen."),
    Prog("Gigabitförderung Hessen (Kofinanzierung)", "Gigabit Hessen", "land", "Hessisches Ministerium für Digitalisierung und Innovation", "06",
         ("kommune", "landkreis"), ("digitalisierung", "infrastruktur"), "zuschuss", None, None,
         "https://digitales.hessen.de",
         "Landesanteil zum Gigabitförderprogramm des Bundes für den Glasfaserausbau in unterversorgten Gebieten."),
    Prog("Starkes Dorf – Wir machen mit!", "Starkes Dorf", "land", "Hessische Staatskanzlei", "06",
         ("verband-verein",), ("sport-vereine", "laendliche-entwicklung"), "zuschuss", None, "1000.00",
         "https://www.deinehrenamt.de",
         "Kleine Zuschüsse für Vereine in Orten bis 10.000 Einwohnern, die das Dorfleben stärken."),
    Prog("Sportstättenförderung Hessen", "Sportstätten", "land", "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz", "06",
         ("kommune", "verband-verein"), ("sport-vereine", "infrastruktur"), "zuschuss", None, None,
         "https://innen.hessen.de",
         "Bau und Sanierung kommunaler und vereinseigener Sportstätten."),
    Prog("Hessen-Mikrodarlehen", "Mikrodarlehen", "land", "WIBank", "06",
         ("existenzgruender", "unternehmen"), ("wirtschaft",), "darlehen", None, "35000.00",
         "https://www.wibank.de",
         "Kleine Darlehen für Gründerinnen, Gründer und junge Unternehmen ohne bankübliche Sicherheiten."),
    Prog("Bürgschaften der Bürgschaftsbank Hessen", "BB Hessen", "land", "Bürgschaftsbank Hessen", "06",
         ("unternehmen", "existenzgruender"), ("wirtschaft",), "buergschaft", "80.00", None,
         "https://www.bb-h.de",
         "Ausfallbürgschaften für Kredite kleiner und mittlerer Unternehmen."),
    Prog("Hessen Ideen Stipendium", "Ideen-Stipendium", "land", "Hessisches Ministerium für Wissenschaft und Forschung, Kunst und Kultur", "06",
         ("existenzgruender",), ("wirtschaft",), "zuschuss", None, None,
         "https://www.hessen-ideen.de",
         "Stipendium für Gründungsteams aus hessischen Hochschulen."),
    Prog("Kommunalrichtlinie (Nationale Klimaschutzinitiative)", "Kommunalrichtlinie", "bund", "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit", "",
         ("kommune", "landkreis", "verband-verein", "bildungseinrichtung"), ("energie-klima",), "zuschuss", "60.00", None,
         "https://www.klimaschutz.de",
         "Klimaschutzmanagement, Klimaschutzkonzepte und investive Klimaschutzmaßnahmen in Kommunen."),
    Prog("IKK – Investitionskredit Kommunen (KfW 208)", "KfW 208", "bund", "KfW Bankengruppe", "",
         ("kommune", "landkreis"), ("infrastruktur",), "darlehen", None, None, "https://www.kfw.de",
         "Zinsgünstige Kredite für Investitionen in die kommunale und soziale Infrastruktur."),
    Prog("Energetische Stadtsanierung (KfW 432)", "KfW 432", "bund", "KfW Bankengruppe", "",
         ("kommune",), ("energie-klima", "staedtebau"), "zuschuss", "75.00", None, "https://www.kfw.de",
         "Integrierte Quartierskonzepte und Sanierungsmanagement für energieeffiziente Quartiere."),
    Prog("Bundesförderung für effiziente Gebäude – Nichtwohngebäude", "BEG NWG", "bund", "Bundesamt für Wirtschaft und Ausfuhrkontrolle", "",
         ("kommune", "unternehmen", "verband-verein"), ("energie-klima",), "zuschuss", "20.00", None,
         "https://www.bafa.de",
         "Sanierung und Neubau energieeffizienter Nichtwohngebäude."),
    Prog("Städtebauförderung: Lebendige Zentren", "Lebendige Zentren", "bund", "Bund und Land Hessen", "06",
         ("kommune",), ("staedtebau",), "zuschuss", "66.67", None, "https://www.staedtebaufoerderung.info",
         "Erhalt und Entwicklung von Stadt- und Ortskernen."),
    Prog("Städtebauförderung: Sozialer Zusammenhalt", "Sozialer Zusammenhalt", "bund", "Bund und Land Hessen", "06",
         ("kommune",), ("staedtebau", "soziales-familie"), "zuschuss", "66.67", None,
         "https://www.staedtebaufoerderung.info",
         "Aufwertung benachteiligter Stadt- und Ortsteile."),
    Prog("Gigabitförderung des Bundes", "Gigabit Bund", "bund", "Bundesministerium für Digitales und Staatsmodernisierung", "",
         ("kommune", "landkreis"), ("digitalisierung", "infrastruktur"), "zuschuss", "50.00", None,
         "https://gigabitfoerderung.de",
         "Glasfaserausbau dort, wo der Markt ihn nicht leistet."),
    Prog("Bundesprogramm Ländliche Entwicklung und Regionale Wertschöpfung (BULEplus)", "BULEplus", "bund", "Bundesministerium für Landwirtschaft, Ernährung und Heimat", "",
         ("kommune", "verband-verein", "unternehmen"), ("laendliche-entwicklung",), "zuschuss", None, None,
         "https://www.bule.de",
         "Modellvorhaben und Wettbewerbe für zukunftsfähige ländliche Räume."),
    Prog("ERP-Gründerkredit – StartGeld (KfW 067)", "StartGeld", "bund", "KfW Bankengruppe", "",
         ("existenzgruender", "unternehmen"), ("wirtschaft",), "darlehen", None, "125000.00",
         "https://www.kfw.de",
         "Kredit für Gründungen und junge Unternehmen bis 125.000 €."),
    Prog("EXIST-Gründungsstipendium", "EXIST", "bund", "Bundesministerium für Wirtschaft und Energie", "",
         ("existenzgruender",), ("wirtschaft",), "zuschuss", None, None, "https://www.exist.de",
         "Stipendium für innovative Gründungsvorhaben aus Hochschulen."),
    Prog("Förderprogramme der Deutschen Stiftung für Engagement und Ehrenamt", "DSEE", "bund", "Deutsche Stiftung für Engagement und Ehrenamt", "",
         ("verband-verein",), ("sport-vereine", "soziales-familie"), "zuschuss", None, None,
         "https://www.deutsche-stiftung-engagement-und-ehrenamt.de",
         "Unterstützung von Vereinen und Ehrenamt, besonders in strukturschwachen und ländlichen Räumen."),
    Prog("Modellprojekte Smart Cities", "Smart Cities", "bund", "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen", "",
         ("kommune", "landkreis"), ("digitalisierung", "staedtebau"), "zuschuss", "65.00", None,
         "https://www.smart-city-dialog.de",
         "Strategien und Projekte der digitalen Stadt- und Regionalentwicklung.",
         is_active=False),
    Prog("Interreg Europe", "Interreg Europe", "eu", "Europäische Union", "",
         ("kommune", "landkreis", "oeffentliche-einrichtung"), ("interkommunale-zusammenarbeit", "wirtschaft"), "zuschuss", "80.00", None,
         "https://www.interregeurope.eu",
         "Europäischer Erfahrungsaustausch von Regionen und Kommunen zu regionaler Entwicklungspolitik."),
    Prog("LIFE-Programm für Umwelt- und Klimaschutz", "LIFE", "eu", "Europäische Kommission (CINEA)", "",
         ("kommune", "verband-verein", "unternehmen", "oeffentliche-einrichtung"), ("umwelt-naturschutz", "energie-klima"),
         "zuschuss", "60.00", None, "https://cinea.ec.europa.eu",
         "Natur-, Umwelt- und Klimaschutzprojekte mit europäischem Mehrwert."),
    Prog("Erasmus+ Jugend und Sport", "Erasmus+", "eu", "Europäische Kommission", "",
         ("verband-verein", "bildungseinrichtung", "kommune"), ("soziales-familie", "sport-vereine"), "zuschuss", None, None,
         "https://www.erasmusplus.de",
         "Europäische Jugendbegegnungen, Austausch und Kooperationen im Sport."),
    Prog("Digitales Europa (DIGITAL)", "DIGITAL", "eu", "Europäische Kommission", "",
         ("unternehmen", "oeffentliche-einrichtung", "kommune"), ("digitalisierung",), "zuschuss", "50.00", None,
         "https://digital-strategy.ec.europa.eu",
         "Digitale Kapazitäten: Daten, KI, Cybersicherheit und digitale Kompetenzen."),
    Prog("Hessisches Programm Kommunale Digitalisierung", "Digitale Kommune", "land", "Hessisches Ministerium für Digitalisierung und Innovation", "06",
         ("kommune", "landkreis"), ("digitalisierung", "interkommunale-zusammenarbeit"), "zuschuss", "90.00", "150000.00",
         "https://digitales.hessen.de",
         "Digitalisierung kommunaler Verwaltungsleistungen, besonders in interkommunaler Zusammenarbeit.",
         is_active=False),
)  # fmt: skip


FUNDER_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    # asker kind, Förderbereich slug, question
    ("kommune", "energie-klima", "Wir möchten unsere Straßenbeleuchtung auf LED umstellen. Welche Förderung kommt in Frage?"),
    ("kommune", "interkommunale-zusammenarbeit", "Drei Gemeinden wollen ein gemeinsames Standesamt. Gibt es dafür Landesmittel?"),
    ("kommune", "digitalisierung", "Wie fördern Land und Bund den Glasfaserausbau in unseren Außenortsteilen?"),
    ("kommune", "feuerwehr-katastrophenschutz", "Wir planen ein gemeinsames Feuerwehrhaus mit der Nachbargemeinde. Welche Zuschüsse gibt es?"),
    ("kommune", "staedtebau", "Unser Ortskern hat viel Leerstand. Welche Programme helfen bei der Belebung?"),
    ("kommune", "laendliche-entwicklung", "Ist unsere Gemeinde Teil einer LEADER-Region und wie stellen wir einen Antrag?"),
    ("verein", "sport-vereine", "Unser Sportverein möchte das Vereinsheim energetisch sanieren. Wer fördert das?"),
    ("verein", "kultur-tourismus", "Wir organisieren ein Dorffest mit Kulturprogramm. Gibt es kleine Zuschüsse für Vereine?"),
    ("verein", "soziales-familie", "Unser Verein möchte einen Bürgerbus für Senioren anschaffen. Welche Förderung ist möglich?"),
    ("gruender", "wirtschaft", "Ich möchte ein Café im Ortskern eröffnen. Welche Gründungsdarlehen gibt es in Hessen?"),
    ("gruender", "wirtschaft", "Wir gründen aus der Hochschule heraus ein Softwareunternehmen. Welche Stipendien gibt es?"),
    ("unternehmen", "energie-klima", "Wir wollen unsere Werkhalle mit einer Wärmepumpe ausstatten. Welche Förderung gibt es?"),
    ("unternehmen", "digitalisierung", "Welche Programme fördern die Digitalisierung kleiner Handwerksbetriebe?"),
    ("sonstige", "umwelt-naturschutz", "Wir möchten als Initiative eine Streuobstwiese anlegen. Wer kann uns fördern?"),
)  # fmt: skip
