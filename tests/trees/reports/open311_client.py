"""A minimal Open311 GeoReport v2 client over real HTTP, written the way a
third-party 311 app would: only urllib, form-encoded or multipart POSTs,
and the standard's URLs and field names."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    def xml(self) -> ElementTree.Element:
        return ElementTree.fromstring(self.body)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Open311Client:
    def __init__(self, endpoint: str):
        self.endpoint = endpoint.rstrip("/") + "/"

    def call(self, method: str, path: str, *, params: dict | None = None, body: bytes | None = None,
             headers: dict | None = None) -> Response:
        url = self.endpoint + path + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def services(self, fmt="json") -> Response:
        return self.call("GET", f"services.{fmt}")

    def requests(self, fmt="json", **filters) -> Response:
        return self.call("GET", f"requests.{fmt}", params=filters)

    def request(self, service_request_id: str, fmt="json") -> Response:
        return self.call("GET", f"requests/{urllib.parse.quote(service_request_id)}.{fmt}")

    def create(self, fields: dict, *, media: tuple | None = None, idempotency_key: str | None = None,
               fmt="json") -> Response:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        if media:
            body, content_type = multipart(fields, {"media": media})
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.call("POST", f"requests.{fmt}", body=body, headers={**headers, "Content-Type": content_type})
