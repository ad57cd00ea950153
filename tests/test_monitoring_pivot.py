from odoo.tests import tagged

from .common import DistrictEconomyCase

YEARLY = [
    "opening_count:sum",
    "recorded_count:sum",
    "closing_count:sum",
    "moved_in_area_count:sum",
    "moved_out_area_count:sum",
    "consultation_count:sum",
    "reached_partner_id:count_distinct",
    "settlement_count:sum",
    "grant_paid:sum",
    "funding_investment:sum",
    "funding_jobs_created:sum",
    "supported_company_id:count_distinct",
    "__count",
]


@tagged("post_install", "-at_install")
class TestMonitoringPivot(DistrictEconomyCase):
    """The figures pivot asks source by source (faster) and must give exactly what one query gives."""

    def _both(self, env, domain, grouping_sets, aggregates):
        report = env["district.monitoring.report"]
        split = report._read_grouping_sets(domain, grouping_sets, aggregates, order=None)
        # An explicit order other than the default one takes the single query of the ORM.
        explicit = ", ".join(f"{spec} asc" for spec in dict.fromkeys(s for groupby in grouping_sets for s in groupby))
        single = report._read_grouping_sets(domain, grouping_sets, aggregates, order=explicit or None)
        return split, single

    def test_split_equals_single_query(self):
        self.assertTrue(self.env["district.monitoring.report"].search_count([]), "demo facts to compare")
        cases = [
            ([], [[], ["quarter_id"], ["date:year"], ["quarter_id", "date:year"]], YEARLY),
            ([("programme_area_id", "!=", False)], [[], ["date:year"]], YEARLY),
            ([], [[], ["industry_id"], ["source"]], ["opening_count:sum", "reached_partner_id:count_distinct"]),
            ([("date", ">=", "2025-01-01")], [["quarter_id", "date:month"]], ["supported_company_id:count_distinct"]),
            ([], [["borough_id"]], ["consultation_count:sum", "grant_company_id:count_distinct", "__count"]),
        ]
        for user in (self.env.user, self.user_coordinator, self.user_readonly):
            for domain, grouping_sets, aggregates in cases:
                with self.subTest(user=user.login, grouping_sets=grouping_sets, aggregates=aggregates):
                    split, single = self._both(self.env(user=user), domain, grouping_sets, aggregates)
                    self.assertEqual(split, single)

    def test_web_pivot_call(self):
        report = self.env["district.monitoring.report"]
        result = report.formatted_read_grouping_sets(
            [], [[], ["quarter_id"], ["date:year"], ["quarter_id", "date:year"]], YEARLY
        )
        total = result[0][0]
        self.assertEqual(total["__count"], report.search_count([]))
        self.assertEqual(total["opening_count:sum"], sum(report.search([]).mapped("opening_count")))
        self.assertEqual(total["reached_partner_id:count_distinct"], len(report.search([]).reached_partner_id))
