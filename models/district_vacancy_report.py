import hashlib
import time
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq, plaintext2html
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import hmac

# Spam protection of the public form: at most this many reports per address and hour,
# and a form filled in faster than a person can type is a robot's.
REPORTS_PER_HOUR = 5
MIN_FILL_SECONDS = 4
MAX_FORM_AGE_SECONDS = 24 * 3600
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MAX_TEXT_LENGTH = {"street": 200, "zip": 10, "description": 2000, "contact_name": 200, "contact": 200}


class DistrictVacancyReport(models.Model):
    """A vacant shop reported by someone from the public on /leerstand-melden.

    Each report creates a unit in state ``reported`` for the office to confirm or merge.
    The report keeps what belongs to the reporter rather than to the unit: the optional
    contact, the consent given for it (text and time), and a salted hash of the
    sender's address, which the rate limit counts (in the database, so it holds with
    several workers).
    """

    _name = "district.vacancy.report"
    _description = "Public Vacancy Report"
    _order = "create_date desc, id desc"
    _rec_name = "premises_id"

    premises_id = fields.Many2one("district.premises", string="Unit", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    street = fields.Char(string="Street and no. as reported", readonly=True)
    zip = fields.Char(string="ZIP as reported", readonly=True)
    description = fields.Text(string="What it was", readonly=True)
    is_outside_rules = fields.Boolean(
        string="Outside the known streets",
        readonly=True,
        help="No address rule covers the address reported: check whether it lies in the area at all.",
    )
    # The reporter's contact is personal data: only coordinators see it.
    contact_name = fields.Char(string="Reporter", groups="district_economy.group_district_coordinator")
    contact = fields.Char(string="Reporter's e-mail or phone", groups="district_economy.group_district_coordinator")
    consent_text = fields.Text(
        string="Consent given",
        readonly=True,
        groups="district_economy.group_district_coordinator",
        help="The consent text the reporter agreed to, as shown on the form.",
    )
    consent_date = fields.Datetime(
        string="Consent given on", readonly=True, groups="district_economy.group_district_coordinator"
    )
    sender_hash = fields.Char(readonly=True, index=True, groups="base.group_system")

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _erase_expired_contacts(self, today):
        """Blank the reporter's name and e-mail or phone once the office's retention period for contacts
        (counted from the report) has ended. A reporter is no partner, so the review list of persons does not
        reach them; the daily retention job calls this. Returns the reports erased."""
        Retention = self.env["district.privacy.retention"].sudo()
        reports = self.sudo().search(["|", ("contact_name", "!=", False), ("contact", "!=", False)])
        expired = reports.filtered(
            lambda report: Retention._end_date("contact", report.company_id, report.create_date.date()) < today
        )
        expired.write({"contact_name": False, "contact": False})
        return expired

    # ------------------------------------------------------------------
    # Spam protection
    # ------------------------------------------------------------------
    @api.model
    def _form_signature(self, timestamp):
        return hmac(self.env(su=True), "district_vacancy_report", str(timestamp))

    @api.model
    def _form_stamp(self):
        """The signed time the form was served, for the minimum fill time."""
        timestamp = int(time.time())
        return timestamp, self._form_signature(timestamp)

    @api.model
    def _check_form_stamp(self, timestamp, signature):
        try:
            timestamp = int(timestamp)
        except (TypeError, ValueError):
            timestamp = 0
        if not timestamp or not consteq(str(signature or ""), self._form_signature(timestamp)):
            raise UserError(self.env._("The form has expired. Please load the page again and resend your report."))
        age = time.time() - timestamp
        if age > MAX_FORM_AGE_SECONDS:
            raise UserError(self.env._("The form has expired. Please load the page again and resend your report."))
        if age < MIN_FILL_SECONDS:
            raise UserError(self.env._("The form was sent too quickly. Please check your entries and send it again."))

    @api.model
    def _sender_hash(self, remote_addr):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{remote_addr or ''}".encode()).hexdigest()

    @api.model
    def _check_rate_limit(self, sender_hash):
        since = fields.Datetime.now() - timedelta(hours=1)
        count = self.sudo().search_count([("sender_hash", "=", sender_hash), ("create_date", ">=", since)])
        if count >= REPORTS_PER_HOUR:
            raise UserError(
                self.env._(
                    "Thank you, we have already received %(count)s reports from you within the last hour. "
                    "Please try again later.",
                    count=count,
                )
            )

    # ------------------------------------------------------------------
    # Input
    # ------------------------------------------------------------------
    @api.model
    def _check_photo(self, content):
        """Refuse what is no photo (by content, not by its name) or larger than 5 MB."""
        if len(content) > MAX_PHOTO_BYTES:
            raise ValidationError(
                self.env._(
                    "The photo is too large (%(size)s MB). Please send a photo of at most 5 MB.",
                    size=round(len(content) / 1024 / 1024, 1),
                )
            )
        if guess_mimetype(content) not in PHOTO_MIMETYPES:
            raise ValidationError(self.env._("Please send a photo as JPEG, PNG, GIF or WebP image."))

    @api.model
    def _clean_form(self, form):
        """The report's values from the posted form, stripped, or a dict of errors by field."""
        values = {key: (form.get(key) or "").strip() for key in MAX_TEXT_LENGTH}
        values["consent"] = bool(form.get("consent"))
        errors = {}
        if not values["street"]:
            errors["street"] = self.env._("Please enter the street and house number.")
        elif not any(char.isdigit() for char in values["street"]):
            errors["street"] = self.env._("Please add the house number to the street.")
        if not values["zip"]:
            errors["zip"] = self.env._("Please enter the ZIP code.")
        elif not values["zip"].isdigit() or len(values["zip"]) != 5:
            errors["zip"] = self.env._("Please enter the ZIP code with five digits.")
        for key, limit in MAX_TEXT_LENGTH.items():
            if len(values[key]) > limit and key not in errors:
                errors[key] = self.env._("Please shorten this entry to %(limit)s characters.", limit=limit)
        if (values["contact_name"] or values["contact"]) and not values["consent"]:
            errors["consent"] = self.env._(
                "You gave your contact details: please agree that we may store them, or leave them empty."
            )
        return values, errors

    @api.model
    def _consent_text(self):
        return self.env._(
            "I agree that the district office stores my name and contact details to ask me about this report. "
            "I can withdraw this consent at any time."
        )

    # ------------------------------------------------------------------
    # The unit
    # ------------------------------------------------------------------
    @api.model
    def _office_for(self, location):
        """The office that looks after the quarter: the company holding most units there,
        else the company of the public site (quarters are shared by all offices)."""
        if location.quarter_id:
            groups = (
                self.env["district.premises"]
                .sudo()
                .with_context(active_test=False)
                ._read_group([("quarter_id", "=", location.quarter_id)], ["company_id"], ["__count"])
            )
            if groups:
                return max(groups, key=lambda group: group[1])[0]
        return self.env.company

    @api.model
    def _create_report(self, values, photo=None, sender_hash=None):
        """Create the reported unit and its report (as superuser: the public has no rights).

        Every text is stored as plain text; where it goes into HTML (the note, the
        chatter), it is escaped first.
        """
        rule_model = self.env["district.address.rule"].sudo()
        location = rule_model._explain_addresses([(values["street"], values["zip"], False, None)])[0]
        rule = rule_model.browse(location.rule_id) if location.rule_id else rule_model
        office = self._office_for(location)
        env = self.env(su=True, context=dict(self.env.context, allowed_company_ids=office.ids))
        premises_values = {
            "name": env._("Reported: %(street)s", street=values["street"]),
            "street": values["street"],
            "zip": values["zip"],
            "city": rule.city or office.city or "",
            "state": "reported",
            "area_m2": 0.0,
            "company_id": office.id,
        }
        if values["description"]:
            premises_values["notes"] = plaintext2html(values["description"])
        if photo:
            premises_values["image_1920"] = photo
        premises = env["district.premises"].create(premises_values)
        reporter = {}
        if values["consent"] and (values["contact_name"] or values["contact"]):
            reporter = {
                "contact_name": values["contact_name"] or False,
                "contact": values["contact"] or False,
                "consent_text": self._consent_text(),
                "consent_date": fields.Datetime.now(),
            }
        report = env[self._name].create(
            {
                "premises_id": premises.id,
                "company_id": office.id,
                "street": values["street"],
                "zip": values["zip"],
                "description": values["description"] or False,
                "is_outside_rules": not location.quarter_id,
                "sender_hash": sender_hash,
                **reporter,
            }
        )
        report._notify_office()
        return report

    def _notify_office(self):
        """A chatter message on the unit and a to-do for the office's coordinators."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        coordinator_group = self.env.ref("district_economy.group_district_coordinator")
        for report in self:
            premises = report.premises_id
            lines = [
                escape(
                    self.env._(
                        "Reported on the public form as vacant: %(street)s, %(zip)s.",
                        street=report.street,
                        zip=report.zip,
                    )
                )
            ]
            if report.description:
                lines.append(escape(self.env._("What it was: %(text)s", text=report.description)))
            if report.is_outside_rules:
                lines.append(escape(self.env._("No address rule covers this address: check the quarter.")))
            if report.sudo().contact_name or report.sudo().contact:
                lines.append(escape(self.env._("The reporter left contact details (see the report).")))
            premises.message_post(
                body=Markup("<br/>").join(lines), message_type="comment", subtype_xmlid="mail.mt_note"
            )
            users = coordinator_group.all_user_ids.filtered(
                lambda user, company=report.company_id: company in user.company_ids and not user.share
            )
            for user in users:
                premises.activity_schedule(
                    activity_type_id=todo.id if todo else False,
                    summary=self.env._("Confirm the reported unit or merge it with a known one"),
                    user_id=user.id,
                )
