from datetime import date

import shapely
from psycopg2.errors import CheckViolation

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.district_economy.models.area_outline import parse_outline

from .test_business_history import BusinessHistoryCase

# Eisenbahnstraße 49, 04315 Leipzig (the coordinator's office), and the Markt in the city centre (WGS84).
EISENBAHNSTRASSE_49 = (51.3456, 12.4023)
MARKT = (51.3403, 12.3750)
BERLIN = (52.5200, 13.4050)


@tagged("post_install", "-at_install")
class TestQuarterOutlines(BusinessHistoryCase):
    """Outlines, position lookup and population of the shipped Leipzig quarters; businesses per 1,000 inhabitants."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Quarter = cls.env["district.quarter"]
        cls.Population = cls.env["district.population"]
        cls.quarter_zentrum = cls.env.ref("district_economy.quarter_leipzig_00")

    def test_outlines_shipped_for_every_quarter_and_borough(self):
        quarters = self.Quarter.search([("city", "=", "Leipzig")])
        boroughs = self.env["district.borough"].search([("city", "=", "Leipzig")])
        self.assertEqual((len(quarters), len(boroughs)), (63, 10))
        self.assertTrue(
            all(quarters.mapped("has_outline")), quarters.filtered(lambda q: not q.has_outline).mapped("code")
        )
        self.assertTrue(all(boroughs.mapped("has_outline")))
        outlines = {borough: parse_outline(borough.outline_geojson) for borough in boroughs}
        for quarter in quarters:
            # Each quarter lies in its own borough: the outlines carry the right codes.
            inside = parse_outline(quarter.outline_geojson).point_on_surface()
            self.assertTrue(outlines[quarter.borough_id].contains(inside), quarter.display_name)

    def test_eisenbahnstrasse_49_lies_in_neustadt_neuschoenefeld(self):
        outline = parse_outline(self.quarter_neustadt.outline_geojson)
        latitude, longitude = EISENBAHNSTRASSE_49
        office = shapely.Point(longitude, latitude)
        self.assertTrue(outline.contains(office))
        # About 240 m from the quarter's edge (1° of latitude is 111 km): simplifying by 2 m cannot move it.
        self.assertGreater(outline.boundary.distance(office) * 111_000 * 0.62, 200)
        self.assertEqual(
            self.Quarter._locate_positions([EISENBAHNSTRASSE_49, MARKT, None, BERLIN]),
            [self.quarter_neustadt.id, self.quarter_zentrum.id, False, False],
        )

    def test_lookup_follows_outline_changes(self):
        self.assertEqual(self.Quarter._locate_positions([MARKT]), [self.quarter_zentrum.id])
        # A changed outline counts at once, even within the same transaction (same write date).
        square = '{"type":"Polygon","coordinates":[[[12.0,51.0],[12.1,51.0],[12.1,51.1],[12.0,51.1],[12.0,51.0]]]}'
        self.quarter_zentrum.outline_geojson = square
        self.assertEqual(self.Quarter._locate_positions([MARKT, (51.05, 12.05)]), [False, self.quarter_zentrum.id])
        self.quarter_zentrum.action_archive()
        self.assertEqual(self.Quarter._locate_positions([(51.05, 12.05)]), [False], "archived quarters take no one")

    def test_unusable_outline_is_refused(self):
        for text, reason in [
            ("Neustadt", "not JSON"),
            ('{"type": "Point", "coordinates": [12.4, 51.3]}', "Polygon or MultiPolygon"),
            ('{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}', "Self-intersection"),
            (
                '{"type":"Polygon","coordinates":[[[4500000,5700000],[4500100,5700000],[4500100,5700100],'
                "[4500000,5700000]]]}",
                "WGS84",
            ),
        ]:
            with self.subTest(reason), self.assertRaisesText(ValidationError, reason):
                self.quarter_neustadt.outline_geojson = text
        self.quarter_neustadt.outline_geojson = False
        self.assertFalse(self.quarter_neustadt.has_outline)

    def test_population_of_a_quarter_per_year(self):
        # From the city's statistics: 12,687 inhabitants on 0.85 km² in 2017, 14,154 in 2024.
        rows = {row.year: row for row in self.quarter_neustadt.population_ids}
        self.assertEqual(min(rows), 2000)
        self.assertEqual((rows[2017].population, rows[2017].area_km2), (12687, 0.85))
        self.assertEqual(round(rows[2017].density), 14926)
        self.assertEqual((self.quarter_neustadt.population, self.quarter_neustadt.population_year), (14154, 2024))
        self.assertEqual(self.quarter_neustadt.area_ha, 85.0, "the source's 0.85 km² in hectares")
        self.assertIn("dl-de/by-2-0", rows[2024].source)
        self.assertFalse(self.area_east.population_ids, "the programme area's population stays empty until known")

    def test_population_is_edited_by_managers(self):
        values = {"programme_area_id": self.area_east.id, "year": 2024, "population": 30000}
        with self.assertRaises(AccessError):
            self.Population.with_user(self.user_coordinator).create(values)
        row = self.Population.with_user(self.user_manager).create(values)
        self.assertEqual(self.area_east.population_ids, row)
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation), self.cr.savepoint():
            self.Population.create({**values, "year": 2023, "quarter_id": self.quarter_neustadt.id})

    def test_businesses_per_1000_inhabitants(self):
        for number in (10, 12, 14, 16, 18):
            self.create_business(f"Eisenbahnstraße {number}", business_status="active", opening_date="2018-01-01")
        # Quarter 23 lies partly in the area: its businesses inside are not all of its inhabitants' quarter.
        self.create_business("Musterstraße 5", "04318", business_status="active", opening_date="2018-01-01")

        def figures(year):
            return self.engine._compute_figures(date(year, 1, 1), date(year, 12, 31), self.area_east, self.env.company)

        year_2024 = figures(2024)
        neustadt = year_2024["quarter", self.quarter_neustadt.id, False]
        self.assertEqual(neustadt["active_businesses"], 5)
        self.assertEqual(neustadt["businesses_per_1000"], 0.35, "5 per 14,154 inhabitants in 2024")
        self.assertEqual(figures(2023)["quarter", self.quarter_neustadt.id, False]["businesses_per_1000"], 0.36)
        self.assertEqual(
            figures(2026)["quarter", self.quarter_neustadt.id, False]["businesses_per_1000"],
            0.35,
            "after the source's last year, the latest population known",
        )
        self.assertNotIn("businesses_per_1000", year_2024["quarter", self.quarter_sellerhausen.id, False])
        self.assertNotIn("businesses_per_1000", year_2024["total", False, False], "the area's population is unknown")

        self.area_east.population_ids = [Command.create({"year": 2023, "population": 30000})]
        snapshot = self.env["district.monitoring.snapshot"].create(
            {"programme_area_id": self.area_east.id, "date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)}
        )
        snapshot.action_compute()
        line = snapshot.total_line_ids.filtered(lambda figure: figure.indicator == "businesses_per_1000")
        self.assertEqual((line.value, line.figure_format), (0.2, "ratio"), "6 businesses per 30,000 inhabitants")
