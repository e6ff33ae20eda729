"""gunicorn's settings for Zhengzhi (read from the working directory, or with -c gunicorn.conf.py).

gunicorn (27.0) has no setting to drop its `Server: gunicorn` header, and its maintainers decline
one (benoitc/gunicorn#825). A security review (等保) asks the app not to announce its server, so the
response's default headers are filtered here, before any worker starts.
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server(self):
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server
