import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.handover_archive import (
    ATTACHMENTS_FILE,
    ATTACHMENTS_HEADER,
    FORMAT,
    FORMAT_VERSION,
    GENERATED_MODULES,
    MODULE,
    REFERENCE_MODULE,
    REFERENCES_FILE,
    REFERENCES_HEADER,
    archive_spec,
    csv_bytes,
    sha256,
    write_archive,
)

MANAGER_GROUP = "district_economy.group_district_manager"


def check_manager(env):
    if not env.user.has_group(MANAGER_GROUP):
        raise AccessError(env._("Only District Economy managers can export or import a hand-over."))


class DistrictHandoverExport(models.TransientModel):
    """Writes every record of the offices in use, with its attachments, into one archive for a successor.

    One CSV per model in Odoo's import format, the attachment files and a manifest with the
    row count and checksum of every file (see ``models/handover_archive.py``). Users and
    companies are named by login and name, not copied. The export is logged.
    """

    _name = "district.handover.export"
    _description = "Export for Hand-over"

    state = fields.Selection([("draft", "New"), ("done", "Exported")], default="draft", required=True)
    office_names = fields.Char(string="Offices", compute="_compute_office_names")
    data_file = fields.Binary(string="Archive", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)
    archive_checksum = fields.Char(
        string="Archive SHA-256",
        readonly=True,
        help="Tell the successor this number: the import logs the checksum of the archive it read.",
    )
    record_count = fields.Integer(string="Records", readonly=True)
    attachment_count = fields.Integer(string="Attachments", readonly=True)
    summary = fields.Text(readonly=True)

    @api.depends_context("allowed_company_ids")
    def _compute_office_names(self):
        for wizard in self:
            wizard.office_names = ", ".join(self.env.companies.mapped("name"))

    def action_export(self):
        self.ensure_one()
        check_manager(self.env)
        data, manifest, details = self._build_archive()
        today = fields.Date.to_string(fields.Date.context_today(self))
        file_name = f"district_economy_handover_{today}.zip"
        checksum = sha256(data)
        self.env["district.handover.log"]._record("export", file_name, checksum, manifest, details)
        self.write(
            {
                "state": "done",
                "data_file": base64.b64encode(data),
                "file_name": file_name,
                "archive_checksum": checksum,
                "record_count": sum(entry["rows"] for entry in manifest["models"]),
                "attachment_count": manifest["attachments"]["rows"],
                "summary": "\n".join(details),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Building the archive
    # ------------------------------------------------------------------
    def _build_archive(self):
        """(ZIP bytes, manifest, detail lines) of the records of the current offices."""
        companies = self.env.companies
        # Read as superuser (the manager's rights were checked) so that every field travels, in
        # English and UTC: the values Odoo's import reads back whatever the target's language.
        env = self.env(su=True, context=dict(self.env.context, active_test=False, lang="en_US", tz="UTC"))
        spec = archive_spec(env)
        records = self._collect_records(env, spec, companies)
        xmlids = {name: self._ensure_xmlids(recs) for name, recs in records.items()}
        attachments = self._collect_attachments(env, spec, records)
        xmlids["ir.attachment"] = self._ensure_xmlids(attachments)

        resolver = _LinkResolver(env, xmlids)
        files = {}
        models_done = []
        details = []
        for index, (model_name, names) in enumerate(spec, start=1):
            path = f"data/{index:02d}_{model_name}.csv"
            header, rows = self._model_table(env[model_name], names, records[model_name], resolver)
            files[path] = csv_bytes(header, rows)
            models_done.append({"model": model_name, "file": path, "rows": len(rows)})
            details.append(f"{model_name}: {len(rows)}")
        attachment_rows, attachment_files = self._attachment_table(attachments, xmlids)
        files[REFERENCES_FILE] = csv_bytes(REFERENCES_HEADER, resolver.reference_rows())
        files[ATTACHMENTS_FILE] = csv_bytes(ATTACHMENTS_HEADER, attachment_rows)
        files.update(attachment_files)
        details.append(f"ir.attachment: {len(attachment_rows)}")
        if resolver.dropped:
            details.append(
                self.env._(
                    "Links left out (to records that exist only in this database): %(count)s",
                    count=resolver.dropped,
                )
            )
        module = env["ir.module.module"].search([("name", "=", MODULE)], limit=1)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "addon_version": module.latest_version,
            "database_uuid": env["ir.config_parameter"].get_param("database.uuid"),
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "exported_by": self.env.user.login,
            "companies": companies.mapped("name"),
            "models": models_done,
            "references": {"file": REFERENCES_FILE, "rows": len(resolver.references)},
            "attachments": {"file": ATTACHMENTS_FILE, "rows": len(attachment_rows)},
            "dropped_links": resolver.dropped,
        }
        return write_archive(manifest, files), manifest, details

    def _collect_records(self, env, spec, companies):
        """{model name: records} of the archive, each model's in the order they load."""
        records = {}
        company_domain = [("company_id", "in", [False, *companies.ids])]
        for model_name, _names in spec:
            Model = env[model_name]
            if model_name in ("res.partner", "res.partner.category", "survey.user_input", "survey.user_input.line"):
                continue
            domain = company_domain if "company_id" in Model._fields and Model._fields["company_id"].store else []
            if model_name == "event.event":
                domain = [*domain, ("is_district_network", "=", True)]
            elif model_name == "event.registration":
                domain = [("event_id", "in", records["event.event"].ids)]
            records[model_name] = Model.search(domain, order="id")
        if "survey.user_input" in dict(spec):
            # The answers given in district visits (and the lines of those answers).
            inputs = env["survey.user_input"]
            for model_name, names in spec:
                for name in names:
                    if model_name in records and env[model_name]._fields[name].comodel_name == "survey.user_input":
                        inputs |= records[model_name][name]
            records["survey.user_input"] = inputs.sorted("id")
            records["survey.user_input.line"] = inputs.user_input_line_ids.sorted("id")
        records["res.partner"] = self._collect_partners(env, spec, records, company_domain)
        categories = records["res.partner"].category_id
        while categories.parent_id - categories:
            categories |= categories.parent_id
        records["res.partner.category"] = categories.sorted(lambda category: (category.parent_path or "", category.id))
        return records

    def _collect_partners(self, env, spec, records, company_domain):
        """The partners the district uses: businesses, founders and institutions, the partners its
        records link to (persons consulted, landlords, attendees), their companies and contact persons.

        Not the partners of users or companies: those are named, not copied.
        """
        Partner = env["res.partner"]
        partners = Partner.search(
            [
                *company_domain,
                "|",
                "|",
                "|",
                ("business_status", "!=", False),
                ("opening_date", "!=", False),
                ("wz_code", "!=", False),
                ("is_referral_institution", "=", True),
            ]
        )
        for model_name, names in spec:
            if model_name == "res.partner" or model_name not in records:
                continue
            for name in names:
                if env[model_name]._fields[name].comodel_name == "res.partner":
                    partners |= records[model_name][name]
        partners -= _named_partners(partners)
        while True:
            related = (partners.parent_id | Partner.search([("parent_id", "in", partners.ids)])) - partners
            related -= _named_partners(related)
            if not related:
                break
            partners |= related

        def depth(partner):
            level = 0
            while partner.parent_id and partner.parent_id in partners:
                partner, level = partner.parent_id, level + 1
            return level

        # Parents load before their children (a contact person links to its company).
        return partners.sorted(lambda partner: (depth(partner), partner.id))

    @api.model
    def _ensure_xmlids(self, records):
        """{id: external id} of ``records``; Odoo's export gives one (``__export__.…``) to those without."""
        if not records:
            return {}
        rows = records.export_data(["id"])["datas"]
        return {record.id: row[0] for record, row in zip(records, rows, strict=True)}

    def _collect_attachments(self, env, spec, records):
        """The attachments of the archive's records (files in the chatter, photos, evidence) and the
        documents its records link to."""
        Attachment = env["ir.attachment"]
        attachments = Attachment
        for model_name, recs in records.items():
            if recs:
                attachments |= Attachment.search(
                    [
                        ("res_model", "=", model_name),
                        ("res_id", "in", recs.ids),
                        "|",
                        ("res_field", "=", False),
                        ("res_field", "!=", False),
                    ]
                )
        for model_name, names in spec:
            for name in names:
                if env[model_name]._fields[name].comodel_name == "ir.attachment":
                    attachments |= records[model_name][name]
        return attachments.sorted("id")

    def _model_table(self, Model, names, records, resolver):
        """(header, rows) of one model in Odoo's import format."""
        scalar = [name for name in names if not Model._fields[name].relational]
        relational = [name for name in names if Model._fields[name].relational]
        header = ["id", *scalar, *(f"{name}/id" for name in relational)]
        if not records:
            return header, []
        exported = records.export_data(["id", *scalar])["datas"]
        rows = []
        for record, values in zip(records, exported, strict=True):
            row = [values[0]]
            row += [_cell(record, Model._fields[name], value) for name, value in zip(scalar, values[1:], strict=True)]
            row += [",".join(filter(None, (resolver.link(target) for target in record[name]))) for name in relational]
            rows.append(row)
        return header, rows

    def _attachment_table(self, attachments, xmlids):
        """(rows of attachments.csv, {path: file content}); files are named by their checksum."""
        rows, files = [], {}
        for attachment in attachments:
            path = ""
            if attachment.type == "binary":
                raw = attachment.raw or b""
                path = f"attachments/{sha256(raw)}"
                files[path] = raw
            owner_ids = xmlids.get(attachment.res_model) or {}
            res_id = owner_ids.get(attachment.res_id, "")
            rows.append(
                [
                    xmlids["ir.attachment"][attachment.id],
                    attachment.name or "",
                    attachment.res_model if res_id else "",
                    res_id,
                    (attachment.res_field or "") if res_id else "",
                    attachment.type,
                    attachment.url or "",
                    attachment.mimetype or "",
                    attachment.description or "",
                    path,
                ]
            )
        return rows, files


def _named_partners(partners):
    """The partners of ``partners`` that are a user's or a company's: named in an archive, not copied."""
    env = partners.env
    return (
        env["res.company"].search([("partner_id", "in", partners.ids)]).partner_id
        | env["res.users"].search([("partner_id", "in", partners.ids)]).partner_id
    )


def _cell(record, field, value):
    """A value as Odoo's import reads it back: selections by key, booleans as True/False, UTC times."""
    if field.type == "boolean":
        return "True" if value else "False"
    if field.type in ("selection", "binary"):
        value = record[field.name]
    if value is False or value is None or value == "":
        return ""
    if isinstance(value, bytes):
        return value.decode()
    if field.type in ("date", "datetime"):
        return field.to_string(value)
    return str(value)


class _LinkResolver:
    """The external id a link is written with: the record's own if the archive carries it, a
    reference by login or name for users, companies and their partners, else the external id of
    the module that ships the record (countries, event stages, the questionnaire's questions)."""

    def __init__(self, env, xmlids):
        self.env = env
        self.xmlids = xmlids
        self.references = {}
        self.dropped = 0
        self.named = {}

    def link(self, record):
        carried = self.xmlids.get(record._name)
        if carried is not None and record.id in carried:
            return carried[record.id]
        key = (record._name, record.id)
        if key not in self.named:
            self.named[key] = self._named(record) or self._shipped_xmlid(record)
        xmlid = self.named[key]
        if not xmlid:
            self.dropped += 1
        return xmlid

    def _named(self, record):
        """A reference by login or name to a user, a company or their partner, or None."""
        if record._name == "res.users":
            return self._reference(f"user_{record.id}", "res.users", "login", record.login)
        if record._name == "res.company":
            return self._reference(f"company_{record.id}", "res.company", "name", record.name)
        if record._name == "res.partner":
            company = self.env["res.company"].search([("partner_id", "=", record.id)], limit=1)
            if company:
                return self._reference(f"company_partner_{company.id}", "res.partner", "company", company.name)
            user = self.env["res.users"].search([("partner_id", "=", record.id)], limit=1)
            if user:
                return self._reference(f"user_partner_{user.id}", "res.partner", "user", user.login)
        return None

    def _reference(self, name, model, key_type, key):
        xmlid = f"{REFERENCE_MODULE}.{name}"
        self.references[xmlid] = (model, key_type, key)
        return xmlid

    def _shipped_xmlid(self, record):
        xmlids = record._get_external_ids().get(record.id, [])
        return next((xmlid for xmlid in xmlids if xmlid.split(".", 1)[0] not in GENERATED_MODULES), "")

    def reference_rows(self):
        return [[xmlid, *reference] for xmlid, reference in sorted(self.references.items())]
