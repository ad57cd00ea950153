import base64
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime

from ..models.handover_archive import (
    ATTACHMENTS_HEADER,
    HANDOVER_MODE,
    REFERENCE_MODULE,
    REFERENCES_HEADER,
    ArchiveProblem,
    deferred_columns,
    field_of_column,
    read_archive,
    sha256,
)
from .district_handover_export import check_manager

# Load errors listed in the refusal; more are counted.
MAX_LISTED_ERRORS = 5


class DistrictHandoverImport(models.TransientModel):
    """Loads a hand-over archive into this database, all or nothing.

    The whole archive is checked first (every file present and matching its checksum, every
    model, column, value and link known here); a damaged or incomplete archive is refused
    before anything is written. The records then load through Odoo's import in hand-over mode:
    what the addon writes by itself on creation (opening events, vacancy periods dated today,
    the effects of a won settlement) is carried by the archive instead, and final reports are
    recreated as they were exported.
    """

    _name = "district.handover.import"
    _description = "Import Hand-over"

    data_file = fields.Binary(string="Hand-over archive", required=True, attachment=False)
    file_name = fields.Char()
    company_id = fields.Many2one(
        "res.company",
        string="Office",
        required=True,
        default=lambda self: self.env.company,
        help="Records of an office this database has no company of the same name for go to this office.",
    )
    state = fields.Selection([("draft", "New"), ("done", "Imported")], default="draft", required=True)
    archive_checksum = fields.Char(string="Archive SHA-256", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    attachment_count = fields.Integer(string="Attachments", readonly=True)
    missing_logins = fields.Char(
        string="Users not found",
        readonly=True,
        help="Logins the archive names that this database has no user for: those links were left empty.",
    )
    summary = fields.Text(readonly=True)

    def action_import(self):
        self.ensure_one()
        check_manager(self.env)
        data = base64.b64decode(self.data_file or b"")
        checksum = sha256(data)
        try:
            manifest, files, tables = read_archive(data)
            plan = self._check_archive(manifest, files, tables, checksum)
        except ArchiveProblem as problem:
            raise UserError(self._problem_message(problem)) from None
        details = self._load_archive(manifest, files, tables, plan)
        self.env["district.handover.log"]._record(
            "import", self.file_name or "handover.zip", checksum, manifest, details
        )
        self.write(
            {
                "state": "done",
                "archive_checksum": checksum,
                "record_count": sum(entry["rows"] for entry in manifest["models"]),
                "attachment_count": manifest["attachments"]["rows"],
                "missing_logins": ", ".join(plan["missing_logins"]),
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
    # Checking (writes nothing)
    # ------------------------------------------------------------------
    def _check_archive(self, manifest, files, tables, checksum):
        """What the load needs, once the archive is known to fit this database: the deferred columns
        of each model, the records the references stand for, the links to leave empty."""
        env = self.env(su=True, context=dict(self.env.context, active_test=False))
        earlier = env["district.handover.log"].search(
            [("direction", "=", "import"), ("archive_checksum", "=", checksum)], limit=1
        )
        if earlier:
            raise ArchiveProblem("already_imported", date=earlier.date, user=earlier.user_id.name)
        references_file, attachments_file = manifest["references"]["file"], manifest["attachments"]["file"]
        if tables[references_file][0] != REFERENCES_HEADER or tables[attachments_file][0] != ATTACHMENTS_HEADER:
            raise ArchiveProblem("bad_csv", path=references_file, error="unexpected columns")

        linked = defaultdict(set)  # external id: {(model, column)}
        defined = set()
        for row in tables[attachments_file][1]:
            values = dict(zip(ATTACHMENTS_HEADER, row, strict=True))
            defined.add(values["id"])
            if values["res_id"]:
                linked.setdefault(values["res_id"], set())  # the record it belongs to must be known
            if values["type"] == "binary" and values["file"] not in files:
                raise ArchiveProblem("missing_files", files=[values["file"]])
        carried = {entry["model"] for entry in manifest["models"]}
        deferred = {}
        for entry in manifest["models"]:
            header, rows = tables[entry["file"]]
            self._check_table(env, entry, header, rows, linked)
            defined.update(row[0] for row in rows)
            try:
                deferred[entry["model"]] = deferred_columns(env, entry["model"], header[1:], carried, set(deferred))
            except ValueError as error:
                raise ArchiveProblem("order", error=str(error)) from None

        references, missing_logins, blanked = self._resolve_references(env, tables[references_file][1], linked)
        defined.update(references)
        self._check_links(env, set(linked) - defined - blanked)
        return {
            "deferred": deferred,
            "references": references,
            "blanked": blanked,
            "missing_logins": missing_logins,
        }

    def _check_table(self, env, entry, header, rows, linked):
        """The model and every column of a table are known here, every choice is one this database offers.
        Collects the links of the table into ``linked`` ({external id: {(model, column)}})."""
        model_name = entry["model"]
        if model_name not in env.registry or env[model_name]._abstract or env[model_name]._transient:
            raise ArchiveProblem("unknown_model", model=model_name)
        Model = env[model_name]
        if not header or header[0] != "id":
            raise ArchiveProblem("bad_csv", path=entry["file"], error="the first column is not 'id'")
        for index, column in enumerate(header[1:], start=1):
            field = field_of_column(Model, column)
            if field is None:
                raise ArchiveProblem("unknown_field", model=model_name, column=column)
            if field.type == "selection":
                self._check_selection(Model, field, {row[index] for row in rows} - {""})
            elif field.relational:
                for row in rows:
                    for xmlid in filter(None, row[index].split(",")):
                        linked[xmlid].add((model_name, column))

    def _check_selection(self, Model, field, values):
        allowed = {key for key, _label in field._description_selection(self.env)}
        if field.name == "lang":
            allowed |= {code for code, _name in self.env["res.lang"].get_installed()}
        unknown = sorted(values - allowed)
        if unknown:
            raise ArchiveProblem(
                "bad_selection", model=Model._name, column=field.name, value=unknown[0], is_lang=field.name == "lang"
            )

    def _resolve_references(self, env, rows, linked):
        """({external id: (model, id)} of the users, companies and partners found here, missing logins,
        external ids of links to leave empty). A required link to a missing user refuses the archive."""
        users = env["res.users"]
        resolved, missing, blanked = {}, set(), set()
        for xmlid, model_name, key_type, key in rows:
            record = None
            if key_type == "login" or (model_name == "res.partner" and key_type == "user"):
                user = users.search([("login", "=", key)], limit=1)
                record = user if model_name == "res.users" else user.partner_id
                if not user:
                    missing.add(key)
            elif key_type in ("name", "company"):
                company = self._target_company(env, key)
                record = company if model_name == "res.company" else company.partner_id
            else:
                raise ArchiveProblem("bad_csv", path="references.csv", error=f"unknown reference {key_type}")
            if record:
                resolved[xmlid] = (model_name, record.id)
            else:
                blanked.add(xmlid)
        required = sorted(
            {
                key
                for xmlid, model_name, key_type, key in rows
                if xmlid in blanked and any(field_of_column(env[m], c).required for m, c in linked.get(xmlid, ()))
            }
        )
        if required:
            raise ArchiveProblem("missing_users", logins=", ".join(required))
        return resolved, sorted(missing), blanked

    def _target_company(self, env, name):
        return env["res.company"].search([("name", "=", name)], limit=1) or self.company_id

    def _check_links(self, env, unknown):
        """Links to records the archive does not carry must find them here (shipped data)."""
        by_module = defaultdict(list)
        for xmlid in unknown:
            module, _dot, name = xmlid.partition(".")
            by_module[module].append(name)
        found = set()
        for module, names in by_module.items():
            data = env["ir.model.data"].search_read([("module", "=", module), ("name", "in", names)], ["name"])
            found.update(f"{module}.{row['name']}" for row in data)
        missing = sorted(unknown - found)
        if missing:
            raise ArchiveProblem("unknown_link", ids=", ".join(missing[:5]), count=len(missing))

    def _problem_message(self, problem):
        values = problem.values
        messages = {
            "not_zip": lambda: self.env._(
                "The file is not a ZIP archive. Choose the hand-over archive (.zip) exported by Stadtteilwirtschaft."
            ),
            "no_manifest": lambda: self.env._(
                "The archive has no manifest.json: it is no hand-over archive, or an incomplete one. Export it again."
            ),
            "bad_manifest": lambda: self.env._(
                "The manifest of the archive cannot be read (%(error)s). Export the hand-over again.", **values
            ),
            "format_version": lambda: self.env._(
                "The archive has format version %(version)s; this database reads version 1. Use the same version "
                "of Stadtteilwirtschaft in both databases.",
                **values,
            ),
            "missing_files": lambda: self.env._(
                "The archive is incomplete, these files are missing: %(files)s. Copy the whole archive again, "
                "or export it again.",
                files=", ".join(values["files"][:5]),
            ),
            "unexpected_files": lambda: self.env._(
                "The archive holds files its manifest does not list (%(files)s): it was changed after the export. "
                "Import the archive as it was exported.",
                files=", ".join(values["files"][:5]),
            ),
            "checksum": lambda: self.env._(
                "%(path)s does not match its checksum: the archive is damaged or was changed after the export. "
                "Copy it again, or export it again.",
                **values,
            ),
            "bad_csv": lambda: self.env._(
                "%(path)s cannot be read (%(error)s): the archive is damaged. Export it again.", **values
            ),
            "row_count": lambda: self.env._(
                "%(path)s has %(found)s rows, the manifest says %(expected)s: the archive is damaged. Export it again.",
                **values,
            ),
            "unknown_model": lambda: self.env._(
                "The archive holds records of %(model)s, which this database does not know. Install the same "
                "version of Stadtteilwirtschaft as in the exporting database.",
                **values,
            ),
            "unknown_field": lambda: self.env._(
                "The archive's records of %(model)s have a column %(column)s that this database does not know. "
                "Install the same version of Stadtteilwirtschaft as in the exporting database.",
                **values,
            ),
            "bad_selection": lambda: (
                self.env._(
                    "The archive's records of %(model)s use the language %(value)s, which is not active here. "
                    "Activate it first (Settings › Languages).",
                    model=values["model"],
                    value=values["value"],
                )
                if values["is_lang"]
                else self.env._(
                    "The archive's records of %(model)s have the value '%(value)s' in %(column)s, which this "
                    "database does not know. Install the same version of Stadtteilwirtschaft as in the exporting "
                    "database.",
                    model=values["model"],
                    value=values["value"],
                    column=values["column"],
                )
            ),
            "order": lambda: self.env._("The archive cannot be loaded in this database: %(error)s", **values),
            "unknown_link": lambda: self.env._(
                "The archive links to %(count)s records that are neither in it nor in this database (%(ids)s). "
                "Install the same version of Stadtteilwirtschaft as in the exporting database.",
                **values,
            ),
            "missing_users": lambda: self.env._(
                "The archive names users who must exist here and do not: %(logins)s. Create users with these "
                "logins first.",
                **values,
            ),
            "already_imported": lambda: self.env._(
                "This archive was already imported on %(date)s by %(user)s.",
                date=format_datetime(self.env, values["date"]),
                user=values["user"],
            ),
        }
        return messages[problem.code]()

    # ------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------
    def _load_archive(self, manifest, files, tables, plan):
        """Load the checked archive in hand-over mode; return the detail lines for the log."""
        companies = self.company_id | self.env["res.company"].browse(
            record_id for model_name, record_id in plan["references"].values() if model_name == "res.company"
        )
        env = self.env(
            su=True,
            context=dict(
                self.env.context,
                district_handover=HANDOVER_MODE,
                active_test=False,
                lang="en_US",
                tz="UTC",
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                # External ids that are not this module's data (demo records, say) must survive its updates.
                noupdate=True,
                allowed_company_ids=companies.ids,
            ),
        )
        IrModelData = env["ir.model.data"]
        IrModelData.search([("module", "=", REFERENCE_MODULE)]).unlink()
        IrModelData.create(
            [
                {"module": REFERENCE_MODULE, "name": xmlid.split(".", 1)[1], "model": model, "res_id": res_id}
                for xmlid, (model, res_id) in plan["references"].items()
            ]
        )
        blanked = plan["blanked"]
        details = []
        for entry in manifest["models"]:
            model_name = entry["model"]
            header, rows = tables[entry["file"]]
            rows = [_without_links(header, row, blanked) for row in rows]
            later = set(plan["deferred"][model_name])
            columns = [column for column in header if column not in later]
            ids = self._load(env, entry, columns, (header, rows))
            if model_name == "event.event":
                # New events get Odoo's default reminders; the archive's meetings must not mail their attendees.
                env["event.mail"].search([("event_id", "in", ids)]).unlink()
            details.append(f"{model_name}: {len(ids)}")

        attachment_count = self._create_attachments(env, files, tables[manifest["attachments"]["file"]][1])
        details.append(f"ir.attachment: {attachment_count}")

        for entry in manifest["models"]:
            later = plan["deferred"][entry["model"]]
            if later:
                header, rows = tables[entry["file"]]
                indexes = [header.index(column) for column in later]
                rows = [
                    row
                    for row in (_without_links(header, row, blanked) for row in rows)
                    if any(row[index] for index in indexes)
                ]
                self._load(env, entry, ["id", *later], (header, rows))
        IrModelData.search([("module", "=", REFERENCE_MODULE)]).unlink()
        env.flush_all()
        companies_named = sorted(
            {key for _x, model, key_type, key in tables[manifest["references"]["file"]][1] if model == "res.company"}
        )
        for name in companies_named:
            details.append(
                self.env._(
                    "Office %(exported)s: imported into %(office)s",
                    exported=name,
                    office=self._target_company(env, name).name,
                )
            )
        if plan["missing_logins"]:
            details.append(
                self.env._("Users not found (links left empty): %(logins)s", logins=", ".join(plan["missing_logins"]))
            )
        return details

    def _load(self, env, entry, columns, table):
        """Load ``columns`` of a table (header, rows) with Odoo's import; any error refuses the whole archive."""
        header, rows = table
        if not rows:
            return []
        indexes = [header.index(column) for column in columns]
        result = env[entry["model"]].load(columns, [[row[index] for index in indexes] for row in rows])
        errors = [message for message in result["messages"] if message["type"] == "error"]
        if errors or result["ids"] is False:
            listed = [
                self.env._(
                    "%(file)s, row %(row)s: %(message)s",
                    file=entry["file"],
                    row=error.get("rows", {}).get("from", 0) + 2,
                    message=error["message"],
                )
                for error in errors[:MAX_LISTED_ERRORS]
            ]
            raise UserError(
                self.env._(
                    "Nothing was imported: %(count)s records of the archive could not be loaded.\n%(errors)s",
                    count=len(errors),
                    errors="\n".join(listed),
                )
            )
        return result["ids"]

    def _create_attachments(self, env, files, rows):
        IrModelData = env["ir.model.data"]
        values_list, xmlids = [], []
        for row in rows:
            values = dict(zip(ATTACHMENTS_HEADER, row, strict=True))
            res_id = False
            if values["res_id"]:
                res_id = IrModelData._xmlid_to_res_id(values["res_id"], raise_if_not_found=True)
            attachment = {
                "name": values["name"],
                "res_model": values["res_model"] or False,
                "res_id": res_id,
                "res_field": values["res_field"] or False,
                "type": values["type"],
                "mimetype": values["mimetype"] or False,
                "description": values["description"] or False,
            }
            if values["type"] == "url":
                attachment["url"] = values["url"]
            else:
                attachment["raw"] = files[values["file"]]
            values_list.append(attachment)
            xmlids.append(values["id"])
        attachments = env["ir.attachment"].create(values_list)
        IrModelData._update_xmlids(
            [
                {"xml_id": xmlid, "record": attachment, "noupdate": True}
                for xmlid, attachment in zip(xmlids, attachments, strict=True)
            ]
        )
        return len(attachments)


def _without_links(header, row, blanked):
    """The row without links to users this database does not have."""
    if not blanked:
        return row
    return [
        ",".join(xmlid for xmlid in cell.split(",") if xmlid not in blanked)
        if column.endswith("/id") and cell
        else cell
        for column, cell in zip(header, row, strict=True)
    ]
