from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestQueryCounts(DistrictEconomyCase):
    """The main screens read with a fixed number of queries, whatever the number of records (no N+1).

    Each read runs once to warm the caches, then is counted: for a short and a long page (the same
    count), and against a budget (assertQueryCount), as a coordinator with record rules on.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE", tz="Europe/Berlin"))
        streets = ["Eisenbahnstraße", "Dresdner Straße"]
        cls.businesses = cls.Partner.create(
            [
                {
                    "name": f"Laden {number}",
                    "is_company": True,
                    "street": f"{streets[number % 2]} {number + 1}",
                    "zip": "04315",
                    "city": "Leipzig",
                    "business_status": "active",
                    "opening_date": "2024-03-01",
                    "industry_id": cls.env.ref("base.res_partner_industry_G").id,
                    "coordinator_id": cls.user_coordinator.id,
                }
                for number in range(30)
            ]
        )
        cls.env["district.consultation"].create(
            [
                {"partner_id": business.id, "user_id": cls.user_coordinator.id, "date": f"2025-0{1 + n % 9}-10 09:00"}
                for n, business in enumerate(cls.businesses)
            ]
        )
        cls.coordinator_env = cls.env(user=cls.user_coordinator)

    def _specification(self, model_name, view_type, action_xmlid):
        action = self.coordinator_env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        views = self.coordinator_env[model_name].get_views([(False, view_type)], {"action_id": action["id"]})
        fields = views["models"][model_name]["fields"]
        model = self.coordinator_env[model_name]
        return {
            name: ({"fields": {"display_name": {}}} if model._fields[name].relational else {})
            for name in fields
            if name in model._fields and model._fields[name].type not in ("one2many", "many2many")
        }, action

    def _count(self, function):
        function()  # warm-up
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        return self.env.cr.sql_log_count - before

    def _assert_constant(self, read, budget, label):
        """No more queries for 30 rows than for 5 (prefetching may even save some), and within budget."""
        short, long = self._count(lambda: read(5)), self._count(lambda: read(30))
        self.assertLessEqual(long, short, f"{label}: {short} queries for 5 rows, {long} for 30 (N+1)")
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            read(30)

    def test_business_list(self):
        specification, action = self._specification(
            "res.partner", "list", "district_economy.res_partner_action_business"
        )
        domain = safe_eval(action["domain"], {"uid": self.user_coordinator.id})
        partners = self.coordinator_env["res.partner"]
        self._assert_constant(
            lambda limit: partners.web_search_read(domain, specification, limit=limit), 11, "business list"
        )

    def test_business_form(self):
        specification, __ = self._specification("res.partner", "form", "district_economy.res_partner_action_business")
        partners = self.coordinator_env["res.partner"]
        # 31: the stat buttons for visits and open early warnings add four (a count each, and their rules).
        self._assert_constant(
            lambda limit: partners.browse(self.businesses[:limit].ids).web_read(specification), 31, "business form"
        )

    def test_consultation_list(self):
        specification, __ = self._specification(
            "district.consultation", "list", "district_economy.district_consultation_action"
        )
        consultations = self.coordinator_env["district.consultation"]
        self._assert_constant(
            lambda limit: consultations.web_search_read([], specification, limit=limit), 10, "consultation list"
        )

    def test_pivots(self):
        """The pivot's grouping sets: a fixed number of queries, however many quarters and months
        (the grouping query, the quarters' order, their names)."""
        for model_name, groupby, measure_specs, budget in (
            ("district.consultation", ["quarter_id", "consultation_date:month"], ["__count"], 3),
            ("district.contact.report", ["quarter_id", "date:month"], ["reached_partner_id:count_distinct"], 3),
            (
                "district.monitoring.report",
                ["quarter_id", "date:year"],
                ["opening_count:sum", "reached_partner_id:count_distinct", "__count"],
                5,  # asked per class of sources: events, contacts, the rest (see _read_grouping_sets)
            ),
        ):
            with self.subTest(model=model_name):
                model = self.coordinator_env[model_name]
                rows, cols = groupby

                def pivot(model=model, rows=rows, cols=cols, measures=tuple(measure_specs)):
                    return model.formatted_read_grouping_sets([], [[], [rows], [cols], [rows, cols]], list(measures))

                pivot()
                self.env.invalidate_all()
                with self.assertQueryCount(budget):
                    pivot()
