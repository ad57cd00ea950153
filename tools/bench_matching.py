# Benchmark: "Find premises" for one case among 10,000 premises and 1,000 open cases,
# and "Find interested companies" for one unit. Runs inside `odoo-bin shell` (tools/bench.sh);
# rolls back everything it created. Sizes from BENCH_PREMISES / BENCH_CASES.
import os
import random
import time

n_premises = int(os.environ.get("BENCH_PREMISES", "10000"))
n_cases = int(os.environ.get("BENCH_CASES", "1000"))
rng = random.Random(42)
use_types = env["district.premises.use.type"].search([])
partner = env["res.partner"].create({"name": "Bench company", "is_company": True})
streets = ["Eisenbahnstraße", "Dresdner Straße", "Hermann-Liebmann-Straße", "Wurzner Straße", "Konradstraße"]

started = time.perf_counter()
premises = env["district.premises"].create(
    [
        {
            "name": f"Bench unit {i}",
            "street": f"{rng.choice(streets)} {rng.randint(1, 160)}",
            "zip": rng.choice(["04315", "04317", "04318"]),
            "city": "Leipzig",
            "floor": rng.choice([0, 0, 0, 1, 2, -1]),
            "area_m2": rng.randint(20, 800),
            "rent_per_m2": round(rng.uniform(3, 15), 2),
            "use_type_ids": [(6, 0, rng.sample(use_types.ids, rng.randint(1, 3)))],
            "has_shop_window": rng.random() < 0.5,
            "is_step_free": rng.random() < 0.3,
            "state": rng.choice(["vacant", "vacant", "let", "reserved"]),
        }
        for i in range(n_premises)
    ]
)
cases = env["district.settlement"].create(
    [
        {
            "name": f"Bench case {i}",
            "partner_id": partner.id,
            "area_min": (low := rng.randint(20, 400)),
            "area_max": low + rng.randint(20, 200),
            "rent_max_per_m2": round(rng.uniform(5, 14), 2),
            "use_type_ids": [(6, 0, rng.sample(use_types.ids, 1))],
            "ground_floor_needed": rng.random() < 0.5,
        }
        for i in range(n_cases)
    ]
)
env.flush_all()
print(f"[bench] created {n_premises} premises and {n_cases} cases in {time.perf_counter() - started:.1f} s")

timings = []
for case in cases[:20]:
    env.invalidate_all()
    started = time.perf_counter()
    case.action_find_premises()
    timings.append(time.perf_counter() - started)
worst_find = max(timings)
median_find = sorted(timings)[len(timings) // 2]
print(f"[bench] find premises: median {median_find * 1000:.0f} ms, worst {worst_find * 1000:.0f} ms")

timings = []
for unit in premises.filtered(lambda p: p.state == "vacant")[:20]:
    env.invalidate_all()
    started = time.perf_counter()
    unit.action_find_interested()
    timings.append(time.perf_counter() - started)
worst_reverse = max(timings)
print(
    f"[bench] find interested companies: median {sorted(timings)[len(timings) // 2] * 1000:.0f} ms, "
    f"worst {worst_reverse * 1000:.0f} ms"
)
env.cr.rollback()
print(f"RESULT find_premises_worst_ms={worst_find * 1000:.0f} find_interested_worst_ms={worst_reverse * 1000:.0f}")
