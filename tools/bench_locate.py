# Benchmark: the quarter of N positions by the quarters' outlines (point in polygon, one STRtree).
# Runs inside `odoo-bin shell` (see tools/bench.sh); changes nothing. N comes from BENCH_POINTS (default 100000).
import os
import random
import time

n_points = int(os.environ.get("BENCH_POINTS", "100000"))
quarters = env["district.quarter"].search([("city", "=", "Leipzig"), ("has_outline", "=", True)])
if len(quarters) != 63:
    raise SystemExit(f"[bench] {len(quarters)} Leipzig quarters with an outline, not 63: recreate the bench database")
rng = random.Random(42)
# Leipzig's bounding box: about 60 % of the points fall inside the city.
points = [(rng.uniform(51.238, 51.449), rng.uniform(12.236, 12.543)) for _ in range(n_points)]
type(env["district.quarter"])._district_outline_cache = None

started = time.perf_counter()
found = env["district.quarter"]._locate_positions(points)
cold = time.perf_counter() - started
inside = sum(map(bool, found))
print(f"[bench] locate {n_points} points, first call (builds the STRtree): {inside} in a quarter in {cold:.2f} s")
started = time.perf_counter()
env["district.quarter"]._locate_positions(points)
warm = time.perf_counter() - started
print(f"[bench] locate {n_points} points again (STRtree cached): {warm:.2f} s")
started = time.perf_counter()
for point in points[:1000]:
    env["district.quarter"]._locate_positions([point])
single = (time.perf_counter() - started) / 1000
print(f"[bench] one point at a time: {single * 1000:.2f} ms per call")
print(f"RESULT locate_{n_points}_points_seconds={cold:.2f}")
