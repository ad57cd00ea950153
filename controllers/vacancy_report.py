import base64
import logging

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.district_vacancy_report import MAX_PHOTO_BYTES

_logger = logging.getLogger(__name__)

# The hidden field a person never fills in (it is off-screen), but a robot filling every field does.
HONEYPOT_FIELD = "website_url"
CAPTCHA_ACTION = "district_vacancy_report"


class DistrictVacancyReportController(http.Controller):
    """The public page on which anyone can report a vacant shop (without the website app)."""

    def _render_form(self, values=None, errors=None, status=200):
        Report = request.env["district.vacancy.report"]
        timestamp, signature = Report._form_stamp()
        return request.render(
            "district_economy.vacancy_report_form",
            {
                "values": values or {},
                "errors": errors or {},
                "form_timestamp": timestamp,
                "form_signature": signature,
                "consent_text": Report._consent_text(),
                "honeypot_field": HONEYPOT_FIELD,
                "max_photo_mb": MAX_PHOTO_BYTES // (1024 * 1024),
            },
            status=status,
        )

    @http.route("/leerstand-melden", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def vacancy_report_form(self, **kwargs):
        return self._render_form()

    @http.route("/leerstand-melden", type="http", auth="public", methods=["POST"], website=True, sitemap=False)
    def vacancy_report_submit(self, **form):
        Report = request.env["district.vacancy.report"]
        if form.get(HONEYPOT_FIELD):
            # A robot: answer as if all went well, so that it learns nothing.
            _logger.info("Vacancy report dropped: honeypot filled")
            return request.render("district_economy.vacancy_report_thanks", {})
        values, errors = Report._clean_form(form)
        try:
            Report._check_form_stamp(form.get("form_timestamp"), form.get("form_signature"))
            verify_captcha = getattr(request.env["ir.http"], "_verify_request_recaptcha_token", None)
            if verify_captcha:
                # google_recaptcha or website_cf_turnstile check their token here when installed.
                verify_captcha(CAPTCHA_ACTION)
            sender_hash = Report._sender_hash(request.httprequest.remote_addr)
            Report._check_rate_limit(sender_hash)
        except (UserError, ValidationError) as refused:
            errors["form"] = refused.args[0]
            return self._render_form(values, errors, status=400)
        photo = form.get("photo")
        photo_data = None
        if photo and getattr(photo, "filename", None):
            content = photo.read(MAX_PHOTO_BYTES + 1)
            try:
                Report._check_photo(content)
            except ValidationError as refused:
                errors["photo"] = refused.args[0]
            photo_data = base64.b64encode(content)
        if errors:
            return self._render_form(values, errors, status=400)
        Report.sudo()._create_report(values, photo=photo_data, sender_hash=sender_hash)
        return request.render("district_economy.vacancy_report_thanks", {})
