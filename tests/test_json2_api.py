import json
from datetime import datetime, timedelta
from http import HTTPStatus

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

SECRET = "SECRET-JSON2-4T"


@tagged("post_install", "-at_install")
class TestJson2Api(HttpCase):
    """A city's BI tool reads the monitoring figures over Odoo 19's JSON-2 API with the API key of a
    Read-only user: it gets the figures, never a confidential field, and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.reader = new_test_user(
            cls.env, "bi_reader", groups="base.group_user,district_economy.group_district_readonly"
        )
        area = cls.env.ref("district_economy.programme_area_leipziger_osten")
        business = cls.env["res.partner"].create(
            {
                "name": "BI Bakery",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                "opening_date": "2023-03-01",
            }
        )
        cls.consultation = cls.env["district.consultation"].create(
            {"partner_id": business.id, "date": "2023-05-02 10:00:00", "summary": "Open", "note": SECRET}
        )
        cls.snapshot = cls.env["district.monitoring.snapshot"].create(
            {"programme_area_id": area.id, "date_from": "2023-01-01", "date_to": "2023-12-31"}
        )
        cls.snapshot.action_compute()
        # As the user makes it (Preferences, Account Security, New API Key): a key of a
        # non-administrator must expire, at the latest after the longest duration of his groups.
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.reader)
            ._generate(None, "City BI tool", datetime.now() + timedelta(days=30))
        )

    def json2(self, model, method, key=None, **params):
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"bearer {key or self.key}",
            },
        )

    def test_key_of_a_reader_must_expire(self):
        keys = self.env["res.users.apikeys"].with_user(self.reader)
        with self.assertRaises(ValidationError):
            keys._generate(None, "Forever", None)
        with self.assertRaises(ValidationError):
            keys._generate(None, "Too long", datetime.now() + timedelta(days=400))

    def test_reads_report_figures(self):
        response = self.json2(
            "district.monitoring.snapshot.line",
            "search_read",
            domain=[["snapshot_id", "=", self.snapshot.id], ["level", "=", "total"]],
            fields=["indicator", "value", "value_display", "target_value"],
            context={"lang": "en_US"},
        )
        self.assertEqual(response.status_code, HTTPStatus.OK, response.text)
        figures = {row["indicator"]: row["value"] for row in response.json()}
        expected = {line.indicator: line.value for line in self.snapshot.total_line_ids}
        self.assertEqual(figures, expected)
        self.assertGreaterEqual(figures["opening_count"], 1, "the business opened in 2023 is counted")
        # The live monitoring view too, grouped as a pivot would.
        response = self.json2(
            "district.monitoring.report",
            "formatted_read_group",
            domain=[["date", ">=", "2023-01-01"], ["date", "<=", "2023-12-31"]],
            groupby=["quarter_id"],
            aggregates=["opening_count:sum", "consultation_count:sum"],
        )
        self.assertEqual(response.status_code, HTTPStatus.OK, response.text)
        self.assertGreaterEqual(sum(group["consultation_count:sum"] for group in response.json()), 1)

    def test_no_confidential_field(self):
        response = self.json2("district.consultation", "search_read", domain=[["id", "=", self.consultation.id]])
        self.assertEqual(response.status_code, HTTPStatus.OK, response.text)
        self.assertEqual(response.json()[0]["summary"], "Open")
        self.assertNotIn("note", response.json()[0])
        self.assertNotIn(SECRET, response.text)
        for method, params in (
            ("search_read", {"domain": [], "fields": ["note"]}),
            ("search", {"domain": [["note", "ilike", "SECRET"]]}),
            ("formatted_read_group", {"domain": [], "groupby": ["note"], "aggregates": ["__count"]}),
            ("read", {"ids": self.consultation.ids, "fields": ["note"]}),
        ):
            with self.subTest(method=method):
                response = self.json2("district.consultation", method, **params)
                self.assertEqual(response.status_code, HTTPStatus.FORBIDDEN, response.text)
                self.assertNotIn(SECRET, response.text)

    def test_changes_nothing(self):
        line = self.snapshot.line_ids[:1]
        value = line.value
        response = self.json2("district.monitoring.snapshot.line", "write", ids=line.ids, vals={"value": value + 1000})
        self.assertEqual(response.status_code, HTTPStatus.FORBIDDEN, response.text)
        response = self.json2("district.consultation", "unlink", ids=self.consultation.ids)
        self.assertEqual(response.status_code, HTTPStatus.FORBIDDEN, response.text)
        line.invalidate_recordset()
        self.assertEqual(line.value, value)
        self.assertTrue(self.consultation.exists())

    def test_expired_or_unknown_key_is_refused(self):
        self.assertEqual(self.json2("district.monitoring.snapshot.line", "search", domain=[]).status_code, 200)
        keys = self.env["res.users.apikeys"].sudo().search([("user_id", "=", self.reader.id)])
        keys.write({"expiration_date": datetime.now() - timedelta(minutes=1)})
        self.env.flush_all()
        response = self.json2("district.monitoring.snapshot.line", "search", domain=[])
        self.assertEqual(response.status_code, HTTPStatus.UNAUTHORIZED, response.text)
        response = self.json2("district.monitoring.snapshot.line", "search", key="0" * 40, domain=[])
        self.assertEqual(response.status_code, HTTPStatus.UNAUTHORIZED, response.text)
