"""Import the city's business-registration notices (Gewerbemeldungen): registrations, changes, de-registrations.

The file is read by Odoo's standard import (``base_import.import``): its reader
(CSV, UTF-8 or Windows-1252) and its column matching, which looks first at the
saved mappings (``base_import.mapping`` records of the model
``district.register.import.line``, shipped for the usual German export columns),
then at the field names and labels. Each row then becomes a fact of a business:
a registration opens (or reopens) it, a change moves it or updates what the
register says of it, a de-registration closes it. The business history writes
the events (opening, move, closing) from those facts, as for any other change.
"""

import base64
import csv
import re
from collections import defaultdict
from datetime import date
from typing import NamedTuple

from odoo import Command, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from odoo.addons.base_import.models.base_import import ImportValidationError

from ..models.address_key import normalize_city, normalize_zip
from ..models.district_address_rule import QUARTER_REASONS
from ..models.duplicate_key import business_address_key, name_similarity, names_alike, normalize_business_name
from ..models.res_partner import WZ_CODE_RE

LINE_MODEL = "district.register.import.line"
# The cells a row may have, as fields of the line model (the standard import maps columns onto them).
CELL_FIELDS = (
    "notice_type",
    "registration_number",
    "notice_date",
    "registration_date",
    "change_date",
    "deregistration_date",
    "business_name",
    "street",
    "house_number",
    "zip",
    "city",
    "activity",
    "wz_code",
    "legal_form",
    "employees",
)
NOTICE_KINDS = [("registration", "Registration"), ("change", "Change"), ("deregistration", "De-registration")]
# On one day a business is registered before it changes, and changes before it is de-registered.
KIND_ORDER = {"registration": 0, "change": 1, "deregistration": 2}
KIND_DATE_FIELDS = {
    "deregistration": "deregistration_date",
    "change": "change_date",
    "registration": "registration_date",
}
# How the register names the kind of notice (compared without case, spaces and hyphens).
_KIND_WORDS = {
    "anmeldung": "registration",
    "gewerbeanmeldung": "registration",
    "neuanmeldung": "registration",
    "registration": "registration",
    "ummeldung": "change",
    "gewerbeummeldung": "change",
    "aenderung": "change",
    "anderung": "change",
    "change": "change",
    "abmeldung": "deregistration",
    "gewerbeabmeldung": "deregistration",
    "deregistration": "deregistration",
}
RESULTS = [("created", "Created"), ("updated", "Updated"), ("unchanged", "Unchanged"), ("rejected", "Rejected")]
_GERMAN_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_register_date(text):
    """A date written DD.MM.YYYY (as German registers write it) or YYYY-MM-DD, else None."""
    text = (text or "").strip()
    match = _GERMAN_DATE_RE.fullmatch(text)
    if match:
        day, month, year = match.groups()
    else:
        match = _ISO_DATE_RE.fullmatch(text)
        if not match:
            return None
        year, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def notice_kinds(cells):
    """The kinds of notice a row holds: the one its column Meldungsart names, else one per date column filled
    (a row may then carry a registration and the de-registration that followed); [None] if unknown."""
    if cells.get("notice_type"):
        return [_KIND_WORDS.get(re.sub(r"[\s\-_]", "", cells["notice_type"].lower().replace("ä", "ae")))]
    return [kind for kind in KIND_ORDER if cells.get(KIND_DATE_FIELDS[kind])] or [None]


class Notice(NamedTuple):
    """One row of the file, read; ``problems`` say why it cannot be applied."""

    row: int
    cells: dict
    kind: str
    day: date
    number: str
    name: str
    street: str
    zip: str
    city: str
    wz_code: str
    employees: int
    name_key: str
    address_key: str
    problems: list


class Outcome(NamedTuple):
    result: str
    message: str
    partner_id: int = 0
    duplicate_id: int = 0


