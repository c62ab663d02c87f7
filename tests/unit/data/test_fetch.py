"""`evidence data fetch` against a local HTTP server (with Range support) in a thread."""

import hashlib
import http.server
import socket
import threading

import pytest

from analysis_lib.data.fetch import RemoteFile, fetch
from analysis_lib.errors import DataFileError, DataNotAvailableError

PAYLOAD = b"time_period,value\n" + b"2020,1\n" * 5000


class RangeHandler(http.server.BaseHTTPRequestHandler):
    """Serves PAYLOAD at /file.csv, honouring 'Range: bytes=N-'; records the requests."""

    requests: list = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).requests.append(self.headers.get("Range"))
        if self.path != "/file.csv":
            self.send_error(404)
            return
        start = 0
        if self.headers.get("Range"):
            start = int(self.headers["Range"].split("=")[1].rstrip("-"))
            self.send_response(206)
        else:
            self.send_response(200)
        body = PAYLOAD[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    RangeHandler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RangeHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_then_cached(server, tmp_path):
    files = (RemoteFile("lookups/file.csv", f"{server}/file.csv", "test"),)
    assert fetch(tmp_path, files) == {"lookups/file.csv": "downloaded"}
    assert (tmp_path / "lookups" / "file.csv").read_bytes() == PAYLOAD
    assert fetch(tmp_path, files) == {"lookups/file.csv": "cached"}
    assert len(RangeHandler.requests) == 1
    manifest = (tmp_path / "manifest.json").read_text()
    assert hashlib.sha256(PAYLOAD).hexdigest() in manifest


def test_interrupted_download_resumes_with_range(server, tmp_path):
    part = tmp_path / "lookups" / "file.csv.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(PAYLOAD[:1000])
    files = (RemoteFile("lookups/file.csv", f"{server}/file.csv", "test",
                        sha256=hashlib.sha256(PAYLOAD).hexdigest()),)
    assert fetch(tmp_path, files) == {"lookups/file.csv": "downloaded"}
    assert RangeHandler.requests == ["bytes=1000-"]
    assert (tmp_path / "lookups" / "file.csv").read_bytes() == PAYLOAD
    assert not part.exists()


def test_checksum_mismatch_is_refused(server, tmp_path):
    files = (RemoteFile("file.csv", f"{server}/file.csv", "test", sha256="0" * 64),)
    with pytest.raises(DataFileError, match="checksum"):
        fetch(tmp_path, files)
    assert not (tmp_path / "file.csv").exists()


def test_offline_gives_a_clear_message(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    files = (RemoteFile("file.csv", f"http://127.0.0.1:{port}/file.csv", "test"),)
    with pytest.raises(DataNotAvailableError, match="offline"):
        fetch(tmp_path, files, timeout=2)
