# Benchmark: reassign quarters of N partners after an address-rule change.
# Runs inside `odoo-bin shell` (see tools/bench.sh); rolls back everything it created.
# N comes from the environment variable BENCH_PARTNERS (default 100000).
import json
import os
import random
import time

n_partners = int(os.environ.get("BENCH_PARTNERS", "100000"))
rng = random.Random(42)
streets = [
    ("Eisenbahnstraße", "04315"),
    ("Eisenbahnstr.", "04315"),
    ("eisenbahnstrasse", "04315"),
    ("Dresdner Straße", "04317"),
    ("Dresdner Str.", "04317"),
    ("Hermann-Liebmann-Straße", "04315"),
    ("Wurzner Straße", "04318"),
    ("Konradstraße", "04315"),
]
# A few hundred extra rules so the rule index is not trivially small.
quarter_ids = env["district.quarter"].search([("city", "=", "Leipzig")]).ids
env["district.address.rule"].create(
    [
        {"street_name": f"Benchmarkweg {i}", "zip": "04109", "quarter_id": quarter_ids[i % len(quarter_ids)]}
        for i in range(500)
    ]
)
company_id = env.company.id
values = []
for i in range(n_partners):
    street, zip_code = rng.choice(streets)
    number = rng.randint(1, 160)
    suffix = rng.choice(["", "", "", "a", " b", "/2"])
    values.append((f"Bench business {i}", f"{street} {number}{suffix}", zip_code, "Leipzig", company_id))
started = time.perf_counter()
env.cr.execute(
    """INSERT INTO res_partner (name, street, zip, city, company_id, active, is_company, type, complete_name)
       SELECT v.name, v.street, v.zip, v.city, v.company_id, TRUE, TRUE, 'contact', v.name
         FROM jsonb_to_recordset(%s::jsonb) AS v(name text, street text, zip text, city text, company_id int)""",
    [json.dumps([dict(zip(("name", "street", "zip", "city", "company_id"), v, strict=True)) for v in values])],
)
print(f"[bench] inserted {n_partners} partners in {time.perf_counter() - started:.1f} s")
env.invalidate_all()

started = time.perf_counter()
checked, changed = env["res.partner"]._reassign_district_location()
first = time.perf_counter() - started
print(f"[bench] reassign all after import: {checked} checked, {changed} changed in {first:.1f} s")

rule = env.ref("district_economy.address_rule_leipzig_eisenbahnstrasse_21")
rule.quarter_id = env.ref("district_economy.quarter_leipzig_22")
started = time.perf_counter()
checked, changed = env["res.partner"]._reassign_district_location()
second = time.perf_counter() - started
print(f"[bench] reassign all after a rule change: {checked} checked, {changed} changed in {second:.1f} s")
env.cr.rollback()
print(f"RESULT reassign_{n_partners}_partners_seconds={max(first, second):.1f}")
