"""Refuse an address whose path or query string holds a NUL character.

No link or form of the site makes one: only a hand-made address does.
PostgreSQL refuses to compare text with a NUL, so such a value reaching a
query (an admin filter, the tag autocomplete, a post's id in the admin's
history pages) was a 500. Refusing it here covers every view, the admin's
included, with Django's 400 for a suspicious request.
"""

from django.core.exceptions import SuspiciousOperation


class NulCharacterInQuery(SuspiciousOperation):
    pass


class NulCharacterInPath(SuspiciousOperation):
    pass


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise NulCharacterInPath("A path held a NUL character.")
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise NulCharacterInQuery("A query string held a NUL character.")
        return self.get_response(request)
