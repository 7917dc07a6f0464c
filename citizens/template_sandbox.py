"""The only template tags and filters message templates may use.

Administrators edit message wording in the admin, so those templates must not reach files,
other templates, or the {% debug %} dump of the context: a short allow-list of Django's own.
"""

from django.template import Library, defaultfilters, defaulttags

register = Library()

SAFE_TAGS = ("if", "for", "with", "firstof", "now", "spaceless", "comment", "cycle", "filter", "autoescape", "verbatim")

for name in SAFE_TAGS:
    register.tags[name] = defaulttags.register.tags[name]
register.filters.update(defaultfilters.register.filters)