class RegisterImport:
    """Applies the notices of one file in the order they happened, row by row, as the current user.

    Businesses to create are collected and created together (one batch is much
    faster than one at a time); a row that refers to one of them creates them first.
    """

    def __init__(self, wizard, notices, sections):
        self.wizard = wizard
        self.sections = sections
        self.env = wizard.env
        self._ = wizard.env._
        self.notices = notices
        self.Partner = self.env["res.partner"].with_context(active_test=False)
        self.outcomes = {}
        self.pending = []  # (notice, values) of businesses to create
        self.number_of, self.name_key_of, self.address_key_of, self.name_of = {}, {}, {}, {}
        self.by_number = defaultdict(set)
        self.by_name_address = defaultdict(set)
        self.by_address = defaultdict(set)
        self.registrations = defaultdict(list)  # key -> registration days in the file

    # -- index of the businesses the file may name ----------------------
    def _index(self, partner_id, number, name_key, address_key, name):
        self._unindex(partner_id)
        self.number_of[partner_id], self.name_key_of[partner_id] = number or "", name_key or ""
        self.address_key_of[partner_id], self.name_of[partner_id] = address_key or "", name
        if number:
            self.by_number[number].add(partner_id)
        if address_key:
            self.by_address[address_key].add(partner_id)
            if name_key:
                self.by_name_address[name_key, address_key].add(partner_id)

    def _unindex(self, partner_id):
        if partner_id not in self.number_of:
            return
        self.by_number[self.number_of[partner_id]].discard(partner_id)
        self.by_address[self.address_key_of[partner_id]].discard(partner_id)
        self.by_name_address[self.name_key_of[partner_id], self.address_key_of[partner_id]].discard(partner_id)

    def _index_partner(self, partner):
        self._index(
            partner.id,
            (partner.company_registry or "").strip(),
            partner.district_name_key,
            partner.district_address_key,
            partner.display_name,
        )

    def _load(self):
        numbers = list({notice.number for notice in self.notices if notice.number})
        address_keys = list({notice.address_key for notice in self.notices if notice.address_key})
        fetched = ["company_registry", "district_name_key", "district_address_key", "display_name"]
        for field_name, values in (("company_registry", numbers), ("district_address_key", address_keys)):
            if values:
                for partner in self.Partner.search_fetch(
                    [(field_name, "in", values), ("parent_id", "=", False)], fetched, order="id"
                ):
                    self._index_partner(partner)
        for notice in self.notices:
            if notice.kind == "registration" and not notice.problems:
                for key in self._keys(notice):
                    self.registrations[key].append((notice.day, notice.row))

    @staticmethod
    def _keys(notice):
        keys = []
        if notice.number:
            keys.append(("number", notice.number))
        if notice.name_key and notice.address_key:
            keys.append(("name_address", notice.name_key, notice.address_key))
        return keys

    def _find(self, notice):
        """(partner id or a pending row's negative number, or 0; why none can be chosen or "")."""
        if notice.number:
            found = self.by_number.get(notice.number, set())
            if len(found) > 1:
                return 0, self._ambiguous(found, self._("registration number %(number)s", number=notice.number))
            if found:
                return next(iter(found)), ""
        if notice.name_key and notice.address_key:
            # Another registration number is another registration, even under the same name and address.
            found = {
                partner_id
                for partner_id in self.by_name_address.get((notice.name_key, notice.address_key), set())
                if not notice.number or self.number_of[partner_id] in ("", notice.number)
            }
            if len(found) > 1:
                return 0, self._ambiguous(found, self._("this name and address"))
            if found:
                return next(iter(found)), ""
        if notice.kind == "change" and notice.name_key:
            # A business that moved is found by its name alone, when only one business has it.
            businesses = self.Partner.search_fetch(
                [
                    ("district_name_key", "=", notice.name_key),
                    ("parent_id", "=", False),
                    "|",
                    ("is_company", "=", True),
                    ("business_status", "!=", False),
                ],
                ["company_registry", "district_name_key", "district_address_key", "display_name"],
                limit=2,
            )
            businesses = businesses.filtered(
                lambda partner: not notice.number or (partner.company_registry or "") in ("", notice.number)
            )
            if len(businesses) == 1:
                self._index_partner(businesses)
                return businesses.id, ""
        return 0, ""

    def _ambiguous(self, partner_ids, what):
        names = ", ".join(sorted(self.name_of[partner_id] for partner_id in partner_ids))
        return self._(
            "Several businesses have %(what)s (%(names)s): merge them first (Possible Duplicates), then import again.",
            what=what,
            names=names,
        )

    def _similar(self, notice, exclude=0):
        """The business at the row's address whose name is most alike (a possible duplicate), or 0."""
        alike = [
            (
                self.name_key_of[partner_id] == notice.name_key,
                name_similarity(self.name_key_of[partner_id], notice.name_key),
                -partner_id,
            )
            for partner_id in self.by_address.get(notice.address_key, ())
            if partner_id > 0 and partner_id != exclude and names_alike(self.name_key_of[partner_id], notice.name_key)
        ]
        return -max(alike)[2] if alike else 0

    # -- applying -------------------------------------------------------
    def run(self):
        self._load()
        for notice in sorted(
            self.notices,
            key=lambda notice: (notice.day or date.max, KIND_ORDER.get(notice.kind, 3), notice.row),
        ):
            if notice.problems:
                self.outcomes[notice.row, notice.kind] = Outcome("rejected", " ".join(notice.problems))
                continue
            partner_id, ambiguity = self._find(notice)
            if ambiguity:
                self.outcomes[notice.row, notice.kind] = Outcome("rejected", ambiguity)
                continue
            if partner_id < 0:
                self._flush()
                partner_id, _ambiguity = self._find(notice)
            if not partner_id:
                if notice.kind == "registration":
                    self._defer_create(notice)
                else:
                    self.outcomes[notice.row, notice.kind] = self._unknown(notice)
                continue
            self._apply_to(notice, self.Partner.browse(partner_id))
        self._flush()
        return self.outcomes

    def _unknown(self, notice):
        message = self._(
            "No business with this registration number, or with this name at this address, is known: "
            "a change or de-registration needs the business (import its registration, or enter its "
            "registration number on it)."
        )
        later = [
            (day, row) for key in self._keys(notice) for day, row in self.registrations.get(key, ()) if day > notice.day
        ]
        if notice.kind == "deregistration" and later:
            day, row = min(later)
            message = self._(
                "De-registered on %(deregistered)s, before its registration on %(registered)s (row %(row)s): "
                "correct the dates.",
                deregistered=format_date(self.env, notice.day),
                registered=format_date(self.env, day),
                row=row,
            )
        similar = self._similar(notice)
        if similar:
            message += " " + self._(
                "A business with a similar name at this address: %(business)s. If it is the same, enter the "
                "registration number on it and import again.",
                business=self.name_of[similar],
            )
        return Outcome("rejected", message, duplicate_id=similar)

    def _defer_create(self, notice):
        marker = -notice.row
        self._index(marker, notice.number, notice.name_key, notice.address_key, notice.name)
        self.pending.append((notice, self._create_values(notice)))

    def _create_values(self, notice):
        values = {
            "name": notice.name,
            "is_company": True,
            "street": notice.street or False,
            "zip": notice.zip or False,
            "city": notice.city or False,
            "country_id": self.env.company.country_id.id,
            "company_registry": notice.number or False,
            "business_status": "active",
            "opening_date": notice.day,
            **self._register_values(notice, self.Partner),
        }
        return values

    def _register_values(self, notice, partner, fill_only=False):
        """What the register says of the business beyond its status and address, where it differs (or,
        with ``fill_only``, where the business has nothing yet)."""
        cells = notice.cells
        wanted = {
            "legal_form": cells.get("legal_form") or False,
            "register_activity": cells.get("activity") or False,
            "wz_code": notice.wz_code or False,
            "employee_count": notice.employees,
        }
        if notice.wz_code:
            wanted["industry_id"] = self.wizard._wz_section(notice.wz_code, self.sections)
        values = {}
        for name, value in wanted.items():
            if value is None or value is False:
                continue
            current = partner[name] if partner else False
            # Once a business is open, 0 employees is a count (perhaps from a later change), not a gap.
            known = current or (name == "employee_count" and partner and partner.business_status == "active")
            if current == value or (fill_only and known):
                continue
            values[name] = value.id if isinstance(value, models.BaseModel) else value
        return values

    def _flush(self):
        """Create the businesses collected so far, all at once (one at a time only to find a faulty one)."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        Partner = self.Partner.with_context(mail_create_nolog=True, tracking_disable=True)
        created = []
        try:
            with self.env.cr.savepoint():
                partners = Partner.create([values for _notice, values in batch])
            created = list(zip([notice for notice, _values in batch], partners, strict=True))
        except (UserError, ValidationError):
            for notice, values in batch:
                try:
                    with self.env.cr.savepoint():
                        created.append((notice, Partner.create(values)))
                except (UserError, ValidationError) as error:
                    self._unindex(-notice.row)
                    self.outcomes[notice.row, notice.kind] = Outcome("rejected", self._error_text(error))
        for notice, partner in created:
            self._unindex(-notice.row)
            self._index_partner(partner)
        for notice, partner in created:
            message = self._("Opened on %(date)s.", date=format_date(self.env, notice.day))
            similar = self._similar(notice, exclude=partner.id)
            if similar:
                message += " " + self._possible_duplicate(similar)
            self.outcomes[notice.row, notice.kind] = Outcome("created", message, partner.id, similar)

    def _possible_duplicate(self, partner_id):
        return self._(
            "Possible duplicate of %(business)s (same address, similar name): see Possible Duplicates.",
            business=self.name_of[partner_id],
        )

    @staticmethod
    def _error_text(error):
        return error.args[0] if error.args else str(error)

    def _apply_to(self, notice, partner):
        """Apply a notice to a known business: what to write is decided first, and written (in a savepoint,
        so that a refused row leaves nothing behind) only if anything changes."""
        handler = {
            "registration": self._register,
            "change": self._change,
            "deregistration": self._deregister,
        }[notice.kind]
        try:
            message, writes = handler(notice, partner)
            writes = [(values, context) for values, context in writes if values]
            if writes:
                with self.env.cr.savepoint():
                    for values, context in writes:
                        partner.with_context(**context).write(values)
        except (UserError, ValidationError) as error:
            self.outcomes[notice.row, notice.kind] = Outcome("rejected", self._error_text(error), partner.id)
            return
        self._index_partner(partner)
        self.outcomes[notice.row, notice.kind] = Outcome("updated" if writes else "unchanged", message, partner.id)

    @staticmethod
    def _exit_date(partner):
        """The day a closed or moved-out business left: its closing date, or the day it moved out."""
        if partner.closing_date:
            return partner.closing_date
        exits = partner.business_event_ids.filtered(lambda event: event.role == "exit" and event.is_current_period)
        return max(exits.mapped("date"), default=None)

    def _register(self, notice, partner):
        """(message, [(values, context)]) of a registration of a known business."""
        day = notice.day
        writes = []
        values = self._register_values(notice, partner, fill_only=True)
        if notice.number and not partner.company_registry:
            values["company_registry"] = notice.number
        new_address = self._new_address(notice, partner)
        if not partner.street and new_address:
            # The address was missing, not elsewhere: a correction, not a move.
            writes.append((new_address, {"district_address_correction": True}))
            new_address = {}
        status = partner.business_status
        when = format_date(self.env, day)
        if status in ("closed", "moved_out"):
            left = self._exit_date(partner)
            if left and day > left:
                values.update(business_status="active", opening_date=day, closing_date=False)
                message = self._("Registered again on %(date)s: reopened.", date=when)
            else:
                message = self._(
                    "Already recorded: closed or moved out on %(left)s, after this registration; nothing to reopen.",
                    left=format_date(self.env, left) if left else "?",
                )
        elif status == "relocating_in":
            # It opened elsewhere: here it moves in, at the registered address, on the day of its registration.
            values.update(business_status="active", **new_address)
            message = self._("Moved in on %(date)s.", date=when)
        elif status == "active" and partner.opening_date:
            message = (
                self._("Opened on %(date)s.", date=when)
                if partner.opening_date == day
                else self._(
                    "Open since %(opening)s; that opening date is kept.",
                    opening=format_date(self.env, partner.opening_date),
                )
            )
        else:
            # Not yet open (a contact, a founder): it opens at the registered address.
            values.update(business_status="active", opening_date=day, **new_address)
            message = self._("Opened on %(date)s.", date=when)
        writes.append((values, {"district_move_date": day}))
        return message, writes

    @staticmethod
    def _new_address(notice, partner):
        if notice.street and notice.address_key and notice.address_key != partner.district_address_key:
            return {"street": notice.street, "zip": notice.zip or False, "city": notice.city or False}
        return {}

    def _change(self, notice, partner):
        """(message, [(values, context)]) of a change: a move on its day, and what the register says now."""
        day = notice.day
        left = self._exit_date(partner) if partner.business_status in ("closed", "moved_out") else None
        if left and left < day:
            raise UserError(
                self._(
                    "%(business)s closed or moved out on %(left)s: a change on %(date)s needs a new registration "
                    "first.",
                    business=partner.display_name,
                    left=format_date(self.env, left),
                    date=format_date(self.env, day),
                )
            )
        values = self._register_values(notice, partner)
        if notice.number and not partner.company_registry:
            values["company_registry"] = notice.number
        if notice.name and notice.name_key != partner.district_name_key:
            values["name"] = notice.name
        new_address = self._new_address(notice, partner)
        if new_address:
            values.update(new_address)
            message = self._("Moved on %(date)s.", date=format_date(self.env, day))
        elif values:
            message = self._("Changed on %(date)s.", date=format_date(self.env, day))
        else:
            message = self._("No change.")
        return message, [(values, {"district_move_date": day})]

    def _deregister(self, notice, partner):
        """(message, [(values, context)]) of a de-registration: closed on its day."""
        day, when = notice.day, format_date(self.env, notice.day)
        if partner.business_status in ("closed", "moved_out"):
            left = self._exit_date(partner)
            if left == day:
                return self._("Closed on %(date)s.", date=when), []
            return self._(
                "Already closed or moved out on %(left)s; that date is kept.",
                left=format_date(self.env, left) if left else "?",
            ), []
        if partner.opening_date and day < partner.opening_date:
            raise UserError(
                self._(
                    "De-registered on %(date)s, before it opened on %(opening)s: correct the dates.",
                    date=when,
                    opening=format_date(self.env, partner.opening_date),
                )
            )
        values = self._register_values(notice, partner, fill_only=True)
        values.update(business_status="closed", closing_date=day)
        return self._("Closed on %(date)s.", date=when), [(values, {"district_move_date": day})]


class DistrictRegisterImport(models.TransientModel):
    """Reads an export of the business register and applies it to the businesses, all or nothing.

    *Preview* applies every row and rolls everything back: what it reports is
    what an import does. *Import* applies the rows for good in one transaction;
    when rows are rejected, the user decides: correct the file, or confirm that
    the rejected rows are skipped. Importing the same file again changes nothing.
    """

    _name = "district.register.import"
    _description = "Import Business Register"

    data_file = fields.Binary(string="Register export", required=True, attachment=False)
    file_name = fields.Char()
    state = fields.Selection(
        [("draft", "New"), ("previewed", "Previewed"), ("done", "Imported")], default="draft", required=True
    )
    skip_rejected = fields.Boolean(
        string="Skip the rejected rows",
        help="Import the other rows and leave the rejected ones out; correct them and import the file again later.",
    )
    file_problem = fields.Text(readonly=True)
    unused_columns = fields.Char(string="Columns not used", readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    outside_count = fields.Integer(
        string="Without a quarter", readonly=True, help="Businesses at an address that no address rule covers."
    )
    duplicate_count = fields.Integer(string="Possible duplicates", readonly=True)
    line_ids = fields.One2many(LINE_MODEL, "wizard_id", string="Result per row", readonly=True)

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def _read_rows(self):
        """(rows as {cell field: text}, columns not used, problems with the file) through the standard import."""
        data = base64.b64decode(self.data_file or b"")
        if not data.strip():
            return [], [], [self.env._("The file is empty.")]
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
        first_line = text.lstrip().split("\n", 1)[0]
        separator = ";" if first_line.count(";") >= first_line.count(",") else ","
        importer = self.env["base_import.import"].create(
            {
                "res_model": LINE_MODEL,
                "file": data,
                "file_name": self.file_name or "register.csv",
                "file_type": "text/csv",
            }
        )
        options = {"has_headers": True, "quoting": '"', "separator": separator, "encoding": encoding}
        try:
            _length, rows = importer._read_file(dict(options))
        except (UserError, ValueError, ImportValidationError, csv.Error) as error:
            return [], [], [self._unreadable(error)]
        if len(rows) < 2:
            return [], [], [self.env._("The file has no rows below its header.")]
        preview = importer.parse_preview(dict(options), count=2)
        if preview.get("error"):
            return [], [], [self._unreadable(preview["error"])]
        headers = preview["headers"] or []
        columns = {
            int(index): path[0]
            for index, path in (preview["matches"] or {}).items()
            if len(path) == 1 and path[0] in CELL_FIELDS
        }
        unused = [header for index, header in enumerate(headers) if index not in columns and header.strip()]
        problems = self._missing_columns(set(columns.values()))
        if problems:
            return [], unused, problems
        cell_rows = [
            {name: self._cell_text(row[index]) for index, name in columns.items() if index < len(row)}
            for row in rows[1:]
        ]
        return cell_rows, unused, []

    def _unreadable(self, error):
        return self.env._(
            "The file cannot be read as a table (%(error)s). Save it as CSV, UTF-8 or Windows-1252, separated by ';'.",
            error=error,
        )

    @staticmethod
    def _cell_text(value):
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, date):  # a spreadsheet's date cell
            return value.strftime("%d.%m.%Y")
        return str(value).strip() if value is not None else ""

    def _missing_columns(self, mapped):
        missing = []
        if "business_name" not in mapped:
            missing.append(self.env._("the business name (Betriebsname)"))
        if "notice_type" not in mapped and not mapped & set(KIND_DATE_FIELDS.values()):
            missing.append(
                self.env._(
                    "the kind of notice (Meldungsart) or the registration, change and de-registration dates "
                    "(Anmeldedatum, Ummeldedatum, Abmeldedatum)"
                )
            )
        elif "notice_type" in mapped and "notice_date" not in mapped and not mapped & set(KIND_DATE_FIELDS.values()):
            missing.append(self.env._("the date of the notice (Datum)"))
        if not missing:
            return []
        return [
            self.env._(
                "Columns missing: %(columns)s. Compare the file with the template; other column names are "
                "matched to the fields like Odoo's standard import does.",
                columns="; ".join(missing),
            )
        ]

    def _parse(self, row_number, cells, known_cities, sections):
        """The ``Notice``s of a row; a row with a problem is one notice that lists them all."""
        problems = []
        kinds = notice_kinds(cells)
        if kinds == [None]:
            problems.append(
                self.env._(
                    "Unknown kind of notice “%(kind)s”: write Anmeldung, Ummeldung or Abmeldung.",
                    kind=cells.get("notice_type", ""),
                )
                if cells.get("notice_type")
                else self.env._("The kind of notice (Anmeldung, Ummeldung, Abmeldung) is missing.")
            )
        days = {}
        for kind in filter(None, kinds):
            own_column = cells.get(KIND_DATE_FIELDS[kind], "")
            date_text = (cells.get("notice_date") or own_column) if cells.get("notice_type") else own_column
            days[kind] = parse_register_date(date_text)
            if not days[kind]:
                problems.append(
                    self.env._("“%(date)s” is not a date: write it as DD.MM.YYYY.", date=date_text)
                    if date_text
                    else self.env._("The date is missing.")
                )
        name = cells.get("business_name", "")
        if not name:
            problems.append(self.env._("The business name is missing."))
        street = " ".join(part for part in (cells.get("street", ""), cells.get("house_number", "")) if part)
        zip_code = normalize_zip(cells.get("zip", "")) if cells.get("zip") else ""
        city = cells.get("city", "")
        if city and known_cities and normalize_city(city) not in known_cities:
            problems.append(
                self.env._(
                    "The address lies in %(city)s: only businesses in %(cities)s are imported.",
                    city=city,
                    cities=", ".join(sorted(known_cities.values())),
                )
            )
        wz_code = cells.get("wz_code", "")
        if wz_code and (not WZ_CODE_RE.match(wz_code) or not self._wz_section(wz_code, sections)):
            problems.append(
                self.env._(
                    "Unknown WZ 2008 code “%(code)s”: write a division (47), group (47.1), class (47.11) or "
                    "subclass (47.11.1) of WZ 2008.",
                    code=wz_code,
                )
            )
        employees = None
        employee_text = cells.get("employees", "")
        if employee_text:
            if employee_text.isdigit():
                employees = int(employee_text)
            else:
                problems.append(
                    self.env._("The number of employees “%(number)s” is not a whole number.", number=employee_text)
                )
        number = cells.get("registration_number", "")
        address_key = business_address_key(street, zip_code, city)
        if not number and not address_key:
            problems.append(
                self.env._(
                    "Neither a registration number nor an address with street and house number: the row "
                    "cannot be matched to a business, now or when the file is imported again."
                )
            )
        return [
            Notice(
                row=row_number,
                cells=cells,
                kind=kind,
                day=days.get(kind),
                number=number,
                name=name,
                street=street,
                zip=zip_code,
                city=city,
                wz_code=wz_code,
                employees=employees,
                name_key=normalize_business_name(name),
                address_key=address_key,
                problems=problems,
            )
            for kind in (kinds[:1] if problems else kinds)
        ]

    def _wz_section(self, wz_code, sections):
        """The sector of a WZ code, looked up once per division in ``sections`` (a register repeats its codes)."""
        division = wz_code[:2]
        if division not in sections:
            sections[division] = self.env["res.partner.industry"]._find_by_wz_code(wz_code).id
        return self.env["res.partner.industry"].browse(sections[division])

    def _known_cities(self):
        """The cities whose quarters are known, by their key: rows of other cities are not this office's."""
        cities = self.env["district.quarter"]._read_group([("city", "!=", False)], ["city"])
        return {normalize_city(city): city for (city,) in cities}

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------
    def _run(self, dry_run):
        """Read and apply the file; with ``dry_run`` everything written is rolled back.

        Returns (line values, columns not used, file problems).
        """
        self.ensure_one()
        rows, unused, problems = self._read_rows()
        if problems:
            return [], unused, problems
        known_cities = self._known_cities()
        sections = {}
        notices_by_row = {
            number: self._parse(number, cells, known_cities, sections) for number, cells in enumerate(rows, 2)
        }
        seen, repeats = {}, {}
        for number, cells in enumerate(rows, 2):
            key = tuple(sorted(cells.items()))
            if key in seen:
                repeats[number] = seen[key]
            else:
                seen[key] = number
        fresh = [notice for row, notices in notices_by_row.items() if row not in repeats for notice in notices]
        savepoint = self.env.cr.savepoint() if dry_run else None
        try:
            outcomes = RegisterImport(self, fresh, sections).run()
            lines = self._line_values(notices_by_row, outcomes, repeats, dry_run)
        finally:
            if savepoint:
                savepoint.close(rollback=True)
        return lines, unused, []

    def _line_values(self, notices_by_row, outcomes, repeats, dry_run):
        """One line per row; a row with several notices (registration and de-registration dates) sums them up."""
        # After a preview, the businesses it would create do not exist.
        gone = (
            {outcome.partner_id for outcome in outcomes.values() if outcome.result == "created"} if dry_run else set()
        )
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .browse({outcome.partner_id for outcome in outcomes.values() if outcome.partner_id})
        )
        partners.fetch(["quarter_id", "quarter_reason"])
        lines = []
        for row, notices in notices_by_row.items():
            if row in repeats:
                done = [Outcome("unchanged", self.env._("Repeats row %(row)s.", row=repeats[row]))]
            else:
                done = [outcomes[row, notice.kind] for notice in notices]
            result = next(
                (result for result in ("rejected", "created", "updated") if any(o.result == result for o in done)),
                "unchanged",
            )
            partner = partners.browse(next((o.partner_id for o in done if o.partner_id), None))
            duplicate_id = next((o.duplicate_id for o in done if o.duplicate_id and o.duplicate_id not in gone), 0)
            last = notices[-1]
            lines.append(
                {
                    **{name: last.cells.get(name, False) or False for name in CELL_FIELDS},
                    "row": row,
                    "kind": last.kind or False,
                    "day": last.day or False,
                    "result": result,
                    "message": " ".join(o.message for o in done),
                    "partner_id": partner.id if partner.id not in gone else False,
                    "duplicate_partner_id": duplicate_id or False,
                    "quarter_id": partner.quarter_id.id,
                    "quarter_reason": partner.quarter_reason or False,
                    "is_outside": bool(partner) and not partner.quarter_id,
                }
            )
        return lines

    def _store(self, lines, unused, problems):
        counts = defaultdict(int)
        for line in lines:
            counts[line["result"]] += 1
        self.write(
            {
                "file_problem": "\n".join(problems) or False,
                "unused_columns": ", ".join(unused) or False,
                "row_count": len(lines),
                "created_count": counts["created"],
                "updated_count": counts["updated"],
                "unchanged_count": counts["unchanged"],
                "rejected_count": counts["rejected"],
                "outside_count": sum(1 for line in lines if line["is_outside"]),
                "duplicate_count": sum(1 for line in lines if line["duplicate_partner_id"]),
                "line_ids": [Command.clear()] + [Command.create(line) for line in lines],
            }
        )

    def action_preview(self):
        """Dry run: apply every row, report per row what happened and why, and roll it all back."""
        self.ensure_one()
        self._store(*self._run(dry_run=True))
        self.state = "previewed"
        return self._reopen()

    def action_import(self):
        """Apply the file for good: all rows, or, once the user agreed, all but the rejected ones."""
        self.ensure_one()
        lines, unused, problems = self._run(dry_run=False)
        if problems:
            raise UserError("\n".join(problems))
        rejected = [line for line in lines if line["result"] == "rejected"]
        if rejected and not self.skip_rejected:
            listed = "\n".join(
                self.env._("Row %(row)s: %(message)s", row=line["row"], message=line["message"])
                for line in rejected[:10]
            )
            raise UserError(
                self.env._(
                    "%(count)s row(s) cannot be imported; nothing was imported. Correct the file, or tick "
                    "“Skip the rejected rows” to import the others (the preview lists every row):\n%(rows)s",
                    count=len(rejected),
                    rows=listed,
                )
            )
        self._store(lines, unused, problems)
        self.state = "done"
        return self._reopen()

    def action_open_businesses(self):
        """The businesses the import created or changed."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.res_partner_action_business")
        action["domain"] = [
            ("id", "in", self.line_ids.filtered(lambda line: line.result in ("created", "updated")).partner_id.ids)
        ]
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Business Register"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }


class DistrictRegisterImportLine(models.TransientModel):
    """One row of a business-register export: its cells as written, and what the import did with it.

    The cell fields are what Odoo's standard import maps the file's columns onto
    (saved mappings in ``base_import.mapping``, else by field name or label).
    """

    _name = LINE_MODEL
    _description = "Business Register Row"
    _order = "row, id"

    wizard_id = fields.Many2one("district.register.import", required=True, ondelete="cascade", readonly=True)
    notice_type = fields.Char(string="Notice type", help="Anmeldung, Ummeldung or Abmeldung.")
    registration_number = fields.Char(string="Registration number")
    notice_date = fields.Char(string="Date", help="The day the notice reports, DD.MM.YYYY.")
    registration_date = fields.Char(string="Registration date")
    change_date = fields.Char(string="Change date")
    deregistration_date = fields.Char(string="De-registration date")
    business_name = fields.Char(string="Business name")
    street = fields.Char()
    house_number = fields.Char(string="House number")
    zip = fields.Char(string="ZIP")
    city = fields.Char()
    activity = fields.Char()
    wz_code = fields.Char(string="WZ code")
    legal_form = fields.Char(string="Legal form")
    employees = fields.Char()

    row = fields.Integer(readonly=True, help="Line in the file; the header is line 1.")
    kind = fields.Selection(NOTICE_KINDS, readonly=True)
    day = fields.Date(string="On", readonly=True)
    result = fields.Selection(RESULTS, readonly=True)
    message = fields.Char(string="What and why", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Business", readonly=True)
    duplicate_partner_id = fields.Many2one("res.partner", string="Possible duplicate", readonly=True)
    quarter_id = fields.Many2one("district.quarter", readonly=True)
    quarter_reason = fields.Selection(QUARTER_REASONS, string="Why this quarter", readonly=True)
    is_outside = fields.Boolean(string="Without a quarter", readonly=True)
