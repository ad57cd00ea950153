"""Benchmark data: a city's district economy over ten years, three offices, loaded in minutes.

Runs inside ``odoo-bin shell`` on a fresh database with this module and no demo data
(``tools/bench_data.sh``, ``make bench-data``). Environment:

- ``BENCH_SCALE``: ``full`` (default: 100,000 businesses, 1,000,000 consultations, 200,000
  referrals, 50,000 premises, 20,000 settlement cases, 30,000 fundings, 300,000 business
  events) or ``small`` (a hundredth of each). ``BENCH_BUSINESSES``, ``BENCH_CONSULTATIONS``,
  ``BENCH_REFERRALS``, ``BENCH_PREMISES``, ``BENCH_SETTLEMENTS``, ``BENCH_FUNDINGS`` and
  ``BENCH_EVENTS`` override single figures.
- ``BENCH_SEED`` (default 42): the same seed gives the same data.
- ``BENCH_END`` (default 2026-10-31): the last day with history; the ten years run from
  1 January nine years before it. A few consultations are planned in the two months after it.

The city: the 63 quarters the module ships, about 1,800 synthetic streets with one address rule
per stretch (some streets cross into a neighbouring quarter by house numbers or by side, some
stretches of partly covered quarters lie in a programme area), three offices (companies) that
each look after a group of boroughs and a programme area of their own: the Leipziger Osten the
module ships, and two created here. Logins (password = login): ``bench_coordinator`` (first
office), ``bench_coordinator_2``, ``bench_coordinator_3``, two colleagues per office
(``bench_colleague_<office><a|b>``), ``bench_manager`` (all offices) and ``bench_readonly``.

What is loaded how:

- Through the ORM (behaviour matters, few records): offices, users, programme areas, referral
  institutions, a funding programme and the address rules.
- With ``COPY`` (plain data, millions of rows): businesses, contact persons and landlords
  (``res.partner``), business events, premises and vacancy periods, settlement cases and
  proposals, consultations, consents, referrals, fundings and payments, each table without
  its foreign keys and secondary indexes while it loads (restored as they were, see
  ``Writer.bulk``). Quarter, programme area and the reason for them come from the module's own
  ``_district_locate`` for each distinct address; every other stored computed field is written
  as the ORM computes it. Stored computed fields this script does not know (added to the module
  later) are computed by the ORM afterwards, and named, so that they can be added here.
- At the end, ``Verifier`` checks the data against the ORM and rolls its checks back:
  invariants, samples of every stored computed field recomputed, business histories re-synced
  by ``BusinessHistory``, quarters reassigned by the rules, records read as coordinators, and a
  year's report per office with its stock and flow identity.

Business histories follow ``BusinessHistory`` (models/business_history.py): one entry
(opening, recorded or moved in) and at most one exit (closing, moved out) per period of
activity, move pairs pointing to each other with ``is_area_flow`` / ``is_borough_flow``,
sector changes, earlier periods of reopened businesses (``is_current_period`` false), so
that stocks are the sum of ``stock_delta``. Settled cases are the arrivals of businesses in a
programme area: the unit they moved into stood vacant until the settlement day and is vacant
again from the day they left. Moves stay within the office that recorded the business, so each
office's figures add up on their own. Chatter messages, followers and mail tracking are not
generated.
"""

import csv
import io
import math
import os
import random
import sys
import time
from bisect import bisect_right
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from itertools import accumulate

import pytz
import shapely
from shapely.prepared import prep

from odoo import Command
from odoo.tools import float_round
from odoo.tools.misc import file_path

from odoo.addons.district_economy.models.address_key import normalize_street
from odoo.addons.district_economy.models.area_outline import parse_outline
from odoo.addons.district_economy.models.district_business_event import MOVE_TYPES, STOCK_DELTAS
from odoo.addons.district_economy.models.district_funding import RETENTION_YEARS
from odoo.addons.district_economy.models.district_premises import PREMISES_STATES, VACANT_STATES, size_band


def words(text, separator=None):
    """The words of a text (the name lists below are written as text)."""
    return text.split(separator)


