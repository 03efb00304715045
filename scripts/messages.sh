#!/usr/bin/env bash
# Collect every gettext text of the portal into locale/de/LC_MESSAGES/django.po and make the
# catalogue complete: a new text gets itself as its German wording (the code is written in
# German), a wording somebody changed in the catalogue stays. Texts gone from the code are
# dropped. tests/test_gettext_rule.py fails when this has not been run after a change.
set -euo pipefail
cd "$(dirname "$0")/.."
# `settings.messages` needs no database, Redis or mail server: makemessages only reads files.
DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ikz_portal.settings.local} \
    .venv/bin/python manage.py makemessages -l de --no-obsolete --no-location --no-wrap -v0 \
    --ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*' --ignore='media/*' --ignore='var/*' \
    --ignore='loadtest/*' --ignore='bench/*' --ignore='test-artifacts/*' --ignore='staticfiles/*'
po=locale/de/LC_MESSAGES/django.po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# msgen writes msgstr = msgid for the untranslated entries; the translated ones win in msgcat.
msgen --no-wrap "$po" -o "$tmp/all.po"
msgcat --use-first --no-wrap --sort-output "$po" "$tmp/all.po" -o "$tmp/merged.po"
msgattrib --no-wrap --clear-fuzzy --empty "$tmp/merged.po" -o /dev/null 2>/dev/null || true
# A readable header instead of makemessages' template (which is marked fuzzy).
.venv/bin/python - "$tmp/merged.po" "$po" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
body = text[text.index('\n\n', text.index('msgid ""')) + 2:]
header = (
    "# The portal's own texts, German in the code: collected by `make messages`\n"
    "# (scripts/messages.sh); change a wording here, not the msgid.\n"
    'msgid ""\nmsgstr ""\n'
    '"Project-Id-Version: IKZ-Portal\\n"\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
open(sys.argv[2], "w", encoding="utf-8").write(header + body)
PY
