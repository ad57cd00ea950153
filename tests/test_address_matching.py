from odoo.tests import Form, tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestAddressMatching(DistrictEconomyCase):
    """Businesses get quarter and programme area from their address, nothing is guessed."""

    def assertLocated(self, partner, quarter, area=None):
        self.assertEqual(partner.quarter_id, quarter, partner.street)
        self.assertEqual(partner.programme_area_id, area or self.env["district.programme.area"], partner.street)

    def test_user_story_cafe_example(self):
        cafe = self.create_business("Eisenbahnstraße 49", name="Café Example")
        self.assertLocated(cafe, self.quarter_neustadt, self.area_east)
        self.assertEqual(cafe.borough_id, self.borough_east)

    def test_real_world_spellings(self):
        for street in (
            "Eisenbahnstr. 49",
            "Eisenbahnstrasse 49",
            "Eisenbahnstraße 49a",
            "Eisenbahnstraße 49 a",
            "  eisenbahnSTRASSE    49 ",
            "Eisenbahnstr 49",
            "Eisenbahnstraße 11/13",
            "Eisenbahnstraße 49, Hinterhaus",
        ):
            self.assertLocated(self.create_business(street), self.quarter_neustadt, self.area_east)
        self.assertLocated(self.create_business("Eisenbahnstraße 120b"), self.quarter_volkmarsdorf, self.area_east)

    def test_range_ends_are_inclusive(self):
        self.assertLocated(self.create_business("Eisenbahnstraße 7"), self.quarter_neustadt, self.area_east)
        self.assertLocated(self.create_business("Eisenbahnstraße 73"), self.quarter_neustadt, self.area_east)
        self.assertLocated(self.create_business("Eisenbahnstraße 98"), self.quarter_volkmarsdorf, self.area_east)
        self.assertLocated(self.create_business("Eisenbahnstraße 151"), self.quarter_volkmarsdorf, self.area_east)
        # Beyond the known stretches no boundary is known: stays unassigned.
        self.assertLocated(self.create_business("Eisenbahnstraße 160"), self.env["district.quarter"])

    def test_odd_and_even_sides(self):
        self.assertLocated(self.create_business("Dresdner Straße 53", "04317"), self.quarter_neustadt, self.area_east)
        self.assertLocated(self.create_business("Dresdner Straße 30", "04317"), self.quarter_reudnitz)
        self.assertLocated(self.create_business("Dresdner Straße 52", "04317"), self.env["district.quarter"])
        self.assertLocated(self.create_business("Dresdner Straße 35", "04317"), self.env["district.quarter"])

    def test_first_number_of_a_range_counts(self):
        travel = self.create_business("Dresdner Straße 74/76", "04317")
        # Reudnitz-Thonberg lies only partly in the area and no rule marks this address as inside.
        self.assertLocated(travel, self.quarter_reudnitz)

    def test_no_house_number_unknown_street_wrong_zip_or_city(self):
        nothing = self.env["district.quarter"]
        self.assertLocated(self.create_business("Eisenbahnstraße"), nothing)
        self.assertLocated(self.create_business("Musterstraße 5"), nothing)
        self.assertLocated(self.create_business("Eisenbahnstraße 49", "04318"), nothing)
        self.assertLocated(self.create_business("Eisenbahnstraße 49", city="Halle (Saale)"), nothing)
        # Without a ZIP code, street and number lie in exactly one quarter of the city: that one.
        self.assertLocated(
            self.create_business("Eisenbahnstraße 49", zip_code=False), self.quarter_neustadt, self.area_east
        )
        self.assertLocated(self.create_business(False), nothing)

    def test_city_may_be_missing_when_zip_matches(self):
        self.assertLocated(
            self.create_business("Eisenbahnstraße 49", city=False), self.quarter_neustadt, self.area_east
        )

    def test_open_ranges_and_whole_street(self):
        self.Rule.create(
            [
                {
                    "street_name": "Musterstraße",
                    "zip": "04318",
                    "number_from": 100,
                    "quarter_id": self.quarter_anger.id,
                },
                {"street_name": "Musterstraße", "zip": "04318", "number_to": 10, "quarter_id": self.quarter_anger.id},
                {"street_name": "Beispielweg", "quarter_id": self.quarter_sellerhausen.id},
            ]
        )
        self.assertLocated(self.create_business("Musterstraße 250", "04318"), self.quarter_anger, self.area_east)
        self.assertLocated(self.create_business("Musterstraße 1", "04318"), self.quarter_anger, self.area_east)
        self.assertLocated(self.create_business("Musterstraße 50", "04318"), self.env["district.quarter"])
        # A rule without ZIP or numbers covers the whole street in its city, with or without a number.
        self.assertLocated(self.create_business("Beispielweg", "04318"), self.quarter_sellerhausen)
        self.assertLocated(self.create_business("Beispielweg 3", "04318"), self.quarter_sellerhausen)

    def test_rule_marks_addresses_of_a_partial_quarter_inside(self):
        self.Rule.create(
            {
                "street_name": "Musterstraße",
                "zip": "04318",
                "quarter_id": self.quarter_sellerhausen.id,
                "programme_area_id": self.area_east.id,
            }
        )
        self.assertLocated(self.create_business("Musterstraße 3", "04318"), self.quarter_sellerhausen, self.area_east)
        self.assertIn(self.quarter_sellerhausen, self.area_east.partial_quarter_ids)

    def test_area_outside_its_validity_is_not_assigned(self):
        self.area_east.date_to = "2010-12-31"
        self.assertLocated(self.create_business("Eisenbahnstraße 49"), self.quarter_neustadt)

    def test_address_change_moves_the_business(self):
        business = self.create_business("Eisenbahnstraße 49")
        business.street = "Eisenbahnstraße 120"
        self.assertLocated(business, self.quarter_volkmarsdorf, self.area_east)
        business.street = "Musterstraße 1"
        self.assertLocated(business, self.env["district.quarter"])

    def test_quarter_set_by_hand_is_kept(self):
        business = self.create_business("Musterstraße 1")
        business.write(
            {"quarter_manual": True, "quarter_id": self.quarter_anger.id, "programme_area_id": self.area_east.id}
        )
        business.street = "Eisenbahnstraße 120"
        self.assertLocated(business, self.quarter_anger, self.area_east)
        business.action_reassign_quarters()
        self.assertLocated(business, self.quarter_anger, self.area_east)
        business.quarter_manual = False
        self.assertLocated(business, self.quarter_volkmarsdorf, self.area_east)

    def test_reassign_after_rule_change(self):
        before = self.create_business("Musterstraße 5", "04318")
        kept = self.create_business("Musterstraße 7", "04318")
        kept.write({"quarter_manual": True, "quarter_id": self.quarter_reudnitz.id})
        rule = self.Rule.create({"street_name": "Musterstr.", "zip": "04318", "quarter_id": self.quarter_anger.id})
        # Stored values follow the rules only when reassigned (a correction of many records at once).
        self.assertLocated(before, self.env["district.quarter"])
        self.Partner.with_user(self.user_coordinator).browse().action_reassign_quarters()
        self.assertLocated(before, self.quarter_anger, self.area_east)
        self.assertEqual(before.borough_id, self.borough_east)
        self.assertEqual(kept.quarter_id, self.quarter_reudnitz)

        rule.quarter_id = self.quarter_sellerhausen
        result = before.with_user(self.user_coordinator).action_reassign_quarters()
        self.assertIn("1 corrected", result["params"]["message"])
        self.assertLocated(before, self.quarter_sellerhausen)
        self.assertEqual(before.borough_id, self.quarter_sellerhausen.borough_id)

        rule.active = False
        self.Partner.with_user(self.user_coordinator).browse().action_reassign_quarters()
        self.assertLocated(before, self.env["district.quarter"])

    def test_reassign_counts(self):
        self.create_business("Eisenbahnstraße 49")
        checked, changed = self.Partner._reassign_district_location()
        self.assertGreater(checked, 0)
        self.assertEqual(changed, 0, "nothing to correct when rules did not change")

    def test_form_shows_quarter_while_typing(self):
        form = Form(self.Partner.with_user(self.user_coordinator).with_context(default_is_company=True))
        form.name = "Café Example"
        form.street = "Eisenbahnstraße 49"
        form.zip = "04315"
        form.city = "Leipzig"
        self.assertEqual(form.quarter_id, self.quarter_neustadt)
        self.assertEqual(form.programme_area_id, self.area_east)
        partner = form.save()
        self.assertLocated(partner, self.quarter_neustadt, self.area_east)
