"""Content-Security-Policy: the app serves every script and stylesheet itself.

Django 5.2 has no CSP of its own; this middleware sets one header on every response:
scripts and style sheets only from this origin, plus the few inline <script>/<style> blocks of
the templates, which carry the request's nonce (`nonce="{{ csp_nonce }}"`, from the context
processor below). No eval, no inline event handlers, no plugins, no framing, forms post only
here. Style *attributes* stay allowed (style-src-attr): ECharts and Leaflet write them into
the markup they build, and an attribute cannot run code.

Map tiles (settings.MAP_TILE_URL) may come from an intranet tile server: its origin is added to
img-src.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings

HEADER = "Content-Security-Policy"


def policy(nonce: str) -> str:
    images = ["'self'", "data:", "blob:"]
    tiles = urlsplit(settings.MAP_TILE_URL or "")
    if tiles.scheme and tiles.netloc:
        images.append(f"{tiles.scheme}://{tiles.netloc}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """Gives each request a fresh nonce and each response the policy (unless a view set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(request.csp_nonce)
        return response


def nonce(request) -> dict:
    """Context processor: `csp_nonce` for the templates' inline <script> and <style> blocks."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
