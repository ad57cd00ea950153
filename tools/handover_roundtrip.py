"""Hand-over round trip: export one database, import into another, compare (see handover_roundtrip.sh).

Runs in three steps, chosen by HANDOVER_STEP:
- ``export`` (in ``odoo-bin shell`` on the source database): finalises a report, exports the hand-over
  as the admin (a District Economy manager) into HANDOVER_ARCHIVE and writes the source's figures
  to HANDOVER_FIGURES;
- ``import`` (in ``odoo-bin shell`` on a new database with the addon and no demo data): sets up an
  office of another name and the coordinator's user, imports the archive as the admin, checks that a
  second import is refused, and writes the target's figures to HANDOVER_FIGURES;
- ``compare`` (plain Python): compares the two figure files; exits 1 on any difference.

Figures: the number of records of every model in the archive (by external id, and in total for the
addon's own models), the monitoring view (every measure per quarter and year), the contacts view, the
final reports line by line, and a report for last year computed afresh in each database (rolled back).
"""

import base64
import csv
import io
import json
import os
import sys
import zipfile
from datetime import date

ARCHIVE = os.environ.get("HANDOVER_ARCHIVE", "")
FIGURES = os.environ.get("HANDOVER_FIGURES", "")


def admin_env(env):
    admin = env.ref("base.user_admin")
    return env(user=admin, context=dict(env.context, lang="en_US", allowed_company_ids=admin.company_ids.ids))


def report_lines(snapshots):
    return sorted(
        [
            snapshot.name,
            str(snapshot.date_from),
            str(snapshot.date_to),
            snapshot.state,
            line.level,
            line.quarter_id.code or "",
            line.industry_id.name or "",
            line.indicator,
            round(line.value, 2),
            round(line.target_value, 2),
            line.has_target,
            round(line.achievement, 1),
        ]
        for snapshot in snapshots
        for line in snapshot.line_ids
    )


def grouped(Model, measures, date_field="date"):
    rows = Model.sudo()._read_group([], ["quarter_id", f"{date_field}:year"], measures)
    return {
        f"{quarter.code or '-'} {year.year if year else '-'}": [
            round(value, 2) if isinstance(value, float) else value for value in values
        ]
        for quarter, year, *values in rows
    }


def figures(env, manifest, tables):
    """What must be the same on both sides of the hand-over."""
    counts = {}
    attachments = []
    Attachment = env["ir.attachment"].sudo()
    for entry in manifest["models"]:
        model_name = entry["model"]
        modules = {}
        for row in tables[entry["file"]]:
            module, name = row[0].split(".", 1)
            modules.setdefault(module, []).append(name)
        owners = {}  # record id: external id
        for module, names in modules.items():
            for data in (
                env["ir.model.data"]
                .sudo()
                .search_read(
                    [("module", "=", module), ("name", "in", names), ("model", "=", model_name)], ["name", "res_id"]
                )
            ):
                owners[data["res_id"]] = f"{module}.{data['name']}"
        counts[f"{model_name} (archive)"] = len(owners)
        if model_name.startswith("district."):  # the totals of other modules hold their own records too
            counts[f"{model_name} (all)"] = env[model_name].sudo().with_context(active_test=False).search_count([])
        domain = [("res_model", "=", model_name), ("res_id", "in", list(owners))]
        for attachment in Attachment.search([*domain, "|", ("res_field", "=", False), ("res_field", "!=", False)]):
            owner = owners[attachment.res_id]
            attachments.append([owner, attachment.res_field or "", attachment.name, attachment.checksum])
        if model_name == "district.funding":
            for funding in env[model_name].sudo().browse(list(owners)):
                attachments += [
                    [owners[funding.id], "document_ids", att.name, att.checksum] for att in funding.document_ids
                ]
    Report = env["district.monitoring.report"]
    measures = sorted(
        f"{name}:{field.aggregator}"
        for name, field in Report._fields.items()
        if field.store
        and field.aggregator
        and (field.type in ("integer", "float", "monetary") or field.type == "many2one")
        and name not in ("id", "quarter_id")
    )
    Snapshot = env["district.monitoring.snapshot"].sudo()
    return {
        "counts": counts,
        "attachments": sorted(attachments),
        "monitoring": {"measures": measures, "rows": grouped(Report, measures)},
        "contacts": grouped(env["district.contact.report"], ["__count", "reached_partner_id:count_distinct"]),
        "final_reports": report_lines(Snapshot.search([("state", "=", "final")])),
        "fresh_report": fresh_report(env),
        "visits_and_flags": visits_and_flags(env),
    }


