# ruff: noqa: F821 (odoo-bin shell provides `env`)
# Benchmark: preview and import a city's address table of N addresses (default 100,000, BENCH_ADDRESSES),
# with N businesses at those addresses, then replace it by a newer table of the same source.
# Runs inside `odoo-bin shell` (see tools/bench.sh); rolls back everything it created.
import base64
import json
import os
import random
import time
import zlib
from datetime import date

n_addresses = int(os.environ.get("BENCH_ADDRESSES", "100000"))
rng = random.Random(12)
quarters = env["district.quarter"].search([("city", "=", "Leipzig")])
codes = quarters.mapped("code")
zips = [f"04{n:03d}" for n in range(103, 360, 8)]
words = ["Ahorn", "Birken", "Eichen", "Linden", "Buchen", "Tannen", "Erlen", "Eschen", "Ulmen", "Pappel"]
words += ["Rosen", "Tulpen", "Nelken", "Flieder", "Holunder", "Schlehen", "Weiden", "Kiefern", "Fichten", "Lerchen"]
middles = ["", "berg", "tal", "feld", "hof", "au", "grund", "bach", "hain", "wiesen", "garten", "hügel", "see"]
kinds = ["straße", "weg", "gasse", "allee", "ring", "steig"]
prefixes = ["", "Alte ", "Neue ", "Obere ", "Untere "]
streets = [f"{p}{w}{m}{k}" for p in prefixes for w in words for m in middles for k in kinds]
rng.shuffle(streets)


def stretch_quarters(length):
    """Quarter code per house number of one side: one to three stretches."""
    cuts = sorted(rng.sample(range(1, length), rng.choice([0, 0, 1, 2]))) if length > 2 else []
    result, start = {}, 0
    for end in [*cuts, length]:
        code = rng.choice(codes)
        result.update(dict.fromkeys(range(start, end), code))
        start = end
    return result


def make_register(moved_share=0.0):
    register, street_index = [], 0
    rng.seed(12)
    while len(register) < n_addresses:
        street = streets[street_index % len(streets)]
        street_index += 1
        zip_code = rng.choice(zips)
        last = rng.randint(10, 90)
        sides = {side: stretch_quarters(last // 2 + 1) for side in (0, 1)}
        if rng.random() < 0.5:
            sides[0] = sides[1]  # both sides in the same quarter
        for number in range(1, last + 1):
            if rng.random() < 0.15:
                continue
            code = sides[number % 2][number // 2]
            for suffix in rng.choice([("",), ("",), ("",), ("", "a"), ("a", "b")]):
                register.append([street, f"{number}{suffix}", zip_code, code])
    del register[n_addresses:]
    for entry in register:
        if moved_share and zlib.crc32(entry[0].encode()) % 1000 < moved_share * 1000 and entry[3] != codes[0]:
            entry[3] = codes[0]  # the city moved a few streets to another quarter
    return register


def to_csv(register):
    lines = ["Straße;Hausnummer;PLZ;Ortsteil"] + [";".join(entry) for entry in register]
    return base64.b64encode("\n".join(lines).encode("utf-8"))


register = make_register()
company_id = env.company.id
env.cr.execute(
    """INSERT INTO res_partner (name, street, zip, city, company_id, active, is_company, type, complete_name)
       SELECT v.name, v.street, v.zip, 'Leipzig', v.company_id, TRUE, TRUE, 'contact', v.name
         FROM jsonb_to_recordset(%s::jsonb) AS v(name text, street text, zip text, company_id int)
       RETURNING id""",
    [
        json.dumps(
            [
                {"name": f"Table business {i}", "street": f"{s} {n}", "zip": z, "company_id": company_id}
                for i, (s, n, z, _c) in enumerate(register)
            ]
        )
    ],
)
partner_ids = [partner_id for (partner_id,) in env.cr.fetchall()]  # in the order of the rows
env.invalidate_all()
Wizard = env["district.address.table.import"]


def run(register, source_date, label):
    # Each business's ref holds the quarter code the table gives its address (checked after the import).
    env.cr.execute(
        "UPDATE res_partner p SET ref = v.ref FROM unnest(%s::int[], %s::text[]) AS v(id, ref) WHERE p.id = v.id",
        [partner_ids, [entry[3] for entry in register]],
    )
    wizard = Wizard.create(
        {
            "data_file": to_csv(register),
            "file_name": "adressregister.csv",
            "city": "Leipzig",
            "source_date": source_date,
        }
    )
    started = time.perf_counter()
    wizard.action_preview()
    preview = time.perf_counter() - started
    started = time.perf_counter()
    wizard.action_import()
    imported = time.perf_counter() - started
    env.cr.execute(
        """SELECT count(*) FILTER (WHERE q.code IS DISTINCT FROM p.ref), count(*)
             FROM res_partner p LEFT JOIN district_quarter q ON q.id = p.quarter_id
            WHERE p.id = ANY(%s)""",
        [partner_ids],
    )
    wrong, total = env.cr.fetchone()
    print(
        f"[bench] {label}: {wizard.address_count} addresses, {wizard.rule_count} rules, {wizard.replaced_rule_count} "
        f"replaced, {wizard.conflict_count} conflicts, {wizard.error_count} errors; preview {preview:.1f} s, "
        f"import with reassigning {total} businesses {imported:.1f} s; {wrong} businesses not in their quarter"
    )
    return preview, imported


first = run(register, date(2024, 1, 1), "first table")
second = run(make_register(moved_share=0.05), date(2025, 1, 1), "newer table of the same source")
env.cr.rollback()
print(f"RESULT address_table_{n_addresses}_preview_seconds={max(first[0], second[0]):.1f}")
print(f"RESULT address_table_{n_addresses}_import_seconds={max(first[1], second[1]):.1f}")
