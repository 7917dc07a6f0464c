"""Booking codes and what a QR scanner may type into the check-in box."""

import re
import secrets

# No 0/O, 1/I/L: codes are read aloud and typed by hall staff.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
# The QR on a booking holds the URL of the citizen's booking page: …/my/bookings/<code>/
IN_URL = re.compile(rf"/my/bookings/([{ALPHABET}]{{{CODE_LENGTH}}})/?(?:[?#].*)?$")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_from_input(text):
    """The booking code in a typed code or a scanned QR payload, or None when malformed."""
    text = (text or "").strip()
    if len(text) > 300:
        return None
    upper = text.upper().replace(" ", "").replace("-", "")
    if CODE.match(upper):
        return upper
    match = IN_URL.search(text)
    return match.group(1) if match else None