def visits_and_flags(env):
    """When each visit's outcome and each early warning's resolution was recorded: the archive carries
    these moments, the target database must not stamp them anew (reports count by them)."""
    visits = env["district.visit"].sudo().search([])
    flags = env["district.business.flag"].sudo().search([])
    return sorted(
        [["visit", visit.partner_id.name, str(visit.date), visit.state, str(visit.date_outcome)] for visit in visits]
        + [["flag", flag.partner_id.name, str(flag.date), flag.state, str(flag.date_resolved)] for flag in flags]
    )


def fresh_report(env):
    """Last year's report computed now from the records, then rolled back."""
    env = admin_env(env)
    year = date.today().year - 1
    savepoint = env.cr.savepoint(flush=False)
    try:
        Snapshot = env["district.monitoring.snapshot"]
        area = env.ref("district_economy.programme_area_leipziger_osten")
        period = [("date_from", "=", date(year, 1, 1)), ("date_to", "=", date(year, 12, 31))]
        report = Snapshot.search([*period, ("state", "=", "draft"), ("programme_area_id", "=", area.id)], limit=1)
        report = report or Snapshot.create(
            {"programme_area_id": area.id, "date_from": date(year, 1, 1), "date_to": date(year, 12, 31)}
        )
        report.action_compute()
        lines = report_lines(report)
        return [line[4:] for line in lines]
    finally:
        savepoint.rollback()
        savepoint.close(rollback=False)


def read_tables(archive_bytes):
    archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
    manifest = json.loads(archive.read("manifest.json"))
    tables = {}
    for entry in manifest["models"]:
        rows = list(csv.reader(io.StringIO(archive.read(entry["file"]).decode("utf-8"), newline="")))
        tables[entry["file"]] = rows[1:]
    return manifest, tables


def step_export(env):
    env = admin_env(env)
    add_attachments(env)
    # A consultation by the city office's user, whom the successor does not have: the link stays empty.
    city_office = env["res.users"].search([("login", "=", "cityoffice")], limit=1)
    if city_office:
        env["district.consultation"].search([], order="id", limit=1).user_id = city_office
    # A final report travels as it was: finalise last year's demo report (computed first).
    draft = env["district.monitoring.snapshot"].search([("state", "=", "draft")], limit=1)
    if draft and not env["district.monitoring.snapshot"].search_count([("state", "=", "final")]):
        draft.action_compute()
        draft.action_finalize()
    wizard = env["district.handover.export"].create({})
    wizard.action_export()
    data = base64.b64decode(wizard.data_file)
    with open(ARCHIVE, "wb") as archive:
        archive.write(data)
    env.cr.commit()
    manifest, tables = read_tables(data)
    result = figures(env, manifest, tables)
    result["checksum"] = wizard.archive_checksum
    result["log"] = env["district.handover.log"].search_count(
        [("direction", "=", "export"), ("archive_checksum", "=", wizard.archive_checksum)]
    )
    print(f"[handover] exported {wizard.record_count} records, {wizard.attachment_count} attachments to {ARCHIVE}")
    return result


def add_attachments(env):
    """A file in a business's chatter, a consent's evidence and a funding's document travel as files."""
    Attachment = env["ir.attachment"]
    if Attachment.search_count([("name", "=", "Mietvertrag (Hand-over-Test).txt")]):
        return
    business = env["res.partner"].search([("business_status", "=", "active")], order="id", limit=1)
    Attachment.create(
        {
            "name": "Mietvertrag (Hand-over-Test).txt",
            "raw": "Mietvertrag über die Gewerbeeinheit, unterschrieben.".encode(),
            "res_model": "res.partner",
            "res_id": business.id,
        }
    )
    consent = env["district.consent"].search([], order="id", limit=1)
    consent.write({"evidence": base64.b64encode(b"%PDF-1.4 Einwilligung"), "evidence_filename": "einwilligung.pdf"})
    funding = env["district.funding"].search([], order="id", limit=1)
    funding.document_ids = [(0, 0, {"name": "Bescheid (Hand-over-Test).txt", "raw": b"Zuwendungsbescheid"})]


