from odoo import api, fields, models
from odoo.tools import SQL, split_every

from .tz_utils import local_date, office_tz

REASSIGN_CHUNK_SIZE = 20000


class DistrictLocatedMixin(models.AbstractModel):
    """Quarter and programme area assigned from a record's address by the address rules.

    Shared by businesses (``res.partner``), premises and the records that stamp
    a business's location at a contact date. ``_district_address_fields`` names
    the street, ZIP and city fields; ``_district_date_field`` the date on which
    the programme area must be valid (none: today). ``quarter_manual`` keeps a
    quarter set by hand when the address changes.
    """

    _name = "district.located.mixin"
    _description = "Located by District Address Rules"
    _district_address_fields = ("street", "zip", "city")
    _district_date_field = None

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

    def _district_location_depends(self):
        depends = [*self._district_address_fields, "quarter_manual"]
        if self._district_date_field:
            depends.append(self._district_date_field)
        return depends

    @api.depends(lambda self: self._district_location_depends())
    def _compute_district_location(self):
        located = self.filtered(lambda record: not record.quarter_manual)
        (self - located)._keep_manual_location()
        street_field, zip_field, city_field = self._district_address_fields
        results = self.env["district.address.rule"]._locate_addresses(
            [
                (record[street_field], record[zip_field], record[city_field], record._district_location_date())
                for record in located
            ]
        )
        for record, (quarter_id, area_id) in zip(located, results, strict=True):
            record.quarter_id = quarter_id
            record.programme_area_id = area_id

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
        rule_model = self.env["district.address.rule"]
        tz_name = office_tz(self.env)
        checked = changed = 0
        changed_ids = []
        for chunk in split_every(REASSIGN_CHUNK_SIZE, ids, list):
            self.env.cr.execute(
                SQL(
                    """SELECT id, quarter_id, programme_area_id, %s, %s
                         FROM %s
                        WHERE id = ANY(%s) AND NOT COALESCE(quarter_manual, FALSE)""",
                    date_column,
                    columns,
                    table,
                    chunk,
                )
            )
            rows = self.env.cr.fetchall()
            checked += len(rows)
            results = rule_model._locate_addresses(
                [(street, zip_code, city, local_date(day, tz_name)) for *_ids, day, street, zip_code, city in rows]
            )
            updates = [
                (row[0], quarter_id or None, area_id or None)
                for row, (quarter_id, area_id) in zip(rows, results, strict=True)
                if (row[1] or False, row[2] or False) != (quarter_id, area_id)
            ]
            if not updates:
                continue
            values = SQL(", ").join(SQL("(%s, %s::int, %s::int)", *update) for update in updates)
            self.env.cr.execute(
                SQL(
                    """UPDATE %(table)s AS rec
                      SET quarter_id = new.quarter_id,
                          programme_area_id = new.programme_area_id,
                          borough_id = quarter.borough_id,  -- so the ORM recompute below finds it unchanged
                          write_date = NOW() AT TIME ZONE 'UTC',
                          write_uid = %(uid)s
                     FROM (VALUES %(values)s) AS new(id, quarter_id, programme_area_id)
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
            records.invalidate_recordset(["quarter_id", "programme_area_id", "borough_id", "write_date", "write_uid"])
            # Stored values that depend on the location (reports, stamps) follow the correction.
            records.modified(["quarter_id", "programme_area_id", "borough_id"])
            self.env.flush_all()
        return checked, changed
