"""Invented names and the text pools of the demo: people, cooperation titles and
descriptions, messages, reasons, budget-advice recommendations."""

from __future__ import annotations

# --- People (invented) ---------------------------------------------------------------

FIRST_NAMES = (
    "Andrea", "Bernd", "Claudia", "Daniel", "Eva", "Frank", "Gabriele", "Holger", "Ines", "Jens",
    "Katrin", "Lars", "Monika", "Norbert", "Petra", "Ralf", "Sabine", "Thomas", "Ute", "Volker",
    "Waltraud", "Yvonne", "Markus", "Nadine", "Stefan", "Tanja", "Jörg", "Birgit", "Michael", "Heike",
)  # fmt: skip
LAST_NAMES = (
    "Becker", "Schneider", "Fischer", "Weber", "Wagner", "Hofmann", "Schäfer", "Koch", "Richter",
    "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Hartmann", "Krüger",
    "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Köhler", "Herrmann",
    "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
)  # fmt: skip
FEMALE_FIRST_NAMES = frozenset(
    {
        "Andrea", "Claudia", "Eva", "Gabriele", "Ines", "Katrin", "Monika", "Petra",
        "Sabine", "Ute", "Waltraud", "Yvonne", "Nadine", "Tanja", "Birgit", "Heike",
    }
)  # fmt: skip
MUNICIPAL_FUNCTIONS = (
    "Bürgermeisterin",
    "Bürgermeister",
    "Leitung Hauptamt",
    "Leitung Finanzverwaltung",
    "Kämmerin",
    "Kämmerer",
    "Fachbereich Bauen und Umwelt",
    "Wirtschaftsförderung",
)
# The female and the male form of the titles that have both.
GENDERED_FUNCTIONS = (("Bürgermeisterin", "Bürgermeister"), ("Kämmerin", "Kämmerer"))


def function_for(first_name: str, function: str) -> str:
    """The title in the form that fits the person („Stefan Braun – Kämmerer“, never
    „Kämmerin“). Picked first and adjusted after, so the random sequence of the demo
    stays what it was."""
    female = first_name in FEMALE_FIRST_NAMES
    for her, his in GENDERED_FUNCTIONS:
        if function in (her, his):
            return her if female else his
    return function


# --- Text pools for cooperations ---------------------------------------------------

