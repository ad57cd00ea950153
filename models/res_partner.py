import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .business_history import ADDRESS_FIELDS, EMPTY_SNAPSHOT, BusinessHistory
from .district_referral import INSTITUTION_TYPES
from .handover_archive import in_handover


def boolean_search(operator, value, true_domain):
    """The domain of a search on a computed boolean whose records are True where ``true_domain`` holds."""
    if operator not in ("in", "not in"):
        return NotImplemented
    wanted = set(value) if isinstance(value, (list, tuple, set)) else {bool(value)}
    if operator == "not in":
        wanted = {True, False} - wanted
    if wanted == {True, False}:
        return []
    if not wanted:
        return [("id", "in", [])]
    return true_domain if True in wanted else ["!", *true_domain]


# Division "47", group "47.1", class "47.11" or subclass "47.11.1" (German registers).
WZ_CODE_RE = re.compile(r"^\d{2}(\.\d{1,2}(\.\d)?)?$")

BUSINESS_STATUSES = [
    ("founding", "Founding"),
    ("active", "Active"),
    ("relocating_in", "Relocating in"),
    ("closed", "Closed"),
    ("moved_out", "Moved out"),
]


class ResPartner(models.Model):
    """A business (or founder) with the facts the district economy counts by."""

    _name = "res.partner"
    _inherit = ["res.partner", "district.located.mixin", "district.street.search.mixin"]
    # base_geolocalize clears these when the address changes: a position always belongs to the current address.
    _district_position_fields = ("partner_latitude", "partner_longitude")

    # Facts only coordinators and managers may change; the location fields are
    # left out because any address change (by anyone) recomputes them (see _check_district_fact_access).
    _DISTRICT_FACT_FIELDS = frozenset(
        {
            "quarter_manual",
            "wz_code",
            "employee_count",
            "fte",
            "founding_date",
            "opening_date",
            "closing_date",
            "business_status",
            "is_ground_floor",
            "is_migrant_owned",
            "is_women_led",
            "is_start_up",
            "language_ids",
            "coordinator_id",
            "industry_id",
        }
    )

    # Fields whose change writes a business event (DOMAIN: the single source of openings, closures, moves).
    _EVENT_FIELDS = frozenset(EMPTY_SNAPSHOT) | {"is_company"}
    # The form's answer to "moved or corrected?" after an address change; never stored.
    _ADDRESS_CHANGE_FIELDS = frozenset({"district_address_change", "district_move_date", "is_address_edited"})

    wz_code = fields.Char(
        string="WZ 2008 code",
        size=9,
        help="Economic activity by the German classification WZ 2008: division (47), group (47.1), "
        "class (47.11) or subclass (47.11.1).",
    )
    employee_count = fields.Integer(string="Employees", help="Headcount, owners included.")
    fte = fields.Float(string="Full-time equivalents", digits=(8, 2))
    founding_date = fields.Date()
    opening_date = fields.Date(help="Day the business opened in the area.")
    closing_date = fields.Date()
    business_status = fields.Selection(BUSINESS_STATUSES, string="Business status", index=True, tracking=True)
    is_ground_floor = fields.Boolean(string="Ground-floor shop")
    is_migrant_owned = fields.Boolean(string="Migrant-owned")
    is_women_led = fields.Boolean(string="Women-led")
    is_start_up = fields.Boolean(string="Start-up")
    language_ids = fields.Many2many("district.language", string="Languages spoken")
    coordinator_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain=lambda self: [("group_ids", "in", self.env.ref("district_economy.group_district_coordinator").ids)],
    )

    is_district_business = fields.Boolean(
        compute="_compute_is_district_business",
        help="Has a business status or opened: its openings, closures and moves are logged.",
    )
    district_address_change = fields.Selection(
        [("move", "The business moved"), ("correction", "The address was wrong (correction)")],
        string="Address change",
        compute="_compute_district_address_change",
        readonly=False,
        help="A move is counted as a move out of the old and into the new quarter on the day it moved; "
        "a correction is not counted as a move and also corrects the address stamped on earlier contacts.",
    )
    district_move_date = fields.Date(string="Moved on", compute="_compute_district_address_change", readonly=False)
    is_address_edited = fields.Boolean(compute="_compute_district_address_change", readonly=False)

    is_office_company = fields.Boolean(
        string="Own office",
        compute="_compute_is_office_company",
        search="_search_is_office_company",
        help="The partner of one of the database's companies: the office itself is not a business of its area.",
    )
    is_referral_institution = fields.Boolean(
        string="Referral institution", help="Businesses and founders can be referred on to this partner."
    )
    institution_type = fields.Selection(INSTITUTION_TYPES)
    consultation_ids = fields.One2many("district.consultation", "partner_id", string="Consultations")
    consultation_count = fields.Integer(compute="_compute_consultation_count")
    last_consultation_date = fields.Date(
        compute="_compute_last_consultation_date",
        help="Day of the latest done consultation of your offices.",
    )
    referral_count = fields.Integer(compute="_compute_referral_count")
    consent_ids = fields.One2many("district.consent", "partner_id", string="Consents")
    business_event_ids = fields.One2many("district.business.event", "partner_id", string="Business events")
    consent_records_allowed = fields.Boolean(string="Keep records", compute="_compute_consents_allowed")
    consent_contact_allowed = fields.Boolean(string="Contact for news", compute="_compute_consents_allowed")
    consent_referral_allowed = fields.Boolean(string="Pass on", compute="_compute_consents_allowed")

    _employee_count_positive = models.Constraint(
        "CHECK (employee_count >= 0)", "The number of employees cannot be negative."
    )
    _fte_positive = models.Constraint("CHECK (fte >= 0)", "Full-time equivalents cannot be negative.")

    def _compute_consultation_count(self):
        counts = dict(
            self.env["district.consultation"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.consultation_count = counts.get(partner, 0)

    @api.depends("consultation_ids.state", "consultation_ids.consultation_date", "consultation_ids.active")
    @api.depends_context("allowed_company_ids")
    def _compute_last_consultation_date(self):
        # Not stored: a business is shared between offices, and each office sees only its own consultations.
        domain = [
            ("partner_id", "in", self._origin.ids),
            ("state", "=", "done"),
            ("company_id", "in", self.env.companies.ids),
        ]
        latest = dict(
            self.env["district.consultation"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["partner_id"], ["consultation_date:max"])
        )
        for partner in self:
            partner.last_consultation_date = latest.get(partner._origin, False)

    def _compute_event_count(self):
        """Events with a registration of the partner or one of its contacts, in one query for all
        partners (core's version counts partner by partner)."""
        partners = self.filtered("id")
        (self - partners).event_count = 0
        if not partners:
            return
        registrations = self.env["event.registration"]._read_group(
            [("partner_id", "child_of", partners.ids)], ["partner_id", "event_id"]
        )
        events_by_partner = {partner: set() for partner in partners}
        for attendee, event in registrations:
            ancestor = attendee
            while ancestor:
                if ancestor in events_by_partner:
                    events_by_partner[ancestor].add(event)
                ancestor = ancestor.parent_id
        for partner, events in events_by_partner.items():
            partner.event_count = len(events)

    def _compute_referral_count(self):
        counts = dict(
            self.env["district.referral"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.referral_count = counts.get(partner, 0)

    @api.depends("consent_ids.date_given", "consent_ids.date_withdrawn", "consent_ids.purpose")
    def _compute_consents_allowed(self):
        for partner in self:
            valid = partner.consent_ids.filtered("is_valid_today")
            partner.consent_records_allowed = "records" in valid.mapped("purpose")
            partner.consent_contact_allowed = "contact" in valid.mapped("purpose")
            partner.consent_referral_allowed = "referral" in valid.mapped("purpose")

    @api.constrains("wz_code")
    def _check_wz_code(self):
        for partner in self:
            if partner.wz_code and not WZ_CODE_RE.match(partner.wz_code):
                raise ValidationError(
                    self.env._(
                        "%(partner)s: '%(code)s' is not a WZ 2008 code. Write a division (47), group (47.1), "
                        "class (47.11) or subclass (47.11.1).",
                        partner=partner.display_name,
                        code=partner.wz_code,
                    )
                )

    @api.constrains("opening_date", "closing_date")
    def _check_closing_date(self):
        for partner in self:
            if partner.opening_date and partner.closing_date and partner.closing_date < partner.opening_date:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: the closing date (%(closing)s) lies before the opening date (%(opening)s).",
                        partner=partner.display_name,
                        closing=partner.closing_date,
                        opening=partner.opening_date,
                    )
                )

    @api.onchange("wz_code")
    def _onchange_wz_code_set_sector(self):
        if self.wz_code and WZ_CODE_RE.match(self.wz_code):
            section = self.env["res.partner.industry"]._find_by_wz_code(self.wz_code)
            if section:
                self.industry_id = section

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        # A business recorded from the district's own lists lies in the office's country.
        if self.env.context.get("district_business_defaults") and "country_id" in fields_list:
            values.setdefault("country_id", self.env.company.country_id.id)
        return values

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._check_district_fact_access(vals)
            for name in self._ADDRESS_CHANGE_FIELDS:
                vals.pop(name, None)
            # A closure recorded without a date happened today (DOMAIN: counting rules).
            if vals.get("business_status") == "closed" and not vals.get("closing_date"):
                vals["closing_date"] = today
        partners = super().create(vals_list)
        # A hand-over archive carries each business's events: none are derived from its facts then.
        businesses = partners.browse() if in_handover(self.env) else partners.filtered("is_district_business")
        if businesses:
            businesses._sync_business_events(dict.fromkeys(businesses.ids, EMPTY_SNAPSHOT), address_changed=False)
        return partners

    def write(self, vals):
        if self._ADDRESS_CHANGE_FIELDS.intersection(vals):
            # The form's "moved on <date>" / "correction" choice reaches the event log as context.
            vals = dict(vals)
            kind = vals.pop("district_address_change", None)
            move_date = vals.pop("district_move_date", None)
            vals.pop("is_address_edited", None)
            context = {}
            if kind == "correction":
                context["district_address_correction"] = True
            elif move_date:
                context["district_move_date"] = move_date
            return self.with_context(**context).write(vals)
        self._check_district_fact_access(vals)
        before = (
            {partner.id: partner._business_event_snapshot() for partner in self}
            if self._EVENT_FIELDS.intersection(vals) and not in_handover(self.env)
            else {}
        )
        result = super().write(vals)
        if before:
            undated = self.filtered(lambda p: p.business_status == "closed" and not p.closing_date)
            if undated:
                super(ResPartner, undated).write({"closing_date": self._district_change_date()})
            self._sync_business_events(before, address_changed=bool(ADDRESS_FIELDS.intersection(vals)))
        return result

    # ------------------------------------------------------------------
    # Business history: the event log kept in step with the facts
    # ------------------------------------------------------------------
    def _compute_district_address_change(self):
        for partner in self:
            partner.district_address_change = "move"
            partner.district_move_date = fields.Date.context_today(partner)
            partner.is_address_edited = False

    @api.onchange("street", "zip", "city")
    def _onchange_address_ask_move_or_correction(self):
        if self._origin.id and self.is_district_business:
            self.is_address_edited = True

    def _office_partner_ids(self):
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        return companies.search([]).partner_id.ids  # pylint: disable=no-search-all

    def _compute_is_office_company(self):
        office_ids = set(self._office_partner_ids())
        for partner in self:
            partner.is_office_company = partner.id in office_ids

    def _search_is_office_company(self, operator, value):
        return boolean_search(operator, value, [("id", "in", self._office_partner_ids())])

    @api.depends("is_company", "business_status", "opening_date")
    def _compute_is_district_business(self):
        for partner in self:
            partner.is_district_business = bool(
                partner.business_status or (partner.is_company and partner.opening_date)
            )

    def _district_change_date(self):
        """The day a change happened: the move date the user gave (form or context), else today."""
        return fields.Date.to_date(self.env.context.get("district_move_date")) or fields.Date.context_today(self)

    def _business_event_snapshot(self):
        self.ensure_one()
        return {name: self[name] for name in EMPTY_SNAPSHOT}

    def _sync_business_events(self, before, address_changed):
        """Bring the event log of these businesses in step with their facts after a change.

        ``before`` holds each business's facts before the change. The current
        period of activity has at most one entry (opening, recorded or moved in)
        and one exit (closing or moved out), which follow the opening and closing
        dates: a corrected date moves its event, a withdrawn one removes it. A move
        is logged when the address changes and the quarter or programme area with
        it, unless the context says it is a correction (``district_address_correction``).
        """
        events = (
            self.env["district.business.event"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("is_current_period", "=", True)], order="date, id")
        )
        events_by_partner = events.grouped("partner_id")
        for partner in self.filtered(lambda p: p.is_district_business or p in events_by_partner):
            history = BusinessHistory(partner, before[partner.id], events_by_partner.get(partner, events.browse()))
            history.sync(address_changed=address_changed)

    def _business_event_values(self, event_type, role, day, location=None):
        """Values of an event of this business; ``location`` (a snapshot) defaults to where it is now."""
        self.ensure_one()
        where = location or self
        values = {
            "partner_id": self.id,
            "date": day,
            "event_type": event_type,
            "role": role,
            "stamp_street": where["street"],
            "stamp_zip": where["zip"],
            "stamp_city": where["city"],
            "industry_id": self.industry_id.id,
            "company_id": (self.company_id or self.env.company).id,
        }
        if where["quarter_manual"]:
            # No rule stands behind a quarter set by hand: the event keeps it as it is.
            values.update(
                quarter_manual=True, quarter_id=where["quarter_id"].id, programme_area_id=where["programme_area_id"].id
            )
        return values

    def _correct_contact_stamps(self, old_address):
        """A corrected address also corrects the address stamped on this business's contacts (it was wrong)."""
        new_values = dict(
            zip(("stamp_street", "stamp_zip", "stamp_city"), (self.street, self.zip, self.city), strict=True)
        )
        old_domain = [
            ("partner_id.commercial_partner_id", "=", self.commercial_partner_id.id),
            ("stamp_street", "=", old_address[0]),
            ("stamp_zip", "=", old_address[1]),
            ("stamp_city", "=", old_address[2]),
        ]
        for model_name in self.env.registry.descendants(["district.contact.stamp.mixin"], "_inherit"):
            model = self.env[model_name]
            if not model._abstract:
                model.sudo().with_context(active_test=False).search(old_domain).write(new_values)

    def _district_address_on(self, day):
        """(street, zip, city) of this business on ``day``, read from the addresses stamped on its events.

        The latest event up to that day gives the address; on the day of a move the
        move in wins (the business was at its new address at the end of the day).
        Before its first event it was where that event happened (the old address, if
        the first event is a move out). Without events, its current address.
        """
        self.ensure_one()
        Event = self.env["district.business.event"].sudo()
        event = Event.search(
            [("partner_id", "=", self.id), ("date", "<=", day)], order="date desc, stock_delta desc, id desc", limit=1
        ) or Event.search([("partner_id", "=", self.id)], order="date, stock_delta, id", limit=1)
        if not event:
            return self.street, self.zip, self.city
        return event.stamp_street, event.stamp_zip, event.stamp_city

    def _check_district_fact_access(self, vals):
        """Only coordinators and managers change the district facts of a business.

        The quarter and programme area are the address rules' to set: anyone may send
        what the rules give for the address (the form sends the recomputed quarter with
        every address edit), only coordinators and managers set another one by hand.
        """
        if self.env.su or self.env.user.has_group("district_economy.group_district_coordinator"):
            return
        if self._DISTRICT_FACT_FIELDS.intersection(vals):
            raise AccessError(
                self.env._(
                    "Only District Economy coordinators and managers can change the district facts of a "
                    "business (status, sector, sector code, jobs, flags, coordinator). Ask a coordinator to do it."
                )
            )
        if {"quarter_id", "programme_area_id"}.intersection(vals) and not self._is_rule_location(vals):
            raise AccessError(
                self.env._(
                    "Only District Economy coordinators and managers can set a quarter or programme area by hand. "
                    "Enter the address: the quarter follows from it."
                )
            )

    def _is_rule_location(self, vals):
        """Whether the quarter and area in ``vals`` are what the address rules give for the (new) address."""
        records = self or [self.browse()]
        addresses = [
            (*(vals[name] if name in vals else record[name] for name in ("street", "zip", "city")), None)
            for record in records
        ]
        located = self.env["district.address.rule"].sudo()._locate_addresses(addresses)
        for record, (quarter_id, area_id) in zip(records, located, strict=True):
            if record and record.quarter_manual:
                return False
            for name, computed in (("quarter_id", quarter_id), ("programme_area_id", area_id)):
                if name in vals and (vals[name] or False) != (computed or False):
                    return False
        return True

    @api.model
    def _geo_localize(self, street="", zip="", city="", state="", country=""):  # pylint: disable=redefined-builtin
        """Only a house position is a position: no fallback to the city's centre when the address is not found.

        Core falls back to the city alone, which puts the business on the city hall;
        that point would locate it in the wrong quarter (and on the wrong spot on a map).
        """
        geocoder = self.env["base.geocoder"]
        search = geocoder.geo_query_address(street=street, zip=zip, city=city, state=state, country=country)
        return geocoder.geo_find(search, force_country=country)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_counted(self):
        """A business whose history or contacts count in the figures is archived, never deleted."""
        counted = []
        for model_name in (
            "district.business.event",
            "district.consultation",
            "district.referral",
            "district.settlement",
            "district.funding",
            "district.visit",
        ):
            model = self.env[model_name].sudo().with_context(active_test=False)
            counted.extend(model.search([("partner_id", "in", self.ids)]).partner_id)
        if counted:
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: the figures count their history and contacts. "
                    "Archive them instead.",
                    partners=", ".join(sorted({partner.display_name for partner in counted})),
                )
            )

    def action_new_consultation(self):
        """Open a new consultation for this business or founder."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "district.consultation",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.id,
                "default_contact_id": False if self.is_company else self.id,
                "default_language_id": self.language_ids[:1].id,
            },
        }

    def _records_of_business_action(self, action_xmlid, context=None):
        """The window action ``action_xmlid`` narrowed to this business's records (the stat buttons)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = context if context is not None else {"default_partner_id": self.id}
        return action

    @api.readonly
    def action_view_consultations(self):
        return self._records_of_business_action("district_economy.district_consultation_action")

    @api.readonly
    def action_view_referrals(self):
        return self._records_of_business_action("district_economy.district_referral_action")

    def action_reassign_quarters(self):
        """Reassign the selected partners (or all, called on an empty recordset) after rules changed."""
        if not self.env.user.has_group("district_economy.group_district_coordinator"):
            raise AccessError(self.env._("Only District Economy coordinators and managers can reassign quarters."))
        ids = self.ids if self else None
        checked, changed = self.env["res.partner"].sudo()._reassign_district_location(ids)
        # A rule correction reaches every located record: the stamps on past contacts, the business
        # events, the premises and their vacancy periods (each was located by the same wrong rule).
        for model_name in self.env.registry.descendants(["district.located.mixin"], "_inherit"):
            model = self.env[model_name].sudo().with_context(active_test=False)
            if model._abstract or model_name == "res.partner":
                continue
            if ids is None:
                model._reassign_district_location()
            elif "partner_id" in model._fields:
                model._reassign_district_location(model.search([("partner_id", "in", ids)]).ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Quarters reassigned"),
                "message": self.env._(
                    "%(checked)s addresses checked, %(changed)s corrected. Quarters set by hand were kept.",
                    checked=checked,
                    changed=changed,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Privacy: access requests and erasure (GDPR Art. 15 and 17)
    # ------------------------------------------------------------------
    # Set by the anonymisation only: the constraint below holds it to the privacy log, which nobody can
    # write by hand, so that a person cannot be marked as anonymised (and escape a real erasure).
    is_anonymized = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        help="The person's data was replaced by placeholders; the records that count stay.",
    )
    anonymized_date = fields.Date(string="Anonymised on", readonly=True, copy=False)

    @api.constrains("is_anonymized", "anonymized_date")
    def _check_anonymized_logged(self):
        logged = set(
            self.env["district.privacy.log"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("action", "=", "anonymize")])
            .partner_id.ids
        )
        for partner in self:
            if (
                partner.is_anonymized != (partner.id in logged)
                or bool(partner.anonymized_date) != partner.is_anonymized
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s: only the action Anonymise marks a person as anonymised.",
                        partner=partner.display_name,
                    )
                )

    def _district_privacy_wizard_action(self, action):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export personal data") if action == "export" else self.env._("Anonymise"),
            "res_model": "district.privacy.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id, "default_action": action},
        }

    def action_open_privacy_export(self):
        """Ask why, then export (the form's button)."""
        self._check_privacy_export_access()
        return self._district_privacy_wizard_action("export")

    def action_open_privacy_anonymize(self):
        """Ask why, then anonymise (the form's button)."""
        self._check_privacy_anonymize_access()
        return self._district_privacy_wizard_action("anonymize")

    def _check_privacy_export_access(self):
        if not (self.env.su or self.env.user.has_group("district_economy.group_district_coordinator")):
            raise AccessError(
                self.env._("Only District Economy coordinators and managers can export a person's personal data.")
            )

    def _check_privacy_anonymize_access(self):
        if not (self.env.su or self.env.user.has_group("district_economy.group_district_manager")):
            raise AccessError(
                self.env._(
                    "Only District Economy managers can anonymise a person (four-eyes rule): ask a manager "
                    "of your office to do it."
                )
            )

    def _district_export_personal_data(self, reason):
        """(file name, ZIP content) of the person's data for the current user, logged with ``reason``."""
        self.ensure_one()
        self._check_privacy_export_access()
        filename, content, summary = self.env["district.privacy.export"]._build(self)
        self.env["district.privacy.log"]._record(self, "export", reason, summary)
        return filename, content

    def action_export_personal_data(self, reason=None):
        """Access request (GDPR Art. 15): one ZIP file with a JSON file, a readable PDF and the attached
        files of everything the database holds about this person, returned as a download.

        Coordinators and managers; logged in the privacy log with ``reason``.
        """
        self.ensure_one()
        self._check_privacy_export_access()
        wizard = self.env["district.privacy.wizard"].create(
            {
                "partner_id": self.id,
                "action": "export",
                "reason": reason or self.env._("Access request (GDPR Art. 15)"),
            }
        )
        wizard._export()
        return wizard._download_action()

    def action_anonymize(self, reason=None):
        """Erasure (GDPR Art. 17): replace these persons' personal data with placeholders and keep the
        facts the figures count. Managers only; refused (with the date) while a funding's records must
        be kept; logged in the privacy log with ``reason``.
        """
        self._check_privacy_anonymize_access()
        Anonymization = self.env["district.privacy.anonymization"]
        for partner in self:
            refusal = Anonymization._refusal(partner)
            if refusal:
                raise UserError(refusal)
            done = Anonymization._anonymize(partner)
            details = [f"{label}: {count}" for label, count in sorted(done.items()) if count]
            self.env["district.privacy.log"]._record(
                partner, "anonymize", reason or self.env._("Erasure request (GDPR Art. 17)"), details
            )
            partner.sudo().with_context(tracking_disable=True).write(
                {"is_anonymized": True, "anonymized_date": fields.Date.context_today(partner)}
            )
        return True

    # ------------------------------------------------------------------
    # Business visits and early warnings (visit campaigns)
    # ------------------------------------------------------------------
    business_flag_ids = fields.One2many(
        "district.business.flag",
        "partner_id",
        string="Early warnings",
        groups="district_economy.group_district_readonly",
    )
    open_business_flag_count = fields.Integer(
        string="Open early warnings",
        compute="_compute_open_business_flag_count",
        groups="district_economy.group_district_readonly",
    )
    has_open_business_flag = fields.Boolean(
        string="Open early warning",
        compute="_compute_open_business_flag_count",
        search="_search_has_open_business_flag",
        groups="district_economy.group_district_readonly",
        help="The business has an early warning (closure, leaving, expansion, ...) that is not resolved yet.",
    )
    visit_count = fields.Integer(
        string="Visits", compute="_compute_visit_count", groups="district_economy.group_district_readonly"
    )

    def _compute_open_business_flag_count(self):
        counts = dict(
            self.env["district.business.flag"]._read_group(
                [("partner_id", "in", self._origin.ids), ("state", "!=", "resolved")], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.open_business_flag_count = counts.get(partner._origin, 0)
            partner.has_open_business_flag = bool(partner.open_business_flag_count)

    def _search_has_open_business_flag(self, operator, value):
        return boolean_search(operator, value, [("business_flag_ids", "any", [("state", "!=", "resolved")])])

    def _compute_visit_count(self):
        counts = dict(
            self.env["district.visit"]._read_group(
                [("partner_id", "in", self._origin.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.visit_count = counts.get(partner._origin, 0)

    @api.readonly
    def action_view_business_flags(self):
        return self._records_of_business_action("district_economy.district_business_flag_action")

    @api.readonly
    def action_view_visits(self):
        # Visits are planned by campaigns, not created from the business.
        return self._records_of_business_action("district_economy.district_visit_action", {"create": False})
