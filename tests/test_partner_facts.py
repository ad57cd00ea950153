from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestPartnerFacts(DistrictEconomyCase):
    """District facts on a business: formats, dates and counts are checked."""

    def test_wz_code_format(self):
        business = self.create_business("Eisenbahnstraße 49")
        for code in ("47", "47.1", "47.11", "47.11.1"):
            business.wz_code = code
        for code in ("4711", "47,11", "A", "47.111", "47.11.12"):
            with self.assertRaisesText(ValidationError, "not a WZ 2008 code"):
                business.wz_code = code
        self.assertEqual(business.wz_code, "47.11.1")

    def test_wz_code_fills_the_sector(self):
        form = Form(self.Partner.with_context(default_is_company=True))
        form.name = "Kiosk"
        form.wz_code = "47.26"
        self.assertEqual(form.industry_id, self.env.ref("base.res_partner_industry_G"))
        form.wz_code = "56.10"
        self.assertEqual(form.industry_id, self.env.ref("base.res_partner_industry_I"))

    def test_closing_not_before_opening(self):
        business = self.create_business("Eisenbahnstraße 49", opening_date="2024-05-01")
        with self.assertRaisesText(ValidationError, "closing date"):
            business.closing_date = "2024-04-30"
        business.closing_date = "2024-05-01"

    def test_counts_not_negative(self):
        business = self.create_business("Eisenbahnstraße 49")
        for field_name in ("employee_count", "fte"):
            with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
                business.write({field_name: -1})
                business.flush_recordset()

    def test_businesses_group_by_quarter_and_status(self):
        self.create_business("Eisenbahnstraße 49", business_status="active")
        self.create_business("Eisenbahnstraße 120", business_status="founding")
        groups = dict(
            self.Partner._read_group([("programme_area_id", "=", self.area_east.id)], ["quarter_id"], ["__count"])
        )
        self.assertGreaterEqual(groups[self.quarter_neustadt], 1)
        self.assertGreaterEqual(groups[self.quarter_volkmarsdorf], 1)
        unassigned = self.create_business("Musterstraße 1")
        self.assertIn(unassigned, self.Partner.search([("quarter_id", "=", False)]))
