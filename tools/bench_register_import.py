# Benchmark: the business-register import (Gewerbemeldungen) of N rows (default 10,000).
# Runs inside `odoo-bin shell` (see tools/bench.sh); rolls back everything it created.
# The file is shaped like the city's exports: 80 % registrations, 15 % changes of address of businesses
# registered earlier in the file, 5 % de-registrations; streets of the Leipziger Osten and a few of other
# quarters, German dates, ";" as separator. Measured: the dry run, the import, and importing the same
# file again (which must change nothing). Target: the import in under a minute.
import base64
import os
import random
import time

n_rows = int(os.environ.get("BENCH_REGISTER_ROWS", "10000"))
rng = random.Random(42)
streets = [
    ("Eisenbahnstraße", "04315"),
    ("Hermann-Liebmann-Straße", "04315"),
    ("Konradstraße", "04315"),
    ("Dresdner Straße", "04317"),
    ("Wurzner Straße", "04318"),
    ("Karl-Liebknecht-Straße", "04275"),
]
wz_codes = ["47.11", "56.10.1", "96.02", "10.71.0", "47.7", "43.21", "62.01", "95.29"]
header = (
    "Meldungsart;Registriernummer;Datum;Betriebsname;Strasse;Hausnummer;PLZ;Ort;Taetigkeit;WZ2008;Rechtsform;"
    "Beschaeftigte"
)
rows = [header]
registered = []
n_registrations = n_rows * 80 // 100
n_changes = n_rows * 15 // 100
for number in range(n_registrations):
    street, zip_code = rng.choice(streets)
    date_text = f"{rng.randint(1, 28):02d}.{rng.randint(1, 6):02d}.2024"
    registered.append(number)
    rows.append(
        f"Anmeldung;BENCH-{number:06d};{date_text};Betrieb {number};{street};{rng.randint(1, 160)};{zip_code};"
        f"Leipzig;Einzelhandel;{rng.choice(wz_codes)};Einzelunternehmen;{rng.randint(0, 12)}"
    )
for number in rng.sample(registered, n_changes):
    street, zip_code = rng.choice(streets)
    rows.append(
        f"Ummeldung;BENCH-{number:06d};{rng.randint(1, 28):02d}.{rng.randint(7, 12):02d}.2024;Betrieb {number};"
        f"{street};{rng.randint(1, 160)};{zip_code};Leipzig;Einzelhandel;{rng.choice(wz_codes)};Einzelunternehmen;"
        f"{rng.randint(0, 12)}"
    )
for number in rng.sample(registered, n_rows - n_registrations - n_changes):
    rows.append(f"Abmeldung;BENCH-{number:06d};15.01.2025;Betrieb {number};;;;;;;;")
data = base64.b64encode(("\n".join(rows) + "\n").encode())

Import = env["district.register.import"]
wizard = Import.create({"data_file": data, "file_name": "gewerbemeldungen_bench.csv"})
started = time.perf_counter()
wizard.action_preview()
preview = time.perf_counter() - started
started = time.perf_counter()
wizard.action_import()
imported = time.perf_counter() - started
again = Import.create({"data_file": data, "file_name": "gewerbemeldungen_bench.csv"})
started = time.perf_counter()
again.action_import()
reimported = time.perf_counter() - started
print(
    f"[bench] register import of {len(rows) - 1} rows: created {wizard.created_count}, updated "
    f"{wizard.updated_count}, rejected {wizard.rejected_count}; dry run {preview:.1f} s, import {imported:.1f} s "
    f"({(len(rows) - 1) / imported:,.0f} rows/s); the same file again: {again.unchanged_count} unchanged, "
    f"{again.created_count + again.updated_count} changed, {reimported:.1f} s"
)
env.cr.rollback()
print(f"RESULT register_import_{n_rows}_preview_seconds={preview:.1f}")
print(f"RESULT register_import_{n_rows}_import_seconds={imported:.1f}")
