from .lookup import lookup, lookup_result, lookup_verify  # noqa: F401
from .mine import my_letter, my_letters  # noqa: F401
from .public import letter_detail, public_letters  # noqa: F401
from .write import write, written  # noqa: F401
