from odoo import api, fields, models
from odoo.tools import SQL, split_every

from .district_address_rule import QUARTER_REASONS, Location
from .tz_utils import local_date, office_tz

REASSIGN_CHUNK_SIZE = 20000


class DistrictLocatedMixin(models.AbstractModel):
    """Quarter and programme area assigned from a record's address by the address rules.

    Shared by businesses (``res.partner``), premises and the records that stamp
    a business's location at a contact date. ``_district_address_fields`` names
    the street, ZIP and city fields; ``_district_date_field`` the date on which
    the programme area must be valid (none: today); ``_district_position_fields``
    the latitude and longitude, if the record has a position: where no rule covers
    the address, the quarter whose outline contains the position counts (a rule
    always wins). ``quarter_manual`` keeps a quarter set by hand when the address
    changes. ``quarter_reason`` says why the record has its quarter, or none.
    """

    _name = "district.located.mixin"
    _description = "Located by District Address Rules"
    _district_address_fields = ("street", "zip", "city")
    _district_date_field = None
    _district_position_fields = None

    quarter_id = fields.Many2one(
        "district.quarter",
        index=True,
        ondelete="restrict",
        compute="_compute_district_location",
        store=True,
        readonly=False,
        precompute=True,
        help="Assigned from street, house number, ZIP code and city by the address rules.",
    )
    programme_area_id = fields.Many2one(
        "district.programme.area",
        string="Programme area",
        index=True,
        ondelete="restrict",
        compute="_compute_district_location",
        store=True,
        readonly=False,
        precompute=True,
    )
    borough_id = fields.Many2one(
        "district.borough", string="Borough", related="quarter_id.borough_id", store=True, index=True
    )
    quarter_manual = fields.Boolean(
        string="Quarter set by hand",
        help="Keep the quarter and programme area set by hand when the address changes or quarters are reassigned.",
    )
    quarter_reason = fields.Selection(
        QUARTER_REASONS,
        string="Why this quarter",
        compute="_compute_district_location",
        store=True,
        precompute=True,
        index=True,
        help="The address rule that matched, the position, a quarter set by hand, or why no rule matched.",
    )
    quarter_rule_id = fields.Many2one(
        "district.address.rule",
        string="Matching rule",
        compute="_compute_district_location",
        store=True,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
    )
    quarter_reason_detail = fields.Char(
        string="Quarters possible",
        compute="_compute_district_location",
        store=True,
        precompute=True,
        help="For an ambiguous address: the quarters it could lie in.",
    )

    def _district_location_depends(self):
        depends = [*self._district_address_fields, "quarter_manual", *(self._district_position_fields or ())]
        if self._district_date_field:
            depends.append(self._district_date_field)
        return depends

    @api.depends(lambda self: self._district_location_depends())
    def _compute_district_location(self):
        located = self.filtered(lambda record: not record.quarter_manual)
        (self - located)._keep_manual_location()
        for record in self - located:
            record.quarter_reason = "manual"
            record.quarter_rule_id = False
            record.quarter_reason_detail = False
        street_field, zip_field, city_field = self._district_address_fields
        results = self._district_locate(
            [
                (
                    record[street_field],
                    record[zip_field],
                    record[city_field],
                    record._district_location_date(),
                    record._district_position(),
                )
                for record in located
            ]
        )
        for record, found in zip(located, results, strict=True):
            record.quarter_id = found.quarter_id
            record.programme_area_id = found.programme_area_id
            record.quarter_reason = found.reason
            record.quarter_rule_id = found.rule_id
            record.quarter_reason_detail = found.detail or False

    def _district_position(self):
        """(latitude, longitude) of this record, or None when it has none (0, 0 is none)."""
        if not self._district_position_fields:
            return None
        latitude, longitude = (self[name] for name in self._district_position_fields)
        return (latitude, longitude) if latitude or longitude else None

    @api.model
    def _district_locate(self, entries):
        """A ``Location`` for each (street, zip, city, day, position): by the rules, else by the position.

        Programme areas stay rule- and quarter-based: a quarter found by position
        brings the programme areas that quarter lies wholly inside on that day.
        """
        results = self.env["district.address.rule"]._explain_addresses([entry[:4] for entry in entries])
        by_position = [
            index
            for index, (entry, found) in enumerate(zip(entries, results, strict=True))
            if not found.quarter_id and entry[4] and found.reason != "ambiguous"
        ]
        if not by_position:
            return results
        quarter_ids = self.env["district.quarter"]._locate_positions([entries[index][4] for index in by_position])
        areas = (
            self.env["district.programme.area"].sudo().search([("quarter_ids", "in", [q for q in quarter_ids if q])])
        )
        for index, quarter_id in zip(by_position, quarter_ids, strict=True):
            if not quarter_id:
                continue
            day = entries[index][3] or fields.Date.context_today(self)
            area = areas.filtered(lambda a, q=quarter_id, d=day: q in a.quarter_ids.ids and a._is_valid_on(d))[:1]
            results[index] = Location(quarter_id, area.id, "position", False, "")
        return results

    def _keep_manual_location(self):
        """Records whose quarter was set by hand keep it (assigning the current value)."""
        for record in self:
            record.quarter_id = record.quarter_id
            record.programme_area_id = record.programme_area_id

    def _district_location_date(self):
        """The day on which the programme area must be valid for this record."""
        if not self._district_date_field:
            return None
        return local_date(self[self._district_date_field], office_tz(self.env))

    @api.model
    def _reassign_district_location(self, ids=None):
        """Apply the current address rules to all (or the given) records not set by hand.

        Runs in chunks with one SELECT and at most one UPDATE per chunk, so that
        a city's whole register reassigns in seconds after rules change. This is
        a correction, not a move: no move is recorded. Returns (checked, changed).
        """
        self.env.flush_all()
        table = SQL.identifier(self._table)
        if ids is None:
            self.env.cr.execute(SQL("SELECT id FROM %s WHERE NOT COALESCE(quarter_manual, FALSE) ORDER BY id", table))
            ids = [row[0] for row in self.env.cr.fetchall()]
        date_column = SQL.identifier(self._district_date_field) if self._district_date_field else SQL("NULL::date")
        columns = SQL(", ").join(SQL.identifier(name) for name in self._district_address_fields)
        position_columns = (
            SQL(", ").join(SQL.identifier(name) for name in self._district_position_fields or ())
            if self._district_position_fields
            else SQL("NULL::float, NULL::float")
        )
        tz_name = office_tz(self.env)
        checked = changed = 0
        changed_ids = []
        for chunk in split_every(REASSIGN_CHUNK_SIZE, ids, list):
            self.env.cr.execute(
                SQL(
                    """SELECT id, quarter_id, programme_area_id, quarter_reason, quarter_rule_id,
                              quarter_reason_detail, %s, %s, %s
                         FROM %s
                        WHERE id = ANY(%s) AND NOT COALESCE(quarter_manual, FALSE)""",
                    date_column,
                    columns,
                    position_columns,
                    table,
                    chunk,
                )
            )
            rows = self.env.cr.fetchall()
            checked += len(rows)
            results = self._district_locate(
                [
                    (street, zip_code, city, local_date(day, tz_name), (lat, lon) if lat or lon else None)
                    for *_ids, day, street, zip_code, city, lat, lon in rows
                ]
            )
            updates = [
                (
                    row[0],
                    found.quarter_id or None,
                    found.programme_area_id or None,
                    found.reason,
                    found.rule_id or None,
                    found.detail or None,
                )
                for row, found in zip(rows, results, strict=True)
                if tuple(value or False for value in row[1:6])
                != (found.quarter_id, found.programme_area_id, found.reason, found.rule_id, found.detail or False)
            ]
            if not updates:
                continue
            values = SQL(", ").join(
                SQL("(%s, %s::int, %s::int, %s::varchar, %s::int, %s::varchar)", *update) for update in updates
            )
            self.env.cr.execute(
                SQL(
                    """UPDATE %(table)s AS rec
                      SET quarter_id = new.quarter_id,
                          programme_area_id = new.programme_area_id,
                          quarter_reason = new.quarter_reason,
                          quarter_rule_id = new.quarter_rule_id,
                          quarter_reason_detail = new.quarter_reason_detail,
                          borough_id = quarter.borough_id,  -- so the ORM recompute below finds it unchanged
                          write_date = NOW() AT TIME ZONE 'UTC',
                          write_uid = %(uid)s
                     FROM (VALUES %(values)s)
                          AS new(id, quarter_id, programme_area_id, quarter_reason, quarter_rule_id,
                                 quarter_reason_detail)
                LEFT JOIN district_quarter AS quarter ON quarter.id = new.quarter_id
                    WHERE rec.id = new.id""",
                    table=table,
                    values=values,
                    uid=self.env.uid,
                )
            )
            changed += len(updates)
            changed_ids.extend(update[0] for update in updates)
        if changed_ids:
            records = self.browse(changed_ids)
            records.invalidate_recordset(
                [
                    "quarter_id",
                    "programme_area_id",
                    "borough_id",
                    "quarter_reason",
                    "quarter_rule_id",
                    "quarter_reason_detail",
                    "write_date",
                    "write_uid",
                ]
            )
            # Stored values that depend on the location (reports, stamps) follow the correction.
            records.modified(["quarter_id", "programme_area_id", "borough_id"])
            self.env.flush_all()
        return checked, changed
