"""Import a city's address register (street, house number, ZIP, quarter) as address rules.

The table is read, checked and compressed by the pure functions at the top
(no ORM, so that they can be reasoned about and benchmarked on their own);
the wizard below feeds them the quarters and the existing rules and writes
the result as one set.
"""

import base64
import codecs
import csv
import io
import re
from collections import defaultdict
from typing import NamedTuple

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..models.address_key import normalize_city, normalize_street, normalize_zip, number_matches, split_street

# More problems than this are counted but not listed: a table with a wrong column
# would otherwise list every one of its rows.
MAX_LISTED_ISSUES = 1000
# Beyond any real house number, and well inside the rules' integer fields.
MAX_HOUSE_NUMBER = 99999

# Column headers the import recognises, German or English; compared as street keys,
# so case, umlaut spellings, spaces and underscores do not matter.
COLUMN_HEADERS = {
    "street": ("Straße", "street", "street_name", "Straßenname"),
    "house_number": ("Hausnummer", "house_number", "Hausnr"),
    "zip": ("PLZ", "zip", "zip_code", "Postleitzahl"),
    "quarter": ("Ortsteil", "quarter", "quarter_code", "Ortsteilcode"),
    "in_programme_area": ("Fördergebiet", "in_programme_area"),
}
REQUIRED_COLUMNS = ("street", "house_number", "zip", "quarter")
_HEADER_KEYS = {normalize_street(header): column for column, headers in COLUMN_HEADERS.items() for header in headers}
_TRUE_FLAGS = {"1", "x", "ja", "j", "yes", "y", "true", "wahr"}
_FALSE_FLAGS = {"", "0", "nein", "n", "no", "false", "falsch"}
_BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")  # XLSX/ODS (zip), PDF, old XLS
_DIGIT_RE = re.compile(r"\d")


class TableProblem(Exception):
    """A problem with the whole file (not with single rows): ``code`` and ``values`` for the message."""

    def __init__(self, code, **values):
        super().__init__(code)
        self.code = code
        self.values = values


class TableRow(NamedTuple):
    """One data row as written (cells stripped); ``row`` is its line in the file, the header being 1."""

    row: int
    street: str
    house_number: str
    zip: str
    quarter: str
    in_programme_area: str


class Address(NamedTuple):
    """A row that passed the checks, in the terms of the rules."""

    row: int
    street_key: str
    number: int
    zip: str
    quarter_id: int
    in_area: bool


class RuleSpan(NamedTuple):
    """An existing rule, reduced to what decides which addresses it covers (0 = open end)."""

    id: int
    zip: str
    number_from: int
    number_to: int
    parity: str
    quarter_id: int

    @property
    def span(self):
        return (self.number_from, self.number_to, self.parity)

    def covers(self, number):
        """Whether the rule covers this house number (the ZIP code is compared apart)."""
        return number_matches(number, self.number_from or None, self.number_to or None, self.parity)


class RuleDraft(NamedTuple):
    """A rule the import creates."""

    street_name: str
    zip: str
    number_from: int
    number_to: int
    parity: str
    quarter_id: int
    in_area: bool


def decode_table(data):
    """Return the text of a CSV file in UTF-8 (with or without BOM) or Windows-1252."""
    if not data or not data.strip():
        raise TableProblem("empty")
    if b"\x00" in data[:4096] or data.startswith(_BINARY_SIGNATURES):
        raise TableProblem("not_csv")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TableProblem("not_csv") from error


