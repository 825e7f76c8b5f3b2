"""POST /api/ingest: only with a token, which it requires; text and JSONL go through the pipeline."""
from __future__ import annotations

import json
import shutil

import pytest

from test_serve_fixtures import Live, talks_result, write_store

TOKEN = "s3cret-token-for-tests"
SLOW = 600  # seconds: the pipeline runs inside the request, on a shared CPU


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    db = write_store(tmp_path_factory.mktemp("ingest") / "w.db", [talks_result()])
    srv = Live(db, token=TOKEN)
    yield srv
    srv.close()


def auth(token=TOKEN):
    return {"authorization": f"Bearer {token}"}


def test_token_required(writable):
    r = writable.client.post("/api/ingest", content=b"Some text.")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "token" in r.json()["error"]
    r = writable.client.post("/api/ingest", content=b"Some text.", headers=auth("wrong"))
    assert r.status_code == 403
    assert writable.get("/api/health").json()["read_only"] is False
    assert "/api/ingest" in writable.get("/openapi.json").json()["paths"]


def test_bad_bodies_are_4xx(writable):
    assert writable.client.post("/api/ingest", content=b"   ", headers=auth()).status_code == 400
    r = writable.client.post("/api/ingest", content=b"\xff\xfe\x00bad", headers=auth())
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]
    r = writable.client.post("/api/ingest?format=xml", content=b"<a/>", headers=auth())
    assert r.status_code == 400


@pytest.mark.model
def test_ingest_text_and_jsonl(writable, pipeline):  # `pipeline`: the model is loaded once per session
    before = writable.get("/api/health").json()["counts"]["articles"]
    text = ("Norland's foreign minister Anna Berg said on Tuesday that Norland rejected the ceasefire "
            "offer from Southland.")
    r = writable.client.post("/api/ingest?title=Berg%20rejects&published=2024-03-06",
                             content=text.encode(), headers={**auth(), "content-type": "text/plain"},
                             timeout=SLOW)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1 and body["rejected"] == 0
    (art,) = body["articles"]
    rec = writable.get(f"/api/article/{art['hash']}").json()
    assert rec["article"]["text"] == text and rec["article"]["title"] == "Berg rejects"
    assert rec["article"]["published"] == "2024-03-06"
    # the same article again changes nothing
    again = writable.client.post("/api/ingest?title=Berg%20rejects&published=2024-03-06",
                                 content=text.encode(), headers=auth(), timeout=SLOW).json()
    assert again["stored"] == 0 and again["skipped"] == 1
    lines = [json.dumps({"id": "x1", "text": "Southland's army attacked a border post on Monday.",
                         "published": "2024-03-04"}),
             "{not json",
             json.dumps({"id": "x2", "title": "no text here"})]
    r = writable.client.post("/api/ingest", content="\n".join(lines).encode(),
                             headers={**auth(), "content-type": "application/x-ndjson"}, timeout=SLOW)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1 and body["rejected"] == 2
    assert all("/tmp" not in reason["example"] for reason in body["reasons"])
    assert writable.get("/api/health").json()["counts"]["articles"] == before + 2


def test_read_only_store_file_is_not_changed(tmp_path):
    """A server without a token never writes: the store file's bytes stay the same."""
    src = write_store(tmp_path / "ro.db", [talks_result()])
    import eventwire

    eventwire.open(src).close()  # checkpoint the WAL so that the file is complete
    copy = tmp_path / "copy.db"
    shutil.copy(src, copy)
    before = copy.read_bytes()
    srv = Live(str(copy))
    try:
        assert srv.client.post("/api/ingest", content=b"x", headers=auth()).status_code in (404, 405)
        for path in ("/api/events", "/api/timeline", "/api/network", "/api/threads", "/api/export.csv"):
            assert srv.get(path).status_code == 200
        assert srv.get("/api/health").json()["counts"]["articles"] == 1
    finally:
        srv.close()
    assert copy.read_bytes() == before


def test_body_over_the_limit_is_413(tmp_path, monkeypatch):
    monkeypatch.setattr("eventwire.serve.app.INGEST_MAX_BYTES", 100)
    srv = Live(write_store(tmp_path / "small.db", [talks_result()]), token=TOKEN)
    try:
        r = srv.client.post("/api/ingest", content=b"x" * 200, headers=auth())
        assert r.status_code == 413 and "split it" in r.json()["error"]
        # the token is checked first: no size hint for a caller without it
        assert srv.client.post("/api/ingest", content=b"x" * 200).status_code == 401
    finally:
        srv.close()
