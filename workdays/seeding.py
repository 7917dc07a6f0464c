"""Turn the chinese_calendar package's schedule into CalendarDay exception rows.

Shared by the data migration (with the historical model) and the seed_work_calendar command.
"""

from chinese_calendar import constants

# chinese_calendar names holidays in English; editors and citizens read Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_years():
    """Years the installed chinese_calendar package has an official schedule for."""
    return sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})


def package_exceptions(year=None):
    """Yield (date, is_working_day, name) for each day that breaks the weekday rule."""
    for day, english in sorted(constants.holidays.items()):
        if (year is None or day.year == year) and day.weekday() < 5:
            yield day, False, HOLIDAY_NAMES.get(english, english)
    for day, english in sorted(constants.workdays.items()):
        if (year is None or day.year == year) and day.weekday() >= 5:
            yield day, True, f"{HOLIDAY_NAMES.get(english, english)}调休上班"


def seed(model, year=None):
    """Create or refresh package rows; rows an administrator edited are left alone.

    Returns (created, updated, kept) counts. Idempotent: a second run changes nothing.
    """
    created = updated = kept = 0
    existing = {row.date: row for row in model.objects.all() if year is None or row.date.year == year}
    for day, working, name in package_exceptions(year):
        row = existing.get(day)
        if row is None:
            model.objects.create(date=day, is_working_day=working, name=name, source="package")
            created += 1
        elif row.source != "package":
            kept += 1
        elif row.is_working_day != working or row.name != name:
            row.is_working_day, row.name = working, name
            row.save(update_fields=["is_working_day", "name", "updated_at"])
            updated += 1
    return created, updated, kept
