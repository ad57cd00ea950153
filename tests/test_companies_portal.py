from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JsonRpcMixin, RpcError

# Shared reference data: one geography and one set of categories for all offices (README, "Who sees what").
SHARED_MODELS = {
    "district.borough",
    "district.quarter",
    "district.programme.area",
    "district.population",
    "district.address.rule",
    "district.language",
    "district.consultation.topic",
    "district.funding.programme",
    "district.premises.use.type",
    "district.settlement.stage",
    "district.settlement.lost.reason",
}
REPORT_VIEWS = ("district.contact.report", "district.monitoring.report")
# Models a portal user may read records of (his own only), each tested with the issue that opens it.
PORTAL_MODELS = set()


def district_models(registry, *, transient=False):
    return sorted(
        name
        for name, model in registry.items()
        if name.startswith("district.") and not model._abstract and (transient or not model._transient)
    )


@tagged("post_install", "-at_install")
class TestCompaniesPortal(JsonRpcMixin, HttpCase):
    """Offices (companies) sharing a database see their own records; a city office with several
    companies reads them all and changes none; portal and public users reach no district model."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        euro = cls.env.ref("base.EUR")
        euro.active = True
        cls.office_a = cls.env["res.company"].create({"name": "Stadtteilbüro Ost (Test)", "currency_id": euro.id})
        cls.office_b = cls.env["res.company"].create({"name": "Stadtteilbüro West (Test)", "currency_id": euro.id})
        groups = "base.group_user,district_economy.group_district_"

        def office_user(login, group, companies):
            return new_test_user(
                cls.env,
                login,
                groups=groups + group,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
            )

        cls.coordinator_a = office_user("mc_coordinator_a", "coordinator", cls.office_a)
        cls.manager_a = office_user("mc_manager_a", "manager", cls.office_a)
        cls.city_office = office_user("mc_city_office", "readonly", cls.office_a | cls.office_b)
        cls.portal = new_test_user(cls.env, "mc_portal", groups="base.group_portal")
        cls.public = cls.env.ref("base.public_user")
        cls.records_a = cls._office_records(cls.office_a, "Ost")
        cls.records_b = cls._office_records(cls.office_b, "West")

    @classmethod
    def _office_records(cls, office, tag):
        """One record of every district model that belongs to an office, created in that office."""
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[office.id]))
        area = env.ref("district_economy.programme_area_leipziger_osten")
        business = env["res.partner"].create(
            {
                "name": f"Bäckerei {tag}",
                "is_company": True,
                "company_id": office.id,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                "opening_date": "2024-03-01",
            }
        )
        person = env["res.partner"].create({"name": f"Inhaberin {tag}", "company_id": office.id})
        consultation = env["district.consultation"].create(
            {"partner_id": business.id, "date": datetime(2024, 5, 2, 10), "state": "done", "summary": tag}
        )
        consent = env["district.consent"].create(
            {"partner_id": person.id, "purpose": "referral", "date_given": "2024-05-01"}
        )
        referral = env["district.referral"].create(
            {
                "partner_id": person.id,
                "institution_id": env.ref("district_economy.institution_leipzig_ihk").id,
                "consent_id": consent.id,
                "date": "2024-05-02",
                "state": "sent",
            }
        )
        premises = env["district.premises"].create(
            {"name": f"Laden {tag}", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 70}
        )
        settlement = env["district.settlement"].create({"name": f"Fall {tag}", "partner_id": business.id})
        proposal = env["district.settlement.proposal"].create(
            {"settlement_id": settlement.id, "premises_id": premises.id, "score": 70}
        )
        funding = env["district.funding"].create(
            {
                "name": f"Förderung {tag}",
                "partner_id": business.id,
                "programme_id": env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "approved",
                "date_approved": "2024-04-01",
                "amount_granted": 5000,
            }
        )
        payment = env["district.funding.payment"].create(
            {"funding_id": funding.id, "date": "2024-06-01", "amount": 2000}
        )
        target = env["district.target"].create(
            {
                "indicator": "opening_count",
                "programme_area_id": area.id,
                "date_from": "2024-01-01",
                "date_to": "2024-12-31",
                "target_value": 5,
            }
        )
        snapshot = env["district.monitoring.snapshot"].create(
            {"programme_area_id": area.id, "date_from": "2024-01-01", "date_to": "2024-12-31"}
        )
        snapshot.action_compute()
        env.flush_all()
        sudo = env["base"].sudo().with_context(active_test=False).env
        records = {
            "district.consultation": consultation,
            "district.consent": consent,
            "district.referral": referral,
            "district.premises": premises,
            "district.premises.vacancy": premises.vacancy_ids,
            "district.settlement": settlement,
            "district.settlement.proposal": proposal,
            "district.funding": funding,
            "district.funding.payment": payment,
            "district.business.event": sudo["district.business.event"].search([("partner_id", "=", business.id)]),
            "district.target": target,
            "district.monitoring.snapshot": snapshot,
            "district.monitoring.snapshot.line": snapshot.line_ids,
            "district.contact.report": sudo["district.contact.report"].search([("company_id", "=", office.id)]),
            "district.monitoring.report": sudo["district.monitoring.report"].search([("company_id", "=", office.id)]),
        }
        for model, found in records.items():
            assert found and set(found.mapped("company_id")) == {office}, f"{model}: fixture in {office.name}"
        records["res.partner"] = business
        # Read back without the office's context, as each user's own session would.
        return {model: found.with_env(cls.env) for model, found in records.items()}

    # ------------------------------------------------------------------
    # Companies
    # ------------------------------------------------------------------
    def test_every_model_belongs_to_an_office_or_is_shared(self):
        """A new district model must choose: an office's records (company_id and a rule) or shared reference data."""
        rules = self.env["ir.rule"].sudo().search([("global", "=", True)])
        for name in district_models(self.env.registry):
            model = self.env[name]
            with self.subTest(model=name):
                if name in SHARED_MODELS:
                    self.assertNotIn("company_id", model._fields, f"{name} is documented as shared")
                    continue
                self.assertIn("company_id", model._fields, f"{name}: add company_id or document it as shared")
                model_rules = rules.filtered(lambda rule, name=name: rule.model_id.model == name)
                self.assertTrue(
                    any("company_ids" in rule.domain_force for rule in model_rules), f"{name}: multi-company rule"
                )

    def test_office_sees_only_its_own_records(self):
        for model, records_b in self.records_b.items():
            records_a = self.records_a[model]
            with self.subTest(model=model):
                found = (
                    self.env[model].with_user(self.coordinator_a).search([("id", "in", (records_a | records_b).ids)])
                )
                self.assertEqual(found, records_a, f"{model}: office A sees its own records and not office B's")
                with self.assertRaises(AccessError):
                    records_b.with_user(self.coordinator_a).read(["company_id"])
                with self.assertRaises(AccessError):
                    records_b.with_user(self.coordinator_a).check_access("write")
        totals = (
            self.env["district.monitoring.report"]
            .with_user(self.coordinator_a)
            .formatted_read_group(
                [("date", ">=", "2024-01-01"), ("date", "<=", "2024-12-31")], [], ["consultation_count:sum"]
            )
        )
        self.assertEqual(totals[0]["consultation_count:sum"], 1, "the pivot counts office A's consultation only")

    def test_refusal_names_no_record_of_another_office(self):
        consultation_b = self.records_b["district.consultation"]
        with self.assertRaises(AccessError) as refused:
            consultation_b.with_user(self.coordinator_a).read(["summary"])
        self.assertNotIn("Bäckerei West", str(refused.exception))
        self.assertIn(f"#{consultation_b.id}", str(refused.exception))

    def test_city_office_reads_all_offices_and_writes_none(self):
        both = self.env(user=self.city_office, context={"allowed_company_ids": (self.office_a | self.office_b).ids})
        only_a = self.env(user=self.city_office, context={"allowed_company_ids": self.office_a.ids})
        for model, records_b in self.records_b.items():
            records = self.records_a[model] | records_b
            with self.subTest(model=model):
                self.assertEqual(both[model].search([("id", "in", records.ids)]), records)
                self.assertEqual(only_a[model].search([("id", "in", records.ids)]), self.records_a[model])
                for operation in ("write", "unlink"):
                    with self.assertRaises(AccessError):
                        records.with_env(both).check_access(operation)
                with self.assertRaises(AccessError):
                    both[model].check_access("create")
        # Over the API too: the figures of both offices, and no change to either.
        lines = self.rpc(
            self.city_office.login,
            "district.monitoring.snapshot.line",
            "search_read",
            [("company_id", "in", (self.office_a | self.office_b).ids), ("level", "=", "total")],
            ["company_id", "indicator", "value"],
        )
        self.assertEqual({line["company_id"][0] for line in lines}, set((self.office_a | self.office_b).ids))
        for model, values in (
            ("district.consultation", {"summary": "Changed"}),
            ("district.monitoring.snapshot.line", {"value": 99}),
            ("district.target", {"target_value": 99}),
        ):
            record = self.records_b[model][:1]
            with self.assertRaises(RpcError):
                self.rpc(self.city_office.login, model, "write", record.ids, values)
            with self.assertRaises(RpcError):
                self.rpc(self.city_office.login, model, "unlink", record.ids)

    # ------------------------------------------------------------------
    # Portal and public
    # ------------------------------------------------------------------
    def test_portal_reaches_no_district_model(self):
        models = district_models(self.env.registry, transient=True)
        for report in REPORT_VIEWS:
            self.assertIn(report, models)
        for model in models:
            with self.subTest(model=model):
                if model in PORTAL_MODELS:
                    self.assertFalse(self.rpc(self.portal.login, model, "search_read", [], ["display_name"]))
                    continue
                with self.assertRaises(RpcError) as refused:
                    self.rpc(self.portal.login, model, "search_read", [], ["display_name"])
                self.assertEqual(refused.exception.data["name"], "odoo.exceptions.AccessError", model)
        for model, records in self.records_a.items():
            if model == "res.partner" or model in PORTAL_MODELS:
                continue
            with self.subTest(model=model), self.assertRaises(RpcError):
                self.rpc(self.portal.login, model, "read", records[:1].ids, ["display_name"])
        # The businesses themselves: a portal user sees none of another organisation's contacts.
        business = self.records_a["res.partner"]
        self.assertFalse(self.rpc(self.portal.login, "res.partner", "search", [("id", "=", business.id)]))

    def test_public_reaches_no_district_model(self):
        for model in district_models(self.env.registry, transient=True):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.public).search_read([], ["display_name"])
        # Without a session the web client's data route answers nothing either.
        response = self.url_open(
            "/web/dataset/call_kw/district.consultation/search_read",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"model": "district.consultation", "method": "search_read", "args": [[]], "kwargs": {}},
            },
        ).json()
        self.assertIn("error", response)
        self.assertNotIn("result", response)
