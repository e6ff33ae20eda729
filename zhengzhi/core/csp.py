"""Content-Security-Policy: the app serves every script and stylesheet itself.

Django 5.2 has no CSP of its own; this middleware sets one header on every response:
scripts and style sheets only from this origin, plus the few inline <script>/<style> blocks of
the templates, which carry the request's nonce (`nonce="{{ csp_nonce }}"`, from the context
processor below). No eval, no inline event handlers, no plugins, no framing, forms post only
here. Style *attributes* stay allowed (style-src-attr): ECharts and Leaflet write them into
the markup they build, and an attribute cannot run code.

Map tiles may come from an approved map service on the intranet (zhengzhi.core.basemap): its
origins, one per subdomain, are added to img-src and to nothing else (Leaflet loads raster tiles
as images). The offline base map is served by the app itself: PMTiles' range requests and vector
tiles are fetches to 'self', drawn on canvases; no worker, no blob script, no eval.
"""

from __future__ import annotations

import secrets

from zhengzhi.core import basemap

HEADER = "Content-Security-Policy"


def policy(nonce: str) -> str:
    images = ["'self'", "data:", "blob:", *basemap.service_origins()]
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