# Handlungsfeld slug -> (title templates, legal forms with weights).
# {lead} is the lead municipality, {area} the Kreis or a region name.
COOPERATION_TOPICS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, int], ...]]] = {
    "ver-und-entsorgung": (
        ("Gemeinsame Abwasserbeseitigung {area}", "Wasserversorgungsverbund {lead} und Nachbarn",
         "Gemeinsame Betriebsführung Kläranlagen {area}", "Interkommunale Abfallberatung {area}"),
        (("zweckverband", 5), ("oer_vereinbarung", 4), ("aoer", 2)),
    ),
    "technische-infrastruktur": (
        ("Gemeinsame Straßenunterhaltung {area}", "Interkommunale Gebäudeunterhaltung {lead}",
         "Gemeinsamer Winterdienst {area}", "Friedhofsverwaltung im Verbund {area}"),
        (("oer_vereinbarung", 5), ("zweckverband", 2), ("informell", 1)),
    ),
    "allgemeine-verwaltung": (
        ("Gemeinsames Standesamt {area}", "Gemeinsame Kasse und Vollstreckung {area}",
         "Interkommunaler Datenschutzbeauftragter {area}", "Gemeinsame Personalverwaltung {lead} und Partner",
         "Gemeinsames Ordnungsamt {area}", "Zentrale Vergabestelle {area}", "Gemeinsame Steuerverwaltung {area}"),
        (("oer_vereinbarung", 8), ("shared_service", 3), ("gvv", 1), ("zweckverband", 1)),
    ),
    "bildung-soziales": (
        ("Gemeinsame Jugendpflege {area}", "Seniorenberatung im Verbund {area}",
         "Interkommunale Kinderbetreuungsplanung {lead}", "Gemeinsame Schulkindbetreuung {area}"),
        (("oer_vereinbarung", 5), ("informell", 2), ("zweckverband", 1)),
    ),
    "raumentwicklung": (
        ("Interkommunales Gewerbegebiet {area}", "Gemeinsames Flächenmanagement {area}",
         "Interkommunale Wohnbaulandentwicklung {lead}", "Leerstandsmanagement {area}"),
        (("zweckverband", 4), ("oer_vereinbarung", 3), ("gmbh", 1)),
    ),
    "umwelt-klima-energie": (
        ("Gemeinsames Klimaschutzmanagement {area}", "Interkommunale Energieberatung {area}",
         "Gemeinsame Straßenbeleuchtung LED {area}", "Energiegenossenschaft {lead} und Nachbarn"),
        (("oer_vereinbarung", 4), ("informell", 2), ("gmbh", 1)),
    ),
    "standortmarketing": (
        ("Gemeinsames Standortmarketing {area}", "Regionalmarke {area}", "Wirtschaftsförderung im Verbund {area}"),
        (("informell", 3), ("gmbh", 2), ("oer_vereinbarung", 2)),
    ),
    "it-egovernment": (
        ("Gemeinsamer Informationssicherheitsbeauftragter {area}", "Interkommunales Rechenzentrum {area}",
         "Gemeinsame Einführung der E-Akte {area}", "Online-Dienste im Verbund {area}"),
        (("oer_vereinbarung", 5), ("aoer", 2), ("shared_service", 2)),
    ),
    "bauhof": (
        ("Gemeinsamer Bauhof {lead} und Partner", "Bauhofkooperation {area}",
         "Gemeinsamer Maschinenpark der Bauhöfe {area}"),
        (("oer_vereinbarung", 6), ("zweckverband", 2)),
    ),
    "feuerwehr": (
        ("Gemeinsame Atemschutzwerkstatt {area}", "Zusammenlegung der Feuerwehren {lead} und Nachbarorte",
         "Gemeinsame Gerätewartung der Feuerwehren {area}", "Interkommunaler Brandschutzbedarfsplan {area}"),
        (("oer_vereinbarung", 6), ("zweckverband", 1)),
    ),
    "tourismus": (
        ("Tourismusregion {area}", "Gemeinsame Tourist-Information {lead}", "Radwegenetz {area}"),
        (("gmbh", 2), ("informell", 3), ("zweckverband", 1)),
    ),
    "sonstiges": (
        ("Gemeinsame Archivpflege {area}", "Interkommunale Musikschule {area}", "Gemeinsamer Veranstaltungsservice {area}"),
        (("oer_vereinbarung", 3), ("informell", 2)),
    ),
}  # fmt: skip

# How often each Handlungsfeld is the main field of a case.
FIELD_WEIGHTS: dict[str, int] = {
    "allgemeine-verwaltung": 22,
    "ver-und-entsorgung": 12,
    "bauhof": 12,
    "it-egovernment": 10,
    "feuerwehr": 8,
    "bildung-soziales": 7,
    "umwelt-klima-energie": 7,
    "technische-infrastruktur": 6,
    "raumentwicklung": 5,
    "standortmarketing": 4,
    "tourismus": 4,
    "sonstiges": 3,
}

DESCRIPTION_OPENERS = (
    "Die beteiligten Kommunen wollen die Aufgabe künftig gemeinsam erledigen, um Personal- und Sachkosten zu senken und die Vertretung im Krankheits- und Urlaubsfall zu sichern.",
    "Anlass ist der demografische Wandel: Stellen lassen sich in den einzelnen Verwaltungen kaum noch besetzen, gemeinsam wird die Aufgabe wieder tragfähig.",
    "Die Kommunen arbeiten in diesem Bereich seit Jahren informell zusammen und wollen die Zusammenarbeit nun verbindlich regeln.",
    "Eine Machbarkeitsbetrachtung hat gezeigt, dass eine gemeinsame Lösung wirtschaftlicher ist als die getrennte Aufgabenerledigung.",
)  # fmt: skip
DESCRIPTION_CLOSERS = (
    "Die federführende Kommune übernimmt die Aufgabe für alle Partner; die Kosten werden nach Einwohnern verteilt.",
    "Die Kosten werden nach einem Lasten-Nutzen-Schlüssel verteilt, der nach drei Jahren überprüft wird.",
    "Die Zusammenarbeit ist auf mindestens fünf Jahre angelegt und wird jährlich in einer Lenkungsgruppe ausgewertet.",
    "Das Personal wechselt zur federführenden Kommune; Sachmittel werden gemeinsam beschafft.",
)  # fmt: skip