def step_import(env):
    env = admin_env(env)
    company = env.company
    # The successor is another organisation: its office has another name; it has the coordinator's user.
    company.sudo().write(
        {
            "name": "Arbeitsladen Leipziger Osten",
            "country_id": env.ref("base.de").id,
            "currency_id": env.ref("base.EUR").id,
        }
    )
    env.ref("base.EUR").sudo().active = True
    # German active (without loading the interface's translations): the archive's persons speak it.
    env["res.lang"].sudo()._activate_lang("de_DE")
    company.partner_id.sudo().tz = "Europe/Berlin"
    if not env["res.users"].sudo().search_count([("login", "=", "coordinator")]):
        env["res.users"].sudo().create(
            {
                "name": "Koordinatorin Arbeitsladen",
                "login": "coordinator",
                "group_ids": [(4, env.ref("district_economy.group_district_coordinator").id)],
            }
        )
    env.cr.commit()
    with open(ARCHIVE, "rb") as archive:
        data = archive.read()
    wizard = env["district.handover.import"].create({"data_file": base64.b64encode(data), "file_name": "handover.zip"})
    wizard.action_import()
    env.cr.commit()
    print(f"[handover] imported {wizard.record_count} records, {wizard.attachment_count} attachments")
    again = env["district.handover.import"].create({"data_file": base64.b64encode(data), "file_name": "again.zip"})
    try:
        again.action_import()
        second_import = "accepted"
    except Exception as error:  # any refusal is what is expected here
        second_import = "refused" if "already imported" in str(error) else f"failed: {error}"
    env.cr.rollback()
    manifest, tables = read_tables(data)
    result = figures(env, manifest, tables)
    result["checksum"] = wizard.archive_checksum
    result["log"] = env["district.handover.log"].search_count(
        [("direction", "=", "import"), ("archive_checksum", "=", wizard.archive_checksum)]
    )
    meetings = env["event.event"].sudo().search([("is_district_network", "=", True)])
    result["reminders"] = env["event.mail"].sudo().search_count([("event_id", "in", meetings.ids)])
    result["second_import"] = second_import
    result["missing_logins"] = wizard.missing_logins
    result["owner"] = sorted(
        set(env["district.consultation"].sudo().with_context(active_test=False).search([]).company_id.mapped("name"))
    )
    return result


def compare(source_path, target_path):
    with open(source_path) as source_file, open(target_path) as target_file:
        source, target = json.load(source_file), json.load(target_file)
    problems = _differences(source, target)
    for problem in problems:
        print(f"[handover] DIFFERENT: {problem}")
    records = sum(value for key, value in source["counts"].items() if key.endswith("(archive)"))
    if problems:
        print(f"[handover] round trip FAILED: {len(problems)} difference(s)")
        return 1
    print(
        f"[handover] round trip OK: {records} records of {len(source['counts'])} counts, "
        f"{len(source['attachments'])} attachments, {len(source['monitoring']['rows'])} monitoring cells, "
        f"{len(source['final_reports'])} final report lines, "
        f"{len(source['fresh_report'])} recomputed report lines identical"
    )
    return 0


def _differences(source, target):
    problems = []
    for key in sorted(set(source["counts"]) | set(target["counts"])):
        if source["counts"].get(key) != target["counts"].get(key):
            problems.append(f"records of {key}: {source['counts'].get(key)} before, {target['counts'].get(key)} after")
    for name in ("attachments", "monitoring", "contacts", "final_reports", "fresh_report"):
        if source[name] != target[name]:
            problems.append(f"{name} differ: {_first_difference(source[name], target[name])}")
    if len(source["attachments"]) < 3:
        problems.append("the source has fewer attachments than the round trip adds: it did not test them")
    if not source["final_reports"]:
        problems.append("no final report in the source: the round trip did not test one")
    if source["checksum"] != target["checksum"]:
        problems.append("the import logged another checksum than the export")
    if source["log"] != 1 or target["log"] != 1:
        problems.append(f"hand-over log entries: {source['log']} export(s), {target['log']} import(s)")
    if target["reminders"]:
        problems.append(f"{target['reminders']} event reminders were created for imported meetings")
    if target["second_import"] != "refused":
        problems.append(f"importing the same archive twice was {target['second_import']}")
    if target["owner"] != ["Arbeitsladen Leipziger Osten"]:
        problems.append(f"consultations belong to {target['owner']}, not to the successor's office")
    if target["missing_logins"] != "cityoffice":
        problems.append(f"users not found: {target['missing_logins']} instead of the city office's user")
    return problems


def _first_difference(before, after):
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                return f"{key}: {before.get(key)} before, {after.get(key)} after"
    if isinstance(before, list) and isinstance(after, list):
        missing = [row for row in before if row not in after][:2]
        extra = [row for row in after if row not in before][:2]
        return f"{len(before)} before, {len(after)} after; only before: {missing}; only after: {extra}"
    return f"{before} before, {after} after"


STEP = os.environ.get("HANDOVER_STEP")
if STEP == "compare":
    sys.exit(compare(os.environ["HANDOVER_SOURCE_FIGURES"], os.environ["HANDOVER_TARGET_FIGURES"]))
elif STEP in ("export", "import"):
    result = (step_export if STEP == "export" else step_import)(env)  # noqa: F821 (odoo-bin shell's env)
    with open(FIGURES, "w") as figures_file:
        json.dump(result, figures_file, indent=1, default=str)
