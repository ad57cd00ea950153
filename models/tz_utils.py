"""Dates as the office sees them: reports bucket by the company's time zone, not UTC."""

import datetime

import pytz


def office_tz(env):
    """The time zone of the current company's office (its partner's), else the user's, else UTC."""
    return env.company.partner_id.tz or env.user.tz or "UTC"


def local_date(value, tz_name):
    """Return the calendar day of a UTC datetime in ``tz_name``; dates pass through."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return pytz.utc.localize(value).astimezone(pytz.timezone(tz_name)).date()
    return value