ACTIVITY_NOTES = {
    "initiierung": "Idee und Ausgangslage besprochen; Fördervoraussetzungen erläutert.",
    "gruppe": "Gemeinsames Gespräch der möglichen Partner: Aufgabenzuschnitt und Kostenverteilung.",
    "einzel": "Einzelgespräch zu offenen Fragen der Kommune (Personalübergang, Gremienbeschluss).",
    "info": "Informationsveranstaltung für Bürgermeisterinnen, Bürgermeister und Fraktionen.",
    "buergerversammlung": "Vorstellung des Vorhabens in der Bürgerversammlung; Fragen zu Erreichbarkeit und Service.",
    "telefonat": "Telefonische Abstimmung zum Stand des Antrags.",
    "vor_ort": "Vor-Ort-Termin: Besichtigung der Räume und Ausstattung.",
}
MESSAGES_FROM_MUNICIPALITY = (
    "Anbei der Entwurf der öffentlich-rechtlichen Vereinbarung – könnten Sie bitte einen Blick darauf werfen?",
    "Die Gremienbeschlüsse aller Partner liegen jetzt vor. Wie geht es weiter?",
    "Wir haben eine Frage zum Verwendungsnachweis: Welche Belege brauchen Sie?",
    "Können wir den Termin für das Gruppengespräch in den nächsten Monat verschieben?",
    "Eine weitere Nachbargemeinde hat Interesse signalisiert. Kann sie noch einsteigen?",
)
MESSAGES_FROM_ADVISER = (
    "Vielen Dank, wir melden uns nach der Prüfung in den nächsten Tagen.",
    "Bitte reichen Sie noch die Gremienbeschlüsse aller Partner und die Kostenschätzung nach.",
    "Der Antrag ist vollständig und wurde an das Regierungspräsidium weitergeleitet.",
    "Gern unterstützen wir Sie bei der Vorbereitung der Informationsveranstaltung.",
    "Für den Verwendungsnachweis genügen der Sachbericht und die zahlenmäßige Übersicht.",
)
PAUSE_REASONS = (
    "Personalwechsel in der Verwaltung; das Vorhaben ruht bis zur Neubesetzung.",
    "Die Partner warten die Kommunalwahl ab, bevor sie Beschlüsse fassen.",
    "Haushaltssperre bei einem Partner; Fortsetzung im nächsten Haushaltsjahr geplant.",
)
WITHDRAW_REASONS = (
    "Ein Partner hat sich gegen die Zusammenarbeit entschieden; mit den übrigen ist sie nicht wirtschaftlich.",
    "Die Kommunen lösen die Aufgabe vorerst getrennt.",
    "Die Gremien haben der Vereinbarung nicht zugestimmt.",
)
REJECT_REASONS = (
    "Die Mindesteinsparung von 15 % ist nicht nachgewiesen.",
    "Die Kooperation besteht bereits und ist nicht neu im Sinne der Förderung.",
    "Die geplante Laufzeit unterschreitet die Mindestlaufzeit von fünf Jahren.",
)


# --- Budget consultations -----------------------------------------------------------

RECOMMENDATIONS: dict[str, tuple[str, ...]] = {
    "ertraege": (
        "Hebesatz der Grundsteuer B an den Landesdurchschnitt angleichen.",
        "Gebührenkalkulation für Friedhöfe und Bürgerhäuser aktualisieren.",
        "Straßenbeiträge bzw. wiederkehrende Beiträge prüfen.",
    ),
    "personal": (
        "Stellen bei Altersabgängen nicht automatisch nachbesetzen, sondern Aufgaben bündeln.",
        "Organisation des Bauhofs mit Einsatzplanung und Leistungserfassung straffen.",
    ),
    "liegenschaften": (
        "Wenig genutzte Dorfgemeinschaftshäuser an Vereine übertragen oder veräußern.",
        "Energieverbrauch der kommunalen Gebäude erfassen und Einsparziele festlegen.",
    ),
    "ikz": (
        "Standesamt und Kasse mit Nachbarkommunen gemeinsam führen.",
        "Bauhofkooperation mit der Nachbargemeinde prüfen (Beratung durch das KIKZ).",
    ),
    "investitionen": (
        "Investitionsprogramm priorisieren und Folgekosten vor dem Beschluss ausweisen.",
        "Sanierungsstau bei Straßen mit einer Zustandserfassung belegen und planen.",
    ),
    "sonstiges": ("Haushaltskonsolidierungskonzept jährlich fortschreiben und im Rat berichten.",),
}
