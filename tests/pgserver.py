"""A throwaway PostgreSQL server with PostGIS for tests and benchmarks (Debian's packages).

initdb and pg_ctl run in a temporary directory on a free local port; the server listens on
127.0.0.1 only and is stopped (and its directory removed) afterwards. PostgreSQL refuses to run
as root, so under root the server runs as the ``postgres`` system user (Debian's package creates
it) in a directory that user owns. ``why_unavailable()`` names what is missing, for one clear skip.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PgServer", "start_server", "why_unavailable"]

SUPERUSER = "pp_admin"


def _bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "initdb")):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _has_postgis(bin_dir: Path) -> bool:
    share = subprocess.run([str(bin_dir / "pg_config"), "--sharedir"], capture_output=True, text=True)
    folder = share.stdout.strip() if share.returncode == 0 else ""
    if not folder:  # Debian's layout: /usr/share/postgresql/<major>
        folder = f"/usr/share/postgresql/{bin_dir.parent.name}"
    return os.path.exists(os.path.join(folder, "extension", "postgis.control"))


def why_unavailable() -> str | None:
    """None when a server can be started, else the reason (for pytest.skip)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    bin_dir = _bin_dir()
    if bin_dir is None:
        return "PostgreSQL server binaries (Debian package postgresql) are not installed"
    if not _has_postgis(bin_dir):
        return "PostGIS (Debian package postgis) is not installed"
    if os.geteuid() == 0:
        try:
            import pwd
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    bin_dir: Path
    folder: Path
    port: int
    as_user: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def uri(self, database: str = "postgres", user: str = SUPERUSER, schema: str | None = None) -> str:
        tail = f"?schema={schema}" if schema else ""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}{tail}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, cwd=self.folder)

    def sql(self, statement: str, database: str = "postgres", autocommit: bool = True) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.uri(database), autocommit=autocommit) as con:
            cur = con.execute(statement)
            return cur.fetchall() if cur.description else []

    def new_database(self, name: str) -> str:
        """A fresh database with PostGIS; returns its URI (without a schema).

        Copied from a template that has the extension already: CREATE EXTENSION postgis takes
        about a second, a copy a fraction of that."""
        if not self.sql("SELECT 1 FROM pg_database WHERE datname = 'pp_postgis'"):
            self.sql('CREATE DATABASE "pp_postgis"')
            self.sql("CREATE EXTENSION postgis", database="pp_postgis")
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "pp_postgis"')
        return self.uri(name)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PgServer:
    """Start a new server; the caller stops it. Raises RuntimeError naming what failed."""
    bin_dir = _bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="pp-pg-"))
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        shutil.chown(folder, user=as_user)
    os.chmod(folder, 0o700)
    server = PgServer(bin_dir, folder, _free_port(), as_user)
    try:
        server._run("initdb", "-D", str(server.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories={folder} "
                   "-c fsync=off -c max_connections=60 -c shared_buffers=64MB")
        server._run("pg_ctl", "-D", str(server.data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60",
                    "start")
    except subprocess.CalledProcessError as exc:
        log = (folder / "log").read_text(errors="replace")[-400:] if (folder / "log").exists() else ""
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr.strip()[-400:]} {log}") from None
    deadline = time.monotonic() + 30
    while True:  # -w waits for the socket; a first connection proves the server answers
        try:
            server.sql("SELECT 1")
            break
        except Exception:
            if time.monotonic() > deadline:
                server.stop()
                raise
            time.sleep(0.1)
    return server