FULL_SCALE = {
    "businesses": 100_000,
    "consultations": 1_000_000,
    "referrals": 200_000,
    "premises": 50_000,
    "settlements": 20_000,
    "fundings": 30_000,
    "events": 300_000,
}
SCALES = {"full": FULL_SCALE, "small": {name: value // 100 for name, value in FULL_SCALE.items()}}
TZ_NAME = "Europe/Berlin"
# The models this script fills with COPY, and stored computed fields that stay empty for its data (no
# images, phones, properties or salespersons), so that they need no computing.
LOADED_MODELS = [
    "res.partner",
    "district.business.event",
    "district.premises",
    "district.premises.vacancy",
    "district.settlement",
    "district.settlement.proposal",
    "district.consultation",
    "district.consent",
    "district.referral",
    "district.funding",
    "district.funding.payment",
]
EMPTY_FOR_THIS_DATA = {
    "company_registry",
    "image_1024",
    "image_512",
    "image_256",
    "image_128",
    "phone_sanitized",
    "properties",
    "user_id",
}
ORM_CHUNK = 5000
COPY_CHUNK = 50_000
LOCATE_CHUNK = 50_000

# The offices: name, office address, borough codes of the quarters they look after, and their programme area
# (None: the area the module ships). Quarter codes are those of data/source/leipzig_ortsteile.csv.
OFFICES = [
    {
        "name": "Stadtteilbüro Leipziger Osten",
        "street": "Eisenbahnstraße 49",
        "zip": "04315",
        "boroughs": ("0", "1", "2", "3"),
        "area": None,
        "logins": ("bench_coordinator", "bench_colleague_1a", "bench_colleague_1b"),
    },
    {
        "name": "Stadtteilbüro Leipziger Westen",
        "street": "Karl-Heine-Straße 54",
        "zip": "04229",
        "quarter": "51",
        "boroughs": ("4", "5", "7"),
        "area": {"name": "Leipziger Westen", "full": ("70", "71", "72"), "partial": ("51", "73")},
        "logins": ("bench_coordinator_2", "bench_colleague_2a", "bench_colleague_2b"),
    },
    {
        "name": "Quartiersbüro Grünau",
        "street": "Stuttgarter Allee 19",
        "zip": "04209",
        "quarter": "62",
        "boroughs": ("6", "8", "9"),
        "area": {"name": "Grünau", "full": ("61", "62", "63", "64", "65"), "partial": ()},
        "logins": ("bench_coordinator_3", "bench_colleague_3a", "bench_colleague_3b"),
    },
]
# Which coordinator of an office worked when: (first year offset, last year offset) in the ten years.
USER_YEARS = ((0, 9), (0, 4), (4, 9))
# ZIP codes of the quarters (by code); a quarter not listed gets one made up from its borough.
QUARTER_ZIPS = {
    "00": "04109", "01": "04103", "02": "04103", "03": "04107", "04": "04109", "05": "04105", "06": "04105",
    "10": "04347", "11": "04347", "12": "04357", "13": "04357", "14": "04349", "15": "04349",
    "20": "04315", "21": "04315", "22": "04318", "23": "04318", "24": "04328", "25": "04329", "26": "04316",
    "27": "04319", "28": "04316", "29": "04319", "30": "04317", "31": "04299", "32": "04289", "33": "04289",
    "34": "04288", "35": "04288", "40": "04275", "41": "04277", "42": "04277", "43": "04279", "44": "04279",
    "50": "04229", "51": "04229", "52": "04229", "53": "04249", "54": "04249", "55": "04249", "60": "04205",
    "61": "04209", "62": "04209", "63": "04207", "64": "04207", "65": "04205", "66": "04205", "70": "04177",
    "71": "04177", "72": "04179", "73": "04179", "74": "04178", "75": "04178", "80": "04159", "81": "04159",
    "82": "04159", "83": "04158", "90": "04155", "91": "04157", "92": "04157", "93": "04129", "94": "04356",
    "95": "04158",
}  # fmt: skip
OTHER_CITIES = [
    ("Halle (Saale)", "06108"),
    ("Markkleeberg", "04416"),
    ("Taucha", "04425"),
    ("Schkeuditz", "04435"),
    ("Markranstädt", "04420"),
    ("Dresden", "01067"),
    ("Berlin", "10115"),
    ("Chemnitz", "09111"),
]
OTHER_STREETS = ["Hauptstraße", "Bahnhofstraße", "Marktplatz", "Gartenstraße", "Schulstraße", "Lindenallee"]

PERSON_ROOTS = words(
    "Goethe Schiller Lessing Herder Bach Händel Mendelssohn Lortzing Wagner Schumann Humboldt Fichte Kant Leibniz "
    "Thomasius Gellert Klopstock Heine Fontane Brecht Kästner Hauptmann Ringelnatz Körner Arndt Jahn Fröbel "
    "Pestalozzi Diesterweg Liebig Röntgen Ohm Gauß Kepler Kopernikus Dürer Cranach Menzel Klinger Beckmann Zille "
    "Bebel Liebknecht Zetkin Luxemburg Lassalle Blum Lenné Semper Schinkel Oeser Hiller Riemann Reger Grieg "
    "Mozart Haydn Beethoven Brahms Bruckner Weber Telemann Kuhnau Zelter Silbermann Bose Thomä Crusius Gohliser"
)
PLACE_ROOTS = words(
    "Dresdner Hallesche Torgauer Wurzner Merseburger Delitzscher Zschochersche Lützner Rödel Markranstädter "
    "Naumburger Weißenfelser Zeitzer Altenburger Bornaische Grimmaische Eilenburger Wurzener Schkeuditzer "
    "Berliner Magdeburger Erfurter Geraer Plauener Zwickauer Chemnitzer Freiberger Meißner Bautzner Görlitzer "
    "Pirnaer Döbelner Oschatzer Riesaer Mockauer Thekla Schönefelder Paunsdorfer Stötteritzer Probstheidaer "
    "Connewitzer Dölitzer Gautzscher Knauthainer Schönauer Miltitzer Leutzscher Wahrener Möckernsche Lindenthaler"
)
NATURE_ROOTS = words(
    "Linden Birken Eichen Ahorn Kastanien Rosen Tulpen Flieder Wiesen Feld Wald Mühl Garten Sonnen Berg Quell "
    "Brunnen Anger Hain Tannen Buchen Erlen Weiden Pappel Ulmen Eschen Holunder Nelken Lilien Veilchen Astern "
    "Dahlien Fasanen Lerchen Finken Meisen Schwalben Tauben Falken Adler Hasen Otter Biber Fuchs Hirsch Reh "
    "Hopfen Korn Weizen Roggen Gersten Hafer Klee Heide Moor Teich Bach Auen Graben Schmiede Ziegel Kalk"
)
STREET_SUFFIXES = [("straße", 65), ("weg", 12), ("gasse", 5), ("platz", 4), ("allee", 4), ("ring", 4), ("steig", 2),
                   ("pfad", 2), ("ufer", 1), ("markt", 1)]  # fmt: skip

FIRST_NAMES = words(
    "Anna Maria Sophie Lena Laura Julia Sarah Lisa Katrin Sabine Petra Claudia Susanne Andrea Nicole Stefanie "
    "Thomas Michael Andreas Stefan Frank Jens Uwe Torsten Matthias Sebastian Tobias Lukas Felix Paul Jonas Max "
    "Mehmet Ahmet Ayşe Fatma Emre Elif Mustafa Zeynep Mohammed Ahmad Omar Yousef Layla Amira Rania Khaled "
    "Thi Lan Minh Tuan Hoa Duc Anh Olga Irina Natalia Sergej Dmitri Oksana Piotr Agnieszka Katarzyna Marek "
    "Andrei Elena Ion Georgi Dimitar Reza Maryam Ali Zahra Dilan Rojin Serhat"
)
LAST_NAMES = words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder "
    "Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid "
    "Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn "
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Al-Hassan Haddad Khalil Nasser Saleh "
    "Mansour Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Ivanov Petrov Smirnov Kowalski Nowak Wiśniewski Popescu "
    "Ionescu Georgiev Dimitrov Ahmadi Hosseini Karimi Rezaei Barzani Kurt Polat"
)
MIGRANT_LANGUAGES = ["ar", "tr", "vi", "ru", "uk", "pl", "fa", "ku", "ro", "bg"]

# Sector mix of an urban district (WZ section: weight) and the kinds of business in each.
SECTOR_WEIGHTS = {
    "G": 22, "I": 12, "S": 10, "M": 9, "F": 8, "Q": 8, "N": 6, "C": 5, "J": 5, "L": 4, "H": 4, "R": 3, "P": 2,
    "K": 1.5, "A": 0.2, "D": 0.2, "E": 0.2, "B": 0.05, "O": 0.1, "T": 0.1, "U": 0.02,
}  # fmt: skip
SECTOR_KINDS = {
    "G": "Lebensmittel|Späti|Obst & Gemüse|Boutique|Blumenladen|Buchhandlung|Handyshop|Kiosk|Feinkost|"
    "Fahrradladen|Second Hand|Schuhhaus|Optik|Drogerie|Juwelier|Weinhandlung|Getränkemarkt|Asia-Markt|"
    "Orient-Markt|Apotheke",
    "I": "Café|Bistro|Imbiss|Restaurant|Bar|Pizzeria|Döner|Eiscafé|Teestube|Pension|Kneipe|Suppenküche",
    "S": "Friseursalon|Kosmetikstudio|Nagelstudio|Änderungsschneiderei|Reinigung|Schlüsseldienst|Barbershop|"
    "Tattoostudio|Reparaturwerkstatt",
    "M": "Architekturbüro|Ingenieurbüro|Steuerberatung|Kanzlei|Werbeagentur|Designbüro|Fotostudio|"
    "Übersetzungsbüro|Unternehmensberatung",
    "F": "Malerbetrieb|Elektro|Sanitär & Heizung|Trockenbau|Dachdeckerei|Fliesenleger|Tischlerei|Bau|Gerüstbau",
    "Q": "Arztpraxis|Zahnarztpraxis|Physiotherapie|Pflegedienst|Ergotherapie|Tagespflege|Hebammenpraxis",
    "N": "Reinigungsservice|Hausmeisterservice|Reisebüro|Personalservice|Sicherheitsdienst|Copyshop",
    "C": "Manufaktur|Druckerei|Metallbau|Bäckerei|Fleischerei|Goldschmiede|Rösterei|Brauerei|Textilwerkstatt",
    "J": "IT-Service|Webdesign|Softwareentwicklung|Verlag|Tonstudio|Medienproduktion",
    "L": "Hausverwaltung|Immobilien",
    "H": "Kurierdienst|Umzüge|Taxi|Transporte|Lastenradlogistik",
    "R": "Galerie|Tanzstudio|Fitnessstudio|Theater|Kletterhalle",
    "P": "Sprachschule|Nachhilfe|Musikschule|Fahrschule",
    "K": "Versicherungsbüro|Finanzberatung",
    "A": "Gärtnerei|Stadtgarten",
    "B": "Kieswerk",
    "D": "Solartechnik|Energie",
    "E": "Recycling|Entsorgung",
    "O": "Verwaltungsdienst",
    "T": "Haushaltsservice",
    "U": "Vertretung",
}
FANCY_NAMES = words(
    "am Markt|Morgenland|Lindenblüte|Sonnenschein|Ost|am Eck|Pusteblume|Mondschein|Kiez|Anker|Zeitlos|Oase|"
    "Glücksgriff|Kleeblatt|Paradies|Goldstück|Stadtkind|Nachbarschaft|Kompass|Löwenzahn",
    "|",
)
LEGAL_FORMS = [("", 55), (" GmbH", 20), (" e.K.", 8), (" UG (haftungsbeschränkt)", 6), (" GbR", 6), (" OHG", 3),
               (" GmbH & Co. KG", 2)]  # fmt: skip
LANDLORD_NAMES = words(
    "Wohnungsbaugesellschaft|Hausverwaltung|Grundstücksgesellschaft|Immobilien|Wohnungsgenossenschaft|"
    "Vermietung|Liegenschaften",
    "|",
)
INSTITUTIONS = [
    ("Sparkasse Leipzig, Firmenkundenberatung", "bank"),
    ("Volksbank Leipzig, Gründungsberatung", "bank"),
    ("GLS Bank, Filiale Leipzig", "bank"),
    ("Deutsche Bank, Geschäftskunden Leipzig", "bank"),
    ("Commerzbank, Mittelstandsbank Leipzig", "bank"),
    ("Sächsische Aufbaubank – Förderbank", "bank"),
    ("Bürgschaftsbank Sachsen", "bank"),
    ("Steuerberatung Krause & Partner", "tax_advisor"),
    ("Steuerbüro Yılmaz", "tax_advisor"),
    ("Kanzlei Nguyen Steuerberatung", "tax_advisor"),
    ("Lohnsteuerhilfe Leipzig-Ost", "tax_advisor"),
    ("Agentur für Arbeit Leipzig, Arbeitgeberservice", "job_centre"),
    ("Jobcenter Leipzig, Selbständigenberatung", "job_centre"),
    ("IQ Netzwerk Sachsen, Migrantenökonomie", "migrant_business"),
    ("Gründungsberatung für Migrantinnen und Migranten", "migrant_business"),
    ("Unternehmerinnenzentrum Leipzig", "start_up_office"),
    ("SMILE Gründungsinitiative", "start_up_office"),
    ("Leipziger Gründernacht e.V.", "start_up_office"),
    ("Amt für Stadterneuerung und Wohnungsbauförderung", "economic_development"),
    ("Ordnungsamt, Gewerbeangelegenheiten", "other"),
    ("Verbraucherzentrale Sachsen", "other"),
    ("Schuldnerberatung Leipzig", "other"),
]
TOPIC_PHRASES = [
    "Fördermöglichkeiten besprochen",
    "Unterlagen durchgesehen",
    "Mietvertrag erläutert",
    "nächste Schritte vereinbart",
    "Kontakt zur Kammer vermittelt",
    "Antrag vorbereitet",
    "Ladenlokal besichtigt",
    "Businessplan besprochen",
    "Fragen zur Genehmigung geklärt",
    "Personalsuche besprochen",
]
OUTCOMES = ["Antrag gestellt", "Weitervermittelt", "Unterlagen nachgereicht", "Problem gelöst", "Offen", "Abgesagt"]
NEXT_STEPS = ["Rückruf in zwei Wochen", "Termin vor Ort", "Unterlagen schicken", "Kammer kontaktieren", "Nachfassen"]
NOTES = ["Persönliche Lage schwierig", "Mietrückstand erwähnt", "Gesundheitliche Gründe", "Konflikt mit Vermieter"]
REFERRAL_REASONS = ["Gründungsberatung", "Finanzierung", "Meisterpflicht klären", "Steuerfragen", "Personal",
                    "Kredit und Bürgschaft", "Sprachkurs für Beschäftigte"]  # fmt: skip
REJECTIONS = ["Zu klein", "Zu teuer", "Lage passt nicht", "Kein Schaufenster", "Zustand schlecht"]
FUNDING_PROJECTS = ["Ladenumbau", "Schaufenster und Fassade", "Neue Ausstattung", "Barrierefreier Zugang",
                    "Digitalisierung", "Werkstatteinrichtung", "Energetische Sanierung", "Erweiterung"]  # fmt: skip
USE_LABELS = {
    "retail": "Ladenlokal",
    "gastronomy": "Gastronomiefläche",
    "office": "Büro",
    "workshop": "Werkstatt",
    "storage": "Lager",
    "studio": "Atelier",
    "social": "Gemeinschaftsraum",
    "other": "Gewerbefläche",
}
SECTOR_USES = {"G": "retail", "I": "gastronomy", "S": "retail", "C": "workshop", "F": "workshop", "H": "storage",
               "R": "social", "P": "social", "A": "other"}  # fmt: skip
FLOOR_LABELS = {-1: "UG", 0: "EG", 1: "1. OG", 2: "2. OG", 3: "3. OG", 4: "4. OG"}


def env_int(name, default):
    return int(os.environ.get(name) or default)


def pick(rng, weighted):
    """One value of a list of (value, weight)."""
    return rng.choices([value for value, _weight in weighted], [weight for _value, weight in weighted])[0]


class Progress:
    """One line on stderr per step: a bar, percent, count and seconds, redrawn in place."""

    def __init__(self, label, total):
        self.label, self.total, self.done = label, max(total, 0), 0
        self.started = self.drawn = time.perf_counter()
        self._draw()

    def update(self, count=1):
        self.done += count
        now = time.perf_counter()
        if now - self.drawn >= 0.25:
            self.drawn = now
            self._draw()

    def _draw(self, end=""):
        share = min(self.done / self.total, 1.0) if self.total else 1.0
        bar = "#" * int(share * 30)
        elapsed = time.perf_counter() - self.started
        sys.stderr.write(
            f"\r  {self.label:<26} [{bar:<30}] {share:6.1%} {self.done:>10,}/{self.total:<10,} {elapsed:7.1f} s{end}"
        )
        sys.stderr.flush()

    def close(self):
        self._draw("\n")


class Writer:
    """Bulk writes with COPY (CSV), ids reserved from the tables' own sequences."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.written = defaultdict(set)

    def reserve_ids(self, table, count):
        """The first of ``count`` consecutive ids taken from ``table``'s id sequence."""
        if not count:
            return 0
        self.cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = self.cr.fetchone()[0]
        self.cr.execute("SELECT nextval(%s)", [sequence])
        first = self.cr.fetchone()[0]
        self.cr.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def copy(self, table, columns, rows, label=None, total=None, *, chunk=COPY_CHUNK):
        """COPY ``rows`` (tuples in the order of ``columns``, None for NULL) into ``table``; returns the count.

        Rows go in chunks of ``chunk`` rows, one COPY each; ``chunk=None`` sends them in one COPY (needed
        where rows refer to each other and foreign keys are checked, at the end of each statement).
        """
        self.written[table].update(columns)
        progress = Progress(label or table, total) if total is not None else None
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        pending = count = 0
        for row in rows:
            writer.writerow(row)
            pending += 1
            if pending == (chunk or COPY_CHUNK):
                if chunk:
                    self._flush(statement, buffer)
                    buffer = io.StringIO()
                    writer = csv.writer(buffer, lineterminator="\n")
                count, pending = count + pending, 0
                if progress:
                    progress.update(chunk or COPY_CHUNK)
        if buffer.tell():
            self._flush(statement, buffer)
        count += pending
        if progress:
            progress.update(pending)
            progress.close()
        return count

    def _flush(self, statement, buffer):
        buffer.seek(0)
        self.cr._obj.copy_expert(statement, buffer)

    @contextmanager
    def bulk(self, *tables):
        """Load ``tables`` without their foreign keys and secondary indexes, then restore them as they were.

        Checking eleven foreign keys and updating a dozen indexes row by row costs more than the COPY
        itself; recreating them at the end (same names, same definitions from the catalog) validates
        every row at once. All of it happens in the loading transaction: a failure leaves the schema as it was.
        """
        saved = []
        for table in tables:
            self.cr.execute(
                """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname""",
                [table],
            )
            foreign_keys = self.cr.fetchall()
            self.cr.execute(
                """SELECT indexname, indexdef FROM pg_indexes
                    WHERE schemaname = current_schema() AND tablename = %s
                      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)
                    ORDER BY indexname""",
                [table, table],
            )
            indexes = self.cr.fetchall()
            for name, _definition in foreign_keys:
                self.cr.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                self.cr.execute(f'DROP INDEX "{name}"')
            saved.append((table, foreign_keys, indexes))
        yield
        for table, foreign_keys, indexes in saved:
            for _name, definition in indexes:
                self.cr.execute(definition)
            for name, definition in foreign_keys:
                self.cr.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


class Calendar:
    """Days as ordinals: the ten years, their growth trend, office hours in UTC."""

    def __init__(self, end):
        self.end = end.toordinal()
        self.start = date(end.year - 9, 1, 1).toordinal()
        self.first_year = end.year - 9
        self.tz = pytz.timezone(TZ_NAME)
        self._offsets = {}

    def year(self, day):
        return date.fromordinal(day).year

    @staticmethod
    def to_date(day):
        return date.fromordinal(day) if day else None

    def trend(self, day):
        """Activity grows by about 6 % a year over the ten years."""
        return 1.0 + 0.06 * (self.year(day) - self.first_year)

    def trend_day(self, rng, low, high):
        """A day in [low, high] drawn with the growth trend, on a weekday where the range allows."""
        if high <= low:
            return self.weekday(low, low, high)
        top = self.trend(high)
        for _attempt in range(8):
            day = rng.randint(low, high)
            if rng.random() * top <= self.trend(day):
                break
        return self.weekday(day, low, high)

    @staticmethod
    def weekday(day, low, high):
        """``day`` moved off the weekend if [low, high] leaves room."""
        weekday = date.fromordinal(day).weekday()
        if weekday == 5 and day - 1 >= low:
            return day - 1
        if weekday == 6 and day + 1 <= high:
            return day + 1
        if weekday == 6 and day - 2 >= low:
            return day - 2
        return day

    def utc(self, day, minutes):
        """Naive UTC datetime of ``minutes`` after local midnight of ``day`` (office time zone)."""
        offset = self._offsets.get(day)
        if offset is None:
            local = self.tz.localize(datetime.fromordinal(day) + timedelta(hours=12))
            offset = self._offsets[day] = int(local.utcoffset().total_seconds() // 60)
        return datetime.fromordinal(day) + timedelta(minutes=minutes - offset)

    def office_time(self, rng, day):
        """A datetime in office hours (9:00-17:45 local, quarter hours) in UTC."""
        return self.utc(day, 9 * 60 + 15 * rng.randint(0, 35))


class Street:
    __slots__ = ("key", "max_number", "name", "segments")

    def __init__(self, name, max_number):
        self.name, self.key, self.max_number, self.segments = name, normalize_street(name), max_number, []


class Segment:
    """A stretch of a street in one quarter, as one address rule describes it."""

    __slots__ = ("area_id", "number_from", "number_to", "parity", "quarter", "street", "zip")

    def __init__(self, street, quarter, zip_code, *, number_from=0, number_to=0, parity="all", area_id=None):
        self.street, self.quarter, self.zip = street, quarter, zip_code
        self.number_from, self.number_to, self.parity, self.area_id = number_from, number_to, parity, area_id

    def numbers(self):
        low = self.number_from or 1
        high = self.number_to or self.street.max_number
        return low, high

    def draw_number(self, rng):
        low, high = self.numbers()
        number = rng.randint(low, high)
        if self.parity != "all" and (number % 2 == 1) != (self.parity == "odd"):
            number = number + 1 if number + 1 <= high else number - 1
        return number


class Quarter:
    __slots__ = (
        "area_id",
        "borough_code",
        "borough_id",
        "code",
        "id",
        "name",
        "office",
        "outline",
        "partial_area_id",
        "segments",
        "weight",
        "zip",
    )


class Address:
    """A written address and where the planner put it (the rules decide in the end)."""

    __slots__ = ("city", "index", "position", "quarter", "street", "zip")

    def __init__(self, index, street, zip_code, city, quarter):
        self.index, self.street, self.zip, self.city, self.quarter = index, street, zip_code, city, quarter
        self.position = None


class Biz:
    """A business (or founder) and its history, planned before anything is written."""

    __slots__ = (
        "active",
        "addr_from",
        "addrs",
        "area_days",
        "children",
        "closing",
        "coordinator",
        "create",
        "email",
        "employees",
        "entry",
        "events",
        "exit",
        "final_addr",
        "first",
        "founding",
        "fte",
        "ground_floor",
        "id",
        "idx",
        "industries",
        "is_company",
        "kind",
        "langs",
        "last",
        "migrant",
        "moves",
        "name",
        "office",
        "opening",
        "prev",
        "sector",
        "start_up",
        "status",
        "women",
    )

    def __init__(self, idx):
        self.idx = idx
        self.entry = self.exit = self.prev = self.sector = self.opening = self.founding = self.closing = None
        self.moves, self.children, self.events, self.langs = [], [], [], []
        self.coordinator = self.email = None
        self.active = True

    def addr_on(self, day):
        """The address (index) the business had at the end of ``day``."""
        return self.addrs[bisect_right(self.addr_from, day) - 1]

    def industry_on(self, day):
        found = self.industries[0]
        for item in self.industries:
            if item[0] <= day:
                found = item
        return found

    def stock_interval(self, cal):
        """(first, last) day of the current period of activity within the ten years, or None."""
        if not self.entry:
            return None
        low = max(self.entry[1], cal.start)
        high = min(self.exit[1] - 1 if self.exit else cal.end, cal.end)
        return (low, high) if high >= low else None


class Generator:
    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.writer = Writer(env)
        self.seed = env_int("BENCH_SEED", 42)
        scale = os.environ.get("BENCH_SCALE", "full")
        if scale not in SCALES:
            raise SystemExit(f"BENCH_SCALE must be one of {', '.join(SCALES)}, not {scale!r}")
        self.scale = scale
        self.n = {name: env_int(f"BENCH_{name.upper()}", value) for name, value in SCALES[scale].items()}
        self.cal = Calendar(date.fromisoformat(os.environ.get("BENCH_END") or "2026-10-31"))
        self.timings = []
        self.counts = {}

    def rng(self, part):
        """A random stream of its own per part, so that changing one part leaves the others as they were."""
        return random.Random(f"{self.seed}:{part}")

    def step(self, label, function, bulk=()):
        """Run one step and time it; ``bulk``: tables loaded without foreign keys and indexes meanwhile."""
        started = time.perf_counter()
        print(f"[bench-data] {label} ...", file=sys.stderr, flush=True)
        with self.writer.bulk(*bulk):
            result = function()
        self.timings.append((label, time.perf_counter() - started))
        return result

    # ------------------------------------------------------------------
    # Run
    # ------------------------------------------------------------------
    def run(self):
        started = time.perf_counter()
        self.check_empty()
        self.cr.execute("SET LOCAL synchronous_commit = off")
        self.step("offices, users, programme areas", self.setup_offices)
        self.step("reference data", self.setup_reference)
        self.step("streets and address rules", self.setup_streets)
        self.step("plan businesses and histories", self.plan_businesses)
        self.step("plan premises and settlement cases", self.plan_premises_and_settlements)
        self.step("plan consultations and referrals", self.plan_contacts)
        self.step("plan fundings", self.plan_fundings)
        self.step("locate addresses (address rules)", self.locate_all)
        self.step("write partners", self.write_partners, ("res_partner", "district_language_res_partner_rel"))
        self.step("write business events", self.write_events, ("district_business_event",))
        self.step(
            "write premises and vacancies",
            self.write_premises,
            ("district_premises", "district_premises_district_premises_use_type_rel", "district_premises_vacancy"),
        )
        self.step("write settlement cases", self.write_settlements)
        self.step(
            "write consultations",
            self.write_consultations,
            ("district_consultation", "district_consultation_district_consultation_topic_rel"),
        )
        self.step("write consents and referrals", self.write_referrals, ("district_consent", "district_referral"))
        self.step(
            "write fundings and payments",
            self.write_fundings,
            ("district_funding", "district_funding_payment", "district_consultation_district_funding_rel"),
        )
        self.step("fields this script does not know (ORM)", self.complete_with_orm)
        self.step("analyze", self.analyze)
        self.env.invalidate_all()
        self.env.cr.commit()
        total = time.perf_counter() - started
        self.step("verify", Verifier(self).run)
        self.report(total, time.perf_counter() - started)

    def check_empty(self):
        self.cr.execute("SELECT count(*) FROM res_partner WHERE business_status IS NOT NULL")
        if self.cr.fetchone()[0]:
            raise SystemExit("This database already holds businesses: recreate it with tools/bench_data.sh.")

    def report(self, load_seconds, total_seconds):
        print(f"\n[bench-data] scale {self.scale}, seed {self.seed}, {self.env.cr.dbname}")
        for label, seconds in self.timings:
            print(f"  {label:<40} {seconds:8.1f} s")
        print(f"  {'loaded (without verify)':<40} {load_seconds:8.1f} s")
        print(f"  {'total':<40} {total_seconds:8.1f} s")
        print("[bench-data] rows written:")
        for table, count in self.counts.items():
            print(f"  {table:<40} {count:>10,}")

    # ------------------------------------------------------------------
    # Set-up through the ORM
    # ------------------------------------------------------------------
    def setup_offices(self):
        env = self.env
        euro = env.ref("base.EUR")
        euro.active = True
        germany, saxony = env.ref("base.de"), env.ref("base.state_de_sn")
        leipzig_area = env.ref("district_economy.programme_area_leipziger_osten")
        quarters_by_code = {q.code: q for q in env["district.quarter"].search([("city", "=", leipzig_area.city)])}
        coordinator_group = env.ref("district_economy.group_district_coordinator")
        manager_group = env.ref("district_economy.group_district_manager")
        user_group = env.ref("base.group_user")
        self.offices = []
        for number, spec in enumerate(OFFICES, start=1):
            values = {
                "name": spec["name"],
                "street": spec["street"],
                "zip": spec["zip"],
                "city": leipzig_area.city,
                "country_id": germany.id,
                "state_id": saxony.id,
                "currency_id": euro.id,
            }
            if number == 1:
                company = env.ref("base.main_company")
                company.write(values)
            else:
                company = env["res.company"].create(values)
            company.partner_id.tz = TZ_NAME
            if spec["area"]:
                area = env["district.programme.area"].create(
                    {
                        "name": spec["area"]["name"],
                        "city": leipzig_area.city,
                        "quarter_ids": [Command.set([quarters_by_code[c].id for c in spec["area"]["full"]])],
                    }
                )
                partial_codes = spec["area"]["partial"]
            else:
                area = leipzig_area
                partial_codes = self._shipped_partial_codes()
            users = env["res.users"]
            for login in spec["logins"]:
                users |= (
                    env["res.users"]
                    .with_context(no_reset_password=True, mail_create_nolog=True)
                    .create(
                        {
                            "name": login.replace("bench_", "Bench ").replace("_", " ").title(),
                            "login": login,
                            "password": login,
                            "email": f"{login}@example.org",
                            "tz": TZ_NAME,
                            "company_id": company.id,
                            "company_ids": [Command.set([company.id])],
                            "group_ids": [Command.set([user_group.id, coordinator_group.id])],
                        }
                    )
                )
            self.offices.append(
                {
                    "number": number,
                    "company": company.id,
                    "area": area.id,
                    "area_quarters": set(area.quarter_ids.mapped("code")),
                    "partial_codes": set(partial_codes),
                    "boroughs": spec["boroughs"],
                    "users": users.ids,
                    "address": f"{spec['street']}, {spec['zip']} {leipzig_area.city}",
                }
            )
        companies = [office["company"] for office in self.offices]
        self.manager = (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                {
                    "name": "Bench Manager",
                    "login": "bench_manager",
                    "password": "bench_manager",
                    "email": "bench_manager@example.org",
                    "tz": TZ_NAME,
                    "company_id": companies[0],
                    "company_ids": [Command.set(companies)],
                    "group_ids": [Command.set([user_group.id, manager_group.id])],
                }
            )
        )
        env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True).create(
            {
                "name": "Bench City Office",
                "login": "bench_readonly",
                "password": "bench_readonly",
                "tz": TZ_NAME,
                "company_id": companies[0],
                "company_ids": [Command.set(companies)],
                "group_ids": [Command.set([user_group.id, env.ref("district_economy.group_district_readonly").id])],
            }
        )
        env.ref("base.user_admin").tz = TZ_NAME
        self.city = leipzig_area.city
        self.country_id, self.state_id = germany.id, saxony.id

    def _shipped_partial_codes(self):
        codes = []
        with open(file_path("district_economy/data/source/leipzig_ortsteile.csv"), encoding="utf-8") as source:
            for line in source.read().splitlines()[1:]:
                parts = line.split(",")
                if parts and parts[-1].strip() == "partial":
                    codes.append(parts[0])
        return codes

    def setup_reference(self):
        env, cr = self.env, self.cr
        cr.execute("SELECT id, wz_section_code, wz_division_from, wz_division_to FROM res_partner_industry")
        sections = {code: (industry_id, low, high) for industry_id, code, low, high in cr.fetchall() if code}
        self.sectors = [(code, sections[code]) for code in SECTOR_WEIGHTS if code in sections]
        self.sector_weights = [SECTOR_WEIGHTS[code] for code, _info in self.sectors]
        cr.execute("SELECT code, id FROM district_language")
        self.languages = dict(cr.fetchall())
        cr.execute("SELECT id, name->>'en_US' FROM district_consultation_topic ORDER BY sequence, id")
        self.topics = cr.fetchall()
        stages = env["district.settlement.stage"].search([])
        self.stage_won = stages.filtered("is_won")[:1].id
        self.stage_lost = stages.filtered("is_lost")[:1].id
        self.open_stages = stages.filtered(lambda s: not (s.is_won or s.is_lost)).ids
        self.lost_reasons = env["district.settlement.lost.reason"].search([]).ids
        self.use_types = {
            key: env.ref(f"district_economy.premises_use_{key}").id
            for key in USE_LABELS
            if env.ref(f"district_economy.premises_use_{key}", raise_if_not_found=False)
        }
        programmes = env["district.funding.programme"]
        older_erdf = programmes.create(
            {
                "name": "ERDF (EFRE) 2014–2020",
                "funder": "European Union, Free State of Saxony",
                "date_from": "2014-01-01",
                "date_to": "2020-12-31",
            }
        )
        self.programmes = {
            "erdf_old": older_erdf.id,
            "erdf": env.ref("district_economy.funding_programme_erdf_2021").id,
            "biwaq": env.ref("district_economy.funding_programme_biwaq").id,
            "city": env.ref("district_economy.funding_programme_city_grant").id,
        }
        institutions = env["res.partner"].search([("is_referral_institution", "=", True)])
        institutions |= env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "city": self.city,
                    "country_id": self.country_id,
                    "is_referral_institution": True,
                    "institution_type": kind,
                }
                for name, kind in INSTITUTIONS
            ]
        )
        self.institutions = defaultdict(list)
        for institution in institutions.sorted("id"):
            self.institutions[institution.institution_type or "other"].append(institution.id)

    def setup_streets(self):
        """Synthetic streets in every quarter of the city, with one address rule per stretch."""
        rng = self.rng("streets")
        env = self.env
        self._load_quarters()
        used = {normalize_street(rule.street_name) for rule in env["district.address.rule"].search([])}
        streets = self._office_streets(used)
        names = iter(name for name in self._street_names(rng) if normalize_street(name) not in used)
        for quarter in self.quarters:
            for _number in range(int(10 + 8 * quarter.weight + rng.randint(0, 5))):
                name = next(names)
                used.add(normalize_street(name))
                street = Street(name, rng.choice([12, 24, 40, 60, 90, 120, 160]))
                streets.append(street)
                self._add_segments(rng, street, quarter)
        self._add_shipped_streets()
        rules = [
            {
                "street_name": street.name,
                "zip": segment.zip,
                "number_from": segment.number_from,
                "number_to": segment.number_to,
                "parity": segment.parity,
                "quarter_id": segment.quarter.id,
                "programme_area_id": segment.area_id,
                "source": "Benchmark data (synthetic streets)",
            }
            for street in streets
            for segment in street.segments
        ]
        progress = Progress("address rules", len(rules))
        for start in range(0, len(rules), 500):
            env["district.address.rule"].create(rules[start : start + 500])
            progress.update(len(rules[start : start + 500]))
        progress.close()
        self.counts["district_address_rule"] = len(rules)
        # As a coordinator would after importing rules: the offices' own addresses get their quarters too.
        env["res.partner"].sudo()._reassign_district_location()
        self.quarter_weights = [quarter.weight for quarter in self.quarters]

    def _load_quarters(self):
        self.cr.execute(
            """SELECT q.id, q.code, q.name, q.borough_id, b.code, q.outline_geojson
                 FROM district_quarter q JOIN district_borough b ON b.id = q.borough_id
                WHERE q.city = %s AND q.active ORDER BY q.code""",
            [self.city],
        )
        self.quarters = []
        office_by_borough = {code: office for office in self.offices for code in office["boroughs"]}
        for index, (quarter_id, code, name, borough_id, borough_code, outline) in enumerate(self.cr.fetchall()):
            quarter = Quarter()
            quarter.id, quarter.code, quarter.name, quarter.borough_id = quarter_id, code, name, borough_id
            quarter.borough_code = borough_code
            quarter.office = office_by_borough.get(borough_code, self.offices[index % len(self.offices)])
            quarter.zip = QUARTER_ZIPS.get(code, f"0{borough_code}{index:03d}"[:5])
            quarter.outline = prep(parse_outline(outline)) if outline else None
            quarter.area_id = quarter.office["area"] if code in quarter.office["area_quarters"] else None
            quarter.partial_area_id = quarter.office["area"] if code in quarter.office["partial_codes"] else None
            # Businesses crowd the centre and the programme areas (where the offices look closely).
            weight = 3.0 if borough_code == "0" else 1.0
            if quarter.area_id:
                weight = 3.0
            elif quarter.partial_area_id:
                weight = 2.0
            quarter.weight = weight
            quarter.segments = []
            self.quarters.append(quarter)
        self.quarter_by_id = {quarter.id: quarter for quarter in self.quarters}
        self.borough_of = {quarter.id: quarter.borough_id for quarter in self.quarters}

    def _office_streets(self, used):
        """The offices' own streets (the first office's comes with the shipped rules)."""
        streets = []
        by_code = {quarter.code: quarter for quarter in self.quarters}
        for spec in OFFICES:
            quarter = by_code.get(spec.get("quarter"))
            name = spec["street"].rsplit(" ", 1)[0]
            if quarter and normalize_street(name) not in used:
                used.add(normalize_street(name))
                street = Street(name, 120)
                segment = Segment(street, quarter, quarter.zip, area_id=quarter.partial_area_id)
                street.segments.append(segment)
                quarter.segments.append(segment)
                streets.append(street)
        return streets

    def _street_names(self, rng):
        names = []
        for root in PERSON_ROOTS:
            names.extend(f"{root}{suffix}" for suffix in ("straße", "platz", "allee", "ring", "weg", "gasse"))
        for root in NATURE_ROOTS:
            names.extend(f"{root}{suffix}" for suffix, _weight in STREET_SUFFIXES)
            names.extend(f"Am {root}{end}" for end in ("graben", "hang", "hain", "berg"))
        for root in PLACE_ROOTS:
            names.extend([f"{root} Straße", f"{root} Weg", f"{root} Platz"])
        for first in ("Karl", "Anna", "Clara", "Hans", "Paul", "Rosa", "Otto", "Emil", "Louise", "Erich"):
            names.extend(f"{first}-{root}-Straße" for root in PERSON_ROOTS)
        rng.shuffle(names)
        return names

    def _add_segments(self, rng, street, quarter):
        """A street lies wholly in its quarter, or crosses into a neighbour (by numbers or by side)."""
        area_id = quarter.partial_area_id if quarter.partial_area_id and rng.random() < 0.45 else None
        neighbours = [q for q in self.quarters if q.borough_id == quarter.borough_id and q is not quarter]
        shape = rng.random()
        if shape < 0.08 and neighbours and street.max_number >= 40:
            other = rng.choice(neighbours)
            split = street.max_number // 2
            segments = [
                Segment(street, quarter, quarter.zip, number_to=split, area_id=area_id),
                Segment(street, other, other.zip, number_from=split + 1, area_id=self._partial_area(rng, other)),
            ]
        elif shape < 0.12 and neighbours:
            other = rng.choice(neighbours)
            segments = [
                Segment(street, quarter, quarter.zip, parity="odd", area_id=area_id),
                Segment(street, other, quarter.zip, parity="even", area_id=self._partial_area(rng, other)),
            ]
        else:
            segments = [Segment(street, quarter, quarter.zip, area_id=area_id)]
        for segment in segments:
            street.segments.append(segment)
            segment.quarter.segments.append(segment)

    def _partial_area(self, rng, quarter):
        return quarter.partial_area_id if quarter.partial_area_id and rng.random() < 0.45 else None

    def _add_shipped_streets(self):
        """The streets of the shipped rules, with the numbers they cover (the others stay unassigned)."""
        for rule in self.env["district.address.rule"].search([("source", "!=", "Benchmark data (synthetic streets)")]):
            quarter = self.quarter_by_id.get(rule.quarter_id.id)
            if not quarter:
                continue
            street = Street(rule.street_name, max(rule.number_to or 0, 160))
            segment = Segment(
                street,
                quarter,
                rule.zip or quarter.zip,
                number_from=rule.number_from,
                number_to=rule.number_to,
                parity=rule.parity,
            )
            street.segments.append(segment)
            quarter.segments.append(segment)

    # ------------------------------------------------------------------
    # Addresses
    # ------------------------------------------------------------------
    def _init_addresses(self):
        self.addresses = []
        self.address_index = {}

    def address(self, street, zip_code, city, quarter=None):
        key = (street, zip_code, city)
        found = self.address_index.get(key)
        if found is None:
            found = Address(len(self.addresses), street, zip_code, city, quarter)
            self.addresses.append(found)
            self.address_index[key] = found
        return found.index

    def draw_address(self, rng, quarter, suffix=True):
        segment = rng.choice(quarter.segments)
        number = segment.draw_number(rng)
        extra = rng.choice(("", "", "", "", "", "", "", "", "a", "b")) if suffix else ""
        return self.address(f"{segment.street.name} {number}{extra}", segment.zip, self.city, quarter)

    def draw_outside_address(self, rng):
        city, zip_code = rng.choice(OTHER_CITIES)
        return self.address(f"{rng.choice(OTHER_STREETS)} {rng.randint(1, 80)}", zip_code, city)

    def draw_unassigned_address(self, rng):
        """An address on a shipped street at a number no rule covers (it stays without quarter)."""
        return self.address(f"Eisenbahnstraße {rng.randint(74, 97)}", "04315", self.city)

    def draw_quarter(self, rng, office=None, area_bias=1.0):
        quarters, weights = self.quarters, self.quarter_weights
        if office is not None or area_bias != 1.0:
            quarters = [q for q in self.quarters if office is None or q.office is office]
            weights = [q.weight * (area_bias if (q.area_id or q.partial_area_id) else 1.0) for q in quarters]
        return rng.choices(quarters, weights)[0]

    def position(self, address_index, rng):
        """A point inside the quarter's outline, near the other numbers of the street (latitude, longitude)."""
        address = self.addresses[address_index]
        if address.position is None:
            quarter = address.quarter
            address.position = False
            if quarter and quarter.outline:
                min_x, min_y, max_x, max_y = quarter.outline.context.bounds
                for _attempt in range(30):
                    x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
                    if quarter.outline.contains(shapely.Point(x, y)):
                        address.position = (round(y, 7), round(x, 7))
                        break
        return address.position or None

    # ------------------------------------------------------------------
    # Businesses
    # ------------------------------------------------------------------
    def plan_businesses(self):
        rng = self.rng("businesses")
        self._init_addresses()
        kinds = [
            ("existing", 40),
            ("new", 47.5),
            ("moved_in", 6),
            ("founding", 3),
            ("relocating", 2),
            ("outside", 1.5),
        ]
        self.bizs = []
        progress = Progress("plan businesses", self.n["businesses"])
        for idx in range(self.n["businesses"]):
            biz = Biz(idx)
            biz.kind = pick(rng, kinds)
            self._plan_identity(rng, biz)
            self._plan_entry(rng, biz)
            self._plan_exit(rng, biz)
            self.bizs.append(biz)
            progress.update()
        progress.close()
        self._plan_sector_changes(rng)
        self._plan_moves(rng)
        for biz in self.bizs:
            self._plan_facts(rng, biz)
        self._plan_children(rng)
        self._plan_landlords(rng)

    def _plan_identity(self, rng, biz):
        biz.is_company = rng.random() < (0.5 if biz.kind == "founding" else 0.85)
        biz.first, biz.last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        outside = biz.kind == "outside" or (biz.kind == "relocating" and rng.random() < 0.5)
        if outside:
            biz.office = rng.choices(self.offices, [3, 1, 1])[0]
            address = self.draw_outside_address(rng)
        else:
            quarter = self.draw_quarter(rng)
            biz.office = quarter.office
            if biz.kind in ("existing", "new") and biz.office is self.offices[0] and rng.random() < 0.01:
                address = self.draw_unassigned_address(rng)
            else:
                address = self.draw_address(rng, quarter)
        biz.addrs, biz.addr_from, biz.final_addr = [address], [-(10**9)], address
        code, (industry_id, low, high) = rng.choices(self.sectors, self.sector_weights)[0]
        biz.industries = [(-(10**9), industry_id, self._wz_code(rng, low, high), code)]
        in_area = bool(self.addresses[address].quarter and self._area_of(address))
        biz.migrant = rng.random() < (0.35 if in_area else 0.12)
        biz.women = rng.random() < 0.3
        kind_name = rng.choice(words(SECTOR_KINDS[code], "|"))
        if biz.is_company:
            tail = rng.choice(FANCY_NAMES) if rng.random() < 0.3 else biz.last
            biz.name = f"{kind_name} {tail}{pick(rng, LEGAL_FORMS)}"
        else:
            biz.name = f"{biz.first} {biz.last}"
        biz.ground_floor = rng.random() < (0.7 if code in ("G", "I", "S") else 0.2)

    def _area_of(self, address_index):
        """The programme area the planner expects for an address (the rules decide; checked in locate_all)."""
        address = self.addresses[address_index]
        quarter = address.quarter
        if not quarter:
            return None
        if quarter.area_id:
            return quarter.area_id
        street = address.street.rsplit(" ", 1)[0]
        for segment in quarter.segments:
            if segment.street.name == street and segment.area_id:
                return segment.area_id
        return None

    def _wz_code(self, rng, low, high):
        division = rng.randint(low, high)
        shape = rng.random()
        if shape < 0.3:
            return f"{division:02d}"
        if shape < 0.5:
            return f"{division:02d}.{rng.randint(1, 9)}"
        if shape < 0.9:
            return f"{division:02d}.{rng.randint(1, 9)}{rng.randint(0, 9)}"
        return f"{division:02d}.{rng.randint(1, 9)}{rng.randint(0, 9)}.{rng.randint(0, 9)}"

    def _plan_entry(self, rng, biz):
        cal = self.cal
        start, end = cal.start, cal.end
        kind = biz.kind
        if kind == "existing":
            imported = cal.weekday(start + rng.randint(3, 120), start, end)
            biz.create = imported
            if rng.random() < 0.25:
                biz.entry = ("recorded", imported)
            else:
                opened = start - 1 - int(rng.expovariate(1 / (365 * 8)))
                biz.opening = max(opened, date(1950, 1, 1).toordinal())
                biz.entry = ("opening", biz.opening)
        elif kind == "new":
            day = cal.trend_day(rng, start, end)
            if rng.random() < 0.08:
                biz.create = day
                biz.entry = ("recorded", day)
            else:
                biz.opening = day
                biz.create = max(start, day - rng.randint(0, 90))
                biz.entry = ("opening", day)
                if rng.random() < 0.08 and day - start > 900:
                    closed = day - rng.randint(60, 400)
                    opened = closed - rng.randint(300, 1500)
                    biz.prev = (max(opened, start - 2000), closed)
                    biz.create = min(biz.create, max(start, biz.prev[0]))
        elif kind == "moved_in":
            day = cal.trend_day(rng, start, end)
            biz.create = max(start, day - rng.randint(0, 150))
            biz.entry = ("moved_in", day)
            if rng.random() < 0.6:
                biz.opening = day - rng.randint(365, 20 * 365)
        elif kind == "outside":
            biz.opening = end - rng.randint(100, 15 * 365)
            biz.create = cal.trend_day(rng, start, end)
            biz.entry = ("opening", biz.opening)
        else:  # founding or relocating: no event yet
            recent = rng.random() < 0.8
            biz.create = cal.trend_day(rng, end - 540, end) if recent else cal.trend_day(rng, start, end)

    def _plan_exit(self, rng, biz):
        if not biz.entry or biz.kind == "outside":
            return
        cal = self.cal
        since = max(biz.entry[1], cal.start)
        closing = since + int(rng.expovariate(0.08) * 365)
        moving = since + int(rng.expovariate(0.015) * 365)
        day = min(closing, moving)
        if day <= biz.entry[1]:
            day = biz.entry[1] + 1
        if day > cal.end:
            return
        biz.exit = ("closing" if closing <= moving else "moved_out", day)

    def _plan_sector_changes(self, rng):
        for biz in self.bizs:
            interval = biz.stock_interval(self.cal)
            if biz.kind == "outside" or not interval or interval[1] - interval[0] < 120 or rng.random() >= 0.05:
                continue
            day = rng.randint(interval[0] + 30, interval[1] - 30)
            old = biz.industries[0]
            code, (industry_id, low, high) = rng.choices(self.sectors, self.sector_weights)[0]
            if industry_id == old[1]:
                continue
            biz.sector = day
            biz.industries.append((day, industry_id, self._wz_code(rng, low, high), code))

    def _base_event_count(self):
        count = 0
        for biz in self.bizs:
            count += bool(biz.entry) + bool(biz.exit) + bool(biz.sector) + (2 if biz.prev else 0)
        return count

    def _plan_moves(self, rng):
        """Moves fill the events up to their target: each is two events (out of one quarter, into another)."""
        cal = self.cal
        wanted = max(0, self.n["events"] - self._base_event_count()) // 2
        candidates, weights = [], []
        for biz in self.bizs:
            interval = biz.stock_interval(cal)
            quarter = self.addresses[biz.addrs[0]].quarter
            if biz.kind == "outside" or not interval or not quarter or interval[1] - interval[0] < 60:
                continue
            candidates.append(biz)
            weights.append(interval[1] - interval[0])
        picked = rng.choices(candidates, weights, k=wanted) if candidates and wanted else []
        for biz in picked:
            low, high = biz.stock_interval(cal)
            taken = set(biz.moves) | {biz.sector}
            for _attempt in range(6):
                day = rng.randint(low + 1, high - 1)
                if day not in taken:
                    biz.moves.append(day)
                    break
        self._fill_with_sector_changes(rng, candidates)
        for biz in candidates:
            if biz.moves:
                self._place_moves(rng, biz)

    def _fill_with_sector_changes(self, rng, candidates):
        """An odd remainder (or a day that could not be placed) is made up by sector changes."""
        added = sum(len(biz.moves) for biz in self.bizs)
        missing = self.n["events"] - self._base_event_count() - 2 * added
        for biz in candidates:
            if missing <= 0:
                break
            if biz.sector or biz.idx % 7:
                continue
            low, high = biz.stock_interval(self.cal)
            day = rng.randint(low + 1, high - 1)
            code, (industry_id, div_low, div_high) = rng.choices(self.sectors, self.sector_weights)[0]
            if day in biz.moves or industry_id == biz.industries[0][1]:
                continue
            biz.sector = day
            biz.industries.append((day, industry_id, self._wz_code(rng, div_low, div_high), code))
            missing -= 1

    def _place_moves(self, rng, biz):
        """Each move goes to another quarter of the same office, often in the same borough."""
        biz.moves.sort()
        for day in biz.moves:
            current = self.addresses[biz.addrs[-1]].quarter
            same_borough = [
                q for q in self.quarters if q.borough_id == current.borough_id and q is not current and q.segments
            ]
            others = [q for q in self.quarters if q.office is biz.office and q is not current and q.segments]
            pool = same_borough if same_borough and rng.random() < 0.6 else others
            target = rng.choices(pool, [q.weight for q in pool])[0]
            biz.addrs.append(self.draw_address(rng, target))
            biz.addr_from.append(day)
        biz.final_addr = biz.addrs[-1]

    def _plan_facts(self, rng, biz):
        cal = self.cal
        if biz.exit and biz.exit[0] == "moved_out":
            biz.status = "moved_out"
            if rng.random() < 0.5:
                biz.final_addr = self.draw_outside_address(rng)
        elif biz.exit:
            biz.status = "closed"
            biz.closing = biz.exit[1]
            biz.active = rng.random() >= 0.03
        else:
            biz.status = {"founding": "founding", "relocating": "relocating_in"}.get(biz.kind, "active")
        if biz.opening and biz.is_company and rng.random() < 0.6:
            biz.founding = biz.opening - rng.randint(0, 240)
        elif biz.kind == "founding" and rng.random() < 0.5:
            biz.founding = min(biz.create + rng.randint(0, 60), cal.end)
        biz.start_up = biz.status in ("active", "founding") and bool(biz.founding) and biz.founding > cal.end - 3 * 365
        self._plan_profile(rng, biz)

    def _plan_profile(self, rng, biz):
        if biz.is_company:
            biz.employees = max(1, int(math.exp(rng.gauss(1.3, 1.0))))
        else:
            biz.employees = rng.choice((1, 1, 1, 2))
        biz.fte = round(biz.employees * rng.uniform(0.5, 1.0) * 4) / 4 or 0.5
        biz.langs = [self.languages["de"]] if "de" in self.languages else []
        code = rng.choice(MIGRANT_LANGUAGES)
        if biz.migrant and code in self.languages:
            biz.langs.append(self.languages[code])
        if rng.random() < 0.2 and "en" in self.languages:
            biz.langs.append(self.languages["en"])
        if biz.is_company and rng.random() < 0.6:
            slug = "".join(ch for ch in normalize_street(biz.name) if ch.isalnum())[:24] or "betrieb"
            biz.email = f"info@{slug}{biz.idx}.example"
        if any(self._area_of(address) for address in biz.addrs) and rng.random() < 0.7:
            biz.coordinator = biz.office["users"][0]

    def _plan_children(self, rng):
        """Contact persons of about a quarter of the companies (the person spoken to, consents)."""
        self.children = []
        for biz in self.bizs:
            if biz.is_company and rng.random() < 0.25:
                child = {
                    "biz": biz,
                    "first": rng.choice(FIRST_NAMES),
                    "last": biz.last if rng.random() < 0.5 else rng.choice(LAST_NAMES),
                }
                biz.children.append(child)
                self.children.append(child)

    def _plan_landlords(self, rng):
        self.landlords = []
        for index in range(max(5, self.n["premises"] // 25)):
            quarter = self.draw_quarter(rng)
            if rng.random() < 0.6:
                name = f"{rng.choice(LANDLORD_NAMES)} {rng.choice(LAST_NAMES)}{pick(rng, LEGAL_FORMS[:3])}"
                is_company = True
            else:
                name, is_company = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", False
            self.landlords.append(
                {"index": index, "name": name, "is_company": is_company, "addr": self.draw_address(rng, quarter)}
            )

    # ------------------------------------------------------------------
    # Premises and settlement cases
    # ------------------------------------------------------------------
    def plan_premises_and_settlements(self):
        rng = self.rng("premises")
        self.units = []
        self.settlements = []
        won_target = min(round(self.n["settlements"] * 0.35), self.n["premises"] // 2)
        arrivals = self._area_arrivals()
        won = rng.sample(arrivals, min(won_target, len(arrivals)))
        won.sort(key=lambda item: (item[1], item[0].idx))
        for biz, day, address in won:
            unit = self._won_unit(rng, biz, day, address)
            self.settlements.append(self._won_case(rng, biz, day, unit))
        progress = Progress("plan premises", self.n["premises"])
        progress.update(len(self.units))
        while len(self.units) < self.n["premises"]:
            self._free_unit(rng)
            progress.update()
        progress.close()
        self.units_by_quarter = defaultdict(list)
        for unit in self.units:
            quarter = self.addresses[unit["addr"]].quarter
            if quarter:
                self.units_by_quarter[quarter.id].append(unit)
        self._open_and_lost_cases(rng)

    def _area_arrivals(self):
        """(business, day, address) of each arrival in a programme area within the ten years."""
        arrivals = []
        for biz in self.bizs:
            if biz.kind == "outside" or not biz.entry:
                continue
            arrived = biz.entry[0] in ("opening", "moved_in") and biz.entry[1] >= self.cal.start + 60
            if arrived and self._area_of(biz.addrs[0]):
                arrivals.append((biz, biz.entry[1], biz.addrs[0]))
            for position, day in enumerate(biz.moves, start=1):
                if self._area_of(biz.addrs[position]) and day >= self.cal.start + 60:
                    arrivals.append((biz, day, biz.addrs[position]))
        return arrivals

    def _leave_day(self, biz, day):
        """The day the business leaves the address it arrived at on ``day`` (a later move or its exit)."""
        later = [move for move in biz.moves if move > day]
        if later:
            return later[0]
        return biz.exit[1] if biz.exit else None

    def _new_unit(self, rng, address, sector=None, known_since=None):
        quarter = self.addresses[address].quarter
        use = SECTOR_USES.get(sector) or pick(
            rng,
            [("retail", 35), ("office", 20), ("gastronomy", 12), ("workshop", 12), ("storage", 8), ("studio", 6),
             ("social", 4), ("other", 3)],
        )  # fmt: skip
        if use not in self.use_types:
            use = next(iter(self.use_types))
        if use in ("retail", "gastronomy"):
            floor = 0 if rng.random() < 0.92 else 1
        else:
            floor = pick(rng, [(0, 40), (1, 30), (2, 12), (-1, 10), (3, 5), (4, 3)])
        median = {"retail": 75, "gastronomy": 110, "office": 120, "workshop": 180, "storage": 250}.get(use, 90)
        area = round(min(3000.0, max(12.0, median * math.exp(rng.gauss(0, 0.55)))) * 2) / 2
        rent = {"retail": 9.5, "gastronomy": 10.5, "office": 9.0, "workshop": 5.5, "storage": 4.0}.get(use, 7.0)
        rent = round(max(2.5, rent * math.exp(rng.gauss(0, 0.25))), 2)
        uses = [use]
        if rng.random() < 0.3:
            uses.append(rng.choice(list(self.use_types)))
        street = self.addresses[address].street
        side = rng.choice(("", "", " links", " rechts", " Hinterhaus"))
        unit = {
            "index": len(self.units),
            "addr": address,
            "name": f"{USE_LABELS[use]} {street}, {FLOOR_LABELS[floor]}{side}",
            "floor": floor,
            "area": area,
            "rent": rent,
            "uses": sorted({self.use_types[key] for key in uses}),
            "step_free": floor == 0 and rng.random() < 0.35,
            "shop_window": floor == 0 and use in ("retail", "gastronomy") and rng.random() < 0.8,
            "owner": rng.choice(self.landlords)["index"],
            "office": quarter.office if quarter else self.offices[0],
            "known_since": known_since,
            "periods": [],  # [date_from, date_to or None, ended_by]
            "state": "let",
            "archived": None,
            "available_from": None,
            "reserved": False,
            "position": self.position(address, rng) if quarter else None,
        }
        self.units.append(unit)
        return unit

    def _won_unit(self, rng, biz, day, address):
        """The unit a settled company moved into: vacant before, let on the day, vacant again when it leaves."""
        cal = self.cal
        known = max(cal.start, day - rng.randint(60, 1100))
        unit = self._new_unit(rng, address, biz.industry_on(day)[3], known)
        vacant_from = rng.randint(known, max(known, day - 14))
        unit["periods"].append([vacant_from, day, "let"])
        leave = self._leave_day(biz, day)
        if leave and leave <= cal.end:
            relet = leave + rng.randint(30, 700)
            if rng.random() < 0.55 and relet <= cal.end:
                unit["periods"].append([leave, relet, "let"])
            else:
                unit["periods"].append([leave, None, None])
                unit["state"] = "vacant"
                unit["available_from"] = leave + rng.randint(0, 60)
        return unit

    def _free_unit(self, rng):
        """A unit of the inventory with its own history of lettings and vacancies."""
        cal = self.cal
        quarter = self.draw_quarter(rng, area_bias=3.0)
        address = self.draw_address(rng, quarter, suffix=False)
        if rng.random() < 0.55:
            known = cal.weekday(cal.start + rng.randint(0, 180), cal.start, cal.end)
        else:
            known = cal.trend_day(rng, cal.start, cal.end)
        unit = self._new_unit(rng, address, None, known)
        archived = rng.randint(known + 180, cal.end) if rng.random() < 0.03 and known + 180 < cal.end else None
        horizon = archived or cal.end + 1
        day, state = known, "vacant" if rng.random() < 0.12 else "let"
        while True:
            if state == "vacant":
                length = int(rng.expovariate(1 / 240)) + 14
            elif state == "let":
                length = int(rng.expovariate(1 / (365 * 7))) + 60
            else:
                length = int(rng.expovariate(1 / 700)) + 60
            if day + length >= horizon:
                if state == "vacant":
                    unit["periods"].append([day, archived, "archived" if archived else None])
                break
            following = "vacant" if state != "vacant" else ("let" if rng.random() < 0.9 else "unavailable")
            if state == "vacant":
                unit["periods"].append([day, day + length, following])
            day, state = day + length, following
        unit["state"] = state
        unit["archived"] = archived
        if state == "vacant" and not archived:
            unit["available_from"] = unit["periods"][-1][0] + rng.randint(0, 45)
        elif state == "let" and rng.random() < 0.03:
            unit["available_from"] = cal.end + rng.randint(30, 180)  # soon vacant

    def _vacant_on(self, unit, day):
        return any(start <= day and (end is None or end > day) for start, end, _by in unit["periods"])

    def _candidate_units(self, rng, quarters, day, count, *, current=False):
        """Up to ``count`` units of ``quarters`` that stood vacant on ``day`` (or are vacant now)."""
        found = []
        for _attempt in range(count * 6):
            if len(found) >= count or not quarters:
                break
            units = self.units_by_quarter.get(rng.choice(quarters))
            if not units:
                continue
            unit = rng.choice(units)
            if unit in found or unit["archived"] or (current and unit["reserved"]):
                continue
            vacant = unit["state"] == "vacant" if current else self._vacant_on(unit, day)
            if vacant:
                found.append(unit)
        return found

    def _case_requirements(self, rng, biz, unit, office):
        area_quarters = [q.id for q in self.quarters if q.office is office and (q.area_id or q.partial_area_id)]
        preferred = set(rng.sample(area_quarters, min(len(area_quarters), rng.randint(1, 3))))
        if unit:
            quarter = self.addresses[unit["addr"]].quarter
            if quarter:
                preferred.add(quarter.id)
        size = unit["area"] if unit else round(math.exp(rng.gauss(4.4, 0.6)))
        return {
            "area_min": round(size * rng.uniform(0.6, 0.95)),
            "area_max": round(size * rng.uniform(1.05, 1.6)),
            "rent_max": round((unit["rent"] if unit else 9.0) * rng.uniform(1.0, 1.4), 2),
            "ground_floor": bool(unit and unit["floor"] == 0 and rng.random() < 0.6),
            "step_free": rng.random() < 0.1 and bool(unit and unit["step_free"]),
            "shop_window": rng.random() < 0.3 and bool(unit and unit["shop_window"]),
            "uses": unit["uses"][:1] if unit else [rng.choice(list(self.use_types.values()))],
            "quarters": sorted(preferred),
        }

    def _won_case(self, rng, biz, day, unit):
        enquiry = max(self.cal.start - 30, day - rng.randint(20, 420))
        biz.create = min(biz.create, enquiry)
        office = biz.office
        jobs_created, jobs_secured = rng.randint(0, 6), rng.randint(0, 8)
        investment = round(math.exp(rng.gauss(10.5, 1.0)), -2)
        return {
            "biz": biz,
            "office": office,
            "enquiry": enquiry,
            "stage": self.stage_won,
            "reopen_stage": self.open_stages[-1] if self.open_stages else None,
            "settled": day,
            "unit": unit,
            "lost_reason": None,
            "jobs": (
                jobs_created + rng.randint(-1, 2) if jobs_created else 0,
                jobs_created,
                jobs_secured,
                jobs_secured,
            ),
            "investment": (round(investment * rng.uniform(0.7, 1.3), -2), investment),
            "requirements": self._case_requirements(rng, biz, unit, office),
            "proposals": [(unit, "accepted", None)],
        }

    def _open_and_lost_cases(self, rng):
        cal = self.cal
        remaining = self.n["settlements"] - len(self.settlements)
        # Arrivals too few for the settled cases (a small scale): the rest are lost ones.
        shortfall = max(0, round(self.n["settlements"] * 0.35) - len(self.settlements))
        lost_count = min(remaining, round(self.n["settlements"] * 0.37) + shortfall)
        prospects = [b for b in self.bizs if b.kind in ("relocating", "outside", "founding")]
        locals_ = [b for b in self.bizs if b.kind in ("existing", "new", "moved_in") and b.status == "active"]
        for number in range(remaining):
            lost = number < lost_count
            pool = prospects if (rng.random() < 0.6 and prospects) else locals_
            biz = rng.choice(pool)
            low = max(cal.start, biz.create)
            high = cal.end - (60 if lost else 0)
            if not lost:
                low = max(low, cal.end - 540)
            low = min(low, high)
            enquiry = cal.trend_day(rng, low, high)
            office = biz.office
            case = {
                "biz": biz,
                "office": office,
                "enquiry": enquiry,
                "settled": None,
                "unit": None,
                "jobs": (rng.randint(0, 5), 0, rng.randint(0, 6), 0),
                "investment": (round(math.exp(rng.gauss(10.3, 1.0)), -2), 0),
                "requirements": self._case_requirements(rng, biz, None, office),
                "proposals": [],
            }
            quarters = case["requirements"]["quarters"]
            if lost:
                stage_before = rng.choice(self.open_stages) if self.open_stages else None
                case.update(stage=self.stage_lost, reopen_stage=stage_before, lost_reason=rng.choice(self.lost_reasons))
                for unit in self._candidate_units(rng, quarters, enquiry + 20, rng.randint(0, 3)):
                    case["proposals"].append((unit, "rejected", rng.choice(REJECTIONS)))
            else:
                stage_index = pick(rng, [(0, 30), (1, 25), (2, 20), (3, 15), (4, 10)])
                stage_index = min(stage_index, len(self.open_stages) - 1)
                case.update(stage=self.open_stages[stage_index], reopen_stage=None, lost_reason=None)
                if stage_index >= 2:
                    units = self._candidate_units(rng, quarters, cal.end, rng.randint(1, 3), current=True)
                    for position, unit in enumerate(units):
                        if stage_index == 4 and position == 0:
                            unit["reserved"] = True
                            case["unit"] = unit
                            case["proposals"].append((unit, "accepted", None))
                        elif stage_index >= 3 and position == 1:
                            case["proposals"].append((unit, "viewed", None))
                        else:
                            case["proposals"].append((unit, "proposed", None))
            self.settlements.append(case)
        self.settlements.sort(key=lambda case: (case["enquiry"], case["biz"].idx))

    # ------------------------------------------------------------------
    # Consultations and referrals
    # ------------------------------------------------------------------
    def _contact_interval(self, biz):
        cal = self.cal
        if biz.kind == "outside" or not biz.entry:
            low, high = max(cal.start, biz.create), cal.end
        else:
            first = biz.prev[0] if biz.prev else biz.entry[1]
            low = max(cal.start, min(biz.create, first) - 90)
            high = min(cal.end, biz.exit[1] if biz.exit else cal.end)
        return (low, high) if high >= low else None

    def _contact_weight(self, biz, interval):
        factor = 1.0
        if any(self._area_of(address) for address in biz.addrs):
            factor = 4.0
        if biz.kind == "founding":
            factor *= 3.0
        elif biz.kind == "outside":
            factor *= 0.3
        return (interval[1] - interval[0] + 1) * factor

    def plan_contacts(self):
        rng = self.rng("consultations")
        cal = self.cal
        people = [biz for biz in self.bizs if self._contact_interval(biz)]
        intervals = [self._contact_interval(biz) for biz in people]
        weights = [self._contact_weight(biz, interval) for biz, interval in zip(people, intervals, strict=True)]
        future = max(1, self.n["consultations"] // 250)
        total = self.n["consultations"]
        consultations = []
        progress = Progress("plan consultations", total)
        chosen = rng.choices(range(len(people)), weights, k=total - future)
        for position in chosen:
            biz, (low, high) = people[position], intervals[position]
            day = cal.trend_day(rng, low, high)
            state = pick(rng, [("done", 950), ("cancelled", 35), ("planned", 15)])
            consultations.append([biz, day, state])
            progress.update()
        current = [biz for biz in people if biz.status in ("active", "founding", "relocating_in")]
        for _number in range(future):
            biz = rng.choice(current or people)
            day = cal.weekday(cal.end + rng.randint(1, 56), cal.end + 1, cal.end + 60)
            consultations.append([biz, day, "planned"])
            progress.update()
        progress.close()
        consultations.sort(key=lambda item: (item[1], item[0].idx))
        self.consultations = consultations
        self._plan_referrals(self.rng("referrals"), people, intervals, weights)

    def _plan_referrals(self, rng, people, intervals, weights):
        cal = self.cal
        done = [index for index, item in enumerate(self.consultations) if item[2] == "done"]
        total = self.n["referrals"]
        linked = min(len(done), round(total * 0.75))
        referrals = []
        for index in rng.sample(done, linked):
            biz, day, _state = self.consultations[index]
            referrals.append([biz, day, index])
        for position in rng.choices(range(len(people)), weights, k=total - linked):
            low, high = intervals[position]
            referrals.append([people[position], cal.trend_day(rng, low, min(high, cal.end)), None])
        referrals.sort(key=lambda item: (item[1], item[0].idx))
        self.referrals = referrals

    # ------------------------------------------------------------------
    # Fundings
    # ------------------------------------------------------------------
    def plan_fundings(self):
        rng = self.rng("fundings")
        cal = self.cal
        in_area, outside = [], []
        for biz in self.bizs:
            interval = biz.stock_interval(cal) if biz.kind != "outside" else None
            if not interval:
                continue
            bounds = [*biz.addr_from[1:], interval[1] + 1]
            low = interval[0]
            for address, high in zip(biz.addrs, bounds, strict=True):
                segment = (biz, max(low, interval[0]), min(high - 1, interval[1]))
                if segment[2] - segment[1] >= 30:
                    (in_area if self._area_of(address) else outside).append(segment)
                low = high
        self.fundings = []
        cumulated = {
            id(pool): list(accumulate(segment[2] - segment[1] for segment in pool)) for pool in (in_area, outside)
        }
        for _number in range(self.n["fundings"]):
            pool = in_area if (rng.random() < 0.9 and in_area) or not outside else outside
            biz, low, high = rng.choices(pool, cum_weights=cumulated[id(pool)])[0]
            self.fundings.append(self._plan_funding(rng, biz, low, high))
        self.fundings.sort(key=lambda item: (item["sort"], item["biz"].idx))

    def _plan_funding(self, rng, biz, low, high):
        cal = self.cal
        state = pick(rng, [("draft", 3), ("applied", 6), ("rejected", 9), ("approved", 14), ("paid", 36),
                           ("closed", 32)])  # fmt: skip
        funding = {"biz": biz, "state": state, "payments": [], "approved": None, "closed": None}
        if state in ("approved", "paid", "closed"):
            approved = cal.trend_day(rng, max(low, cal.start + 60), high)
            if state == "approved":
                approved = max(approved, min(high, cal.end - rng.randint(0, 400)))
            funding["approved"] = approved
            funding["applied"] = approved - rng.randint(20, 150)
            funding["sort"] = approved
        elif state == "rejected":
            funding["applied"] = cal.trend_day(rng, low, high)
            funding["sort"] = funding["applied"]
        else:
            funding["applied"] = cal.end - rng.randint(0, 300) if state == "applied" else None
            funding["sort"] = cal.end
        year = cal.year(funding["approved"] or funding["applied"] or cal.end)
        erdf = self.programmes["erdf_old"] if year <= 2020 else self.programmes["erdf"]
        funding["programme"] = pick(rng, [(erdf, 55), (self.programmes["biwaq"], 20), (self.programmes["city"], 25)])
        granted = round(min(150_000, max(1_500, math.exp(rng.gauss(9.1, 0.8)))), -2)
        funding["requested"] = round(granted * rng.uniform(1.0, 1.4), -2)
        funding["granted"] = granted if funding["approved"] else 0
        funding["investment_planned"] = round(granted * rng.uniform(1.5, 4.0), -2)
        funding["jobs_planned"] = (rng.randint(0, 4), rng.randint(0, 6))
        funding["investment_actual"] = 0
        funding["jobs_actual"] = (0, 0)
        if state in ("paid", "closed"):
            self._plan_payments(rng, funding)
        return funding

    def _plan_payments(self, rng, funding):
        cal = self.cal
        approved, granted = funding["approved"], funding["granted"]
        room = cal.end - approved
        if room < 10:
            funding["state"] = "approved"
            return
        count = rng.randint(1, 3)
        days = sorted({approved + rng.randint(7, max(8, min(room, 700))) for _number in range(count)})
        share = 1.0 if funding["state"] == "closed" else rng.uniform(0.3, 1.0)
        total = round(granted * share, -2) or granted
        amounts = [round(total / len(days), 2)] * len(days)
        amounts[-1] = round(total - sum(amounts[:-1]), 2)
        funding["payments"] = [(day, amount) for day, amount in zip(days, amounts, strict=True) if amount > 0]
        if not funding["payments"]:
            funding["state"] = "approved"
            return
        last = funding["payments"][-1][0]
        if funding["state"] == "closed":
            closed = last + rng.randint(14, 200)
            if closed > cal.end:
                funding["state"] = "paid"
            else:
                funding["closed"] = closed
        funding["investment_actual"] = round(funding["investment_planned"] * rng.uniform(0.7, 1.3), -2)
        funding["jobs_actual"] = (rng.randint(0, funding["jobs_planned"][0] + 1), funding["jobs_planned"][1])

    # ------------------------------------------------------------------
    # Locating: the module's own rules, once per distinct address (and day, where areas are dated)
    # ------------------------------------------------------------------
    def locate_all(self):
        env = self.env
        dated = (
            env["district.programme.area"]
            .with_context(active_test=False)
            .search_count(["|", ("date_from", "!=", False), ("date_to", "!=", False)])
        )
        if dated:
            raise SystemExit("Programme areas with validity dates: locating per day is not implemented here.")
        keys = [(address.street, address.zip, address.city, None, None) for address in self.addresses]
        located = []
        progress = Progress("locate addresses", len(keys))
        partners = env["res.partner"]
        for start in range(0, len(keys), LOCATE_CHUNK):
            chunk = keys[start : start + LOCATE_CHUNK]
            located.extend(partners._district_locate(chunk))
            progress.update(len(chunk))
        progress.close()
        self.locations = located
        # The plan (programme-area weights, settled cases, fundings) assumed these quarters and areas.
        mismatched = [
            address.street
            for address, found in zip(self.addresses, located, strict=True)
            if (address.quarter.id if address.quarter else False) != found.quarter_id
            or (self._area_of(address.index) or False) != found.programme_area_id
        ]
        if mismatched:
            raise SystemExit(f"The address rules put {len(mismatched)} addresses elsewhere, e.g. {mismatched[:3]}")
        self.counts["distinct addresses located"] = len(keys)

    def location(self, address_index):
        """(quarter, programme area, borough, rule, reason, detail) of an address."""
        found = self.locations[address_index]
        quarter = found.quarter_id or None
        return (
            quarter,
            found.programme_area_id or None,
            self.borough_of.get(quarter) if quarter else None,
            found.rule_id or None,
            found.reason or None,
            found.detail or None,
        )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _user(self, office, day):
        offset = self.cal.year(day) - self.cal.first_year
        users = [user for user, (low, high) in zip(office["users"], USER_YEARS, strict=False) if low <= offset <= high]
        return users[(day * 7) % len(users)] if users else office["users"][0]

    def _stamp_time(self, day, minutes=600):
        return self.cal.utc(day, minutes)

    def write_partners(self):
        """Landlords, businesses and contact persons, in the order they were recorded."""
        rng = self.rng("partners")
        cal = self.cal
        rows = []
        for landlord in self.landlords:
            rows.append((cal.start - 30, 0, "landlord", landlord))
        for biz in self.bizs:
            rows.append((biz.create, 1, "biz", biz))
        for child in self.children:
            rows.append((child["biz"].create, 2, "child", child))
        rows.sort(key=lambda row: (row[0], row[1], row[3]["index"] if row[2] == "landlord" else self._row_idx(row)))
        first = self.writer.reserve_ids("res_partner", len(rows))
        for offset, (_day, _order, kind, item) in enumerate(rows):
            if kind == "biz":
                item.id = first + offset
            else:
                item["id"] = first + offset
        columns = [
            "id", "name", "complete_name", "type", "is_company", "active", "parent_id", "commercial_partner_id",
            "commercial_company_name", "lang", "street", "zip", "city", "country_id", "state_id", "email",
            "email_normalized", "partner_share", "employee", "color", "message_bounce", "street_key",
            "quarter_id", "programme_area_id", "borough_id", "quarter_rule_id", "quarter_reason",
            "quarter_reason_detail", "quarter_manual", "industry_id", "wz_code", "employee_count", "fte",
            "founding_date", "opening_date", "closing_date", "business_status", "is_ground_floor",
            "is_migrant_owned", "is_women_led", "is_start_up", "coordinator_id", "is_referral_institution",
            "partner_latitude", "partner_longitude", "date_localization", "create_uid", "write_uid", "create_date",
            "write_date",
        ]  # fmt: skip

        def generate():
            for _day, _order, kind, item in rows:
                if kind == "biz":
                    yield self._biz_row(rng, item)
                elif kind == "child":
                    yield self._child_row(item)
                else:
                    yield self._landlord_row(item)

        self.counts["res_partner"] = self.writer.copy("res_partner", columns, generate(), "res_partner", len(rows))
        language_rows = [(biz.id, language) for biz in self.bizs for language in biz.langs]
        self.counts["district_language_res_partner_rel"] = self.writer.copy(
            "district_language_res_partner_rel", ["res_partner_id", "district_language_id"], language_rows
        )

    def _row_idx(self, row):
        return row[3].idx if row[2] == "biz" else row[3]["biz"].idx

    def _partner_values(self, address_index, name, complete_name, is_company, created):
        street_key = normalize_street(self.addresses[address_index].street) or None
        address = self.addresses[address_index]
        quarter, area, borough, rule, reason, detail = self.location(address_index)
        created_at = self._stamp_time(created)
        return [
            name, complete_name, "contact", is_company, True, None, None, None, "en_US", address.street,
            address.zip, address.city, self.country_id, None, None, None,
            True, False, 0, 0, street_key, quarter, area, borough, rule, reason, detail, False,
        ], created_at  # fmt: skip

    def _biz_row(self, rng, biz):
        uid = self._user(biz.office, biz.create)
        values, created_at = self._partner_values(biz.final_addr, biz.name, biz.name, biz.is_company, biz.create)
        values[4] = biz.active
        values[6] = biz.id  # commercial partner
        values[7] = biz.name if biz.is_company else None
        if biz.email:
            values[14], values[15] = biz.email, biz.email.lower()
        if self.addresses[biz.final_addr].city == self.city:
            values[13] = self.state_id
        _day, industry_id, wz_code, _code = biz.industries[-1]
        position = self.position(biz.final_addr, rng) if rng.random() < 0.3 else None
        last_change = max([biz.create, *(biz.moves or []), biz.sector or 0, biz.exit[1] if biz.exit else 0])
        day = self.cal.to_date
        return (
            biz.id,
            *values,
            industry_id,
            wz_code,
            biz.employees,
            biz.fte,
            day(biz.founding),
            day(biz.opening),
            day(biz.closing),
            biz.status,
            biz.ground_floor,
            biz.migrant,
            biz.women,
            biz.start_up,
            biz.coordinator,
            False,
            position[0] if position else None,
            position[1] if position else None,
            day(biz.create) if position else None,
            uid,
            uid,
            created_at,
            self._stamp_time(min(last_change, self.cal.end), 660),
        )

    def _child_row(self, child):
        biz = child["biz"]
        uid = self._user(biz.office, biz.create)
        name = f"{child['first']} {child['last']}"
        values, created_at = self._partner_values(biz.final_addr, name, f"{biz.name}, {name}", False, biz.create)
        values[5] = biz.id  # parent
        values[6] = biz.id
        values[7] = biz.name
        if self.addresses[biz.final_addr].city == self.city:
            values[13] = self.state_id
        return (child["id"], *values, *([None] * 4), None, None, None, None, False, False, False, False, None, False,
                None, None, None, uid, uid, created_at, created_at)  # fmt: skip

    def _landlord_row(self, landlord):
        uid = self.offices[0]["users"][0]
        day = self.cal.start - 30
        values, created_at = self._partner_values(
            landlord["addr"], landlord["name"], landlord["name"], landlord["is_company"], day
        )
        values[6] = landlord["id"]
        values[7] = landlord["name"] if landlord["is_company"] else None
        values[13] = self.state_id
        return (landlord["id"], *values, *([None] * 4), None, None, None, None, False, False, False, False, None,
                False, None, None, None, uid, uid, created_at, created_at)  # fmt: skip

    # -- business events ---------------------------------------------------
    def _biz_events(self, biz):
        """[date, order, type, role, address, industry, previous industry, current period, counterpart]."""
        events = []
        if biz.prev:
            first = biz.industries[0]
            events.append([biz.prev[0], 0, "opening", "entry", biz.addrs[0], first[1], None, False, None])
            events.append([biz.prev[1], 3, "closing", "exit", biz.addrs[0], first[1], None, False, None])
        if not biz.entry:
            return events
        entry_type, entry_day = biz.entry
        events.append(
            [entry_day, 0, entry_type, "entry", biz.addrs[0], biz.industry_on(entry_day)[1], None, True, None]
        )
        for position, day in enumerate(biz.moves, start=1):
            industry = biz.industry_on(day)[1]
            out = [day, 1, "moved_out", "move", biz.addrs[position - 1], industry, None, True, None]
            into = [day, 2, "moved_in", "move", biz.addrs[position], industry, None, True, None]
            out[8], into[8] = into, out
            events.extend([out, into])
        if biz.sector:
            old, new = biz.industries[0][1], biz.industries[-1][1]
            events.append([biz.sector, 1, "sector_change", "sector", biz.addr_on(biz.sector), new, old, True, None])
        if biz.exit:
            exit_type, exit_day = biz.exit
            industry = biz.industry_on(exit_day)[1]
            events.append([exit_day, 3, exit_type, "exit", biz.addrs[-1], industry, None, True, None])
        return events

    def write_events(self):
        all_events = []
        for biz in self.bizs:
            biz.events = self._biz_events(biz)
            all_events.extend((event, biz) for event in biz.events)
        all_events.sort(key=lambda item: (item[0][0], item[1].idx, item[0][1]))
        first = self.writer.reserve_ids("district_business_event", len(all_events))
        for offset, (event, _biz) in enumerate(all_events):
            event.append(first + offset)  # [9] = id
        columns = [
            "id", "partner_id", "date", "event_type", "role", "is_current_period", "stamp_street", "stamp_zip",
            "stamp_city", "industry_id", "previous_industry_id", "counterpart_event_id", "other_quarter_id",
            "other_borough_id", "other_programme_area_id", "stock_delta", "is_area_flow", "is_borough_flow",
            "company_id", "quarter_id", "programme_area_id", "borough_id", "quarter_rule_id", "quarter_reason",
            "quarter_reason_detail", "quarter_manual", "create_uid", "write_uid", "create_date", "write_date",
        ]  # fmt: skip
        self.counts["district_business_event"] = self.writer.copy(
            "district_business_event",
            columns,
            (self._event_row(event, biz) for event, biz in all_events),
            "district_business_event",
            len(all_events),
            chunk=None,  # the two halves of a move point to each other
        )

    def _event_row(self, event, biz):
        day, _order, event_type, role, address_index, industry, previous, current, counterpart, event_id = event
        address = self.addresses[address_index]
        quarter, area, borough, rule, reason, detail = self.location(address_index)
        other = (None, None, None)
        is_move = event_type in MOVE_TYPES and counterpart is not None
        if is_move:
            other_location = self.location(counterpart[4])
            other = (other_location[0], other_location[2], other_location[1])
        recorded = max(day, biz.create)
        uid = self._user(biz.office, min(recorded, self.cal.end))
        created_at = self._stamp_time(recorded, 600 + event[1])
        return (
            event_id,
            biz.id,
            self.cal.to_date(day),
            event_type,
            role,
            current,
            address.street,
            address.zip,
            address.city,
            industry,
            previous,
            counterpart[9] if counterpart else None,
            *other,
            STOCK_DELTAS.get(event_type, 0),
            not is_move or area != other[2],
            not is_move or borough != other[1],
            biz.office["company"],
            quarter,
            area,
            borough,
            rule,
            reason,
            detail,
            False,
            uid,
            uid,
            created_at,
            created_at,
        )

    def address_on_day(self, biz, day):
        """``res.partner._district_address_on``: the address stamped on the latest event up to ``day``."""
        events = biz.events
        if not events:
            return biz.final_addr
        upto = [event for event in events if event[0] <= day]
        if upto:
            chosen = max(upto, key=lambda event: (event[0], STOCK_DELTAS.get(event[2], 0), event[9]))
        else:
            chosen = min(events, key=lambda event: (event[0], STOCK_DELTAS.get(event[2], 0), event[9]))
        return chosen[4]

    # -- premises -------------------------------------------------------------
    def write_premises(self):
        cal = self.cal
        units = sorted(self.units, key=lambda unit: (unit["known_since"], unit["index"]))
        first = self.writer.reserve_ids("district_premises", len(units))
        for offset, unit in enumerate(units):
            unit["id"] = first + offset
        landlord_ids = [landlord["id"] for landlord in self.landlords]
        states = {state: index for index, (state, _label) in enumerate(PREMISES_STATES)}
        columns = [
            "id", "name", "street", "zip", "city", "floor", "is_ground_floor", "area_m2", "size_band",
            "rent_per_m2", "rent_total", "available_from", "known_since", "state", "state_sequence", "is_vacant",
            "owner_id", "contact_id", "is_step_free", "has_shop_window", "latitude", "longitude", "company_id",
            "active", "date_archived", "street_key", "quarter_id", "programme_area_id", "borough_id",
            "quarter_rule_id", "quarter_reason", "quarter_reason_detail", "quarter_manual", "create_uid",
            "write_uid", "create_date", "write_date",
        ]  # fmt: skip

        def rows():
            for unit in units:
                address = self.addresses[unit["addr"]]
                state = "reserved" if unit["reserved"] else unit["state"]
                owner = landlord_ids[unit["owner"]]
                uid = self._user(unit["office"], unit["known_since"])
                created_at = self._stamp_time(unit["known_since"], 620)
                position = unit["position"]
                yield (
                    unit["id"], unit["name"], address.street, address.zip, address.city, unit["floor"],
                    unit["floor"] == 0, unit["area"], size_band(unit["area"]), unit["rent"],
                    float_round(unit["rent"] * unit["area"], precision_digits=2), cal.to_date(unit["available_from"]),
                    cal.to_date(unit["known_since"]), state, states[state], state in VACANT_STATES, owner, owner,
                    unit["step_free"], unit["shop_window"], position[0] if position else 0,
                    position[1] if position else 0, unit["office"]["company"], not unit["archived"],
                    cal.to_date(unit["archived"]), normalize_street(address.street) or None,
                    *self.location(unit["addr"]), False, uid, uid, created_at, created_at,
                )  # fmt: skip

        self.counts["district_premises"] = self.writer.copy(
            "district_premises", columns, rows(), "district_premises", len(units)
        )
        use_rows = [(unit["id"], use) for unit in units for use in unit["uses"]]
        self.counts["district_premises_district_premises_use_type_rel"] = self.writer.copy(
            "district_premises_district_premises_use_type_rel",
            ["district_premises_id", "district_premises_use_type_id"],
            use_rows,
        )
        periods = sorted(
            ((period, unit) for unit in units for period in unit["periods"]),
            key=lambda item: (item[0][0], item[1]["id"]),
        )
        period_columns = [
            "premises_id", "date_from", "date_to", "ended_by", "stamp_street", "stamp_zip", "stamp_city", "area_m2",
            "company_id", "quarter_id", "programme_area_id", "borough_id", "quarter_rule_id", "quarter_reason",
            "quarter_reason_detail", "quarter_manual", "create_uid", "write_uid", "create_date", "write_date",
        ]  # fmt: skip

        def period_rows():
            for (date_from, date_to, ended_by), unit in periods:
                address = self.addresses[unit["addr"]]
                uid = self._user(unit["office"], date_from)
                created_at = self._stamp_time(date_from, 630)
                yield (
                    unit["id"], cal.to_date(date_from), cal.to_date(date_to), ended_by, address.street, address.zip,
                    address.city, unit["area"], unit["office"]["company"], *self.location(unit["addr"]), False, uid,
                    uid, created_at, self._stamp_time(date_to, 630) if date_to else created_at,
                )  # fmt: skip

        self.counts["district_premises_vacancy"] = self.writer.copy(
            "district_premises_vacancy", period_columns, period_rows(), "district_premises_vacancy", len(periods)
        )

    # -- settlement cases -------------------------------------------------------
    def write_settlements(self):
        cal = self.cal
        cases = self.settlements
        first = self.writer.reserve_ids("district_settlement", len(cases))
        for offset, case in enumerate(cases):
            case["id"] = first + offset
        columns = [
            "id", "name", "partner_id", "enquiry_date", "source", "user_id", "stage_id", "reopen_stage_id", "is_won",
            "is_lost", "priority", "kanban_state", "color", "area_min", "area_max", "rent_max_per_m2",
            "ground_floor_needed", "step_free_needed", "shop_window_needed", "requirements_note", "premises_id",
            "settled_date", "quarter_id", "programme_area_id", "jobs_created_planned", "jobs_created_actual",
            "jobs_secured_planned", "jobs_secured_actual", "investment_planned", "investment_actual",
            "lost_reason_id", "lost_note", "company_id", "active", "create_uid", "write_uid", "create_date",
            "write_date",
        ]  # fmt: skip
        rng = self.rng("settlement-rows")

        def rows():
            for case in cases:
                biz, requirements, unit = case["biz"], case["requirements"], case["unit"]
                uid = self._user(case["office"], case["enquiry"])
                location = self.location(unit["addr"]) if unit else (None,) * 6
                use = requirements["uses"][0] if requirements["uses"] else None
                label = next((USE_LABELS[key] for key, value in self.use_types.items() if value == use), "Fläche")
                name = f"{biz.name}: {label} ({requirements['area_min']:.0f}–{requirements['area_max']:.0f} m²)"
                created_at = self._stamp_time(max(case["enquiry"], cal.start - 30), 640)
                changed = case["settled"] or case["enquiry"]
                lost = case["stage"] == self.stage_lost
                yield (
                    case["id"], name, biz.id, cal.to_date(case["enquiry"]),
                    pick(rng, [("direct", 40), ("city_office", 20), ("chamber", 10), ("network", 20), ("website", 8),
                               ("other", 2)]),
                    uid, case["stage"], case["reopen_stage"], case["stage"] == self.stage_won, lost,
                    pick(rng, [("0", 80), ("1", 15), ("2", 5)]), "normal", 0, requirements["area_min"],
                    requirements["area_max"], requirements["rent_max"], requirements["ground_floor"],
                    requirements["step_free"], requirements["shop_window"], None, unit["id"] if unit else None,
                    cal.to_date(case["settled"]), location[0], location[1], case["jobs"][0], case["jobs"][1],
                    case["jobs"][2], case["jobs"][3], case["investment"][0], case["investment"][1],
                    case["lost_reason"], "Hat sich anders entschieden" if lost and rng.random() < 0.4 else None,
                    case["office"]["company"], True, uid, uid, created_at,
                    self._stamp_time(min(changed, cal.end), 650),
                )  # fmt: skip

        self.counts["district_settlement"] = self.writer.copy(
            "district_settlement", columns, rows(), "district_settlement", len(cases)
        )
        self.counts["district_premises_use_type_district_settlement_rel"] = self.writer.copy(
            "district_premises_use_type_district_settlement_rel",
            ["district_settlement_id", "district_premises_use_type_id"],
            [(case["id"], use) for case in cases for use in case["requirements"]["uses"]],
        )
        self.counts["district_quarter_district_settlement_rel"] = self.writer.copy(
            "district_quarter_district_settlement_rel",
            ["district_settlement_id", "district_quarter_id"],
            [(case["id"], quarter) for case in cases for quarter in case["requirements"]["quarters"]],
        )
        self._write_proposals(rng, cases)

    def _write_proposals(self, rng, cases):
        cal = self.cal
        columns = [
            "settlement_id", "partner_id", "premises_id", "score", "match_reasons", "state", "viewing_date",
            "rejection_reason", "company_id", "create_uid", "write_uid", "create_date", "write_date",
        ]  # fmt: skip
        rows = []
        for case in cases:
            seen = set()
            uid = self._user(case["office"], case["enquiry"])
            for unit, state, reason in case["proposals"]:
                if unit["id"] in seen:
                    continue
                seen.add(unit["id"])
                day = min(case["enquiry"] + rng.randint(3, 40), case["settled"] or cal.end)
                viewing = cal.office_time(rng, day + rng.randint(2, 14)) if state in ("viewed", "accepted") else None
                created_at = self._stamp_time(day, 660)
                rows.append(
                    (
                        case["id"],
                        case["biz"].id,
                        unit["id"],
                        rng.randint(45, 100),
                        "Größe, Lage",
                        state,
                        viewing,
                        reason,
                        case["office"]["company"],
                        uid,
                        uid,
                        created_at,
                        created_at,
                    )
                )
        self.counts["district_settlement_proposal"] = self.writer.copy(
            "district_settlement_proposal", columns, rows, "district_settlement_proposal", len(rows)
        )

    # -- consultations ------------------------------------------------------------
    def write_consultations(self):
        rng = self.rng("consultation-rows")
        cal = self.cal
        items = self.consultations
        first = self.writer.reserve_ids("district_consultation", len(items))
        self.consultation_ids = range(first, first + len(items))
        self.consultations_by_biz = defaultdict(list)
        topic_rows = []
        columns = [
            "id", "partner_id", "contact_id", "user_id", "date", "consultation_date", "duration", "channel",
            "location", "language_id", "interpreter_used", "state", "summary", "note", "outcome", "next_step",
            "company_id", "active", "stamp_street", "stamp_zip", "stamp_city", "quarter_manual", "quarter_id",
            "programme_area_id", "borough_id", "quarter_rule_id", "quarter_reason", "quarter_reason_detail",
            "create_uid", "write_uid", "create_date", "write_date",
        ]  # fmt: skip
        german = self.languages.get("de")
        channels = [("office_hours", 45), ("on_site_visit", 20), ("phone", 20), ("email", 8), ("video", 4),
                    ("event", 3)]  # fmt: skip
        durations = {"office_hours": (20, 90), "on_site_visit": (30, 120), "phone": (5, 30), "email": (5, 20),
                     "video": (20, 60), "event": (10, 30)}  # fmt: skip
        topic_ids = [topic_id for topic_id, _name in self.topics]
        topic_names = dict(self.topics)
        topic_weights = [3 if name in ("Financing and funding", "Premises", "Founding") else 1 for _i, name in
                         self.topics]  # fmt: skip

        def rows():
            for offset, (biz, day, state) in enumerate(items):
                consultation_id = first + offset
                self.consultations_by_biz[biz.idx].append((day, consultation_id, state))
                channel = pick(rng, channels)
                when = cal.office_time(rng, day)
                language = german
                if biz.migrant and len(biz.langs) > 1 and rng.random() < 0.4:
                    language = biz.langs[1]
                topics = sorted(set(rng.choices(topic_ids, topic_weights, k=rng.randint(1, 3))))
                topic_rows.extend((consultation_id, topic) for topic in topics)
                summary = f"{', '.join(topic_names[topic] for topic in topics)}: {rng.choice(TOPIC_PHRASES)}"
                address_index = biz.addr_on(min(day, cal.end))
                address = self.addresses[address_index]
                if biz.children and rng.random() < 0.6:
                    contact = biz.children[0]["id"]
                else:
                    contact = None if biz.is_company else biz.id
                uid = self._user(biz.office, min(day, cal.end))
                recorded = when + timedelta(minutes=rng.randint(30, 600))
                yield (
                    consultation_id, biz.id, contact, uid, when, cal.to_date(day), rng.randint(*durations[channel]),
                    channel, "vor Ort" if channel == "on_site_visit" else None, language,
                    language != german and rng.random() < 0.3, state, summary,
                    rng.choice(NOTES) if rng.random() < 0.1 else None,
                    rng.choice(OUTCOMES) if state == "done" and rng.random() < 0.4 else None,
                    rng.choice(NEXT_STEPS) if rng.random() < 0.25 else None, biz.office["company"],
                    rng.random() >= 0.005, address.street, address.zip, address.city, False,
                    *self.location(address_index), uid, uid, min(recorded, self._stamp_time(cal.end, 1200)),
                    min(recorded, self._stamp_time(cal.end, 1200)),
                )  # fmt: skip

        self.counts["district_consultation"] = self.writer.copy(
            "district_consultation", columns, rows(), "district_consultation", len(items)
        )
        self.counts["district_consultation_district_consultation_topic_rel"] = self.writer.copy(
            "district_consultation_district_consultation_topic_rel",
            ["district_consultation_id", "district_consultation_topic_id"],
            topic_rows,
            "consultation topics",
            len(topic_rows),
        )

    # -- consents and referrals ------------------------------------------------------
    def write_referrals(self):
        rng = self.rng("referral-rows")
        cal = self.cal
        planned = []
        passed_on_first = {}
        passed_on_last = {}
        for biz, day, consultation_index in self.referrals:
            recent = day > cal.end - 30
            if recent:
                state = pick(rng, [("draft", 30), ("sent", 40), ("contacted", 30)])
            else:
                state = pick(rng, [("draft", 3), ("sent", 12), ("contacted", 15), ("successful", 45),
                                   ("unsuccessful", 25)])  # fmt: skip
            passed_on = min(day + rng.randint(0, 2), cal.end) if state != "draft" else None
            feedback = None
            if state in ("successful", "unsuccessful"):
                feedback = min(day + rng.randint(7, 120), cal.end)
            planned.append((biz, day, consultation_index, state, passed_on, feedback))
            if passed_on and not biz.is_company:
                passed_on_first[biz.idx] = min(passed_on_first.get(biz.idx, passed_on), passed_on)
                passed_on_last[biz.idx] = max(passed_on_last.get(biz.idx, passed_on), passed_on)
        consents = self._plan_consents(rng, passed_on_first, passed_on_last)
        consent_first = self.writer.reserve_ids("district_consent", len(consents))
        referral_consent = {}
        consent_rows = []
        for offset, consent in enumerate(consents):
            consent_id = consent_first + offset
            if consent["purpose"] == "referral":
                referral_consent[consent["partner"]] = (consent_id, consent["given"])
            uid = self._user(consent["office"], consent["given"])
            created_at = self._stamp_time(consent["given"], 610)
            consent_rows.append(
                (
                    consent_id,
                    consent["partner"],
                    consent["purpose"],
                    consent["basis"],
                    cal.to_date(consent["given"]),
                    consent["source"],
                    cal.to_date(consent["withdrawn"]),
                    consent["office"]["company"],
                    uid,
                    uid,
                    created_at,
                    created_at,
                )
            )
        self.counts["district_consent"] = self.writer.copy(
            "district_consent",
            [
                "id",
                "partner_id",
                "purpose",
                "legal_basis",
                "date_given",
                "source",
                "date_withdrawn",
                "company_id",
                "create_uid",
                "write_uid",
                "create_date",
                "write_date",
            ],
            consent_rows,
            "district_consent",
            len(consent_rows),
        )
        self._write_referral_rows(rng, planned, referral_consent)

    def _plan_consents(self, rng, passed_on_first, passed_on_last):
        cal = self.cal
        consents = []
        for biz in self.bizs:
            if biz.is_company:
                continue
            if biz.idx in passed_on_first:
                given = max(min(biz.create, passed_on_first[biz.idx]), passed_on_first[biz.idx] - rng.randint(0, 14))
                withdrawn = None
                if rng.random() < 0.05 and passed_on_last[biz.idx] < cal.end:
                    withdrawn = rng.randint(passed_on_last[biz.idx] + 1, cal.end)
                consents.append(
                    {
                        "partner": biz.id,
                        "purpose": "referral",
                        "basis": "consent",
                        "given": given,
                        "source": pick(rng, [("form", 50), ("verbal", 40), ("email", 10)]),
                        "withdrawn": withdrawn,
                        "office": biz.office,
                    }
                )
            self._other_consents(rng, consents, biz.id, biz.office, max(biz.create, cal.start))
        for child in self.children:
            if rng.random() < 0.5:
                self._other_consents(
                    rng, consents, child["id"], child["biz"].office, max(child["biz"].create, cal.start)
                )
        consents.sort(key=lambda consent: (consent["given"], consent["partner"]))
        return consents

    def _other_consents(self, rng, consents, partner_id, office, since):
        cal = self.cal
        for purpose, share, basis in (("records", 0.5, "contract"), ("contact", 0.3, "consent")):
            if rng.random() < share and since <= cal.end:
                given = rng.randint(since, min(cal.end, since + 400))
                consents.append(
                    {
                        "partner": partner_id,
                        "purpose": purpose,
                        "basis": basis,
                        "given": given,
                        "source": pick(rng, [("form", 60), ("verbal", 25), ("email", 15)]),
                        "withdrawn": None,
                        "office": office,
                    }
                )

    def _write_referral_rows(self, rng, planned, referral_consent):
        cal = self.cal
        columns = [
            "consultation_id", "partner_id", "institution_id", "institution_type", "user_id", "date", "reason",
            "consent_id", "state", "date_passed_on", "outcome", "feedback_date", "company_id", "active",
            "stamp_street", "stamp_zip", "stamp_city", "quarter_manual", "quarter_id", "programme_area_id",
            "borough_id", "quarter_rule_id", "quarter_reason", "quarter_reason_detail", "create_uid", "write_uid",
            "create_date", "write_date",
        ]  # fmt: skip
        institution_types = sorted(self.institutions)

        def institution_for(biz):
            kind = rng.choice(institution_types)
            if biz.kind == "founding" and "start_up_office" in self.institutions and rng.random() < 0.5:
                kind = "start_up_office"
            elif biz.migrant and "migrant_business" in self.institutions and rng.random() < 0.3:
                kind = "migrant_business"
            elif biz.industries[-1][3] in ("F", "C") and "chamber_crafts" in self.institutions and rng.random() < 0.4:
                kind = "chamber_crafts"
            return kind, rng.choice(self.institutions[kind])

        def rows():
            for biz, day, consultation_index, state, passed_on, feedback in planned:
                kind, institution = institution_for(biz)
                consent = referral_consent.get(biz.id)
                consent_id = consent[0] if consent and consent[1] <= (passed_on or day) else None
                address_index = biz.addr_on(day)
                address = self.addresses[address_index]
                uid = self._user(biz.office, day)
                created_at = self._stamp_time(day, 700)
                yield (
                    self.consultation_ids[consultation_index] if consultation_index is not None else None, biz.id,
                    institution, kind, uid, cal.to_date(day), rng.choice(REFERRAL_REASONS), consent_id, state,
                    cal.to_date(passed_on), rng.choice(OUTCOMES) if feedback else None, cal.to_date(feedback),
                    biz.office["company"], rng.random() >= 0.003, address.street, address.zip, address.city, False,
                    *self.location(address_index), uid, uid, created_at,
                    self._stamp_time(feedback or passed_on or day, 720),
                )  # fmt: skip

        self.counts["district_referral"] = self.writer.copy(
            "district_referral", columns, rows(), "district_referral", len(planned)
        )

    # -- fundings -----------------------------------------------------------------------
    def write_fundings(self):
        rng = self.rng("funding-rows")
        cal = self.cal
        fundings = self.fundings
        first = self.writer.reserve_ids("district_funding", len(fundings))
        won_by_biz = {}
        for case in self.settlements:
            if case["settled"]:
                won_by_biz.setdefault(case["biz"].idx, case["id"])
        columns = [
            "id", "name", "partner_id", "programme_id", "settlement_id", "state", "date_applied", "date_approved",
            "date_last_payment", "date_closed", "retention_until", "amount_requested", "amount_granted",
            "amount_paid", "investment_planned", "investment_actual", "jobs_created_planned", "jobs_created_actual",
            "jobs_secured_planned", "jobs_secured_actual", "leverage", "note", "company_id", "active",
            "stamp_street", "stamp_zip", "stamp_city", "quarter_manual", "quarter_id", "programme_area_id",
            "borough_id", "quarter_rule_id", "quarter_reason", "quarter_reason_detail", "create_uid", "write_uid",
            "create_date", "write_date",
        ]  # fmt: skip
        payment_rows, link_rows = [], []

        def rows():
            for offset, funding in enumerate(fundings):
                funding_id = first + offset
                biz = funding["biz"]
                address_index = self.address_on_day(biz, funding["approved"]) if funding["approved"] else biz.final_addr
                address = self.addresses[address_index]
                location = self.location(address_index)
                payments = funding["payments"]
                paid = round(sum(amount for _day, amount in payments), 2)
                last = payments[-1][0] if payments else None
                uid = self._user(biz.office, funding["sort"])
                created = funding["applied"] or funding["sort"]
                for day, amount in payments:
                    stamp = self._stamp_time(day, 720)
                    payment_rows.append(
                        (
                            funding_id,
                            cal.to_date(day),
                            amount,
                            biz.office["company"],
                            biz.id,
                            funding["programme"],
                            location[0],
                            location[1],
                            uid,
                            uid,
                            stamp,
                            stamp,
                        )
                    )
                before = [c for c in self.consultations_by_biz.get(biz.idx, ()) if c[0] <= created and c[2] == "done"]
                link_rows.extend((consultation_id, funding_id) for _day, consultation_id, _s in before[-2:])
                settlement = won_by_biz.get(biz.idx) if rng.random() < 0.3 else None
                changed = max(filter(None, (created, funding["approved"], last, funding["closed"])))
                yield (
                    funding_id, f"{rng.choice(FUNDING_PROJECTS)} {biz.name}", biz.id, funding["programme"],
                    settlement, funding["state"], cal.to_date(funding["applied"]), cal.to_date(funding["approved"]),
                    cal.to_date(last), cal.to_date(funding["closed"]),
                    date(cal.year(last) + RETENTION_YEARS, 12, 31) if last else None, funding["requested"],
                    funding["granted"], paid, funding["investment_planned"], funding["investment_actual"],
                    funding["jobs_planned"][0], funding["jobs_actual"][0], funding["jobs_planned"][1],
                    funding["jobs_actual"][1], self._leverage(funding["investment_actual"], paid),
                    None, biz.office["company"], True, address.street, address.zip, address.city, False,
                    *location, uid, uid, self._stamp_time(min(created, cal.end), 730),
                    self._stamp_time(min(changed, cal.end), 740),
                )  # fmt: skip

        self.counts["district_funding"] = self.writer.copy(
            "district_funding", columns, rows(), "district_funding", len(fundings)
        )
        self.counts["district_funding_payment"] = self.writer.copy(
            "district_funding_payment",
            [
                "funding_id",
                "date",
                "amount",
                "company_id",
                "partner_id",
                "programme_id",
                "quarter_id",
                "programme_area_id",
                "create_uid",
                "write_uid",
                "create_date",
                "write_date",
            ],
            payment_rows,
            "district_funding_payment",
            len(payment_rows),
        )
        self.counts["district_consultation_district_funding_rel"] = self.writer.copy(
            "district_consultation_district_funding_rel",
            ["district_consultation_id", "district_funding_id"],
            link_rows,
        )

    def complete_with_orm(self):
        """Stored computed fields the COPY left out (added to the module after this script) computed by the ORM.

        Slower than SQL, but the data stays right when the module grows; the fields are named so that
        they can be added to the COPY.
        """
        env = self.env
        for model_name in LOADED_MODELS:
            model = env[model_name].sudo().with_context(active_test=False)
            written = self.writer.written.get(model._table, set())
            missing = [
                field
                for name, field in model._fields.items()
                if field.store and field.compute and name not in written and name not in EMPTY_FOR_THIS_DATA
            ]
            if not missing:
                continue
            print(
                f"[bench-data] {model_name}: computing {', '.join(f.name for f in missing)} with the ORM "
                "(add them to tools/bench_data.py to load faster)",
                file=sys.stderr,
                flush=True,
            )
            self.cr.execute(f"SELECT id FROM {model._table} ORDER BY id")
            ids = [row[0] for row in self.cr.fetchall()]
            progress = Progress(f"{model_name} (ORM)", len(ids))
            for start in range(0, len(ids), ORM_CHUNK):
                records = model.browse(ids[start : start + ORM_CHUNK])
                for field in missing:
                    env.add_to_compute(field, records)
                env.flush_all()
                env.invalidate_all()
                progress.update(len(records))
            progress.close()

    @staticmethod
    def _leverage(investment, paid):
        """``district.funding._compute_leverage`` as stored (a Float with 2 digits; none paid: 0)."""
        return float_round(investment / paid, precision_digits=2) if paid else 0

    def analyze(self):
        self.cr.execute("ANALYZE")


class Verifier:
    """Checks the loaded data against the ORM: what a careful reviewer would try by hand.

    Every check runs inside a savepoint that is rolled back, so the data stays as loaded.
    """

    SAMPLE = 300
    REASSIGN_LIMIT = 100_000
    MODELS = LOADED_MODELS
    # Stored computed fields the ORM fills once, from the state at creation: a contact stamps the business's
    # address of that day, a recompute now would take today's address.
    CREATION_STAMPS = {
        "district.consultation": {"stamp_street", "stamp_zip", "stamp_city", "quarter_manual"},
        "district.referral": {"stamp_street", "stamp_zip", "stamp_city", "quarter_manual"},
    }

    def __init__(self, generator):
        self.gen = generator
        self.env = generator.env
        self.cr = generator.env.cr
        self.rng = random.Random(f"{generator.seed}:verify")
        self.problems = []

    def run(self):
        self.env.invalidate_all()
        self.print_counts()
        for label, check in (
            ("invariants (SQL)", self.check_invariants),
            ("stored computed fields recomputed by the ORM", self.check_recompute),
            ("business histories re-synced by BusinessHistory", self.check_history_sync),
            ("quarters reassigned by the address rules", self.check_reassign),
            ("records read as coordinators and manager", self.check_read_as_users),
            ("a year's report per office, identity of stocks and flows", self.check_report),
        ):
            started = time.perf_counter()
            before = len(self.problems)
            self.isolated(check)
            status = "ok" if len(self.problems) == before else f"{len(self.problems) - before} problem(s)"
            print(f"[bench-data] verify: {label}: {status} ({time.perf_counter() - started:.1f} s)", flush=True)
        for problem in self.problems[:50]:
            print(f"  PROBLEM: {problem}")
        if self.problems:
            raise SystemExit(f"[bench-data] verification found {len(self.problems)} problem(s) (data kept)")

    def isolated(self, check):
        self.cr.execute("SAVEPOINT bench_verify")
        try:
            check()
        finally:
            self.env.clear()
            self.cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
            self.cr.execute("RELEASE SAVEPOINT bench_verify")

    def sample_ids(self, model, size=None, where="TRUE"):
        self.cr.execute(f"SELECT id FROM {self.env[model]._table} WHERE {where} ORDER BY id")
        ids = [row[0] for row in self.cr.fetchall()]
        size = size or self.SAMPLE
        return sorted(self.rng.sample(ids, size)) if len(ids) > size else ids

    def print_counts(self):
        print("[bench-data] records per model (ORM search_count, archived included):")
        for model in self.MODELS:
            count = self.env[model].with_context(active_test=False).search_count([])
            print(f"  {model:<40} {count:>10,}")
        count = self.env["res.partner"].search_count([("business_status", "!=", False)])
        print(f"  {'businesses (with a status)':<40} {count:>10,}")

    def check_invariants(self):
        checks = {
            "a business is active at most once (sum of stock_delta per business is 0 or 1)": """
                SELECT count(*) FROM (SELECT partner_id, sum(stock_delta) s FROM district_business_event
                                       GROUP BY partner_id) t WHERE s NOT IN (0, 1)""",
            "each move half points to the other half": """
                SELECT count(*) FROM district_business_event e JOIN district_business_event o
                    ON o.id = e.counterpart_event_id
                 WHERE o.counterpart_event_id != e.id OR o.date != e.date OR o.partner_id != e.partner_id""",
            "vacant or reserved active units have one open vacancy, others none": """
                SELECT count(*) FROM district_premises p
                  LEFT JOIN (SELECT premises_id, count(*) n FROM district_premises_vacancy WHERE date_to IS NULL
                              GROUP BY premises_id) v ON v.premises_id = p.id
                 WHERE COALESCE(v.n, 0) != (CASE WHEN p.active AND p.state IN ('vacant', 'reserved')
                                                 THEN 1 ELSE 0 END)""",
            "vacancy periods do not overlap": """
                SELECT count(*) FROM district_premises_vacancy a JOIN district_premises_vacancy b
                    ON a.premises_id = b.premises_id AND a.id < b.id
                 WHERE a.date_from < COALESCE(b.date_to, 'infinity')
                   AND b.date_from < COALESCE(a.date_to, 'infinity')""",
            "fundings: paid <= granted, paid or closed ones have payments, totals match": """
                SELECT count(*) FROM district_funding f
                  LEFT JOIN (SELECT funding_id, sum(amount) s, max(date) d FROM district_funding_payment
                              GROUP BY funding_id) p ON p.funding_id = f.id
                 WHERE f.amount_paid > f.amount_granted
                    OR (f.state IN ('paid', 'closed') AND p.s IS NULL)
                    OR COALESCE(p.s, 0) != f.amount_paid OR p.d IS DISTINCT FROM f.date_last_payment""",
            "won settlement cases have a settled date and a let unit": """
                SELECT count(*) FROM district_settlement s LEFT JOIN district_premises p ON p.id = s.premises_id
                 WHERE s.is_won AND (s.settled_date IS NULL OR p.id IS NULL)""",
            "referrals passed on by persons rest on a consent valid that day": """
                SELECT count(*) FROM district_referral r JOIN res_partner p ON p.id = r.partner_id
                  LEFT JOIN district_consent c ON c.id = r.consent_id
                 WHERE r.state != 'draft' AND NOT p.is_company
                   AND (c.id IS NULL OR c.date_given > r.date_passed_on OR c.date_withdrawn <= r.date_passed_on)""",
            "done consultations are not in the future": """
                SELECT count(*) FROM district_consultation WHERE state = 'done' AND date > now() AT TIME ZONE 'UTC'""",
        }
        for label, query in checks.items():
            self.cr.execute(query)
            count = self.cr.fetchone()[0]
            if count:
                self.problems.append(f"{label}: {count} rows break it")

    def _comparable(self, value):
        if hasattr(value, "_name"):
            return tuple(value.ids)
        if isinstance(value, float):
            return round(value, 2)
        return value or False

    def check_recompute(self):
        """For samples of each model: every stored computed field, recomputed by the ORM, equals what was loaded."""
        env = self.env
        for model_name in self.MODELS:
            model = env[model_name].with_context(active_test=False)
            skip = self.CREATION_STAMPS.get(model_name, set())
            fields_ = [
                field
                for name, field in model._fields.items()
                if field.store and field.compute and name not in skip and name != "display_name"
            ]
            records = model.browse(self.sample_ids(model_name))
            env.invalidate_all()
            loaded = {field.name: [self._comparable(record[field.name]) for record in records] for field in fields_}
            env.invalidate_all()
            for field in fields_:
                env.add_to_compute(field, records)
            mismatches = defaultdict(list)
            for field in fields_:
                for record, before in zip(records, loaded[field.name], strict=True):
                    after = self._comparable(record[field.name])
                    if after != before:
                        mismatches[field.name].append((record.id, before, after))
            env.clear()
            for name, rows in mismatches.items():
                self.problems.append(
                    f"{model_name}.{name}: {len(rows)} of {len(records)} differ from the ORM, e.g. "
                    f"(id, loaded, computed) {rows[:3]}"
                )

    def check_history_sync(self):
        """BusinessHistory, run on unchanged businesses, finds nothing to add, move or withdraw."""
        env = self.env
        partners = (
            env["res.partner"]
            .with_context(active_test=False)
            .browse(self.sample_ids("res.partner", self.SAMPLE * 3, "business_status IS NOT NULL"))
        )
        query = """SELECT id, partner_id, date, event_type, role, is_current_period, stamp_street, quarter_id,
                          programme_area_id, counterpart_event_id, industry_id, stock_delta
                     FROM district_business_event WHERE partner_id = ANY(%s) ORDER BY id"""
        self.cr.execute(query, [partners.ids])
        before_rows = self.cr.fetchall()
        snapshots = {partner.id: partner._business_event_snapshot() for partner in partners}
        try:
            partners._sync_business_events(snapshots, address_changed=False)
            env.flush_all()
        except Exception as error:
            self.problems.append(f"BusinessHistory.sync failed on loaded businesses: {error}")
            return
        self.cr.execute(query, [partners.ids])
        after_rows = self.cr.fetchall()
        if before_rows != after_rows:
            changed = set(before_rows) ^ set(after_rows)
            self.problems.append(
                f"BusinessHistory would change {len(changed)} event rows of {len(partners)} businesses, "
                f"e.g. {sorted(changed, key=str)[:4]}"
            )

    def check_reassign(self):
        """The address rules, applied again, change no quarter, area or reason (all rows, or a large sample)."""
        for model_name in self.MODELS:
            model = self.env[model_name].sudo().with_context(active_test=False)
            if "quarter_reason" not in model._fields or model_name == "district.settlement":
                continue
            ids = self.sample_ids(model_name, self.REASSIGN_LIMIT)
            checked, changed = model._reassign_district_location(ids)
            if changed:
                self.problems.append(f"{model_name}: reassigning quarters changes {changed} of {checked} records")

    def check_read_as_users(self):
        env = self.env
        users = env["res.users"].search([("login", "in", ["bench_coordinator", "bench_coordinator_2",
                                                           "bench_coordinator_3", "bench_manager"])])  # fmt: skip
        for user in users:
            user_env = env(user=user.id, context=dict(env.context, allowed_company_ids=user.company_ids.ids))
            for model_name in self.MODELS:
                model = user_env[model_name].with_context(active_test=False)
                if not model.has_access("read"):
                    continue
                try:
                    records = model.search([], limit=5, order="id desc")
                    # All fields the user may see, except links to models core keeps from him (calls, ...).
                    names = [
                        name
                        for name in model.fields_get(attributes=["type"])
                        if not model._fields[name].relational
                        or user_env[model._fields[name].comodel_name].has_access("read")
                    ]
                    records.read(names)
                    model.search_count([])
                except Exception as error:
                    self.problems.append(f"{user.login} cannot read {model_name}: {error}")
                user_env.invalidate_all()

    def check_report(self):
        env = self.env
        engine = env["district.monitoring.engine"]
        year = self.gen.cal.year(self.gen.cal.end) - 1
        day_before = date(year - 1, 12, 31)
        for office in self.gen.offices:
            company = env["res.company"].browse(office["company"])
            area = env["district.programme.area"].browse(office["area"])
            user = env["res.users"].browse(office["users"][0])
            started = time.perf_counter()
            snapshot = (
                env["district.monitoring.snapshot"]
                .with_user(user)
                .with_company(company)
                .create({"date_from": date(year, 1, 1), "date_to": date(year, 12, 31), "programme_area_id": area.id})
            )
            snapshot.action_compute()
            seconds = time.perf_counter() - started
            figures = engine._compute_figures(date(year, 1, 1), date(year, 12, 31), area, company)
            start_stock = engine._active_businesses(day_before, area, company)
            total = figures.get(("total", False, False), {})
            print(
                f"  {company.name}, {area.name} {year}: report with {len(snapshot.line_ids)} lines in {seconds:.1f} s; "
                f"active {total.get('active_businesses', 0)}, openings {total.get('opening_count', 0)}, "
                f"closures {total.get('closing_count', 0)}, consultations {total.get('consultation_count', 0)}, "
                f"RCO01 {total.get('rco01', 0)}, vacancy rate {total.get('vacancy_rate', 0)} %",
                flush=True,
            )
            for key, values in figures.items():
                if key[0] == "detail":
                    continue
                expected = (
                    start_stock.get(key, 0)
                    + values.get("opening_count", 0)
                    + values.get("recorded_count", 0)
                    - values.get("closing_count", 0)
                    + values.get("moved_in_count", 0)
                    - values.get("moved_out_count", 0)
                )
                if expected != values.get("active_businesses", 0):
                    self.problems.append(
                        f"{area.name} {year} {key}: active at end {values.get('active_businesses', 0)} != "
                        f"start {start_stock.get(key, 0)} + flows = {expected}"
                    )


def main(env):
    Generator(env).run()


main(env)  # noqa: F821
