"""Articles by URL (issue 16), against a loopback server serving the saved pages. No outside address."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

PAGES = Path(__file__).parent / "fixtures" / "html"
PAGE = "reuters.com.parasite.html"


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self):
        self.server.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", f"/{PAGE}")
            self.end_headers()
            return
        if self.path == "/image":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"\\x89PNG")
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(PAGES)))
    httpd.agents = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def brief(*args: str):
    return CliRunner().invoke(cli, ["generate", *args, "--engine", "rules", "-f", "json"])


def test_a_url_gives_the_same_briefing_as_the_saved_page(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    fetched = brief(f"{base}/moved")  # redirected to the page
    saved = brief(str(PAGES / PAGE))
    assert fetched.exit_code == 0 and saved.exit_code == 0, fetched.output
    a, b = json.loads(fetched.stdout), json.loads(saved.stdout)
    assert a["article"]["url"] == f"{base}/{PAGE}"  # the final address, after the redirect
    assert a["article"]["text"] == b["article"]["text"]
    for key in ("quotes", "actors", "sources", "language_notes"):
        assert a[key] == b[key], key
    assert server.agents and all(agent.startswith("briefing/") for agent in server.agents)


def test_an_unreachable_or_failing_url_is_one_line_and_exit_2(server):
    port = server.server_address[1]
    for url, phrase in ((f"http://127.0.0.1:{port}/nothing-here.html", "HTTP 404"),
                        (f"http://127.0.0.1:{port}/image", "image/png"),
                        ("http://127.0.0.1:9/closed.html", "could not fetch")):
        result = brief(url)
        assert result.exit_code == 2, result.output
        lines = [line for line in result.stderr.splitlines() if line.startswith("briefing: error")]
        assert len(lines) == 1 and phrase in lines[0] and "Traceback" not in result.output


def test_a_batch_of_urls_fetches_each_and_a_failing_one_fails_alone(server, tmp_path):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# saved pages served from loopback\n{base}/{PAGE}\n\n{base}/salon.com.emissions.html\n"
        f"{base}/nothing-here.html\nhttp://127.0.0.1:9/closed.html\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(urls), "-o", str(out), "--engine", "rules", "-f", "json"])
    assert result.exit_code == 1, result.output  # two of four failed, the others were written
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    status = {item["input"].rsplit("/", 1)[-1]: item["status"] for item in report["items"]}
    assert status == {PAGE: "ok", "salon.com.emissions.html": "ok", "nothing-here.html": "failed",
                      "closed.html": "failed"}
    output = out / f"127.0.0.1-{server.server_address[1]}-{PAGE}.json"
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["article"]["url"] == f"{base}/{PAGE}" and written["quotes"]
    again = CliRunner().invoke(cli, ["batch", str(urls), "-o", str(out), "--engine", "rules", "-f", "json",
                                     "--resume"])
    assert "up to date" in again.stderr  # the addresses briefed are not fetched again


def test_a_url_list_with_a_line_that_is_no_address_names_it(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/a.html\nnot a url\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(urls), "-o", str(tmp_path / "out"), "--engine", "rules"])
    assert result.exit_code == 2 and "urls.txt:2: not an http(s) address" in result.stderr
