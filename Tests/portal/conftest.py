"""Fixtures for the portal's Python tests: `disclosure serve` on a free loopback port with a fresh data folder,
and the sample round opened through `disclosure round open` (a second process, as users run it)."""
import json
import os
import re
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLES = os.path.join(ROOT, "Samples", "round")


def disclosure_binary():
    explicit = os.environ.get("DISCLOSURE_BIN")
    if explicit:
        return explicit
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True)
    path = os.path.join(out.stdout.strip(), "disclosure") if out.returncode == 0 else ""
    if not os.path.exists(path):
        path = os.path.join(ROOT, ".build", "debug", "disclosure")
    if not os.path.exists(path):
        pytest.fail(f"the disclosure binary is not built ({path}); run `swift build` first")
    return path


class Portal:
    def __init__(self, data, extra=()):
        self.binary = disclosure_binary()
        self.data = data
        self.process = subprocess.Popen([self.binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", *extra],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.process.kill()
            raise RuntimeError(f"the server did not start: {line!r}")
        self.port = int(m.group(1))
        self.base = f"http://127.0.0.1:{self.port}"
        with open(os.path.join(data, "admin-token")) as f:
            self.token = f.read().strip()

    def open_round(self, name="2025年第二季度", as_of="2025-06-30"):
        out = subprocess.run([self.binary, "round", "open", "--data", self.data, "--name", name,
                              "--roster", os.path.join(SAMPLES, "roster.csv"), "--due", "2025-07-15", "--as-of", as_of],
                             capture_output=True, text=True, check=True)
        opened = json.loads(out.stdout)
        opened["links"] = {o["code"]: o["link"] for o in opened["offices"]}
        return opened

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.stdout.close()


@pytest.fixture
def portal():
    with tempfile.TemporaryDirectory(prefix="disclosurekit-portal-py-") as data:
        p = Portal(data)
        try:
            yield p
        finally:
            p.stop()
