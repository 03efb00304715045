"""The built-in texts of the draft agreements: the defaults the migration stores for the
KIKZ to edit, and what the generator uses when no text is stored. Deliberately short
and plain: a starting point for the partners' lawyers, not a finished contract."""

from __future__ import annotations

from typing import Any

from .models import AgreementTemplate

# Printed on every draft, above everything the KIKZ can edit: it cannot be removed.
DISCLAIMER = (
    "Entwurf auf Grundlage eines Musters des Kompetenzzentrums für Interkommunale Zusammenarbeit. "
    "Dies ist eine Vorlage und keine Rechtsberatung. Lassen Sie den Text vor der Beschlussfassung "
    "rechtlich prüfen und mit der Kommunalaufsicht abstimmen."
)

PUBLIC_AGREEMENT: dict[str, Any] = {
    "kind": AgreementTemplate.Kind.PUBLIC_AGREEMENT,
    "title": "Öffentlich-rechtliche Vereinbarung über {{ vorhaben }}",
    "preamble": (
        "Die nachstehend genannten Kommunen schließen auf Grundlage des Gesetzes über kommunale "
        "Gemeinschaftsarbeit (KGG) die folgende öffentlich-rechtliche Vereinbarung. Federführend ist "
        "{{ federfuehrend }}."
    ),
    "subject_heading": "§ 1 Gegenstand und Aufgabe",
    "subject_text": (
        "Die Beteiligten arbeiten im Handlungsfeld „{{ handlungsfeld }}“ zusammen: {{ aufgabe }}\n"
        "{{ federfuehrend }} übernimmt die Aufgabe für alle Beteiligten; die Zuständigkeit der übrigen "
        "Beteiligten bleibt im Übrigen unberührt."
    ),
    "duration_heading": "§ 2 Beginn und Laufzeit",
    "duration_text": (
        "Die Vereinbarung beginnt am {{ beginn }} und läuft zunächst {{ laufzeit }}. Sie verlängert sich "
        "danach jeweils um ein Jahr, wenn sie nicht gekündigt wird."
    ),
    "termination_heading": "§ 3 Kündigung",
    "termination_text": (
        "Jede beteiligte Kommune kann die Vereinbarung mit einer Frist von zwölf Monaten zum Ende eines "
        "Haushaltsjahres schriftlich kündigen, erstmals zum Ende der Laufzeit nach § 2. Das Recht zur "
        "Kündigung aus wichtigem Grund bleibt unberührt."
    ),
    "costs_heading": "§ 4 Kosten und Kostenverteilung",
    "costs_text": (
        "Die jährlichen Kosten der gemeinsamen Aufgabe von voraussichtlich {{ gesamtkosten }} tragen die "
        "Beteiligten {{ schluessel }}. Die Anteile ergeben sich aus der folgenden Tabelle; sie werden "
        "jährlich auf Grundlage der tatsächlichen Kosten abgerechnet. {{ stand }}"
    ),
    "final_heading": "§ 5 Schlussbestimmungen",
    "final_text": (
        "Änderungen dieser Vereinbarung bedürfen der Schriftform und der Zustimmung der Vertretungskörperschaften "
        "aller Beteiligten. Sollte eine Bestimmung unwirksam sein, bleibt die Vereinbarung im Übrigen wirksam. "
        "Die Vereinbarung wird der Aufsichtsbehörde angezeigt und tritt am Tag nach ihrer öffentlichen "
        "Bekanntmachung in Kraft."
    ),
    "resolutions_text": "Die Vertretungskörperschaften der Beteiligten haben dieser Vereinbarung zugestimmt:",
}

ZWECKVERBAND: dict[str, Any] = {
    "kind": AgreementTemplate.Kind.ZWECKVERBAND,
    "title": "Verbandssatzung des Zweckverbandes „{{ vorhaben }}“",
    "preamble": (
        "Die nachstehend genannten Kommunen bilden auf Grundlage des Gesetzes über kommunale "
        "Gemeinschaftsarbeit (KGG) einen Zweckverband und vereinbaren die folgende Verbandssatzung."
    ),
    "subject_heading": "§ 1 Name, Sitz und Aufgabe",
    "subject_text": (
        "Der Zweckverband führt den Namen „Zweckverband {{ vorhaben }}“ und hat seinen Sitz bei "
        "{{ federfuehrend }}. Er nimmt im Handlungsfeld „{{ handlungsfeld }}“ folgende Aufgabe für seine "
        "Mitglieder wahr: {{ aufgabe }}\nDas Recht und die Pflicht der Mitglieder zur Erfüllung dieser "
        "Aufgabe gehen auf den Zweckverband über."
    ),
    "duration_heading": "§ 2 Organe und Dauer",
    "duration_text": (
        "Organe des Zweckverbandes sind die Verbandsversammlung und der Verbandsvorstand. Jedes Mitglied "
        "entsendet eine Vertreterin oder einen Vertreter in die Verbandsversammlung. Der Zweckverband "
        "entsteht am {{ beginn }} und wird zunächst für {{ laufzeit }} gebildet."
    ),
    "termination_heading": "§ 3 Austritt und Auflösung",
    "termination_text": (
        "Ein Mitglied kann mit einer Frist von zwölf Monaten zum Ende eines Haushaltsjahres austreten, "
        "frühestens zum Ende der Dauer nach § 2; der Austritt bedarf der Zustimmung der Verbandsversammlung "
        "mit einer Mehrheit von zwei Dritteln. Bei Auflösung wird das Vermögen im Verhältnis der Umlage "
        "der letzten fünf Jahre verteilt."
    ),
    "costs_heading": "§ 4 Deckung des Finanzbedarfs (Verbandsumlage)",
    "costs_text": (
        "Soweit die sonstigen Erträge den Finanzbedarf nicht decken, erhebt der Zweckverband von seinen "
        "Mitgliedern eine Umlage. Für den voraussichtlichen jährlichen Bedarf von {{ gesamtkosten }} wird "
        "sie {{ schluessel }} bemessen; die Anteile ergeben sich aus der folgenden Tabelle. {{ stand }}"
    ),
    "final_heading": "§ 5 Inkrafttreten",
    "final_text": (
        "Die Verbandssatzung bedarf der Genehmigung der Aufsichtsbehörde. Sie tritt am Tag nach ihrer "
        "öffentlichen Bekanntmachung in Kraft."
    ),
    "resolutions_text": "Die Vertretungskörperschaften der Mitglieder haben der Bildung des Zweckverbandes und "
    "dieser Satzung zugestimmt:",
}

DEFAULTS = {d["kind"]: d for d in (PUBLIC_AGREEMENT, ZWECKVERBAND)}


def default_template(kind: str) -> AgreementTemplate:
    """An unsaved template with the built-in texts."""
    return AgreementTemplate(**DEFAULTS[kind])
