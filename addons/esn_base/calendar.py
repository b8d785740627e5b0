"""Working days of French ESNs: weekends and French public holidays (python-holidays) are off."""

import datetime

import holidays


def public_holidays(date_from, date_to, country="FR"):
    """{date: name} of the public holidays between date_from and date_to included."""
    calendar = holidays.country_holidays(country, years=range(date_from.year, date_to.year + 1))
    return {day: name for day, name in calendar.items() if date_from <= day <= date_to}


def days_between(date_from, date_to):
    return [date_from + datetime.timedelta(days=offset) for offset in range((date_to - date_from).days + 1)]


def working_days(date_from, date_to, country="FR"):
    """The days between date_from and date_to that are neither weekend nor public holiday."""
    off = public_holidays(date_from, date_to, country)
    return [day for day in days_between(date_from, date_to) if day.weekday() < 5 and day not in off]
