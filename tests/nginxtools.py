"""deploy/nginx.conf served by a real nginx for the tests: one helper for every test that asks
what the example configuration sends (the headers, CSP splits, CORS, framing)."""

import contextlib
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@contextlib.contextmanager
def serve_with_nginx(work, root, sock, prefix=""):
    """nginx with deploy/nginx.conf serving `root` under `prefix`, on the listening socket
    `sock` (inherited, so no other process can take the port first); yields the base URL."""
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: run .ci/run or apt-get install nginx-light")
    port = sock.getsockname()[1]
    server = (ROOT / "deploy" / "nginx.conf").read_text().replace(
        "__PORT__", f"127.0.0.1:{port}").replace("__ROOT__", str(root)).replace(
        "__PREFIX__", prefix)
    if not list(Path("/etc/nginx/modules-enabled").glob("*brotli*")):
        server = server.replace("brotli_static on;", "")
    (work / "server.conf").write_text(server)
    temp = "\n".join(f"  {kind}_temp_path {work}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(f"""include /etc/nginx/modules-enabled/*.conf;
user root;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temp}
  include {work}/server.conf;
}}
""")
    sock.set_inheritable(True)
    fd = sock.fileno()
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, pass_fds=(fd,),
                               env=dict(os.environ, NGINX=f"{fd};"))
    base = f"http://127.0.0.1:{port}{prefix}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
