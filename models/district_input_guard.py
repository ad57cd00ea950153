import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MODULE = "district_economy"
# PostgreSQL's integer column: a larger number would fail in the database with an SQL error.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
# Single-line text (names, streets, codes); notes are Text fields and take any length.
CHAR_MAX_LENGTH = 1000


def _to_integer(value):
    number = int(value)
    if isinstance(value, bool) or not INTEGER_MIN <= number <= INTEGER_MAX:
        raise ValueError(value)


def _to_number(value):
    if isinstance(value, bool) or not math.isfinite(float(value)):
        raise ValueError(value)


def _to_id(value):
    if isinstance(value, (str, bytes, float, bool)):
        raise ValueError(value)


def _converts(converter, value):
    try:
        converter(value)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


CONVERTERS = {
    "integer": _to_integer,
    "float": _to_number,
    "monetary": _to_number,
    "date": fields.Date.to_date,
    "datetime": fields.Datetime.to_datetime,
    "many2one": _to_id,
}


class Base(models.AbstractModel):
    """Input to the district fields is refused in plain words before it reaches the database.

    Over the API (JSON-RPC, JSON-2) a value of the wrong type would otherwise come back as a Python
    conversion error (or, for a link given as text, be silently dropped), a number too large for
    its column as an SQL error; and a link to a record the user may not read (another office's)
    would be stored, and that record's name then read through the link.
    """

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        self._district_check_input(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._district_check_input([vals])
        return super().write(vals)

    def _district_check_input(self, vals_list):
        linked = {}
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None or field._module != MODULE or value is False or value is None:
                    continue
                self._district_check_value(field, value)
                if field.type == "many2one" and type(value) is int and value:
                    linked.setdefault(field, set()).add(value)
                elif field.type == "many2many":
                    linked.setdefault(field, set()).update(_linked_ids(value))
        if self.env.su:
            return
        for field, ids in linked.items():
            records = self.env[field.comodel_name].browse(ids)
            missing = records - records.exists()
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(field)s: there is no record with the id %(ids)s (deleted, or never created).",
                        field=field._description_string(self.env),
                        ids=", ".join(str(record_id) for record_id in missing.ids),
                    )
                )
            records.check_access("read")

    def _district_check_value(self, field, value):
        if field.type == "char":
            if isinstance(value, str) and len(value) > CHAR_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "%(field)s holds at most %(max)s characters; %(length)s were entered. Shorten it.",
                        field=field._description_string(self.env),
                        max=CHAR_MAX_LENGTH,
                        length=len(value),
                    )
                )
            return
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            if value in keys:
                return
            expected = self.env._("one of %(values)s", values=", ".join(keys))
        elif field.type in CONVERTERS:
            if _converts(CONVERTERS[field.type], value):
                return
            expected = {
                "integer": self.env._("a whole number between %(min)s and %(max)s", min=INTEGER_MIN, max=INTEGER_MAX),
                "float": self.env._("a number"),
                "monetary": self.env._("an amount"),
                "date": self.env._("a date written YYYY-MM-DD"),
                "datetime": self.env._("a date and time written YYYY-MM-DD HH:MM:SS"),
                "many2one": self.env._("the id of a record"),
            }[field.type]
        else:
            return
        raise ValidationError(
            self.env._(
                "%(field)s: %(value)s is not valid here; enter %(expected)s.",
                field=field._description_string(self.env),
                value=repr(value)[:80],
                expected=expected,
            )
        )


def _linked_ids(commands):
    """The ids an x2many value links: set (6) and link (4) commands, or a plain list of ids."""
    ids = set()
    for command in commands if isinstance(commands, (list, tuple)) else ():
        if isinstance(command, int):
            ids.add(command)
        elif isinstance(command, (list, tuple)) and len(command) > 2 and command[0] == 6:
            ids.update(record_id for record_id in command[2] or () if isinstance(record_id, int))
        elif isinstance(command, (list, tuple)) and len(command) > 1 and command[0] == 4:
            ids.add(command[1])
    return ids
