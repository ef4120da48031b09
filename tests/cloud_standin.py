"""A local stand-in for the Power Platform endpoints paconn calls (deploy.md "Sign-in and
endpoints"), so that the real paconn can create and update connectors in a test.

It is an HTTP proxy: paconn (requests, azure-storage-blob) is pointed at it with HTTPS_PROXY,
opens a CONNECT tunnel per connection, and the proxy answers TLS itself with a certificate for
the Microsoft host names, signed by a CA made for the test (trusted through
REQUESTS_CA_BUNDLE). Nothing in paconn or in the connector folder changes. Every request is
recorded with its method, host, path, query, headers and body.
"""

from __future__ import annotations

import json
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time
import venv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

PACONN_VERSION = "0.0.21"  # the version deploy.md was measured with
HOSTS = ("api.powerapps.com", "api.flow.microsoft.com", "*.blob.core.windows.net")
STORAGE_ACCOUNT = "standinstore"
SAS_URL = f"https://{STORAGE_ACCOUNT}.blob.core.windows.net/uploads?sv=2018-03-28&sr=c&sig=standin"
OID = "11111111-2222-3333-4444-555555555555"
NEW_CONNECTOR_ID = "shared_fabrikam-20invoices-5f0123456789abcdef"


# ------------------------------------------------------------------ paconn, installed once


