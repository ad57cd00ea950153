from odoo import models
from odoo.exceptions import UserError

from ..models.business_history import EMPTY_SNAPSHOT, BusinessHistory

# Order of a period's events on one day: its entry first, its exit last.
_ROLE_ORDER = {"entry": 0, "move": 1, "sector": 1, "exit": 2}
LIFECYCLE_FIELDS = ("business_status", "opening_date", "closing_date")
LOCATION_FIELDS = ("street", "zip", "city", "quarter_id", "programme_area_id", "quarter_manual")


class Period:
    """One period of activity of a business: its events, from the entry until the exit (``end`` None: open)."""

    def __init__(self, owner, events, is_current):
        self.owner = owner
        self.events = events
        self.is_current = is_current
        entry = events.filtered(lambda event: event.role == "entry")[:1]
        exit_event = events.filtered(lambda event: event.role == "exit")[:1]
        self.start = entry.date if entry else min(events.mapped("date"))
        self.end = exit_event.date if exit_event else None

    def overlaps(self, other):
        """Whether both periods count the business on a same day (a day of leaving is not counted)."""
        return (other.end is None or self.start < other.end) and (self.end is None or other.start < self.end)


def split_periods(owner, events):
    """The periods of activity in a business's event log: the earlier ones (each from one entry to the next),
    then the current one."""
    current = events.filtered("is_current_period")
    periods = []
    chunk = events.browse()
    for event in (events - current).sorted(lambda event: (event.date, _ROLE_ORDER[event.role], event.id)):
        if event.role == "entry" and chunk:
            periods.append(Period(owner, chunk, False))
            chunk = events.browse()
        chunk |= event
    if chunk:
        periods.append(Period(owner, chunk, False))
    if current:
        periods.append(Period(owner, current, True))
    return periods


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's contact merge, for the businesses of the district and the contacts their figures count.

    Only managers merge them. Every district record follows the surviving contact
    (core's foreign-key update moves consultations, referrals, consents, cases,
    fundings, business events, premises links and registrations alike, each with the
    location stamped on it: flows stay where and when they were counted). The event
    logs are reconciled so that the business counts once (DOMAIN.md, merge rule):
    where the two records count it over the same days, the survivor's periods of
    activity are kept and the duplicate's dropped (one opening, not two); a period
    of the duplicate that the survivor does not cover (an earlier business life) is
    kept as an earlier period. The facts of the business (status, opening and closing
    date) follow the latest period kept; an opening date only the duplicate knew moves
    the survivor's opening back to it. Final reports are frozen and do not change.
    """

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) < 2 or self.env.context.get("district_partner_merge"):
            return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        district = partners._district_merge_records()
        if not district:
            return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        self._check_district_merge(partners, district, extra_checks)
        if not dst_partner or dst_partner not in partners:
            dst_partner = self._get_ordered_partner(partners.ids)[-1]
        plan = self._district_merge_plan(partners, dst_partner)
        merging = self.with_context(district_partner_merge=True)
        # Core's e-mail check is replaced by ours above: a business record without an e-mail does not differ.
        result = super(BasePartnerMergeAutomaticWizard, merging)._merge(
            partners.ids, dst_partner=dst_partner.with_context(district_partner_merge=True), extra_checks=False
        )
        self._district_reconcile_events(dst_partner, plan)
        return result

    def _update_values(self, src_partners, dst_partner):
        if self.env.context.get("district_partner_merge"):
            # Status, opening and closing date belong together (a closing date copied onto an active business
            # would close it): the reconciliation sets them from one record's life (``_district_merge_plan``).
            dst_partner = dst_partner.with_context(district_merge_values=True)
        return super()._update_values(src_partners, dst_partner)

    def _check_district_merge(self, partners, district, extra_checks):
        if not self.env.su and not self.env.user.has_group("district_economy.group_district_manager"):
            raise UserError(
                self.env._(
                    "Only District Economy managers can merge businesses and the contacts that district records "
                    "or figures name (%(partners)s). Ask a manager to merge them.",
                    partners=", ".join(district.mapped("display_name")),
                )
            )
        emails = {partner.email.strip().lower() for partner in partners if partner.email and partner.email.strip()}
        if extra_checks and not self.env.is_admin() and len(emails) > 1:
            raise UserError(
                self.env._(
                    "These contacts have different e-mail addresses (%(emails)s): only the administrator can merge "
                    "them. If they are one business, correct the e-mail address first.",
                    emails=", ".join(sorted(emails)),
                )
            )

    def _district_merge_plan(self, partners, dst_partner):
        """What the merged business keeps, read before core moves the records: the periods of activity,
        and the facts (snapshots) each record's event log was in step with."""
        Event = self.env["district.business.event"].sudo().with_context(active_test=False)
        events = Event.search([("partner_id", "in", partners.ids)])
        by_partner = events.grouped("partner_id")
        ordered = dst_partner | (partners - dst_partner)
        kept, dropped = [], Event
        for partner in ordered:
            for period in split_periods(partner, by_partner.get(partner, Event)):
                if any(period.overlaps(other) for other in kept):
                    dropped |= period.events
                else:
                    kept.append(period)
        current = max(kept, key=lambda period: period.start) if kept else None
        owner = current.owner if current else None
        # Without any event log (no business yet) core's copying of the facts stands.
        facts = {name: owner[name] for name in LIFECYCLE_FIELDS} if owner else {}
        if owner == dst_partner and not dst_partner.opening_date:
            facts["opening_date"] = self._earlier_opening(partners - dst_partner, current, kept)
        return {
            "dropped": dropped,
            "current": current.events if current else Event,
            "earlier": Event.union(*(period.events for period in kept if period is not current)),
            "owner_snapshot": owner._business_event_snapshot() if owner else dict(EMPTY_SNAPSHOT),
            "facts": facts,
            "company_registry": dst_partner.company_registry
            or next(iter(filter(None, (partners - dst_partner).mapped("company_registry"))), False),
            "quarter_manual": dst_partner.quarter_manual if dst_partner.street else None,
        }

    def _earlier_opening(self, duplicates, current, kept):
        """The opening date a duplicate knew, where the survivor has none: it moves the survivor's entry back
        to that day if no other period kept lies in between."""
        entry = current.events.filtered(lambda event: event.role == "entry")[:1]
        openings = [day for day in duplicates.mapped("opening_date") if day]
        if not entry or not openings:
            return False
        opening = min(openings)
        others_end = [period.end for period in kept if period is not current and period.end]
        if opening > entry.date or any(end >= opening for end in others_end):
            return False
        return opening

    def _district_reconcile_events(self, dst_partner, plan):
        """One event log for the merged business: keep the periods planned, then bring it in step with its facts."""
        self.env.invalidate_all()  # core moved the records by SQL
        plan["dropped"].exists().unlink()
        plan["earlier"].exists().write({"is_current_period": False})
        current = plan["current"].exists()
        current.write({"is_current_period": True})
        survivor = dst_partner.with_context(district_partner_merge=True)
        values = dict(plan["facts"])
        if plan["company_registry"] and not survivor.company_registry:
            values["company_registry"] = plan["company_registry"]
        if plan["quarter_manual"] is not None:
            values["quarter_manual"] = plan["quarter_manual"]
        survivor.write({name: value for name, value in values.items() if survivor[name] != value})

        survivor = survivor.with_context(district_partner_merge=False)
        # The log kept follows the owner's facts; where it was, and its sector, are the survivor's now
        # (a merge corrects the record: it is neither a move nor a sector change).
        before = {**plan["owner_snapshot"], **{name: survivor[name] for name in (*LOCATION_FIELDS, "industry_id")}}
        old_industry = plan["owner_snapshot"]["industry_id"] or survivor.industry_id.browse()
        if old_industry != survivor.industry_id:
            current.filtered(lambda event: event.industry_id == old_industry).write(
                {"industry_id": survivor.industry_id.id}
            )
        survivor._sync_business_events({survivor.id: before}, address_changed=False)
        events = (
            self.env["district.business.event"]
            .sudo()
            .search([("partner_id", "=", survivor.id), ("is_current_period", "=", True)], order="date, id")
        )
        history = BusinessHistory(survivor, before, events)
        stint = history._current_stint()
        # Still there, but logged at the duplicate's place: the business was always at the survivor's address.
        # (A business that left is logged where it left from, which is not its address now.)
        here = (survivor.quarter_id, survivor.programme_area_id)
        present = stint.filtered(lambda event: event.event_type != "moved_out")  # a move out is where it left
        if not stint.filtered(lambda event: event.role == "exit") and any(
            (event.quarter_id, event.programme_area_id) != here for event in present
        ):
            history._restamp(present)
