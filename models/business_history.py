"""Keeps one business's event log in step with its dated facts (DOMAIN.md, counting rules).

The event log is what every figure counts: flows are its events, stocks the sum
of its ``stock_delta`` up to a date. Its current period of activity therefore
holds at most one entry (opening, recorded or moved in) and one exit (closing
or moved out), derived from the business's facts each time they change, plus
the moves and sector changes that happened in between.
"""

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import format_date

OPERATING_STATUSES = ("active", "closed", "moved_out")
ADDRESS_FIELDS = frozenset({"street", "zip", "city"})
# The facts the event log follows, and their value for a business not yet recorded.
EMPTY_SNAPSHOT = {
    "business_status": False,
    "opening_date": False,
    "closing_date": False,
    "street": False,
    "zip": False,
    "city": False,
    "quarter_id": None,
    "programme_area_id": None,
    "quarter_manual": False,
    "industry_id": None,
}


class BusinessHistory:
    """The sync of one business after one change; ``old`` is its snapshot before the change."""

    def __init__(self, partner, old, events):
        self.partner = partner
        self.old = {
            **old,
            "quarter_id": old["quarter_id"] or partner.env["district.quarter"],
            "programme_area_id": old["programme_area_id"] or partner.env["district.programme.area"],
            "industry_id": old["industry_id"] or partner.env["res.partner.industry"],
        }
        self.events = events
        self.Event = events.browse()
        context = partner.env.context
        self.is_correction = bool(context.get("district_address_correction"))
        self.change_date = partner._district_change_date()
        self.today = fields.Date.context_today(partner)

    # -- helpers --------------------------------------------------------
    def _of_role(self, role):
        return self.events.filtered(lambda event: event.role == role)[:1]

    def _create(self, event_type, role, day, location=None):
        event = self.Event.create(self.partner._business_event_values(event_type, role, day, location))
        self.events |= event
        return event

    def _withdraw(self, events):
        self.events -= events
        events.unlink()

    def _old_address(self):
        return (self.old["street"], self.old["zip"], self.old["city"])

    def _new_address(self):
        return (self.partner.street, self.partner.zip, self.partner.city)

    def _cell_changed(self):
        partner = self.partner
        return (partner.quarter_id, partner.programme_area_id) != (
            self.old["quarter_id"],
            self.old["programme_area_id"],
        )

    def _in_stock_on(self, day, entry, exit_event):
        return bool(entry) and entry.date <= day and (not exit_event or exit_event.date > day)

    def _current_stint(self):
        """Events of the current period at the business's present address: since its latest move in."""
        moves_in = self.events.filtered(lambda event: event.role == "move" and event.event_type == "moved_in")
        since = max(moves_in.mapped("date")) if moves_in else None
        return self.events.filtered(lambda event: since is None or event.date >= since)

    # -- the sync -------------------------------------------------------
    def sync(self, address_changed):
        partner, old = self.partner, self.old
        address_changed = address_changed and self._old_address() != self._new_address()
        entry, exit_event = self._of_role("entry"), self._of_role("exit")
        had_entry = bool(entry)

        came_from_elsewhere = False
        if self._reopens(exit_event):
            # A new period of activity: the earlier one stays as it was reported.
            self.events.write({"is_current_period": False})
            self.events = self.Event
            entry = exit_event = self.Event
            had_entry = False
            came_from_elsewhere = old["business_status"] == "moved_out"
        elif not had_entry and old["business_status"] not in OPERATING_STATUSES:
            # A company relocating in, or becoming active together with an address change, came from elsewhere.
            came_from_elsewhere = partner.business_status in OPERATING_STATUSES and (
                old["business_status"] == "relocating_in" or (address_changed and not partner.opening_date)
            )

        entry = self._sync_entry(entry, came_from_elsewhere)
        exit_event = self._sync_exit(entry, exit_event, address_changed)

        if address_changed and had_entry:
            if self.is_correction:
                self._correct_location(address_changed=True)
            elif self._in_stock_on(self.change_date, entry, exit_event):
                if self._cell_changed():
                    self._log_move()
            else:
                # Not (yet) there: what is still to happen happens at the new address.
                self._restamp(self.events.filtered(lambda event: event.date > self.change_date))
        elif not address_changed and had_entry and self._cell_changed():
            # The quarter changed without an address change: set by hand, a correction.
            self._correct_location(address_changed=False)

        if partner.industry_id != old["industry_id"] and entry:
            self._sync_sector(entry, exit_event)
        self._check_order(entry, exit_event)

    def _check_order(self, entry, exit_event):
        """A period of activity begins before anything else happens in it and ends after it."""
        others = self.events - entry - exit_event
        first_other = min(others.mapped("date")) if others else None
        last_other = max(others.mapped("date")) if others else None
        env = self.partner.env
        if entry and first_other and first_other < entry.date:
            raise ValidationError(
                env._(
                    "%(business)s: it cannot have opened (%(opening)s) after it moved or changed sector on "
                    "%(other)s. Correct the date, or record the address change as a correction.",
                    business=self.partner.display_name,
                    opening=format_date(env, entry.date),
                    other=format_date(env, first_other),
                )
            )
        if exit_event and entry and exit_event.date < entry.date:
            raise ValidationError(
                env._(
                    "%(business)s: it cannot have left or closed (%(exit)s) before it opened (%(opening)s).",
                    business=self.partner.display_name,
                    exit=format_date(env, exit_event.date),
                    opening=format_date(env, entry.date),
                )
            )
        if exit_event and last_other and last_other > exit_event.date:
            raise ValidationError(
                env._(
                    "%(business)s: it cannot have closed or left (%(exit)s) before it moved or changed sector on "
                    "%(other)s. Correct the date.",
                    business=self.partner.display_name,
                    exit=format_date(env, exit_event.date),
                    other=format_date(env, last_other),
                )
            )

    def _reopens(self, exit_event):
        """A closed or moved-out business that is active again starts a new period of activity."""
        partner, old = self.partner, self.old
        if not exit_event:
            return False
        if exit_event.event_type == "closing":
            return not partner.closing_date and bool(partner.opening_date) and partner.opening_date > exit_event.date
        return (
            old["business_status"] == "moved_out"
            and partner.business_status in ("active", "founding", "relocating_in")
            and not self.is_correction
        )

    def _expected_entry(self, entry, came_from_elsewhere):
        """(event type, date) of the entry the facts call for, or None."""
        partner = self.partner
        operating = partner.business_status in OPERATING_STATUSES
        expected = None
        if partner.business_status == "relocating_in":
            pass  # not here yet, whatever its opening date elsewhere
        elif entry.event_type == "moved_in" or (not entry and came_from_elsewhere):
            # It came from elsewhere: its entry is the move, dated by the move (its opening was elsewhere).
            if operating or partner.business_status == "founding":
                expected = ("moved_in", entry.date or self.change_date)
        elif partner.opening_date:
            expected = ("opening", partner.opening_date)
        elif operating:
            if entry.event_type == "recorded":
                expected = ("recorded", entry.date)
            elif entry:  # the opening date was withdrawn: it counts from the day it was first recorded
                expected = ("recorded", fields.Date.context_today(partner, partner.create_date))
            else:
                expected = ("recorded", self.change_date)
        return expected

    def _sync_entry(self, entry, came_from_elsewhere):
        expected = self._expected_entry(entry, came_from_elsewhere)
        if not expected:
            # A planned opening called off (or never a business): nothing happened, nothing counts.
            self._withdraw(self.events)
            return self.Event
        event_type, day = expected
        if not entry:
            return self._create(event_type, "entry", day)
        if (entry.event_type, entry.date) != expected:
            entry.write({"event_type": event_type, "date": day})
        return entry

    def _sync_exit(self, entry, exit_event, address_changed):
        partner = self.partner
        expected = None
        if entry and partner.closing_date:
            expected = ("closing", partner.closing_date)
        elif entry and partner.business_status == "moved_out":
            day = exit_event.date if exit_event.event_type == "moved_out" else self.change_date
            expected = ("moved_out", day)
        if not expected:
            if exit_event:
                self._withdraw(exit_event)
            return self.Event
        if not exit_event:
            # It leaves from where it was, even when the new address is typed in the same change.
            return self._create(expected[0], "exit", expected[1], self.old if address_changed else None)
        if (exit_event.event_type, exit_event.date) != expected:
            exit_event.write({"event_type": expected[0], "date": expected[1]})
        return exit_event

    def _log_move(self):
        """A move out of the old location and into the new one, on the day of the move, each naming the other.

        What the log holds after that day (a closure already recorded) happens at the new address.
        """
        day = self.change_date
        later_moves = self.events.filtered(lambda event: event.role == "move" and event.date > day)
        if later_moves:
            env = self.partner.env
            raise ValidationError(
                env._(
                    "%(business)s: a move on %(day)s cannot be recorded before its later move on %(later)s. "
                    "Record moves in the order they happened, or record this change as a correction.",
                    business=self.partner.display_name,
                    day=format_date(env, day),
                    later=format_date(env, max(later_moves.mapped("date"))),
                )
            )
        later = self.events.filtered(lambda event: event.date > day)
        moved_out = self._create("moved_out", "move", day, self.old)
        moved_in = self._create("moved_in", "move", day)
        moved_out.counterpart_event_id = moved_in
        moved_in.counterpart_event_id = moved_out
        self._restamp(later)

    def _restamp(self, events):
        partner = self.partner
        events.write(
            {
                "stamp_street": partner.street,
                "stamp_zip": partner.zip,
                "stamp_city": partner.city,
                "quarter_manual": partner.quarter_manual,
                **self._manual_location(),
            }
        )

    def _manual_location(self):
        partner = self.partner
        if not partner.quarter_manual:
            return {}
        return {"quarter_id": partner.quarter_id.id, "programme_area_id": partner.programme_area_id.id}

    def _correct_location(self, address_changed):
        """The business was always where it is now: its current stint's events (and contacts) say so."""
        stint = self._current_stint()
        if address_changed:
            old_address = self._old_address()
            stint = stint.filtered(
                lambda event: (
                    (event.stamp_street, event.stamp_zip, event.stamp_city) == old_address or event.date > self.today
                )
            )
            self._restamp(stint)
            self.partner._correct_contact_stamps(old_address)
        else:
            stint.write({"quarter_manual": self.partner.quarter_manual, **self._manual_location()})

    def _sync_sector(self, entry, exit_event):
        partner, old = self.partner, self.old
        day = self.change_date
        if old["industry_id"] and self._in_stock_on(day, entry, exit_event):
            change = self._create("sector_change", "sector", day)
            change.previous_industry_id = old["industry_id"]
            later = self.events.filtered(lambda event: event.date > day)
        else:
            # No sector yet, or not active now: the sector was wrong or missing, not changed.
            later = self.events.filtered(lambda event: event.industry_id == old["industry_id"])
        later.write({"industry_id": partner.industry_id.id})