def cache_dir() -> Path:
    """A folder kept between test runs (XDG_CACHE_HOME, else ~/.cache)."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "connectorgen-tests"


def paconn_bin() -> Path:
    """The bin folder of a virtual environment holding the real paconn (PyPI), made once and
    reused; skips the test when it cannot be installed (no network, no PyPI)."""
    home = cache_dir() / f"paconn-{PACONN_VERSION}"
    scripts = home / ("Scripts" if sys.platform == "win32" else "bin")
    done = home / ".installed"
    if done.is_file() and (scripts / _exe("paconn")).exists():
        return scripts
    shutil.rmtree(home, ignore_errors=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(home)
        subprocess.run(
            [
                str(scripts / _exe("python")),
                "-m",
                "pip",
                "install",
                "-q",
                f"paconn=={PACONN_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(home, ignore_errors=True)
        pytest.skip(f"paconn {PACONN_VERSION} could not be installed: {exc}")
    done.write_text(PACONN_VERSION)
    return scripts


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


# ------------------------------------------------------------------ a CA made for the test


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) made with the openssl command line."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not available to make a test CA")
    ca_key, ca_pem = folder / "ca.key", folder / "ca.pem"
    key, csr, pem = folder / "server.key", folder / "server.csr", folder / "server.pem"
    ext = folder / "server.ext"
    names = ",".join(f"DNS:{host}" for host in HOSTS)
    ext.write_text(
        f"subjectAltName={names}\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n"
    )
    steps = [
        [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            ca_key,
            "-out",
            ca_pem,
            "-days",
            "2",
            "-subj",
            "/CN=connectorgen test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        [
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            csr,
            "-subj",
            "/CN=api.powerapps.com",
        ],
        [
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            ca_pem,
            "-CAkey",
            ca_key,
            "-CAcreateserial",
            "-out",
            pem,
            "-days",
            "2",
            "-extfile",
            ext,
        ],
    ]
    for step in steps:
        done = subprocess.run([openssl, *map(str, step)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"openssl could not make a test CA: {done.stderr.decode()[-300:]}")
    return ca_pem, pem, key


# ------------------------------------------------------------------ the stand-in


@dataclass
class Call:
    method: str
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class CloudStandIn:
    certfile: Path
    keyfile: Path
    calls: list[Call] = field(default_factory=list)
    fail_with: tuple[int, dict[str, Any]] | None = None  # the answer to creates and updates

    def __post_init__(self) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(self.certfile), str(self.keyfile))
        standin = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                standin._tunnel(self)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> CloudStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls_to(self, method: str, path_part: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and path_part in c.path]

    # -------------------------------------------------------------- protocol

    def _tunnel(self, handler: socketserver.StreamRequestHandler) -> None:
        line = handler.rfile.readline().decode("latin-1").split()
        _read_headers(handler.rfile)
        if len(line) < 2 or line[0] != "CONNECT":
            handler.wfile.write(b"HTTP/1.1 405 Only CONNECT\r\nContent-Length: 0\r\n\r\n")
            return
        host = line[1].rsplit(":", 1)[0]
        handler.wfile.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        handler.wfile.flush()
        try:
            tls = self.context.wrap_socket(handler.connection, server_side=True)
        except (ssl.SSLError, OSError):
            return
        with tls, tls.makefile("rb") as reader:
            self._serve_one(host, reader, tls)

    def _serve_one(self, host: str, reader: Any, tls: socket.socket) -> None:
        request = reader.readline().decode("latin-1").split()
        if len(request) < 2:
            return
        headers = _read_headers(reader)
        body = _read_body(reader, headers)
        url = urlsplit(request[1])
        call = Call(request[0], host, url.path, parse_qs(url.query), headers, body)
        self.calls.append(call)
        status, extra, payload = self._answer(call)
        head = [
            f"HTTP/1.1 {status} Stand-in",
            "Connection: close",
            f"Content-Length: {len(payload)}",
            *extra,
        ]
        tls.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)

    def _answer(self, call: Call) -> tuple[int, list[str], bytes]:
        json_type = ["Content-Type: application/json"]
        if call.host.endswith(".blob.core.windows.net") and call.method == "PUT":
            stamp = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())
            return (
                201,
                [
                    'ETag: "0x8D0STANDIN"',
                    f"Last-Modified: {stamp}",
                    "x-ms-request-server-encrypted: true",
                ],
                b"",
            )
        if call.host != "api.powerapps.com":
            return 404, json_type, b'{"error": {"code": "NotInStandIn"}}'
        if call.path.endswith("/validateApiSwagger"):
            return 200, json_type, b"{}"
        if call.path.endswith("/generateResourceStorage"):
            return 200, json_type, json.dumps({"sharedAccessSignature": SAS_URL}).encode()
        is_create = call.method == "POST" and call.path.endswith("/apis")
        is_update = call.method == "PATCH" and "/apis/" in call.path
        if is_create or is_update:
            if self.fail_with is not None:
                status, error = self.fail_with
                return status, json_type, json.dumps(error).encode()
            if "stackOwner" in call.json().get("properties", {}):
                # What the service answers (PROPS-PACONN-STACKOWNER; PowerPlatformConnectors#614)
                return (
                    400,
                    json_type,
                    json.dumps(
                        {
                            "error": {
                                "code": "InvalidRequestContent",
                                "message": "Could not find member 'stackOwner' on object of type "
                                "'ApiPropertiesDefinition'.",
                            }
                        }
                    ).encode(),
                )
            name = NEW_CONNECTOR_ID if is_create else call.path.rsplit("/", 1)[-1]
            return (201 if is_create else 200), json_type, json.dumps({"name": name}).encode()
        return 404, json_type, b'{"error": {"code": "NotInStandIn"}}'


def _read_headers(reader: Any) -> dict[str, str]:
    headers = {}
    while True:
        line = reader.readline().decode("latin-1")
        if line in ("\r\n", "\n", ""):
            return headers
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()


def _read_body(reader: Any, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(reader.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                reader.readline()
                return body
            body += reader.read(size)
            reader.readline()
    return reader.read(int(headers.get("content-length", "0") or 0))


def token_cache(home: Path, *, expired: bool = False) -> None:
    """paconn's sign-in (~/.paconn/accessTokens.json): far in the future, so no login is tried."""
    folder = home / ".paconn"
    folder.mkdir(parents=True, exist_ok=True)
    expires = time.time() + (-3600 if expired else 10 * 365 * 86400)
    (folder / "accessTokens.json").write_text(
        json.dumps(
            {
                "token_type": "Bearer",
                "access_token": "stand-in-token",
                "expires_on": expires,
                "oid": OID,
            }
        )
    )


# The environment and client secret the paconn tests deploy with (made up).
ENVIRONMENT = "Default-9f3ac2b0-1234-4cde-8f00-0123456789ab"
SECRET = "s3cr3t-Value_42!"


@pytest.fixture(scope="module")
def paconn_scripts() -> Path:
    """paconn installed in a virtual environment of its own (skips when it cannot be)."""
    return paconn_bin()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return make_certificates(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def standin(certificates: tuple[Path, Path, Path]) -> Iterator[CloudStandIn]:
    _, cert, key = certificates
    with CloudStandIn(cert, key) as cloud:
        yield cloud
