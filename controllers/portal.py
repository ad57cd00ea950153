import base64

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.district_vacancy_report import MAX_PHOTO_BYTES

MAX_PHOTOS = 5


class DistrictPremisesPortal(CustomerPortal):
    """Landlords' own units on the portal (/my/premises).

    Portal users have no access right on any district model: every read here goes
    through ``_landlord_premises``, which searches as superuser within the landlord's
    own units only, and the pages show a fixed set of harmless fields.
    """

    def _landlord_premises(self):
        premises = request.env["district.premises"].sudo()
        return premises.search(premises._portal_domain(request.env.user.partner_id))

    def _landlord_premises_check(self, premises_id):
        """The landlord's unit, as superuser; 404 for any other unit, so that others' units do not show."""
        premises = request.env["district.premises"].sudo()
        found = premises.search(Domain("id", "=", premises_id) & premises._portal_domain(request.env.user.partner_id))
        if not found or request.env.user._is_public():
            raise NotFound()
        return found

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "premises_count" in counters:
            premises = request.env["district.premises"].sudo()
            values["premises_count"] = premises.search_count(premises._portal_domain(request.env.user.partner_id))
        return values

    @http.route("/my/premises", type="http", auth="user", website=True)
    def portal_my_premises(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(page_name="premises", premises_list=self._landlord_premises())
        return request.render("district_economy.portal_my_premises", values)

    def _premises_page(self, premises, errors=None, form=None, sent=False, status=200):
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="premises",
            premises=premises,
            change_requests=premises.change_request_ids.filtered(
                lambda r: r.partner_id.commercial_partner_id == request.env.user.partner_id.commercial_partner_id
            ),
            errors=errors or {},
            form=form or {},
            sent=sent,
            max_photo_mb=MAX_PHOTO_BYTES // (1024 * 1024),
        )
        return request.render("district_economy.portal_my_premises_detail", values, status=status)

    @http.route("/my/premises/<int:premises_id>", type="http", auth="user", website=True)
    def portal_my_premises_detail(self, premises_id, sent=None, **kwargs):
        return self._premises_page(self._landlord_premises_check(premises_id), sent=bool(sent))

    def _parse_change_form(self, premises, form):
        """The proposed values from the posted form (empty fields: no change), and errors by field."""
        errors = {}
        values = {"premises_id": premises.id, "partner_id": request.env.user.partner_id.id}
        if form.get("state") in ("vacant", "let") and form["state"] != premises.state:
            values["new_state"] = form["state"]
        if form.get("available_from"):
            try:
                values["new_available_from"] = fields.Date.to_date(form["available_from"])
            except ValueError:
                errors["available_from"] = request.env._("Enter the date as YYYY-MM-DD.")
        for name in ("rent_per_m2", "area_m2"):
            text = (form.get(name) or "").strip().replace(",", ".")
            if not text:
                continue
            try:
                values[f"new_{name}"] = float(text)
            except ValueError:
                errors[name] = request.env._("Enter a number, e.g. 12.50.")
        note = (form.get("note") or "").strip()
        if note:
            values["note"] = note[:2000]
        return values, errors

    def _parse_photos(self, errors):
        """The uploaded photos as attachment values; what is no photo or too large goes into ``errors``."""
        photos = [photo for photo in request.httprequest.files.getlist("photos") if photo.filename]
        if len(photos) > MAX_PHOTOS:
            errors["photos"] = request.env._("Send at most %(count)s photos at a time.", count=MAX_PHOTOS)
        attachments = []
        for photo in photos[:MAX_PHOTOS]:
            content = photo.read(MAX_PHOTO_BYTES + 1)
            try:
                request.env["district.vacancy.report"]._check_photo(content)
            except ValidationError as refused:
                errors["photos"] = refused.args[0]
                continue
            attachments.append(
                {
                    "name": photo.filename,
                    "datas": base64.b64encode(content),
                    "res_model": "district.premises.change.request",
                }
            )
        return attachments

    @http.route("/my/premises/<int:premises_id>/change", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_premises_change(self, premises_id, **form):
        premises = self._landlord_premises_check(premises_id)
        Request = request.env["district.premises.change.request"]
        values, errors = self._parse_change_form(premises, form)
        attachments = self._parse_photos(errors)
        if errors:
            return self._premises_page(premises, errors=errors, form=form, status=400)
        try:
            with request.env.cr.savepoint():
                if attachments:
                    values["attachment_ids"] = [
                        fields.Command.link(attachment.id)
                        for attachment in request.env["ir.attachment"].sudo().create(attachments)
                    ]
                Request.sudo().create(values)
        except ValidationError as refused:
            return self._premises_page(premises, errors={"form": refused.args[0]}, form=form, status=400)
        return request.redirect(f"/my/premises/{premises.id}?sent=1")
