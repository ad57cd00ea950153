from odoo import api, models

from ..models.district_premises import VACANT_STATES


class ReportDistrictPremisesExpose(models.AbstractModel):
    """The exposé of a unit: what a company looking for space may read, nothing of the landlord's.

    The values are gathered here rather than read in the template, so that a read-only user (who
    may not read the landlord or the internal notes) can print it, and so that nothing confidential
    reaches the page unless the landlord agreed to be shown.
    """

    _name = "report.district_economy.report_premises_expose"
    _description = "Premises Exposé"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["district.premises"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "district.premises",
            "docs": docs,
            "expose": {premises.id: self._expose_values(premises) for premises in docs},
        }

    @api.model
    def _expose_floor(self, floor):
        if floor == 0:
            return self.env._("Ground floor")
        if floor == -1:
            return self.env._("Basement")
        if floor < -1:
            return self.env._("%(level)s. basement level", level=-floor)
        return self.env._("%(floor)s. floor", floor=floor)

    @api.model
    def _expose_values(self, premises, coordinator=None):
        """The printable values of ``premises``; ``coordinator`` (res.users) is the contact person, if any."""
        company = premises.company_id.sudo()
        contact = {
            "name": company.name,
            "street": ", ".join(part for part in (company.street, company.street2) if part),
            "city": " ".join(part for part in (company.zip, company.city) if part),
            "phone": company.phone,
            "email": company.email,
            "person": False,
            "person_phone": False,
            "person_email": False,
        }
        if coordinator:
            coordinator = coordinator.sudo()
            contact.update(
                person=coordinator.name,
                person_phone=coordinator.phone,
                person_email=coordinator.email,
            )
        landlord = False
        # The landlord is printed only with their consent, and only by someone who may see who they are.
        if self.env.user.has_group("district_economy.group_district_coordinator"):
            owner = premises.sudo().owner_id if premises.sudo().expose_show_owner else False
            if owner:
                landlord = {"name": owner.name, "phone": owner.phone, "email": owner.email}
        return {
            "street": premises.street,
            "city": " ".join(part for part in (premises.zip, premises.city) if part),
            "quarter": premises.quarter_id.name,
            "floor": self._expose_floor(premises.floor),
            "uses": ", ".join(premises.use_type_ids.mapped("name")),
            # A unit that is let or withdrawn can still be printed (for the file), but says so.
            "state": False
            if premises.state in VACANT_STATES
            else dict(premises._fields["state"]._description_selection(self.env)).get(premises.state),
            "contact": contact,
            "landlord": landlord,
        }


class ReportDistrictProposalExpose(models.AbstractModel):
    """The exposé of the unit of a proposal, with the case's coordinator as contact: sent by e-mail."""

    _name = "report.district_economy.report_proposal_expose"
    _description = "Premises Exposé for a Proposal"

    @api.model
    def _get_report_values(self, docids, data=None):
        proposals = self.env["district.settlement.proposal"].browse(docids)
        report = self.env["report.district_economy.report_premises_expose"]
        return {
            "doc_ids": docids,
            "doc_model": "district.settlement.proposal",
            "docs": proposals,
            "expose": {
                proposal.id: report._expose_values(proposal.premises_id, coordinator=proposal.settlement_id.user_id)
                for proposal in proposals
            },
        }
