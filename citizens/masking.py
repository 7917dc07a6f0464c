"""Masking personal data for display (个人信息保护法: show only what the screen needs)."""


def mask_phone(phone):
    """13812341234 → 138****1234."""
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def mask_id_number(id_number):
    """Keep the first 2 and last 3 characters: 33*************12X."""
    id_number = id_number or ""
    if len(id_number) <= 5:
        return "*" * len(id_number)
    return f"{id_number[:2]}{'*' * (len(id_number) - 5)}{id_number[-3:]}"


def mask_name(name):
    """张三丰 → 张**; a one-character name stays as is."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)
