import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import DistrictEconomyCase

COORDINATORS = "district_economy.group_district_coordinator"
# The confidential fields (DOMAIN.md, Privacy; README "Who sees what"): coordinators and managers only.
CONFIDENTIAL = {
    "district.consultation": ("note",),
    "district.premises": ("owner_id", "contact_id", "notes"),
    "district.funding": ("note",),
    "district.settlement": ("lost_note",),
}
SECRETS = {
    "consultation": "SECRET-CONSULTATION-7Q",
    "landlord": "SECRET-LANDLORD-3K",
    "viewing": "SECRET-VIEWING-9Z",
    "premises": "SECRET-PREMISES-5W",
    "funding": "SECRET-FUNDING-2M",
    "lost": "SECRET-LOST-8R",
}


@tagged("post_install", "-at_install")
class TestConfidentiality(DistrictEconomyCase):
    """A Read-only user learns no confidential value on any path: views, read, grouping, export,
    search, printed reports, the chatter and the report views. Each test fails if one leaks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A city office that may export: the export path must stop at the field, not at the export right.
        cls.reader = new_test_user(
            cls.env,
            "conf_reader",
            groups="base.group_user,base.group_allow_export,district_economy.group_district_readonly",
        )
        business = cls.create_business("Eisenbahnstraße 49", name="Confidential Bakery", business_status="active")
        cls.landlord = cls.Partner.create({"name": f"Landlord {SECRETS['landlord']} GmbH", "is_company": True})
        cls.viewing_contact = cls.Partner.create({"name": f"Viewing {SECRETS['viewing']}"})
        cls.records = {
            "district.consultation": cls.env["district.consultation"].create(
                {
                    "partner_id": business.id,
                    "date": "2025-06-02 10:00:00",
                    "summary": "Premises wanted",
                    "note": SECRETS["consultation"],
                }
            ),
            "district.premises": cls.env["district.premises"].create(
                {
                    "name": "Shop 61",
                    "street": "Eisenbahnstraße 61",
                    "zip": "04315",
                    "city": "Leipzig",
                    "area_m2": 80,
                    "owner_id": cls.landlord.id,
                    "contact_id": cls.viewing_contact.id,
                    "notes": f"<p>{SECRETS['premises']}</p>",
                }
            ),
            "district.funding": cls.env["district.funding"].create(
                {
                    "name": "New oven",
                    "partner_id": business.id,
                    "programme_id": cls.env.ref("district_economy.funding_programme_erdf_2021").id,
                    "note": SECRETS["funding"],
                }
            ),
            "district.settlement": cls.env["district.settlement"].create(
                {
                    "name": "Bakery looking for a shop",
                    "partner_id": business.id,
                    "stage_id": cls.env.ref("district_economy.settlement_stage_lost").id,
                    "lost_reason_id": cls.env.ref("district_economy.settlement_lost_reason_no_premises").id,
                    "lost_note": SECRETS["lost"],
                }
            ),
        }

    def as_reader(self, model):
        return self.env[model].with_user(self.reader)

    def assertNoSecret(self, output, path):
        text = output if isinstance(output, str) else json.dumps(output, default=str)
        for secret in SECRETS.values():
            self.assertNotIn(secret, text, f"{path} shows a confidential value to a Read-only user")

    def test_secrets_are_there_for_coordinators(self):
        """Control: the coordinator reads every confidential value (else the other tests prove nothing)."""
        shown = []
        for model, field_names in CONFIDENTIAL.items():
            record = self.records[model].with_user(self.user_coordinator)
            shown.append(json.dumps(record.read(list(field_names)), default=str))
        for secret in SECRETS.values():
            self.assertIn(secret, "".join(shown))

    def test_fields_are_restricted_and_never_tracked(self):
        for model, field_names in CONFIDENTIAL.items():
            visible = self.as_reader(model).fields_get()
            for name in field_names:
                field = self.env[model]._fields[name]
                self.assertEqual(field.groups, COORDINATORS, f"{model}.{name} is restricted to coordinators")
                self.assertFalse(
                    getattr(field, "tracking", None), f"{model}.{name} must not be tracked into the chatter"
                )
                self.assertNotIn(name, visible, f"{model}.{name} is not described to a Read-only user")
        # No other field carries a confidential value past the restriction (a related or computed copy).
        for model_name in self.env.registry:
            model = self.env[model_name]
            for field in model._fields.values():
                if field.groups:
                    continue
                paths = []
                if field.related:
                    paths.append(".".join(field.related) if isinstance(field.related, (list, tuple)) else field.related)
                if field.compute and field.type in ("char", "text", "html", "many2one"):
                    paths.extend(field.get_depends(model)[0])
                for path in paths:
                    self.assertFalse(
                        self._reaches_confidential(model, path),
                        f"{model_name}.{field.name} copies a confidential field ({path}) without groups",
                    )

    def _reaches_confidential(self, model, path):
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None:
                return False
            if name in CONFIDENTIAL.get(model._name, ()):
                return True
            if not field.relational:
                return False
            model = self.env[field.comodel_name]
        return False

    def test_views(self):
        for model, field_names in CONFIDENTIAL.items():
            views = self.as_reader(model).get_views([(False, "form"), (False, "list"), (False, "search")])
            described = views["models"][model]["fields"]
            for view_type, view in views["views"].items():
                for name in field_names:
                    self.assertNotIn(f'name="{name}"', view["arch"], f"{model} {view_type} view shows {name}")
                    self.assertNotIn(name, described, f"{model}: {name} is described to the reader's views")

    def test_read_paths(self):
        for model, field_names in CONFIDENTIAL.items():
            record = self.records[model].with_user(self.reader)
            self.assertNoSecret(record.read(), f"{model}.read()")
            self.assertNoSecret(self.as_reader(model).search_read([("id", "=", record.id)]), f"{model}.search_read")
            for name in field_names:
                for path, call in (
                    ("read", lambda name=name, record=record: record.read([name])),
                    ("search_read", lambda name=name, model=model: self.as_reader(model).search_read([], [name])),
                    ("web_read", lambda name=name, record=record: record.web_read({name: {}})),
                    (
                        "web_search_read",
                        lambda name=name, model=model: self.as_reader(model).web_search_read([], {name: {}}),
                    ),
                    ("attribute", lambda name=name, record=record: record[name]),
                ):
                    with self.subTest(model=model, field=name, path=path), self.assertRaises(AccessError):
                        call()

    def test_grouping_paths(self):
        """Pivot and list grouping: grouping by the field or aggregating it is refused, not answered."""
        for model, field_names in CONFIDENTIAL.items():
            records = self.as_reader(model)
            for name in field_names:
                for path, call in (
                    (
                        "group by",
                        lambda name=name, records=records: records.formatted_read_group([], [name], ["__count"]),
                    ),
                    (
                        "pivot",
                        lambda name=name, records=records: records.formatted_read_grouping_sets(
                            [], [[name]], ["__count"]
                        ),
                    ),
                    (
                        "array_agg",
                        lambda name=name, records=records: records.formatted_read_group([], [], [f"{name}:array_agg"]),
                    ),
                    (
                        "count_distinct",
                        lambda name=name, records=records: records.formatted_read_group(
                            [], [], [f"{name}:count_distinct"]
                        ),
                    ),
                ):
                    with self.subTest(model=model, field=name, path=path), self.assertRaises(AccessError):
                        call()

    def test_export(self):
        for model, field_names in CONFIDENTIAL.items():
            records = self.records[model].with_user(self.reader)
            for name in field_names:
                paths = [[name]]
                if records._fields[name].type == "many2one":
                    paths += [[f"{name}/name"], [f"{name}/id"], [f"{name}/.id"]]
                for path in paths:
                    with self.subTest(model=model, path=path), self.assertRaises(AccessError):
                        records.export_data(path)
            # "Export all": every field the reader is offered, none of them carries a secret.
            offered = [name for name, desc in records.fields_get().items() if desc.get("exportable", True)]
            self.assertNoSecret(records.export_data(offered), f"{model} export of all fields")

    def test_search_paths(self):
        """A domain or an order on a hidden field would reveal its content bit by bit: both are refused."""
        for model, field_names in CONFIDENTIAL.items():
            records = self.as_reader(model)
            for name in field_names:
                value = "SECRET" if records._fields[name].type != "many2one" else self.landlord.id
                operator = "ilike" if records._fields[name].type != "many2one" else "="
                for path, call in (
                    ("search", lambda n=name, o=operator, v=value, r=records: r.search([(n, o, v)])),
                    ("search_count", lambda n=name, r=records: r.search_count([(n, "!=", False)])),
                    ("order", lambda n=name, r=records: r.search([], order=f"{n} desc")),
                    ("web_search_read", lambda n=name, r=records: r.web_search_read([(n, "!=", False)], {})),
                ):
                    with self.subTest(model=model, field=name, path=path), self.assertRaises(AccessError):
                        call()
        # Through a link from a model the reader may search.
        for model, domain in (
            ("district.settlement.proposal", [("premises_id.owner_id.name", "ilike", "SECRET")]),
            ("district.settlement.proposal", [("premises_id.notes", "ilike", "SECRET")]),
            ("district.settlement", [("premises_id.contact_id", "!=", False)]),
            ("district.funding.payment", [("funding_id.note", "ilike", "SECRET")]),
            ("district.referral", [("consultation_id.note", "ilike", "SECRET")]),
            ("district.funding", [("settlement_id.lost_note", "ilike", "SECRET")]),
        ):
            with self.subTest(model=model, domain=domain), self.assertRaises(AccessError):
                self.as_reader(model).search(domain)
        for model, record in self.records.items():
            self.assertNoSecret(record.with_user(self.reader).display_name, f"{model} display name")

    def test_printed_reports(self):
        snapshot = self.env["district.monitoring.snapshot"].create(
            {"programme_area_id": self.area_east.id, "date_from": "2025-01-01", "date_to": "2025-06-30"}
        )
        snapshot.action_compute()
        reports = self.env["ir.actions.report"].search([("model", "=like", "district.%")])
        self.assertTrue(reports)
        for report in reports:
            records = self.as_reader(report.model).search([], limit=5)
            self.assertTrue(records, f"{report.report_name}: something to print")
            html = (
                self.env["ir.actions.report"]
                .with_user(self.reader)
                .with_context(force_report_rendering=True)
                ._render_qweb_html(report.report_name, records.ids)[0]
                .decode()
            )
            if report.model == snapshot._name and snapshot in records:
                self.assertIn(snapshot.name, html, "the report was rendered")
            self.assertNoSecret(html, f"report {report.report_name}")

    def test_chatter_and_tracking(self):
        """Changing a confidential field leaves no trace a Read-only user can read: no tracking value, no message."""
        self.env.cr.precommit.run()  # ends the fixture's "no tracking" (records created untracked stay so until then)
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        new_landlord = self.Partner.create({"name": f"Landlord {SECRETS['landlord']} II"})
        for model, values in (
            ("district.consultation", {"note": SECRETS["consultation"] + " again", "duration": 45}),
            (
                "district.premises",
                {"owner_id": new_landlord.id, "notes": f"<p>{SECRETS['premises']} 2</p>", "name": "Shop 61 left"},
            ),
            ("district.funding", {"note": SECRETS["funding"] + " again", "name": "Bigger oven"}),
            ("district.settlement", {"lost_note": SECRETS["lost"] + " again", "name": "Bakery (lost)"}),
        ):
            self.records[model].with_env(env).with_user(self.user_coordinator).write(values)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        confidential_field_ids = [
            self.env["ir.model.fields"]._get(model, name).id for model, names in CONFIDENTIAL.items() for name in names
        ]
        self.assertFalse(
            self.env["mail.tracking.value"].sudo().search_count([("field_id", "in", confidential_field_ids)]),
            "confidential fields are never tracked",
        )
        for model, record in self.records.items():
            thread = record.with_user(self.reader)
            fetched = self.env["mail.message"].with_user(self.reader)._message_fetch(domain=None, thread=thread)
            self.assertTrue(fetched["messages"], f"{model}: the reader sees the chatter")
            self.assertNoSecret(Store().add(fetched["messages"]).get_result(), f"{model} chatter")
        messages = self.env["mail.message"].with_user(self.reader).search_read([("body", "ilike", "SECRET")], ["body"])
        self.assertNoSecret(messages, "message search")

    def test_tracking_of_a_restricted_field_stays_hidden(self):
        """Defence in depth: had a confidential field been tracked (old data, another module), Odoo 19 shows a
        tracking value only to users who may read its field (``mail.tracking.value._filter_has_field_access``)."""
        premises = self.records["district.premises"]
        values = self.env["mail.tracking.value"]._create_tracking_values(
            self.viewing_contact, self.landlord, "owner_id", {"type": "many2one", "string": "Landlord"}, premises
        )
        message = premises._message_log(body="", tracking_value_ids=[Command.create(values)])
        for user, shown in ((self.reader, False), (self.user_coordinator, True)):
            output = json.dumps(Store().add(message.with_user(user)).get_result(), default=str)
            self.assertEqual(SECRETS["landlord"] in output, shown, f"landlord in the chatter of {user.login}")

    def test_report_views(self):
        """The SQL report views hold figures and links, never a confidential text."""
        for model in ("district.contact.report", "district.monitoring.report"):
            fields = self.env[model]._fields.values()
            self.assertFalse([field.name for field in fields if field.type in ("text", "html")], model)
            rows = self.as_reader(model).search_read([])
            self.assertTrue(rows, f"{model} has rows for the reader")
            self.assertNoSecret(rows, model)
