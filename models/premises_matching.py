"""Pure scoring of a unit against a company's requirements (no ORM).

The database filters candidates first (state, hard requirements, tolerances);
this ranks the few that remain and says why. Scores are 0-100; each reason is
a (code, values) pair that the caller words in the user's language.
"""

AREA_TOLERANCE = 0.2  # units up to 20 % outside the wanted size are shown, ranked lower
RENT_TOLERANCE = 0.15  # and up to 15 % above the rent limit

WEIGHTS = {"area": 30, "rent": 25, "quarter": 20, "use": 10, "ground_floor": 5, "step_free": 5, "shop_window": 5}


def score_premises(req, unit):
    """Return (score, reasons) of ``unit`` for ``req``.

    ``req``: area_min, area_max, rent_max, use_type_ids (set), quarter_ids (set),
    ground_floor, step_free, shop_window (booleans). ``unit``: area_m2,
    rent_per_m2, use_type_ids (set), quarter_id, is_ground_floor, is_step_free,
    has_shop_window. A requirement left empty counts as met.
    """
    score = 0
    reasons = []
    area = unit["area_m2"]
    low, high = req["area_min"] or 0, req["area_max"] or 0
    if (not low or area >= low) and (not high or area <= high):
        score += WEIGHTS["area"]
        reasons.append(("area_fits", {"area": area}))
    else:
        score += WEIGHTS["area"] // 3
        reasons.append(("area_near", {"area": area}))

    rent, rent_max = unit["rent_per_m2"], req["rent_max"] or 0
    if not rent_max or rent <= rent_max:
        score += WEIGHTS["rent"]
        reasons.append(("rent_fits", {"rent": rent, "max": rent_max}))
    else:
        score += WEIGHTS["rent"] // 5
        reasons.append(("rent_above", {"rent": rent, "max": rent_max}))

    if not req["quarter_ids"]:
        score += WEIGHTS["quarter"] // 2
    elif unit["quarter_id"] in req["quarter_ids"]:
        score += WEIGHTS["quarter"]
        reasons.append(("preferred_quarter", {}))

    if not req["use_type_ids"] or req["use_type_ids"] & unit["use_type_ids"]:
        score += WEIGHTS["use"]
        if req["use_type_ids"]:
            reasons.append(("use_fits", {}))

    for key, unit_key in (
        ("ground_floor", "is_ground_floor"),
        ("step_free", "is_step_free"),
        ("shop_window", "has_shop_window"),
    ):
        if not req[key] or unit[unit_key]:
            score += WEIGHTS[key]
            if req[key]:
                reasons.append((key, {}))
    return min(score, 100), reasons
