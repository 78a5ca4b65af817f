"""deploy/nginx.conf run by a real nginx on a loopback port, over any folder: the built site
(tests/test_serve.py) or a small one made by a test (tests/test_serve_requests.py).

nginx comes from Debian (`make nginx`, tools/ensure-nginx); without it a test that asks for it fails under CI
and is skipped elsewhere, as the browser tests are.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def nginx_binary() -> str | None:
    """$KP_NGINX, else nginx on PATH, else Debian's /usr/sbin/nginx (tools/ensure-nginx's order)."""
    for candidate in (os.environ.get("KP_NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(example: str, site: Path, port: int, folder: Path) -> str:
    """deploy/nginx.conf as a publisher copies it, with only its `listen` and `root` changed, inside the
    smallest main configuration that runs as this user with every file in `folder`."""
    replaced = {
        "    listen 80;\n": f"    listen 127.0.0.1:{port};\n",
        "    listen [::]:80;\n": "",
        "    root /var/www/kp-statements/site;\n": f"    root {site.resolve()};\n",
    }
    for old, new in replaced.items():
        assert example.count(old) == 1, f"deploy/nginx.conf should have the line {old.strip()!r} once"
        example = example.replace(old, new)
    (folder / "site.conf").write_text(example, "utf-8")
    temp = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                          "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the checkout, wherever it is
    return (f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log stderr;\n"
            f"events {{ worker_connections 64; }}\n"
            f"http {{\n  access_log off;\n{temp}\n  include {folder / 'site.conf'};\n}}\n")


def run_nginx(site: Path, folder: Path) -> Iterator[str]:
    """Serve `site` with deploy/nginx.conf (its files in `folder`); yield its base URL, stop it after."""
    binary = nginx_binary()
    if binary is None:
        reason = "nginx is not installed (`make nginx`, as root on Debian; or set KP_NGINX)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must test deploy/nginx.conf, but {reason}", pytrace=False)
        pytest.skip(reason)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config((ROOT / "deploy" / "nginx.conf").read_text("utf-8"), site, port, folder), "utf-8")
    proc = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf), "-e", "stderr"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            if proc.poll() is not None:
                pytest.fail(f"nginx exited with {proc.returncode}:\n{proc.stdout.read()}", pytrace=False)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not listen within 10 s", pytrace=False)
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