def _split_lines(text):
    """(first line in the file, cells) per CSV row, separated by ``;`` or ``,`` as the header is."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and first_line.count(";") >= first_line.count(",") else ","
    lines = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line_end = 0  # a quoted cell may span lines: count from where the row starts
    try:
        for cells in reader:
            lines.append((line_end + 1, cells))
            line_end = reader.line_num
    except csv.Error as error:
        raise TableProblem("not_csv") from error
    return [(line, cells) for line, cells in lines if any(cell.strip() for cell in cells)]


def _header_columns(header):
    """Map each recognised column to its position in the header row."""
    columns = {}
    for position, title in enumerate(header):
        column = _HEADER_KEYS.get(normalize_street(title))
        if column in columns:
            raise TableProblem("duplicate_column", column=title.strip())
        if column:
            columns[column] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise TableProblem("missing_columns", columns=missing)
    return columns


def read_table(data):
    """Read a CSV file (UTF-8 or Windows-1252, ``;`` or ``,``): ``(TableRow list, has the area column)``.

    Raises ``TableProblem`` when the file is not such a table or lacks a column.
    """
    lines = _split_lines(decode_table(data))
    if not lines:
        raise TableProblem("empty")
    columns = _header_columns(lines[0][1])

    def cell(cells, column):
        position = columns.get(column)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    rows = [TableRow(line, *(cell(cells, column) for column in COLUMN_HEADERS)) for line, cells in lines[1:]]
    return rows, "in_programme_area" in columns


def quarter_lookup(codes):
    """Return a function from a written quarter code to a quarter id (or None).

    ``codes`` maps each quarter's official code to its id. A spreadsheet turns
    "01" into "1": a code of digits also finds the quarter whose code differs
    from it only by leading zeros, when that quarter is the only one.
    """
    exact = {code.strip(): quarter_id for code, quarter_id in codes.items()}
    by_value = defaultdict(set)
    for code, quarter_id in exact.items():
        if code.isdigit():
            by_value[int(code)].add(quarter_id)

    def lookup(code):
        if code in exact:
            return exact[code]
        if code.isdigit() and len(by_value.get(int(code), ())) == 1:
            return next(iter(by_value[int(code)]))
        return None

    return lookup


def _house_number_problems(row, street_key):
    """Read the house number as the rules will read the address ("49a", "49/II", "11/13/15": the first).

    Returns ``(number or None, [(code, values)])``.
    """
    if not row.house_number:
        return None, [("no_number", {})]
    if not _DIGIT_RE.search(row.house_number):
        return None, [("no_digits", {"house_number": row.house_number})]
    if not street_key:
        return None, []
    parsed_key, number = split_street(f"{row.street} {row.house_number}")
    if parsed_key != street_key:
        problem = ("street_has_number", {})
    elif number == 0:
        problem = ("number_zero", {})
    elif number > MAX_HOUSE_NUMBER:
        problem = ("number_too_large", {"house_number": row.house_number})
    else:
        return number, []
    return None, [problem]


def check_rows(rows, find_quarter):
    """Split the rows into ``Address``es and problems: ``(addresses, {row: [(code, values), ...]})``."""
    addresses = []
    problems = {}
    street_keys = {}  # a register names each street many times
    for row in rows:
        street_key = street_keys.get(row.street)
        if street_key is None:
            street_key = street_keys[row.street] = normalize_street(row.street)
        number, found = _house_number_problems(row, street_key)
        if not street_key:
            found.insert(0, ("no_street", {}))
        zip_code = normalize_zip(row.zip)
        if not zip_code:
            found.append(("no_zip", {}))
        quarter_id = find_quarter(row.quarter) if row.quarter else None
        if not row.quarter:
            found.append(("no_quarter", {}))
        elif quarter_id is None:
            found.append(("unknown_quarter", {"code": row.quarter}))
        flag = row.in_programme_area.lower()
        if flag not in _TRUE_FLAGS and flag not in _FALSE_FLAGS:
            found.append(("bad_flag", {"value": row.in_programme_area}))
        if found:
            problems[row.row] = found
        else:
            addresses.append(Address(row.row, street_key, number, zip_code, quarter_id, flag in _TRUE_FLAGS))
    return addresses, problems


def spans_overlap(first, second):
    """Whether two (from, to, parity) ranges may share an address, as the rules' overlap check judges it.

    0 is an open end. The rule model refuses two rules of different quarters that
    overlap in this sense (a range of all numbers overlaps an odd one that it
    crosses, even where it holds no odd number), so the import keeps clear of it.
    """
    (first_from, first_to, first_parity), (second_from, second_to, second_parity) = first, second
    if "all" not in (first_parity, second_parity) and first_parity != second_parity:
        return False
    low = max(first_from or 1, second_from or 1)
    highs = [number for number in (first_to, second_to) if number]
    return not highs or low <= min(highs)


def find_conflicts(addresses, rules_by_key):
    """The rows left out, with why: ``{row: (code, values)}``.

    An address (street, ZIP, house number: "49a" is 49) is in conflict when the
    table puts it in two quarters, marks it both inside and outside the programme
    area, or when an existing rule (``rules_by_key``: street key -> ``RuleSpan``s,
    those the import replaces left out) puts it in another quarter.
    """
    rows_by_address = defaultdict(list)
    for address in addresses:
        rows_by_address[address.street_key, address.zip, address.number].append(address)
    conflicts = {}
    for (street_key, zip_code, number), same in rows_by_address.items():
        quarter_ids = {address.quarter_id for address in same}
        rows = [address.row for address in same]
        if len(quarter_ids) > 1:
            for address in same:
                others = {"quarter_ids": sorted(quarter_ids - {address.quarter_id})}
                others["rows"] = [row for row in rows if row != address.row]
                conflicts[address.row] = ("table_conflict", dict(others, number=number))
            continue
        if len({address.in_area for address in same}) > 1:
            conflicts.update((row, ("area_conflict", {"number": number, "rows": rows})) for row in rows)
            continue
        clash = next(
            (
                rule
                for rule in rules_by_key.get(street_key, ())
                if rule.quarter_id != same[0].quarter_id and rule.zip in ("", zip_code) and rule.covers(number)
            ),
            None,
        )
        if clash:
            conflicts.update((row, ("rule_conflict", {"rule_id": clash.id})) for row in rows)
    return conflicts


def _runs(numbers, others):
    """Runs ``[start, end, parity, (quarter id, in area)]`` of consecutive numbers per side of one stretch."""
    runs = []
    for side, parity in ((1, "odd"), (0, "even")):
        run = None
        for number in sorted(n for n in numbers if n % 2 == side):
            value = numbers[number]
            if value is None:  # left out: no rule may cover it
                run = None
            elif (
                run
                and run[3] == value
                and not any(
                    rule.quarter_id != value[0] and spans_overlap((run[0], number, parity), rule.span)
                    for rule in others
                )
            ):
                run[1] = number
            else:
                run = [number, number, parity, value]
                runs.append(run)
    return runs


def compress(addresses, left_out_rows, rules_by_key, street_names):
    """Turn the addresses into rules: per street, ZIP and side, a run of numbers of one quarter is one rule.

    A run ends where the quarter or the programme-area mark changes, at an
    address left out (it must stay uncovered: nothing is guessed), and before it
    would overlap an existing rule of another quarter. A run of a single address
    covers just that number on both sides unless that would overlap a rule of
    another quarter. ``street_names``: how each street key is written.
    """
    stretches = defaultdict(dict)  # (street key, zip) -> number -> (quarter id, in area), None where left out
    for address in addresses:
        numbers = stretches[address.street_key, address.zip]
        if address.row in left_out_rows:
            numbers[address.number] = None
        else:
            numbers.setdefault(address.number, (address.quarter_id, address.in_area))
    drafts = []
    for (street_key, zip_code), numbers in stretches.items():
        others = [rule for rule in rules_by_key.get(street_key, ()) if rule.zip in ("", zip_code)]
        runs = _runs(numbers, others)
        neighbours = [((start, end, parity), value[0]) for start, end, parity, value in runs]
        neighbours += [(rule.span, rule.quarter_id) for rule in others]
        for start, end, side, (quarter_id, in_area) in runs:
            single = start == end and not any(
                quarter_id != other_quarter_id and spans_overlap((start, end, "all"), span)
                for span, other_quarter_id in neighbours
            )
            parity = "all" if single else side
            drafts.append(RuleDraft(street_names[street_key], zip_code, start, end, parity, quarter_id, in_area))
    return drafts


class DistrictAddressTableImport(models.TransientModel):
    """Reads a city's address register and writes it as address rules, all or nothing.

    Every address of the table resolves to its own quarter afterwards; addresses
    in conflict (within the table or with a rule from elsewhere) are listed and
    left uncovered. Rules remember their source (file name) and its date; a
    newer table of the same source archives the older set and takes its place.
    """

    _name = "district.address.table.import"
    _description = "Import Address Table"

    data_file = fields.Binary(string="Address table", required=True, attachment=False)
    file_name = fields.Char()
    city = fields.Char(required=True, default=lambda self: self._default_city())
    programme_area_id = fields.Many2one(
        "district.programme.area",
        string="Programme area",
        domain="[('city', '=', city)]",
        help="Addresses marked 1 in the column Fördergebiet / in_programme_area lie inside this programme area.",
    )
    source = fields.Char(
        compute="_compute_source",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Kept on every rule (the file name unless you change it). Importing a table of the same source "
        "replaces the rules of the earlier one.",
    )
    source_date = fields.Date(
        string="Table date",
        required=True,
        default=fields.Date.context_today,
        help="The day the table was published; kept on every rule as its source date.",
    )
    state = fields.Selection(
        [("draft", "New"), ("previewed", "Previewed"), ("done", "Imported")], default="draft", required=True
    )
    address_count = fields.Integer(string="Addresses", readonly=True)
    rule_count = fields.Integer(
        string="Rules", readonly=True, help="Rules the import creates (after a preview) or created."
    )
    replaced_rule_count = fields.Integer(
        string="Rules replaced", readonly=True, help="Active rules of the same source that the import archives."
    )
    conflict_count = fields.Integer(string="Conflicts", readonly=True, help="Addresses left out, never guessed.")
    error_count = fields.Integer(string="Errors", readonly=True, help="Rows to correct before importing.")
    unlisted_issue_count = fields.Integer(string="Not listed", readonly=True)
    issue_ids = fields.One2many("district.address.table.import.issue", "wizard_id", string="Problems", readonly=True)

    @api.model
    def _default_city(self):
        cities = [city for (city,) in self.env["district.quarter"]._read_group([], ["city"])]
        return cities[0] if len(cities) == 1 else self.env.company.city

    @api.depends("file_name")
    def _compute_source(self):
        for wizard in self:
            wizard.source = wizard.file_name or wizard.source

    # ------------------------------------------------------------------
    # Reading and checking
    # ------------------------------------------------------------------
    def _analyse(self):
        """Read and check the table; return a dict of what an import would do. Writes nothing."""
        self.ensure_one()
        Rule = self.env["district.address.rule"]
        result = {"address_count": 0, "drafts": [], "replaced": Rule, "errors": [], "conflicts": []}
        quarters = self._city_quarters()
        try:
            rows, has_area_column = read_table(self.data_file and base64.b64decode(self.data_file))
            if not quarters:
                raise TableProblem("no_quarters", city=self.city)
        except TableProblem as problem:
            result["errors"].append((1, self._problem_message(problem.code, problem.values), None))
            return result
        cities = list(set(quarters.mapped("city")))
        result["address_count"] = len(rows)
        result["replaced"] = replaced = Rule.search([("source", "=", self.source), ("city", "in", cities)])
        result["errors"] += [
            (1, self._problem_message(problem.code, problem.values), None)
            for problem in self._file_problems(rows, has_area_column, replaced)
        ]
        addresses, row_problems = check_rows(rows, quarter_lookup({quarter.code: quarter.id for quarter in quarters}))
        rows_by_line = {row.row: row for row in rows}
        result["errors"] += [
            (line, "; ".join(self._problem_message(code, values) for code, values in found), rows_by_line[line])
            for line, found in row_problems.items()
        ]
        existing = Rule.search_fetch(
            [
                ("street_key", "in", list({address.street_key for address in addresses})),
                ("city", "in", cities),
                ("id", "not in", replaced.ids),
            ],
            ["street_key", "zip", "number_from", "number_to", "parity", "quarter_id"],
        )
        rules_by_key = defaultdict(list)
        for rule in existing:
            span = RuleSpan(
                rule.id, normalize_zip(rule.zip), rule.number_from, rule.number_to, rule.parity, rule.quarter_id.id
            )
            rules_by_key[rule.street_key].append(span)
        conflicts = find_conflicts(addresses, rules_by_key)
        quarter_names = dict(zip(quarters.ids, quarters.mapped("display_name"), strict=True))
        for line, (code, values) in sorted(conflicts.items()):
            if code == "table_conflict":
                words = {"quarters": ", ".join(quarter_names[quarter_id] for quarter_id in values["quarter_ids"])}
            else:
                rule = existing.browse(values.get("rule_id"))
                words = {"rule": rule.display_name, "quarter": rule.quarter_id.display_name}
            message = self._problem_message(code, dict(values, **words))
            result["conflicts"].append((line, message, rows_by_line[line]))
        street_names = {}
        for address in addresses:
            street_names.setdefault(address.street_key, rows_by_line[address.row].street)
        result["drafts"] = compress(addresses, set(conflicts), rules_by_key, street_names)
        return result

    def _city_quarters(self):
        city_key = normalize_city(self.city)
        return (
            self.env["district.quarter"]
            .search([("city", "!=", False)])
            .filtered(lambda quarter: normalize_city(quarter.city) == city_key)
        )

    def _file_problems(self, rows, has_area_column, replaced):
        """Problems of the table as a whole, beyond its format."""
        problems = []
        newest = max(filter(None, replaced.mapped("source_date")), default=None)
        if newest and newest > self.source_date:
            problems.append(TableProblem("older_than_source", date=format_date(self.env, newest)))
        if not rows:
            problems.append(TableProblem("no_rows"))
        area = self.programme_area_id
        if area and normalize_city(area.city) != normalize_city(self.city):
            problems.append(TableProblem("area_other_city", area=area.display_name))
        if area and not has_area_column:
            problems.append(TableProblem("area_column_missing"))
        if not area and any(row.in_programme_area.lower() in _TRUE_FLAGS for row in rows):
            problems.append(TableProblem("area_not_chosen"))
        return problems

    def _problem_message(self, code, values):
        """Word a problem found in the table in the user's language."""
        rows = ", ".join(str(row) for row in values.get("rows", ()))
        texts = {
            "empty": lambda: self.env._("The file is empty."),
            "not_csv": lambda: self.env._(
                "The file is not a CSV table (it looks like a spreadsheet, a PDF or another binary file): "
                "save the table as CSV (UTF-8 or Windows-1252, separated by ';' or ',')."
            ),
            "duplicate_column": lambda: self.env._("The column %(column)s appears twice.", column=values["column"]),
            "missing_columns": lambda: self.env._(
                "Missing columns: %(columns)s. The first row must name the columns Straße / street, "
                "Hausnummer / house_number, PLZ / zip and Ortsteil / quarter.",
                columns=", ".join(" / ".join(COLUMN_HEADERS[column][:2]) for column in values["columns"]),
            ),
            "no_quarters": lambda: self.env._(
                "No quarters are known in the city %(city)s: check the city or create its quarters first.",
                city=values["city"],
            ),
            "no_rows": lambda: self.env._("The table has a header but no addresses."),
            "older_than_source": lambda: self.env._(
                "The rules of this source come from a newer table (dated %(date)s): check the table date, "
                "or give this table another source.",
                date=values["date"],
            ),
            "area_column_missing": lambda: self.env._(
                "A programme area is chosen, but the table has no column Fördergebiet / in_programme_area "
                "that marks the addresses inside it."
            ),
            "area_other_city": lambda: self.env._(
                "The programme area %(area)s lies in another city: choose one in %(city)s.",
                area=values["area"],
                city=self.city,
            ),
            "area_not_chosen": lambda: self.env._(
                "The table marks addresses inside a programme area (column Fördergebiet / in_programme_area): "
                "choose the programme area."
            ),
            "no_street": lambda: self.env._("Street missing"),
            "no_number": lambda: self.env._("House number missing"),
            "no_digits": lambda: self.env._("House number “%(number)s” has no digits", number=values["house_number"]),
            "street_has_number": lambda: self.env._(
                "The street name contains a number that addresses would read as the house number"
            ),
            "number_zero": lambda: self.env._("House number 0: rules count house numbers from 1"),
            "number_too_large": lambda: self.env._(
                "House number %(number)s is too large", number=values["house_number"]
            ),
            "no_zip": lambda: self.env._("ZIP code missing"),
            "no_quarter": lambda: self.env._("Quarter code missing"),
            "unknown_quarter": lambda: self.env._(
                "Unknown quarter code %(code)s in %(city)s", code=values["code"], city=self.city
            ),
            "bad_flag": lambda: self.env._("Programme area mark %(value)s is neither 1 nor 0", value=values["value"]),
            "table_conflict": lambda: self.env._(
                "The table also puts house number %(number)s in quarter %(quarters)s (rows %(rows)s): left out",
                number=values["number"],
                quarters=values["quarters"],
                rows=rows,
            ),
            "area_conflict": lambda: self.env._(
                "The table marks house number %(number)s both inside and outside the programme area "
                "(rows %(rows)s): left out",
                number=values["number"],
                rows=rows,
            ),
            "rule_conflict": lambda: self.env._(
                "The address rule %(rule)s already puts this address in quarter %(quarter)s: left out",
                rule=values.get("rule"),
                quarter=values.get("quarter"),
            ),
        }
        return texts[code]()

    def _store(self, result, rule_count):
        issues = [("error", *error) for error in result["errors"]] + [
            ("conflict", *conflict) for conflict in result["conflicts"]
        ]
        issues.sort(key=lambda issue: (issue[1], issue[0]))
        self.write(
            {
                "address_count": result["address_count"],
                "rule_count": rule_count,
                "replaced_rule_count": len(result["replaced"]),
                "conflict_count": len(result["conflicts"]),
                "error_count": len(result["errors"]),
                "unlisted_issue_count": max(0, len(issues) - MAX_LISTED_ISSUES),
                "issue_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "kind": kind,
                            "row": row_number,
                            "message": message,
                            "street": row.street if row else False,
                            "house_number": row.house_number if row else False,
                            "zip": row.zip if row else False,
                            "quarter_code": row.quarter if row else False,
                        }
                    )
                    for kind, row_number, message, row in issues[:MAX_LISTED_ISSUES]
                ],
            }
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_preview(self):
        """Dry run: count addresses, the rules an import would create, conflicts and errors. No rule is written."""
        self.ensure_one()
        result = self._analyse()
        self._store(result, len(result["drafts"]))
        self.state = "previewed"
        return self._reopen()

    def action_import(self):
        """Archive the rules of the same source, create the table's rules and reassign all quarters, or nothing."""
        self.ensure_one()
        result = self._analyse()
        if result["errors"]:
            listed = "\n".join(
                self.env._("Row %(row)s: %(message)s", row=row, message=message)
                for row, message, _row in result["errors"][:10]
            )
            raise UserError(
                self.env._(
                    "The table has %(count)s error(s); nothing was imported. Correct the table and import it "
                    "again (the preview lists every row):\n%(errors)s",
                    count=len(result["errors"]),
                    errors=listed,
                )
            )
        result["replaced"].write({"active": False})
        area_id = self.programme_area_id.id
        rules = self.env["district.address.rule"].create(
            [
                {
                    "street_name": draft.street_name,
                    "zip": draft.zip,
                    "number_from": draft.number_from,
                    "number_to": draft.number_to,
                    "parity": draft.parity,
                    "quarter_id": draft.quarter_id,
                    "programme_area_id": area_id if draft.in_area else False,
                    "source": self.source,
                    "source_date": self.source_date,
                }
                for draft in result["drafts"]
            ]
        )
        self.env["res.partner"].action_reassign_quarters()
        self._store(result, len(rules))
        self.state = "done"
        return self._reopen()

    def action_open_rules(self):
        """Show the rules of this source."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_address_rule_action")
        action["domain"] = [("source", "=", self.source), ("source_date", "=", self.source_date)]
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Address Table"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class DistrictAddressTableImportIssue(models.TransientModel):
    """A row of the address table that is wrong (error) or left out (conflict), and why."""

    _name = "district.address.table.import.issue"
    _description = "Address Table Problem"
    _order = "row, id"

    wizard_id = fields.Many2one("district.address.table.import", required=True, ondelete="cascade")
    kind = fields.Selection([("error", "Error"), ("conflict", "Conflict")], required=True)
    row = fields.Integer(help="Line in the file; the header is line 1.")
    street = fields.Char()
    house_number = fields.Char()
    zip = fields.Char(string="ZIP")
    quarter_code = fields.Char(string="Quarter")
    message = fields.Char(string="Why")
