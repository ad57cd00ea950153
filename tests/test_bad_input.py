import logging
from datetime import datetime

from odoo.tests import HttpCase, mute_logger, new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import JsonRpcMixin, RpcError

_logger = logging.getLogger(__name__)

# What a refusal may be: a message for the user, not a crash.
REFUSALS = {"odoo.exceptions.ValidationError", "odoo.exceptions.UserError", "odoo.exceptions.AccessError"}
# What a refusal must not show: the database speaking.
SQL_WORDS = ("psycopg", "violates", "INSERT INTO", "UPDATE ", "SELECT ", 'relation "', "DETAIL:", "Traceback")
DROP = object()  # a case that leaves a required value out
ONE_MB = "x" * 1_000_000
SCRIPT = "<script>alert('district')</script>"
MISSING_ID = 99_999_999
MIN_CASES = 150


@tagged("post_install", "-at_install")
class TestBadInput(JsonRpcMixin, HttpCase):
    """Bad input over the external API, for every model a user fills in: wrong types, out-of-range
    numbers, invalid choices, dates out of order, missing links, 1 MB of text, another office's ids,
    markup. Each is refused with a plain message and leaves the database as it was, or is stored
    harmless. The suite logs how many cases it tried."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = "base.group_user,district_economy.group_district_"
        cls.coordinator = new_test_user(cls.env, "bad_coordinator", groups=groups + "coordinator").login
        cls.manager = new_test_user(cls.env, "bad_manager", groups=groups + "manager").login
        ref = cls.env.ref
        cls.area = ref("district_economy.programme_area_leipziger_osten")
        cls.ihk = ref("district_economy.institution_leipzig_ihk")
        cls.erdf = ref("district_economy.funding_programme_erdf_2021")
        cls.business = cls._business(cls.env, "Prüfbäckerei")
        cls.person = cls.env["res.partner"].create({"name": "Prüfperson", "parent_id": cls.business.id})
        cls.consultation = cls.env["district.consultation"].create(
            {"partner_id": cls.business.id, "date": datetime(2025, 3, 3, 10), "summary": "Start"}
        )
        cls.premises = cls._premises(cls.env, "Prüfladen 1")
        cls.premises_2 = cls._premises(cls.env, "Prüfladen 2")
        cls.settlement = cls.env["district.settlement"].create({"name": "Prüffall", "partner_id": cls.business.id})
        cls.funding = cls.env["district.funding"].create(
            {
                "name": "Prüfförderung",
                "partner_id": cls.business.id,
                "programme_id": cls.erdf.id,
                "state": "approved",
                "date_applied": "2025-01-10",
                "date_approved": "2025-02-01",
                "amount_granted": 8000,
            }
        )
        cls.snapshot = cls.env["district.monitoring.snapshot"].create(
            {"programme_area_id": cls.area.id, "date_from": "2025-01-01", "date_to": "2025-03-31"}
        )
        # Another office's records: their ids are known to no one here and must not be linked.
        office = cls.env["res.company"].create({"name": "Stadtteilbüro Nord (Test)"})
        foreign = cls.env(context=dict(cls.env.context, allowed_company_ids=[office.id]))
        cls.foreign_business = cls._business(foreign, "Fremdbetrieb", company_id=office.id)
        cls.foreign_person = foreign["res.partner"].create({"name": "Fremdperson", "company_id": office.id})
        cls.foreign_consultation = foreign["district.consultation"].create(
            {"partner_id": cls.foreign_business.id, "date": datetime(2025, 3, 3, 10)}
        )
        cls.foreign_consent = foreign["district.consent"].create(
            {"partner_id": cls.foreign_person.id, "purpose": "referral", "date_given": "2025-01-01"}
        )
        cls.foreign_premises = cls._premises(foreign, "Fremdladen")
        cls.foreign_settlement = foreign["district.settlement"].create(
            {"name": "Fremdfall", "partner_id": cls.foreign_business.id}
        )
        cls.foreign_funding = foreign["district.funding"].create(
            {"name": "Fremdförderung", "partner_id": cls.foreign_business.id, "programme_id": cls.erdf.id}
        )
        cls.foreign_snapshot = foreign["district.monitoring.snapshot"].create(
            {"programme_area_id": cls.area.id, "date_from": "2025-01-01", "date_to": "2025-03-31"}
        )

    @staticmethod
    def _business(env, name, **values):
        return env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                **values,
            }
        )

    @staticmethod
    def _premises(env, name):
        return env["district.premises"].create(
            {"name": name, "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )

    # ------------------------------------------------------------------
    # Running cases
    # ------------------------------------------------------------------
    def _state(self, model, method, args):
        """What a refused call must leave as it was: the number of records, and the values it tried to write."""
        self.env.invalidate_all()
        records = self.env[model].sudo().with_context(active_test=False)
        state = [records.search_count([])]
        if method == "write":
            state.append(records.browse(args[0]).read([name for name in args[1] if name in records._fields]))
        return state

    def _call(self, login, model, method, *args):
        self.tried += 1
        try:
            # PostgreSQL's refusals (a NOT NULL or CHECK constraint) are logged by the server as it always does;
            # what the caller gets is checked below.
            with mute_logger("odoo.sql_db"):
                return self.rpc(login, model, method, *args), None
        except RpcError as error:
            return None, error.data

    def assertRefused(self, label, login, model, method, *args):
        before = self._state(model, method, args)
        _result, error = self._call(login, model, method, *args)
        self.assertIsNotNone(error, f"{label}: accepted, should be refused")
        self.assertIn(error["name"], REFUSALS, f"{label}: {error['name']}: {error['message'][:300]}")
        message = error["message"]
        self.assertTrue(message.strip(), f"{label}: a refusal says why")
        for word in SQL_WORDS:
            self.assertNotIn(word, message, f"{label}: the refusal shows the database: {message[:300]}")
        self.assertEqual(self._state(model, method, args), before, f"{label}: the database changed")
        self.refused += 1
        return message

    def assertStored(self, label, login, model, method, *args):
        result, error = self._call(login, model, method, *args)
        self.assertIsNone(error, f"{label}: refused: {error and error['message'][:300]}")
        self.stored += 1
        self.env.invalidate_all()
        return self.env[model].browse(result if method == "create" else args[0])

    def run_cases(self, login, model, base, cases, writes=()):
        """Create ``base`` (a dict, or a function of the case number for values that must be unique)
        changed by each case; then the writes on existing records; then ``base`` itself, which must
        be accepted (else the refusals above prove nothing)."""
        for number, (label, changes) in enumerate(cases):
            values = base(number) if callable(base) else dict(base)
            for name, value in changes.items():
                if value is DROP:
                    values.pop(name, None)
                else:
                    values[name] = value
            with self.subTest(model=model, case=label):
                self.assertRefused(f"{model}: {label}", login, model, "create", values)
        for label, record, changes in writes:
            with self.subTest(model=model, case=label):
                self.assertRefused(f"{model}: {label}", login, model, "write", record.ids, changes)
        control = base(len(cases)) if callable(base) else dict(base)
        with self.subTest(model=model, case="valid values"):
            return self.assertStored(f"{model}: valid values", login, model, "create", control)

    def test_bad_input_over_rpc(self):
        self.tried = self.refused = self.stored = 0
        groups = [name for name in dir(self) if name.startswith("_cases_")]
        for name in groups:
            with self.subTest(group=name[len("_cases_") :]):
                getattr(self, name)()
        _logger.info(
            "Bad input: %s cases tried over JSON-RPC in %s groups: %s refused, %s stored harmless",
            self.tried,
            len(groups),
            self.refused,
            self.stored,
        )
        self.assertGreaterEqual(self.tried, MIN_CASES, "the suite keeps its breadth")

    # ------------------------------------------------------------------
    # The cases
    # ------------------------------------------------------------------
    def _cases_businesses(self):
        base = {
            "name": "Prüfbetrieb",
            "is_company": True,
            "street": "Eisenbahnstraße 50",
            "zip": "04315",
            "city": "Leipzig",
            "business_status": "active",
            "opening_date": "2020-03-01",
            "employee_count": 3,
            "fte": 2.5,
            "wz_code": "47.11",
        }
        cases = [
            ("employees as text", {"employee_count": "three"}),
            ("negative employees", {"employee_count": -3}),
            ("employees beyond any column", {"employee_count": 10**12}),
            ("FTE with a decimal comma", {"fte": "2,5"}),
            ("negative FTE", {"fte": -1}),
            ("FTE not a number", {"fte": "nan"}),
            ("opening date written German", {"opening_date": "01.03.2020"}),
            ("opening date that does not exist", {"opening_date": "2020-02-30"}),
            ("opening date as a number", {"opening_date": 20200301}),
            ("unknown status", {"business_status": "bankrupt"}),
            ("closed before it opened", {"business_status": "closed", "closing_date": "2019-01-01"}),
            ("WZ code that is a word", {"wz_code": "Bäckerei"}),
            ("WZ code of 1 MB", {"wz_code": ONE_MB}),
            ("coordinator who does not exist", {"coordinator_id": MISSING_ID}),
            ("coordinator as a name", {"coordinator_id": "Anna"}),
            ("language that does not exist", {"language_ids": [[6, 0, [MISSING_ID]]]}),
            ("quarter that does not exist", {"quarter_manual": True, "quarter_id": MISSING_ID}),
        ]
        writes = [
            ("negative employees on an existing business", self.business, {"employee_count": -1}),
            ("founding date as text", self.business, {"founding_date": "last year"}),
        ]
        self.run_cases(self.coordinator, "res.partner", base, cases, writes)

    def _cases_consultations(self):
        base = {
            "partner_id": self.business.id,
            "date": "2025-05-05 10:00:00",
            "duration": 30,
            "channel": "phone",
            "state": "done",
            "summary": "Miete",
        }
        cases = [
            ("duration as text", {"duration": "half an hour"}),
            ("negative duration", {"duration": -5}),
            ("no duration", {"duration": 0}),
            ("duration of ten weeks", {"duration": 100_000}),
            ("duration beyond any column", {"duration": 2**40}),
            ("unknown channel", {"channel": "fax"}),
            ("unknown state", {"state": "maybe"}),
            ("date as a word", {"date": "gestern"}),
            ("done in the future", {"date": "2999-01-01 10:00:00"}),
            ("no business", {"partner_id": DROP}),
            ("business emptied", {"partner_id": False}),
            ("another office's business", {"partner_id": self.foreign_business.id}),
            ("another office's person spoken to", {"contact_id": self.foreign_person.id}),
            ("language that does not exist", {"language_id": MISSING_ID}),
            ("topic that does not exist", {"topic_ids": [[6, 0, [MISSING_ID]]]}),
            ("location of 1 MB", {"location": ONE_MB}),
        ]
        writes = [
            ("negative duration on an existing consultation", self.consultation, {"duration": -1}),
            ("date as text on an existing consultation", self.consultation, {"date": "morgen"}),
        ]
        self.run_cases(self.coordinator, "district.consultation", base, cases, writes)
        big = self.assertStored(
            "consultation: summary of 1 MB",
            self.coordinator,
            "district.consultation",
            "create",
            {**base, "summary": ONE_MB},
        )
        self.assertEqual(len(big.summary), len(ONE_MB), "a long summary is kept whole")

    def _cases_referrals(self):
        base = {"partner_id": self.business.id, "institution_id": self.ihk.id, "date": "2025-05-06", "state": "draft"}
        cases = [
            ("date written German", {"date": "06.05.2025"}),
            ("unknown state", {"state": "lost"}),
            ("feedback before the referral", {"feedback_date": "2025-01-01"}),
            ("no institution", {"institution_id": DROP}),
            ("institution that does not exist", {"institution_id": MISSING_ID}),
            ("no one referred", {"partner_id": DROP}),
            ("another office's consent", {"consent_id": self.foreign_consent.id}),
            ("another office's consultation", {"consultation_id": self.foreign_consultation.id}),
            ("passed-on date typed in", {"date_passed_on": "2025-05-06"}),
            ("a person passed on without consent", {"partner_id": self.person.id, "state": "sent"}),
        ]
        self.run_cases(self.coordinator, "district.referral", base, cases)
        big = self.assertStored(
            "referral: reason of 1 MB", self.coordinator, "district.referral", "create", {**base, "reason": ONE_MB}
        )
        self.assertEqual(len(big.reason), len(ONE_MB))

    def _cases_consents(self):
        base = {
            "partner_id": self.person.id,
            "purpose": "contact",
            "legal_basis": "consent",
            "source": "form",
            "date_given": "2025-01-01",
        }
        cases = [
            ("unknown purpose", {"purpose": "advertising"}),
            ("unknown legal basis", {"legal_basis": "whim"}),
            ("unknown source", {"source": "pigeon"}),
            ("withdrawn before given", {"date_withdrawn": "2024-01-01"}),
            ("given in the future", {"date_given": "2999-01-01"}),
            ("date as a number", {"date_given": 20250101}),
            ("no person", {"partner_id": DROP}),
            ("given by a company", {"partner_id": self.business.id}),
            ("another office's person", {"partner_id": self.foreign_person.id}),
            ("file name of 1 MB", {"evidence_filename": ONE_MB}),
        ]
        self.run_cases(self.coordinator, "district.consent", base, cases)

    def _cases_premises(self):
        base = {
            "name": "Prüfladen neu",
            "street": "Eisenbahnstraße 63",
            "zip": "04315",
            "city": "Leipzig",
            "area_m2": 60,
            "rent_per_m2": 8.5,
            "floor": 0,
        }
        cases = [
            ("area as a word", {"area_m2": "large"}),
            ("negative area", {"area_m2": -10}),
            ("no area", {"area_m2": 0}),
            ("negative rent", {"rent_per_m2": -1}),
            ("rent as a word", {"rent_per_m2": "cheap"}),
            ("infinite rent", {"rent_per_m2": "inf"}),
            ("latitude off the globe", {"latitude": 123}),
            ("longitude off the globe", {"longitude": 500}),
            ("floor as a word", {"floor": "ground"}),
            ("floor beyond any column", {"floor": 2**40}),
            ("unknown state", {"state": "derelict"}),
            ("no name", {"name": DROP}),
            ("no street", {"street": DROP}),
            ("name of 1 MB", {"name": ONE_MB}),
            ("another office's landlord", {"owner_id": self.foreign_business.id}),
            ("viewing contact who does not exist", {"contact_id": MISSING_ID}),
            ("available from 'soon'", {"available_from": "soon"}),
            ("use type that does not exist", {"use_type_ids": [[6, 0, [MISSING_ID]]]}),
        ]
        writes = [("negative area on an existing unit", self.premises, {"area_m2": -5})]
        self.run_cases(self.coordinator, "district.premises", base, cases, writes)
        unit = self.assertStored(
            "premises: notes with a script",
            self.coordinator,
            "district.premises",
            "create",
            {**base, "name": "Markup", "notes": f"<p>Keys at the bakery</p>{SCRIPT}"},
        )
        self.assertIn("Keys at the bakery", unit.notes)
        self.assertNotIn("<script", unit.notes, "HTML notes are cleaned of scripts")

    def _cases_vacancy_periods(self):
        base = {"premises_id": self.premises.id, "date_from": "2024-01-01", "date_to": "2024-06-30"}
        cases = [
            ("ends before it begins", {"date_to": "2023-12-31"}),
            ("no start", {"date_from": DROP}),
            ("start as a word", {"date_from": "January"}),
            ("no unit", {"premises_id": DROP}),
            ("another office's unit", {"premises_id": self.foreign_premises.id}),
            ("unknown end", {"ended_by": "fire"}),
            ("street of 1 MB", {"stamp_street": ONE_MB}),
        ]
        self.run_cases(self.manager, "district.premises.vacancy", base, cases)

    def _cases_settlements(self):
        base = {
            "name": "Prüffall neu",
            "partner_id": self.business.id,
            "area_min": 50,
            "area_max": 100,
            "rent_max_per_m2": 10,
        }
        lost = self.env.ref("district_economy.settlement_stage_lost")
        cases = [
            ("negative area", {"area_min": -1}),
            ("smallest area above the largest", {"area_min": 200}),
            ("negative jobs planned", {"jobs_created_planned": -2}),
            ("jobs as a word", {"jobs_created_actual": "many"}),
            ("jobs beyond any column", {"jobs_secured_actual": 2**40}),
            ("negative investment", {"investment_actual": -100}),
            ("investment as a word", {"investment_planned": "a lot"}),
            ("rent as a word", {"rent_max_per_m2": "cheap"}),
            ("unknown source", {"source": "rumour"}),
            ("unknown priority", {"priority": "9"}),
            ("no business", {"partner_id": DROP}),
            ("no name", {"name": DROP}),
            ("settled in another office's unit", {"premises_id": self.foreign_premises.id}),
            ("enquiry in month 13", {"enquiry_date": "2025-13-01"}),
            ("lost without a reason", {"stage_id": lost.id}),
            ("lost reason that does not exist", {"lost_reason_id": MISSING_ID}),
            ("preferred quarter that does not exist", {"preferred_quarter_ids": [[6, 0, [MISSING_ID]]]}),
        ]
        writes = [("smallest area above the largest, later", self.settlement, {"area_min": 80, "area_max": 40})]
        self.run_cases(self.coordinator, "district.settlement", base, cases, writes)
        big = self.assertStored(
            "settlement: requirements of 1 MB",
            self.coordinator,
            "district.settlement",
            "create",
            {**base, "requirements_note": ONE_MB},
        )
        self.assertEqual(len(big.requirements_note), len(ONE_MB))

    def _cases_proposals(self):
        base = {"settlement_id": self.settlement.id, "premises_id": self.premises_2.id, "score": 80}
        cases = [
            ("fit above 100", {"score": 500}),
            ("negative fit", {"score": -1}),
            ("fit as a word", {"score": "good"}),
            ("unknown state", {"state": "maybe"}),
            ("rejected without a reason", {"state": "rejected"}),
            ("no case", {"settlement_id": DROP}),
            ("no unit", {"premises_id": DROP}),
            ("another office's unit", {"premises_id": self.foreign_premises.id}),
            ("another office's case", {"settlement_id": self.foreign_settlement.id}),
            ("viewing 'tomorrow'", {"viewing_date": "tomorrow"}),
            ("rejection reason of 1 MB", {"state": "rejected", "rejection_reason": ONE_MB}),
        ]
        self.run_cases(self.coordinator, "district.settlement.proposal", base, cases)
        self.assertRefused(
            "district.settlement.proposal: the same unit twice",
            self.coordinator,
            "district.settlement.proposal",
            "create",
            base,
        )

    def _cases_fundings(self):
        base = {
            "name": "Neue Förderung",
            "partner_id": self.business.id,
            "programme_id": self.erdf.id,
            "state": "approved",
            "date_applied": "2025-01-10",
            "date_approved": "2025-02-01",
            "amount_requested": 10000,
            "amount_granted": 8000,
        }
        cases = [
            ("negative grant", {"amount_granted": -5}),
            ("amount as a word", {"amount_requested": "lots"}),
            ("infinite grant", {"amount_granted": "1e400"}),
            ("negative jobs", {"jobs_created_planned": -1}),
            ("jobs beyond any column", {"jobs_created_actual": 2**40}),
            ("negative investment", {"investment_actual": -1}),
            ("unknown state", {"state": "spent"}),
            ("approved before applied for", {"date_approved": "2025-01-01"}),
            ("approved without a date", {"date_approved": False}),
            ("closed before approved", {"state": "closed", "date_closed": "2025-01-15"}),
            ("no programme", {"programme_id": DROP}),
            ("no beneficiary", {"partner_id": DROP}),
            ("another office's settlement case", {"settlement_id": self.foreign_settlement.id}),
            ("another office's consultation", {"consultation_ids": [[6, 0, [self.foreign_consultation.id]]]}),
            ("paid more than granted", {"amount_paid": 9000, "date_last_payment": "2025-03-01"}),
            ("project name of 1 MB", {"name": ONE_MB}),
        ]
        writes = [
            ("negative grant on an existing funding", self.funding, {"amount_granted": -1}),
            ("closed without a closing date", self.funding, {"state": "closed"}),
        ]
        self.run_cases(self.coordinator, "district.funding", base, cases, writes)
        big = self.assertStored(
            "funding: internal note of 1 MB", self.coordinator, "district.funding", "create", {**base, "note": ONE_MB}
        )
        self.assertEqual(len(big.note), len(ONE_MB))

    def _cases_funding_payments(self):
        base = {"funding_id": self.funding.id, "date": "2025-03-01", "amount": 1000}
        cases = [
            ("nothing paid", {"amount": 0}),
            ("negative payment", {"amount": -5}),
            ("amount as a word", {"amount": "x"}),
            ("more than granted", {"amount": 10_000_000}),
            ("date as a word", {"date": "March"}),
            ("no funding", {"funding_id": DROP}),
            ("another office's funding", {"funding_id": self.foreign_funding.id}),
            ("funding that does not exist", {"funding_id": MISSING_ID}),
        ]
        self.run_cases(self.coordinator, "district.funding.payment", base, cases)

    def _cases_targets(self):
        def base(number):
            year = 2040 + number
            return {
                "indicator": "opening_count",
                "programme_area_id": self.area.id,
                "date_from": f"{year}-01-01",
                "date_to": f"{year}-12-31",
                "target_value": 10,
            }

        cases = [
            ("ends before it begins", {"date_to": "2039-01-01"}),
            ("negative target", {"target_value": -1}),
            ("target as a word", {"target_value": "ten"}),
            ("unknown indicator", {"indicator": "happiness"}),
            ("no programme area", {"programme_area_id": DROP}),
            ("vacancy rate of 150 %", {"indicator": "vacancy_rate", "target_value": 150}),
            ("quarter that does not exist", {"quarter_id": MISSING_ID}),
            ("unknown direction", {"direction": "sideways"}),
            ("note of 1 MB", {"note": ONE_MB}),
        ]
        self.run_cases(self.manager, "district.target", base, cases)

    def _cases_monitoring_reports(self):
        def base(number):
            year = 2050 + number
            return {"programme_area_id": self.area.id, "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}

        cases = [
            ("ends before it begins", {"date_to": "2000-01-01"}),
            ("start as a word", {"date_from": "last year"}),
            ("created final", {"state": "final"}),
            ("unknown state", {"state": "sent"}),
            ("programme area that does not exist", {"programme_area_id": MISSING_ID}),
            ("cumulative start as a word", {"cumulative_from": "start"}),
            ("name of 1 MB", {"name": ONE_MB}),
        ]
        self.run_cases(self.coordinator, "district.monitoring.snapshot", base, cases)
        line = {"snapshot_id": self.snapshot.id, "indicator": "opening_count", "value": 3, "level": "total"}
        line_cases = [
            ("figure as a word", {"value": "three"}),
            ("infinite figure", {"value": "inf"}),
            ("unknown indicator", {"indicator": "happiness"}),
            ("unknown level", {"level": "city"}),
            ("no report", {"snapshot_id": DROP}),
            ("another office's report", {"snapshot_id": self.foreign_snapshot.id}),
            ("quarter that does not exist", {"quarter_id": MISSING_ID}),
            ("unknown direction", {"target_direction": "up"}),
        ]
        self.run_cases(self.coordinator, "district.monitoring.snapshot.line", line, line_cases)

    def _cases_address_rules(self):
        neustadt = self.env.ref("district_economy.quarter_leipzig_20")

        def base(number):
            street = "Prüfweg " + "abcdefghijklmnopqrstuvwxyz"[number]
            return {
                "street_name": street,
                "zip": "04315",
                "number_from": 1,
                "number_to": 9,
                "parity": "all",
                "quarter_id": neustadt.id,
            }

        cases = [
            ("negative house number", {"number_from": -1}),
            ("range upside down", {"number_from": 20}),
            ("house number as a word", {"number_from": "one"}),
            ("house number beyond any column", {"number_to": 2**40}),
            ("unknown side", {"parity": "prime"}),
            ("no quarter", {"quarter_id": DROP}),
            ("street without letters", {"street_name": "!!!"}),
            ("no street", {"street_name": DROP}),
            ("programme area that does not exist", {"programme_area_id": MISSING_ID}),
            ("street of 1 MB", {"street_name": ONE_MB}),
        ]
        self.run_cases(self.manager, "district.address.rule", base, cases)

    def _cases_quarters(self):
        borough = self.env.ref("district_economy.borough_leipzig_2")

        def base(number):
            return {"code": f"T{number}", "name": f"Testviertel {number}", "borough_id": borough.id}

        cases = [
            ("negative area", {"area_ha": -5}),
            ("area as a word", {"area_ha": "big"}),
            ("no code", {"code": DROP}),
            ("no borough", {"borough_id": DROP}),
            ("borough that does not exist", {"borough_id": MISSING_ID}),
            ("code of an existing quarter", {"code": "20"}),
            ("name of 1 MB", {"name": ONE_MB}),
        ]
        self.run_cases(self.manager, "district.quarter", base, cases)

    # ------------------------------------------------------------------
    # Markup where it is shown: the chatter and the printed report
    # ------------------------------------------------------------------
    def _cases_markup_is_harmless_in_chatter_and_report(self):
        login = self.coordinator
        self.assertStored(
            "funding: tracked name with a script",
            login,
            "district.funding",
            "write",
            self.funding.ids,
            {"name": SCRIPT},
        )
        for model, record in (("district.consultation", self.consultation), ("district.funding", self.funding)):
            self.tried += 1
            self.rpc(login, model, "message_post", record.ids, body=f"<p>Hallo</p>{SCRIPT}")
            self.stored += 1
        self.assertStored(
            "report: name with a script",
            login,
            "district.monitoring.snapshot",
            "write",
            self.snapshot.ids,
            {"name": f"{SCRIPT} Bericht"},
        )
        self.rpc(login, "district.monitoring.snapshot", "action_compute", self.snapshot.ids)
        self.assertStored(
            "quarter: name with a script",
            self.manager,
            "district.quarter",
            "write",
            self.env.ref("district_economy.quarter_leipzig_20").ids,
            {"name": f"{SCRIPT} Neustadt"},
        )
        self.env.invalidate_all()
        # The chatter: message bodies are HTML and carry no script; a tracked text stays a plain value.
        messages = self.consultation.message_ids | self.funding.message_ids
        self.assertGreaterEqual(len(messages), 3)
        for body in messages.mapped("body"):
            self.assertNotIn("<script", str(body), "a message body never carries a script")
        self.assertIn("&lt;script&gt;", "".join(str(body) for body in messages.mapped("body")), "the text is kept")
        tracked = messages.sudo().tracking_value_ids.filtered(lambda value: value.field_id.name == "name")
        self.assertEqual(tracked.new_value_char, SCRIPT, "a tracked name is kept as text, not as markup")
        store = Store().add(messages).get_result()
        for message in store["mail.message"]:
            self.assertNotIn("<script", str(message["body"]))
        # The printed report (the HTML that wkhtmltopdf turns into the PDF) and its accessible twin.
        for report in ("district_economy.action_report_monitoring", "district_economy.action_report_monitoring_html"):
            html = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_html(report, self.snapshot.ids)[0]
                .decode()
            )
            self.assertNotIn("<script>alert", html, f"{report}: markup in a name is printed as text")
            self.assertIn("&lt;script&gt;", html, f"{report}: the name is there, escaped")
