"""How tests/data/taguette_export.sqlite3 was made: drive a real Taguette and use its "Export project".

Not run by the tests. In a throwaway venv (never the project's):
    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette
    /tmp/taguette-venv/bin/taguette --no-browser -p 7466 -b 127.0.0.1 --database /tmp/tg/db.sqlite3
then run this with the login token the server prints:
    /tmp/taguette-venv/bin/python tests/data/make_taguette_fixture.py TOKEN tests/data/taguette_export.sqlite3

Documents are uploaded as HTML (Taguette converts .txt only through Calibre), with a charset so it
decodes them as UTF-8. Highlights are posted with the offsets Taguette's browser script computes:
UTF-8 bytes into the text of the document's HTML as Taguette stored it.
"""

import json
import sys
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar

from bs4 import BeautifulSoup

BASE = "http://127.0.0.1:7466"
DOCUMENTS = {
    "Interview wethouder Zoë": (
        "<p>Interviewer: Hoe verloopt de coördinatie?</p>\n"
        "<p>Wethouder: Goed! De samenwerking met de verloskundigen 🤝 loopt sinds 2021 beter.</p>\n"
        "<p>Interviewer: En de financiën &amp; de GGD?</p>\n"
        "<p>Wethouder: Dat blijft een knelpunt; er is een <b>personeelstekort</b> bij de jeugdgezondheidszorg.</p>"
    ),
    "Gesprek met ouders – café": (
        "<p>Moeder: Het consultatiebureau was heel fijn 👶🏽, maar de wachtlijst… die was lang.</p>\n"
        "<p>Vader: Naïef misschien, maar wij wisten niet waar we terecht konden.</p>"
    ),
}
TAGS = ["samenwerking", "knelpunten", "knelpunten.personeelstekort", "knelpunten.wachtlijst", "ouders", "café"]
HIGHLIGHTS = [  # document, exact text to highlight, tag paths
    ("Interview wethouder Zoë", "De samenwerking met de verloskundigen 🤝 loopt", ["samenwerking"]),
    ("Interview wethouder Zoë", "coördinatie", ["samenwerking"]),
    ("Interview wethouder Zoë", "personeelstekort bij de jeugdgezondheidszorg", ["knelpunten.personeelstekort"]),
    ("Interview wethouder Zoë", "Dat blijft een knelpunt", ["knelpunten"]),
    ("Gesprek met ouders – café", "fijn 👶🏽, maar de wachtlijst… die was lang", ["knelpunten.wachtlijst", "ouders"]),
    ("Gesprek met ouders – café", "Naïef misschien", []),
]


def main(token, out):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{BASE}/?token={token}").read()
    opener.open(f"{BASE}/project/new").read()
    xsrf = next(c.value for c in jar if c.name == "_xsrf")

    def post(path, data=None, body=None, content_type="application/json"):
        if data is not None:
            body, content_type = (
                urllib.parse.urlencode({**data, "_xsrf": xsrf}).encode(),
                "application/x-www-form-urlencoded",
            )
        request = urllib.request.Request(
            f"{BASE}{path}", data=body, method="POST", headers={"Content-Type": content_type, "X-XSRFToken": xsrf}
        )
        return opener.open(request).read()

    post("/project/new", {"name": "Kansrijke Start – pilot", "description": "Een klein project met accenten en 🤝."})
    project = 1
    docs = {}
    for name, html in DOCUMENTS.items():
        boundary = uuid.uuid4().hex
        parts = [
            (f'Content-Disposition: form-data; name="{k}"', v.encode())
            for k, v in {"name": name, "description": "", "text_direction": "LEFT_TO_RIGHT"}.items()
        ]
        page = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{html}</body></html>'
        parts.append(
            (
                'Content-Disposition: form-data; name="file"; filename="doc.html"\r\nContent-Type: text/html',
                page.encode(),
            )
        )
        body = b"".join(f"--{boundary}\r\n{h}\r\n\r\n".encode() + v + b"\r\n" for h, v in parts)
        body += f"--{boundary}--\r\n".encode()
        doc_id = json.loads(
            post(
                f"/api/project/{project}/document/new",
                body=body,
                content_type=f"multipart/form-data; boundary={boundary}",
            )
        )["created"]
        stored = json.loads(opener.open(f"{BASE}/api/project/{project}/document/{doc_id}/contents").read())
        docs[name] = (doc_id, stored["contents"][0]["contents"])
    tags = {
        path: json.loads(
            post(
                f"/api/project/{project}/tag/new",
                body=json.dumps({"path": path, "description": f"Over {path}"}).encode(),
            )
        )["id"]
        for path in TAGS
    }
    for name, quote, paths in HIGHLIGHTS:
        doc_id, html = docs[name]
        text = "".join(BeautifulSoup(html, "html.parser").find_all(string=True))
        start = len(text[: text.index(quote)].encode("utf-8"))
        end = start + len(quote.encode("utf-8"))
        post(
            f"/api/project/{project}/document/{doc_id}/highlight/new",
            body=json.dumps({"start_offset": start, "end_offset": end, "tags": [tags[p] for p in paths]}).encode(),
        )
    with open(out, "wb") as file:
        file.write(opener.open(f"{BASE}/project/{project}/export/project.sqlite3").read())


if __name__ == "__main__":
    main(*sys.argv[1:3])
