from collections import defaultdict
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .address_key import normalize_city, normalize_street, normalize_zip, number_matches, split_street

OPEN_END = 0  # house numbers start at 1: 0 (empty) means "no limit on this side"
# Why a record has its quarter, or why it has none (stored on every located record, see the located mixin).
QUARTER_REASONS = [
    ("rule", "Address rule"),
    ("manual", "Set by hand"),
    ("position", "By position"),
    ("no_street", "No street"),
    ("no_city", "No city or ZIP code"),
    ("no_rule", "No rule for this street in this city"),
    ("number_outside", "House number outside the known ranges"),
    ("zip_mismatch", "ZIP code contradicts the rules"),
    ("ambiguous", "Ambiguous between quarters"),
]


class Location(NamedTuple):
    """Where the address rules put one address, and why."""

    quarter_id: int
    programme_area_id: int
    reason: str
    rule_id: int
    detail: str


class DistrictAddressRule(models.Model):
    """Assigns a stretch of a street to a quarter (and optionally a programme area).

    A rule covers one street, optionally within one ZIP code, for an inclusive
    house-number range whose ends may be open, on both sides or only the odd
    or the even side. Addresses no rule covers stay unassigned: nothing is guessed.
    """

    _name = "district.address.rule"
    _description = "Address Rule"
    _order = "street_key, sequence, number_from, id"

    street_name = fields.Char(
        string="Street", required=True, help="As written in addresses; case and 'Str.' do not matter."
    )
    street_key = fields.Char(compute="_compute_street_key", store=True, index=True, precompute=True)
    zip = fields.Char(string="ZIP", help="Empty: the rule applies whatever the ZIP code.")
    number_from = fields.Integer(
        string="From no.", help="First house number covered (inclusive); empty: from the start."
    )
    number_to = fields.Integer(string="To no.", help="Last house number covered (inclusive); empty: to the end.")
    parity = fields.Selection(
        [("all", "All numbers"), ("odd", "Odd numbers"), ("even", "Even numbers")],
        required=True,
        default="all",
    )
    quarter_id = fields.Many2one("district.quarter", required=True, ondelete="restrict", index=True)
    city = fields.Char(related="quarter_id.city", store=True)
    borough_id = fields.Many2one(related="quarter_id.borough_id", store=True)
    programme_area_id = fields.Many2one(
        "district.programme.area",
        string="Programme area",
        ondelete="restrict",
        index=True,
        help="Set when the addresses this rule covers lie inside a programme area "
        "(for quarters that lie only partly inside).",
    )
    sequence = fields.Integer(default=10)
    source = fields.Char(help="Where the boundary comes from, so that others can check it.")
    source_date = fields.Date(
        string="Source date",
        help="Date of the address table the rule was imported from; a newer table of the same source "
        "replaces the rules of the older one.",
    )
    active = fields.Boolean(default=True)

    _number_from_positive = models.Constraint(
        "CHECK (number_from >= 0)", "House numbers in an address rule cannot be negative."
    )
    _number_to_positive = models.Constraint(
        "CHECK (number_to >= 0)", "House numbers in an address rule cannot be negative."
    )
    _street_city_index = models.Index("(street_key, city)")

    @api.depends("street_name")
    def _compute_street_key(self):
        for rule in self:
            rule.street_key = normalize_street(rule.street_name)

    @api.depends("street_name", "zip", "number_from", "number_to", "parity")
    def _compute_display_name(self):
        parity_labels = dict(self._fields["parity"]._description_selection(self.env))
        for rule in self:
            numbers = rule._numbers_label()
            parts = [rule.street_name or ""]
            if numbers:
                parts.append(numbers)
            if rule.parity != "all":
                parts.append(f"({parity_labels[rule.parity]})")
            if rule.zip:
                parts.append(f"· {rule.zip}")
            rule.display_name = " ".join(parts)

    def _numbers_label(self):
        if self.number_from and self.number_to:
            return f"{self.number_from}–{self.number_to}"
        if self.number_from:
            return self.env._("from %s", self.number_from)
        if self.number_to:
            return self.env._("up to %s", self.number_to)
        return ""

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("number_from", "number_to")
    def _check_number_range(self):
        for rule in self:
            if rule.number_from and rule.number_to and rule.number_from > rule.number_to:
                raise ValidationError(
                    self.env._(
                        "Address rule %(rule)s: the first house number (%(start)s) is greater than the last "
                        "(%(end)s). Swap them or leave one end empty for an open range.",
                        rule=rule.street_name,
                        start=rule.number_from,
                        end=rule.number_to,
                    )
                )

    @api.constrains("street_name")
    def _check_street_name(self):
        for rule in self:
            if not rule.street_key:
                raise ValidationError(self.env._("An address rule needs a street name with letters or digits."))

    @api.constrains("street_key", "zip", "number_from", "number_to", "parity", "quarter_id", "active")
    def _check_no_conflicting_rule(self):
        for rule in self.filtered("active"):
            candidates = self.search(
                [
                    ("id", "!=", rule.id),
                    ("street_key", "=", rule.street_key),
                    ("city", "=", rule.city),
                    ("quarter_id", "!=", rule.quarter_id.id),
                ]
            )
            for other in candidates:
                if rule._overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "The rule %(rule)s (quarter %(quarter)s) covers addresses that the existing rule "
                            "%(other)s already assigns to quarter %(other_quarter)s. Narrow the house numbers, "
                            "ZIP code or side of one of the two rules.",
                            rule=rule.display_name,
                            quarter=rule.quarter_id.display_name,
                            other=other.display_name,
                            other_quarter=other.quarter_id.display_name,
                        )
                    )

    def _overlaps(self, other):
        """Tell whether two rules can cover the same address."""
        self.ensure_one()
        if self.zip and other.zip and normalize_zip(self.zip) != normalize_zip(other.zip):
            return False
        if "all" not in (self.parity, other.parity) and self.parity != other.parity:
            return False
        low = max(self.number_from or 1, other.number_from or 1)
        high_candidates = [n for n in (self.number_to, other.number_to) if n]
        return not high_candidates or low <= min(high_candidates)

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    @api.model
    def _locate_addresses(self, addresses):
        """Return (quarter id, programme area id) for each (street, zip, city, day); see ``_explain_addresses``."""
        return [(found.quarter_id, found.programme_area_id) for found in self._explain_addresses(addresses)]

    @api.model
    def _explain_addresses(self, addresses):
        """Locate each (street, zip, city, day) and say why: a ``Location`` per address.

        The quarter is ``False`` where no rule covers the address, and the reason
        says why none did. Without a ZIP code, the rules of the whole city count:
        the address gets the quarter if all rules covering it agree on one, and is
        left unassigned (reason "ambiguous", the candidates named) when they do not.
        Of the rules that cover an address, the first whose programme area (if it
        names one) is valid on that day (None: today) decides; that area counts,
        otherwise the area the quarter lies wholly inside on that day. Two queries
        whatever the batch size.
        """
        today = fields.Date.context_today(self)
        parsed = [
            (*split_street(street), normalize_zip(zip_code), normalize_city(city), on_date or today)
            for street, zip_code, city, on_date in addresses
        ]
        street_keys = {key for key, *_rest in parsed if key}
        rules_by_key = defaultdict(list)
        rules = self.sudo().search_fetch(
            [("street_key", "in", list(street_keys))],
            ["street_key", "zip", "number_from", "number_to", "parity", "quarter_id", "city", "programme_area_id"],
            order="sequence, id",
        )
        for rule in rules:
            rules_by_key[rule.street_key].append(rule)
        city_keys = {rule.id: normalize_city(rule.city) for rule in rules}
        areas = self.env["district.programme.area"].sudo().search([("city", "in", list(set(rules.mapped("city"))))])
        areas_by_quarter = defaultdict(list)
        for area in areas:
            for quarter_id in area.quarter_ids.ids:
                areas_by_quarter[quarter_id].append(area)

        def in_place(rule, zip_code, city_key):
            """The rule lies in the address's city (or, without a city, in its ZIP code)."""
            if city_key:
                return city_key == city_keys[rule.id]
            return bool(rule.zip and zip_code and normalize_zip(rule.zip) == zip_code)

        def covers_number(rule, number):
            return number_matches(number, rule.number_from or None, rule.number_to or None, rule.parity)

        def area_applies(area, on_date):
            return area.active and area._is_valid_on(on_date)

        results = []
        for street_key, number, zip_code, city_key, on_date in parsed:
            if not street_key:
                results.append(Location(False, False, "no_street", False, ""))
                continue
            if not city_key and not zip_code:
                results.append(Location(False, False, "no_city", False, ""))
                continue
            street_rules = [rule for rule in rules_by_key.get(street_key, ()) if in_place(rule, zip_code, city_key)]
            numbered = [rule for rule in street_rules if covers_number(rule, number)]
            if zip_code:
                matches = [rule for rule in numbered if not rule.zip or normalize_zip(rule.zip) == zip_code]
            else:
                matches = numbered
            if not matches:
                reason = "no_rule" if not street_rules else ("zip_mismatch" if numbered else "number_outside")
                results.append(Location(False, False, reason, False, ""))
                continue
            quarters = {rule.quarter_id for rule in matches}
            if len(quarters) > 1:
                names = " / ".join(sorted(quarter.display_name for quarter in quarters))
                results.append(Location(False, False, "ambiguous", False, names))
                continue
            # A stretch may carry one rule per version of its programme area: a rule whose area
            # is not valid that day gives way to a later one whose area is.
            match = next(
                (
                    rule
                    for rule in matches
                    if not rule.programme_area_id or area_applies(rule.programme_area_id, on_date)
                ),
                matches[0],
            )
            candidates = [match.programme_area_id] if match.programme_area_id else []
            candidates += areas_by_quarter.get(match.quarter_id.id, [])
            area_id = next((area.id for area in candidates if area_applies(area, on_date)), False)
            results.append(Location(match.quarter_id.id, area_id, "rule", match.id, ""))
        return results
