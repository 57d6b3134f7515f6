"""Schemathesis against Schemas/openapi.yaml on a running server (loopback only, bounded examples): no server
error, and every status code, content type and JSON body as the document says."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install schemathesis)")


def test_api_conforms_to_openapi(portal, tmp_path):
    opened = portal.open_round()
    # Path parameters: the office routes get a real office's link and the round's id (else they are only 404s).
    token = opened["links"]["0101"].split("/")[-1]
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[parameters]\n"path.token" = "{token}"\n"path.id" = {opened["round"]}\n', encoding="utf-8")
    cli = shutil.which("schemathesis") or shutil.which("st")
    command = [cli] if cli else [sys.executable, "-m", "schemathesis.cli"]
    command += ["--config-file", str(config), "run", os.path.join(ROOT, "Schemas", "openapi.yaml"), "--url", portal.base,
                "--header", f"Authorization: Bearer {portal.token}",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--max-examples", os.environ.get("PORTAL_SCHEMATHESIS_EXAMPLES", "8"),
                "--phases", "examples,fuzzing", "--request-timeout", "30", "--no-color", "--seed", "7"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    sys.stdout.write(result.stdout[-6000:])
    sys.stderr.write(result.stderr[-3000:])
    assert result.returncode == 0, "schemathesis found failures (see output above)"
    assert portal.process.poll() is None, "the server died during the run"
