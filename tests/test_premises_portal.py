import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JsonRpcMixin, RpcError


@tagged("post_install", "-at_install")
class TestPremisesPortal(JsonRpcMixin, HttpCase):
    """Landlords see and update only their own units on /my/premises; their changes wait for a coordinator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.env.ref("base.main_company")
        partners = cls.env["res.partner"]
        cls.landlord_a = partners.create({"name": "Hausverwaltung A (Test)", "is_company": True})
        cls.landlord_b = partners.create({"name": "Hausverwaltung B (Test)", "is_company": True})
        cls.portal_a = new_test_user(cls.env, "landlord_a", groups="base.group_portal", name="Anna Vermieter")
        cls.portal_a.partner_id.parent_id = cls.landlord_a
        cls.portal_b = new_test_user(cls.env, "landlord_b", groups="base.group_portal", name="Bernd Vermieter")
        cls.portal_b.partner_id.parent_id = cls.landlord_b
        groups = "base.group_user,district_economy.group_district_"
        cls.readonly = new_test_user(cls.env, "pp_readonly", groups=groups + "readonly", company_id=company.id)
        cls.coordinator = new_test_user(cls.env, "pp_coordinator", groups=groups + "coordinator", company_id=company.id)
        cls.manager = new_test_user(cls.env, "pp_manager", groups=groups + "manager", company_id=company.id)
        Premises = cls.env["district.premises"]
        values = {"zip": "04315", "city": "Leipzig", "area_m2": 80, "rent_per_m2": 8, "company_id": company.id}
        cls.unit_a = Premises.create(
            {
                **values,
                "name": "Laden Eisenbahnstraße 11 (Test A)",
                "street": "Eisenbahnstraße 11",
                "owner_id": cls.landlord_a.id,
                "notes": "<p>SECRET-NOTE of the office</p>",
            }
        )
        cls.unit_a_let = Premises.create(
            {
                **values,
                "name": "Laden Eisenbahnstraße 13 (Test A)",
                "street": "Eisenbahnstraße 13",
                "state": "let",
                "owner_id": cls.portal_a.partner_id.id,
            }
        )
        cls.unit_b = Premises.create(
            {
                **values,
                "name": "Laden Eisenbahnstraße 15 (Test B)",
                "street": "Eisenbahnstraße 15",
                "owner_id": cls.landlord_b.id,
            }
        )
        cls.unit_reported = Premises.create(
            {
                **values,
                "name": "Gemeldet Eisenbahnstraße 17 (Test A)",
                "street": "Eisenbahnstraße 17",
                "state": "reported",
                "owner_id": cls.landlord_a.id,
            }
        )
        cls.Request = cls.env["district.premises.change.request"]

    def _request(self, unit=None, partner=None, **values):
        return self.Request.create(
            {
                "premises_id": (unit or self.unit_a).id,
                "partner_id": (partner or self.portal_a.partner_id).id,
                **values,
            }
        )

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    # ------------------------------------------------------------------
    # What a landlord sees
    # ------------------------------------------------------------------
    def test_landlord_sees_only_own_units(self):
        self.authenticate("landlord_a", "landlord_a")
        page = self.url_open("/my/premises")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.unit_a.name, page.text)
        self.assertIn(self.unit_a_let.name, page.text, "units let to his contact person belong to his organisation")
        self.assertNotIn(self.unit_b.name, page.text)
        self.assertNotIn(self.unit_reported.name, page.text, "reported units are not in the office's inventory yet")
        detail = self.url_open(f"/my/premises/{self.unit_a.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("Eisenbahnstraße 11", detail.text)
        self.assertNotIn("SECRET-NOTE", detail.text, "internal notes stay internal")
        for other in (self.unit_b, self.unit_reported):
            self.assertEqual(self.url_open(f"/my/premises/{other.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/premises/999999999").status_code, 404)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["premises_count"]})
        self.assertEqual(counters["premises_count"], 2)

        self.authenticate("landlord_b", "landlord_b")
        page = self.url_open("/my/premises")
        self.assertIn(self.unit_b.name, page.text)
        self.assertNotIn(self.unit_a.name, page.text)
        self.assertEqual(self.url_open(f"/my/premises/{self.unit_a.id}").status_code, 404)

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open(f"/my/premises/{self.unit_a.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_landlord_reads_no_district_model_over_rpc(self):
        self._request(new_rent_per_m2=9)
        for model in ("district.premises", "district.premises.change.request", "district.vacancy.report"):
            with self.subTest(model=model), self.assertRaises(RpcError) as refused:
                self.rpc("landlord_a", model, "search_read", [], ["display_name"])
            self.assertEqual(refused.exception.data["name"], "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError):
            self.rpc("landlord_a", "district.premises", "read", self.unit_a.ids, ["name"])
        with self.assertRaises(RpcError):
            self.rpc(
                "landlord_a",
                "district.premises.change.request",
                "create",
                {"premises_id": self.unit_a.id, "partner_id": self.portal_a.partner_id.id, "new_area_m2": 1},
            )
        with self.assertRaises(RpcError):
            self.rpc("landlord_a", "district.premises", "write", self.unit_a.ids, {"rent_per_m2": 1})
        self.assertEqual(self.unit_a.rent_per_m2, 8)

    # ------------------------------------------------------------------
    # Proposing changes
    # ------------------------------------------------------------------
    def test_landlord_proposes_a_change_over_the_portal(self):
        self.authenticate("landlord_a", "landlord_a")
        url = f"/my/premises/{self.unit_a.id}"
        csrf = self._csrf(url)
        response = self.url_open(
            f"{url}/change",
            data={
                "csrf_token": csrf,
                "state": "let",
                "rent_per_m2": "12,50",
                "area_m2": "",
                "available_from": "",
                "note": "New tenant <b>from May</b>",
            },
            files={"photos": ("front.txt", b"not an image", "text/plain")},
        )
        self.assertEqual(response.status_code, 400, "what is no photo is refused")
        self.assertIn("als JPEG-, PNG-, GIF- oder WebP-Bild", response.text)
        self.assertFalse(self.unit_a.change_request_ids)
        response = self.url_open(
            f"{url}/change",
            data={"csrf_token": csrf, "state": "let", "rent_per_m2": "12,50", "note": "New tenant <b>from May</b>"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("sent=1", response.url)
        change = self.unit_a.change_request_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.state, "pending")
        self.assertEqual(change.partner_id, self.portal_a.partner_id)
        self.assertEqual((change.new_state, change.new_rent_per_m2), ("let", 12.5))
        self.assertEqual((change.old_state, change.old_rent_per_m2), ("vacant", 8))
        self.assertFalse(change.requested_new_area_m2, "an empty field proposes nothing")
        self.assertIn("→", change.diff_html)
        self.assertRegex(change.diff_html, r"8[.,]00.*→.*12[.,]50")
        self.assertIn("&lt;b&gt;from May", change.diff_html, "the note is text, not HTML")
        self.assertEqual(self.unit_a.state, "vacant", "nothing changes before approval")
        self.assertEqual(self.unit_a.rent_per_m2, 8)
        self.assertEqual(self.unit_a.change_request_pending_count, 1)
        # Someone else's unit: not found, nothing stored.
        response = self.url_open(f"/my/premises/{self.unit_b.id}/change", data={"csrf_token": csrf, "rent_per_m2": "1"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.unit_b.change_request_ids)
        # An empty proposal is refused with a message.
        response = self.url_open(f"{url}/change", data={"csrf_token": csrf, "state": ""})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Geben Sie mindestens eine Änderung", response.text)
        # Landlord B does not see A's proposals on his unit pages.
        self.authenticate("landlord_b", "landlord_b")
        self.assertNotRegex(self.url_open(f"/my/premises/{self.unit_b.id}").text, r"12[.,]50")

    def test_request_checks_values_and_landlord(self):
        with self.assertRaises(ValidationError):
            self._request(new_area_m2=0)
        with self.assertRaises(ValidationError):
            self._request(new_rent_per_m2=-1)
        with self.assertRaises(ValidationError):
            self._request()
        with self.assertRaises(ValidationError):
            self._request(unit=self.unit_b, new_rent_per_m2=5)
        with self.assertRaises(ValidationError):
            self._request(unit=self.unit_reported, new_rent_per_m2=5)

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------
    def test_approval_applies_through_the_unit(self):
        change = self._request(new_state="let", new_rent_per_m2=11, new_area_m2=95, note="Let from May")
        with self.assertRaises(AccessError):
            change.with_user(self.readonly).action_approve()
        with self.assertRaises(UserError):
            change.with_user(self.coordinator).write({"new_rent_per_m2": 1})
        with self.assertRaises(UserError):
            change.with_user(self.coordinator).write({"state": "approved"})
        change.with_user(self.coordinator).action_approve()
        self.assertEqual(change.state, "approved")
        self.assertEqual(change.reviewer_id, self.coordinator)
        self.assertTrue(change.review_date)
        self.assertEqual((self.unit_a.state, self.unit_a.rent_per_m2, self.unit_a.area_m2), ("let", 11, 95))
        self.assertEqual(self.unit_a.rent_total, 11 * 95)
        self.assertIn("Let from May", self.unit_a.message_ids[:1].body)
        self.assertFalse(self.unit_a.vacancy_ids.filtered(lambda v: not v.date_to), "the vacancy ended on letting")
        with self.assertRaises(UserError):
            change.with_user(self.coordinator).action_approve()

    def test_approval_meets_the_units_guards(self):
        change = self._request(new_area_m2=50)
        # A value the unit refuses (here set behind the request's back) stops the approval.
        self.env.cr.execute("UPDATE district_premises_change_request SET new_area_m2 = -5 WHERE id = %s", [change.id])
        change.invalidate_recordset()
        with self.assertRaises(ValidationError):
            change.with_user(self.coordinator).action_approve()
        self.assertEqual(change.state, "pending")
        self.assertEqual(self.unit_a.area_m2, 80)

    def test_rejection_needs_a_reason_the_landlord_reads(self):
        change = self._request(new_rent_per_m2=30)
        with self.assertRaises(UserError):
            change.with_user(self.coordinator).action_reject()
        change.with_user(self.coordinator).rejection_reason = "The rent is above the local level."
        change.with_user(self.coordinator).action_reject()
        self.assertEqual(change.state, "rejected")
        self.assertEqual(self.unit_a.rent_per_m2, 8)
        self.authenticate("landlord_a", "landlord_a")
        self.assertIn("The rent is above the local level.", self.url_open(f"/my/premises/{self.unit_a.id}").text)

    def test_access_per_group(self):
        change = self._request(new_rent_per_m2=10)
        self.assertEqual(change.with_user(self.readonly).diff_html, change.diff_html)
        with self.assertRaises(AccessError):
            change.with_user(self.readonly).write({"rejection_reason": "No"})
        with self.assertRaises(AccessError):
            self.Request.with_user(self.coordinator).create(
                {"premises_id": self.unit_a.id, "partner_id": self.portal_a.partner_id.id, "new_area_m2": 70}
            )
        with self.assertRaises(AccessError):
            change.with_user(self.coordinator).unlink()
        change.with_user(self.manager).unlink()
        approved = self._request(new_rent_per_m2=10)
        approved.action_approve()
        with self.assertRaises(UserError):
            approved.with_user(self.manager).unlink()
        # The list and the smart button.
        self.assertEqual(
            self.unit_a.with_user(self.coordinator).action_open_change_requests()["domain"],
            [("premises_id", "=", self.unit_a.id)],
        )

    def test_other_office_cannot_review(self):
        other = self.env["res.company"].create({"name": "Stadtteilbüro West (Test)"})
        outsider = new_test_user(
            self.env,
            "pp_outsider",
            groups="base.group_user,district_economy.group_district_coordinator",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        change = self._request(new_rent_per_m2=10)
        with self.assertRaises(AccessError):
            change.with_user(outsider).action_approve()
