#!/usr/bin/env python3
"""Merge i18n/district_economy.pot into i18n/de.po, keeping existing translations.

Run after `odoo-bin i18n export ... --languages pot -- district_economy` (see README).
Prints the msgids that still lack a German translation and exits 1 if there are any.
"""

import sys
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parent.parent / "i18n"
# Terms that read the same in German: OCA's PO formatter stores them with an empty msgstr.
SAME_IN_GERMAN = {
    "ID",
    "Name",
    "Normal",
    "Details",
    "MB.",
    "Exposé",
    "Exposé: {{ object.premises_id.name }}",
    "'Exposé - %s' % object.name",
    "'Exposé - %s' % object.premises_id.name",
    "Status:",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "© OpenStreetMap contributors",
    "settlement_id",
    "BIWAQ",
    "Monitoring",
    "object.name",
    "Stadtteilwirtschaft",
    "<span>–</span>",
    "Bank",
    "Person",
    "Status",
    "Icon",
    "Website",
    "m²",
    "/m²",
    "m² ·",
    "100–250 m²",
    "250–500 m²",
    "50–100 m²",
    '<span invisible="not quarter_reason_detail">: </span>',
    '<span invisible="not quarter_rule_id">: </span>',
    '{"type": "Polygon", "coordinates": [[[12.39, 51.34], ...]]}',
}


def written_in_german(entry):
    """The shipped questionnaire (survey records) is content written in German: its terms need no translation."""
    return bool(entry.occurrences) and all(
        path.startswith(("model:survey.", "model_terms:survey.")) for path, __ in entry.occurrences
    )


def main():
    pot = polib.pofile(str(I18N / "district_economy.pot"))
    po_path = I18N / "de.po"
    po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    po.merge(pot)
    po.metadata.update(
        {
            "Project-Id-Version": pot.metadata.get("Project-Id-Version", "Odoo Server 19.0"),
            "Language": "de",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    for entry in po.obsolete_entries():
        po.remove(entry)
    po.save(str(po_path))
    missing = [
        entry.msgid
        for entry in po
        if (
            not entry.msgstr
            and entry.msgid not in SAME_IN_GERMAN
            and "(Demo)" not in entry.msgid
            and not written_in_german(entry)
        )
        or "fuzzy" in entry.flags
    ]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
