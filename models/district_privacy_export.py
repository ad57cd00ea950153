import io
import json
import re
import zipfile

from odoo import api, fields, models
from odoo.tools import format_date, format_datetime, formatLang, html2plaintext

# Not data about the person: files (exported on their own), lists of other records, the framework's own.
SKIPPED_FIELD_TYPES = frozenset({"binary", "one2many", "properties", "properties_definition"})
SKIPPED_FIELD_NAMES = frozenset({"id", "display_name", "create_uid", "write_uid"})
SKIPPED_FIELD_PREFIXES = ("message_", "activity_", "website_message", "rating_", "avatar_", "image_")
# Shown in sections of their own, not as records.
SECTION_MODELS = frozenset({"mail.message", "ir.attachment", "mail.tracking.value"})
FORMAT_NAME = "district_economy.personal_data/1"


class DistrictPrivacyExport(models.AbstractModel):
    """The answer to an access request (GDPR Art. 15): one ZIP file with a machine-readable JSON
    file, a readable PDF in the office's language and the files attached to the person's records.

    It shows the user what the lookup found and the user may read; records of another office or
    behind a confidentiality rule are counted, not shown.
    """

    _name = "district.privacy.export"
    _description = "Personal Data Export"

    @api.model
    def _office_lang(self):
        """The office's language (German for a German office), else German if installed, else the user's."""
        Lang = self.env["res.lang"]
        for code in (self.env.company.partner_id.lang, "de_DE"):
            if code and Lang._lang_get(code):
                return code
        return self.env.lang or "en_US"

    @api.model
    def _build(self, partner):
        """(file name, ZIP content, summary lines) of everything the current user may read about ``partner``."""
        findings = self.env["district.privacy.lookup"]._lookup(partner)
        export = self.with_context(lang=self._office_lang(), active_test=False)
        content, document_data, files = export._collect(partner, findings)
        document, document_type = export._render_document(partner, document_data)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("personal_data.json", json.dumps(content, ensure_ascii=False, indent=2, default=str))
            archive.writestr(f"personal_data.{document_type}", document)
            for path, raw in files:
                archive.writestr(path, raw)
        today = fields.Date.context_today(self)
        filename = f"personal_data_{partner.id}_{today.isoformat()}.zip"
        return filename, buffer.getvalue(), document_data["summary"]

    def _collect(self, partner, findings):
        """(JSON content, data of the readable document, [(path, bytes)] of the attached files)."""
        records, sections, not_shown = [], [], []
        for model_name in findings.model_names():
            if model_name in SECTION_MODELS:
                continue
            found = findings.records(model_name).with_env(self.env)
            readable = found._filtered_access("read")
            if len(found) > len(readable):
                not_shown.append(
                    {"model": model_name, "label": self._model_label(model_name), "count": len(found) - len(readable)}
                )
            if not readable:
                continue
            entries = [self._record_entry(record, findings.links[model_name][record.id]) for record in readable]
            records.extend(entry[0] for entry in entries)
            sections.append({"label": self._model_label(model_name), "records": [entry[1] for entry in entries]})
        messages, message_rows = self._message_entries(findings)
        attachments, attachment_rows, files = self._attachment_entries(findings)
        person, person_rows = self._record_entry(partner.with_env(self.env), set())
        summary = [f"{section['label']}: {len(section['records'])}" for section in sections]
        summary += [
            self.env._("Messages: %(count)s", count=len(messages)),
            self.env._("Attachments: %(count)s", count=len(attachments)),
        ]
        summary += [
            self.env._("Not shown (%(label)s): %(count)s", label=row["label"], count=row["count"]) for row in not_shown
        ]
        now = fields.Datetime.now()
        content = {
            "format": FORMAT_NAME,
            "exported_on": now.isoformat(),
            "exported_by": self.env.user.name,
            "person": person,
            "records": records,
            "messages": messages,
            "attachments": attachments,
            "not_shown": not_shown,
        }
        document_data = {
            "person_name": partner.display_name,
            "exported_on": format_datetime(self.env, now),
            "exported_by": self.env.user.name,
            "company_name": self.env.company.name,
            "person": person_rows,
            "sections": sections,
            "messages": message_rows,
            "attachments": attachment_rows,
            "not_shown": not_shown,
            "summary": summary,
        }
        return content, document_data, files

    def _model_label(self, model_name):
        return self.env["ir.model"]._get(model_name).name or model_name

    def _exported_fields(self, record):
        """Every stored field the user may read, the name first, then in the model's order."""
        exported = [
            field
            for name, field in record._fields.items()
            if field.store
            and field.type not in SKIPPED_FIELD_TYPES
            and name not in SKIPPED_FIELD_NAMES
            and not name.startswith(SKIPPED_FIELD_PREFIXES)
            and record._has_field_access(field, "read")
        ]
        return sorted(exported, key=lambda field: field.name != "name")

    def _record_entry(self, record, through):
        """(JSON entry, document entry) of one record: every stored field the user may read, with its label."""
        json_fields, rows = {}, []
        for field in self._exported_fields(record):
            value, shown = self._field_value(record, field)
            label = field._description_string(self.env)
            json_fields[field.name] = {"label": label, "value": value}
            if shown and not (field.type in ("integer", "float", "monetary") and not value):
                rows.append([label, shown])
        links = sorted(self._link_label(record, name) for name in through)
        entry = {
            "model": record._name,
            "model_label": self._model_label(record._name),
            "id": record.id,
            "name": record.sudo().display_name,
            "found_through": links,
            "fields": json_fields,
        }
        return entry, {"name": entry["name"], "through": ", ".join(links), "rows": rows}

    def _link_label(self, record, through):
        """``partner_id`` -> its label; ``res_id:district.consultation`` -> "Related Document ID (Consultation)"."""
        field_name, _sep, target = through.partition(":")
        field = record._fields.get(field_name)
        label = field._description_string(self.env) if field else field_name
        return f"{label} ({self._model_label(target)})" if target else label

    def _field_value(self, record, field):
        """(value for JSON, text for people) of one field; the text is empty where there is nothing to show."""
        value = record[field.name]
        if field.type in ("many2one", "many2many", "reference"):
            return self._relational_value(value, field.type)
        if field.type == "boolean":
            return value, self.env._("Yes") if value else ""
        if value is None or (value is False and field.type != "integer"):
            return None, ""
        formatters = {
            "selection": lambda: (value, dict(field._description_selection(self.env)).get(value, str(value))),
            "date": lambda: (value.isoformat(), format_date(self.env, value)),
            "datetime": lambda: (value.isoformat(), format_datetime(self.env, value)),
            "html": lambda: (str(value), html2plaintext(value)),
            "float": lambda: (value, formatLang(self.env, value)),
            "monetary": lambda: (value, formatLang(self.env, value)),
            "json": lambda: (value, json.dumps(value, ensure_ascii=False, default=str)),
        }
        formatter = formatters.get(field.type)
        return formatter() if formatter else (value, str(value))

    @staticmethod
    def _relational_value(value, field_type):
        if field_type == "many2many":
            names = value.sudo().mapped("display_name")
            return [{"id": rec_id, "name": name} for rec_id, name in zip(value.ids, names, strict=True)], ", ".join(
                names
            )
        name = value.sudo().display_name if value else ""
        if field_type == "reference":
            return (f"{value._name},{value.id}" if value else None), name
        return ({"id": value.id, "name": name} if value else None), name

    def _message_entries(self, findings):
        """Messages about the person, by them or to them, with the changes they record."""
        messages = findings.records("mail.message").with_env(self.env)._filtered_access("read")
        entries, rows = [], []
        for message in messages.sorted("date"):
            about = self._message_about(message)
            trackings = self._readable_trackings(message)
            body = html2plaintext(message.body or "").strip()
            author = message.sudo().author_id.display_name or message.email_from or ""
            entries.append(
                {
                    "id": message.id,
                    "date": message.date.isoformat() if message.date else None,
                    "author": author,
                    "subject": message.subject or None,
                    "body": body,
                    "message_type": message.message_type,
                    "model": message.model or None,
                    "res_id": message.res_id or None,
                    "about": about,
                    "changes": trackings,
                    "attachment_ids": message.attachment_ids.ids,
                }
            )
            rows.append(
                {
                    "date": format_datetime(self.env, message.date) if message.date else "",
                    "author": author,
                    "about": about,
                    "subject": message.subject or "",
                    "body": body,
                    "changes": [
                        f"{change['field']}: {change['old'] or '–'} → {change['new'] or '–'}" for change in trackings
                    ],
                }
            )
        return entries, rows

    def _message_about(self, message):
        return self._record_label(message.model, message.res_id, message.record_name)

    def _record_label(self, model_name, res_id, fallback=""):
        """'Consultation: <its name>' for the record a message or file is attached to."""
        if not model_name or model_name not in self.env:
            return ""
        record = self.env[model_name].sudo().browse(res_id).exists()
        return f"{self._model_label(model_name)}: {record.display_name if record else fallback or ''}"

    def _readable_trackings(self, message):
        """The changes a message records, on fields the user may read."""
        model = message.model in self.env and self.env[message.model]
        changes = []
        for tracking in message.sudo().tracking_value_ids:
            field = model is not False and model._fields.get(tracking.field_id.name)
            if field and not model._has_field_access(field, "read"):
                continue
            formatted = tracking._tracking_value_format()[0]
            changes.append(
                {
                    "field": formatted["fieldInfo"]["changedField"],
                    "old": self._plain(formatted["oldValue"]),
                    "new": self._plain(formatted["newValue"]),
                }
            )
        return changes

    @staticmethod
    def _plain(value):
        return "" if value in (False, None) else str(value)

    def _attachment_entries(self, findings):
        """Files about the person: attached to them, to their own records or to messages about them."""
        attachments = findings.records("ir.attachment")
        message_files = (
            findings.records("mail.message").with_env(self.env)._filtered_access("read").sudo().attachment_ids
        )
        attachments = (attachments | message_files).with_env(self.env)._filtered_access("read")
        entries, rows, files = [], [], []
        for attachment in attachments.sorted("id"):
            raw = attachment.sudo().raw if attachment.type == "binary" else None
            path = f"attachments/{attachment.id}_{self._safe_name(attachment.name)}" if raw else None
            if raw:
                files.append((path, raw))
            about = self._record_label(attachment.res_model, attachment.res_id)
            entries.append(
                {
                    "id": attachment.id,
                    "name": attachment.name,
                    "mimetype": attachment.mimetype,
                    "file_size": attachment.file_size,
                    "res_model": attachment.res_model or None,
                    "res_id": attachment.res_id or None,
                    "res_field": attachment.sudo().res_field or None,
                    "url": attachment.url or None,
                    "file": path,
                }
            )
            rows.append({"name": attachment.name, "about": about, "file": path or attachment.url or ""})
        return entries, rows, files

    @staticmethod
    def _safe_name(name):
        return re.sub(r"[^\w.\- ]+", "_", name or "file").strip() or "file"

    def _render_document(self, partner, document_data):
        """The readable PDF (HTML where the test runner renders no PDF) and its file extension."""
        report = self.env["ir.actions.report"]
        content, report_type = report._render_qweb_pdf(
            "district_economy.action_report_privacy_export", partner.ids, data={"export": document_data}
        )
        return content, "pdf" if report_type == "pdf" else "html"
