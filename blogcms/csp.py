"""The Content-Security-Policy header, on every response.

Django 5.2 has no CSP support of its own (6.0 adds it); the other security
headers come from SecurityMiddleware and XFrameOptionsMiddleware. The site's
own pages need no inline script or style (tests/test_security_headers.py
checks), so they get the strict policy. The admin gets the same policy but
with inline styles allowed: one of its templates (the change list) and its
widgets still use them; scripts stay restricted to our own files.
"""

from django.conf import settings


def _header(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.site_policy = _header(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = _header(
            {**settings.CONTENT_SECURITY_POLICY, "style-src": "'self' 'unsafe-inline'"}
        )

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        in_admin = match is not None and match.namespace == "admin"
        response.headers.setdefault(
            "Content-Security-Policy",
            self.admin_policy if in_admin else self.site_policy,
        )
        return response
