"""A small HTTP client for the bench: one session (cookies, CSRF) per simulated user, timing every request.

Only talks to 127.0.0.1. The time of a request is measured in the client, from sending the request to
having read the whole response, over a new loopback connection (gunicorn's sync workers close it).
"""

import http.client
import json
import math
import secrets
import statistics
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    ms: float

    def json(self):
        return json.loads(self.body)


def encode_form(data, files=None):
    """(body, content type) for a POST: urlencoded, or multipart when there are files {field: (name, bytes)}."""
    data = data or {}
    if not files:
        return urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"
    boundary = secrets.token_hex(16)
    parts = []
    for key, values in data.items():
        for value in values if isinstance(values, (list, tuple)) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for key, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Session:
    """One browser-like user: cookies kept between requests, the CSRF token sent with every POST."""

    def __init__(self, port, timeout=180):
        self.port, self.timeout, self.cookies = port, timeout, {}

    def request(self, method, path, data=None, files=None, accept_json=False, headers=None, json_body=None):
        """One request; `json_body` is sent as JSON (the API), else a POST sends `data` (and `files`) as a form."""
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif method == "POST":
            body, headers["Content-Type"] = encode_form(data, files)
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if accept_json:
            headers["Accept"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            started = time.perf_counter()
            conn.request(method, path, body, headers)
            answer = conn.getresponse()
            content = answer.read()
            ms = (time.perf_counter() - started) * 1000
        finally:
            conn.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, content, ms)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, files=None, accept_json=False):
        return self.request("POST", path, data, files, accept_json)

    def login(self, username, password):
        self.get("/accounts/login/")
        token = self.cookies.get("csrftoken", "")
        answer = self.post(
            "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed ({answer.status})")
        return self


def percentile(samples, share):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(samples):
    if not samples:
        return {"n": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }


def repeat(call, n, max_seconds, ok=lambda r: 200 <= r.status < 400, warmup=0):
    """Call `call(i)` up to n times (fewer when max_seconds run out) after `warmup` untimed calls.

    Returns (timings in ms of the successful calls, statuses of the failed ones, the last response).
    """
    for i in range(warmup):
        call(-1 - i)
    samples, failures, last = [], [], None
    deadline = time.monotonic() + max_seconds
    for i in range(n):
        last = call(i)
        (samples if ok(last) else failures).append(last.ms if ok(last) else last.status)
        if time.monotonic() > deadline:
            break
    return samples, failures, last
