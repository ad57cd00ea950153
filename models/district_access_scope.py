"""Which models speak to district users in plain words when access is refused or an action is out of reach."""

DISTRICT_SHARED_MODELS = frozenset({"res.partner", "event.event", "event.registration"})


def is_district_model(model_name):
    return model_name.startswith("district.") or model_name in DISTRICT_SHARED_MODELS


def is_district_user(env):
    return env.user.has_group("district_economy.group_district_readonly")
