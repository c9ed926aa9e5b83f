"""A throw-away PostgreSQL cluster for the tests, started and stopped by them.

The cluster lives in a temporary directory, listens only on 127.0.0.1 at a free port (and
a Unix socket inside that directory), and admits one role with a password (SCRAM). As
root, the server runs as an ordinary OS user (``postgres`` or ``nobody``), since
``initdb`` refuses root. Every command is bounded by a timeout, every test by an alarm,
and the cluster is stopped and removed at the end of the session. The tests are skipped,
with the reason, only when the server binaries or the psycopg driver are absent.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest

_ROLE = "interopsim"
_PASSWORD = "s3cret-Pw-9f2c"
_DATABASE = "worlds"
_COMMAND_SECONDS = 120
_TEST_SECONDS = 300


def _bindir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are, if anywhere."""
    given = os.environ.get("INTEROPSIM_PG_BIN")
    candidates = [Path(given)] if given else []
    found = shutil.which("pg_config")
    if found:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [found, "--bindir"], capture_output=True, text=True, timeout=30, check=True
            )
            candidates.append(Path(out.stdout.strip()))
    debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(debian, key=lambda p: int(p.parent.name), reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(str(shutil.which("initdb"))).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def _os_user() -> str | None:
    """The OS user to run the server as (None: ourselves, when not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class PgServer:
    """One running throw-away cluster."""

    bindir: Path
    root: Path
    port: int
    os_user: str | None

    role: str = _ROLE
    password: str = _PASSWORD
    database: str = _DATABASE

    def url(self, *, password: bool = True, database: str | None = None) -> str:
        secret = f":{self.password}" if password else ""
        return (
            f"postgresql+psycopg://{self.role}{secret}@127.0.0.1:{self.port}/"
            f"{database or self.database}"
        )

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.os_user:
            command = ["runuser", "-u", self.os_user, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=_COMMAND_SECONDS, check=False
        )

    @property
    def data(self) -> Path:
        return self.root / "data"

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status").returncode == 0

    def start(self) -> None:
        if self.running():
            return
        # fsync off is safe here (only the server is ever killed, never the machine);
        # synchronous_commit stays on, or a commit acknowledged just before a crash test
        # kills the server could be lost and look like a half-written world.
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            "-c fsync=off -c full_page_writes=off"
        )
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
            "-t", "60", "-o", options, "start",
        )  # fmt: skip
        if done.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr}\n{log}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def crash(self) -> None:
        """Stop at once, as a power cut would (no shutdown checkpoint)."""
        self.stop("immediate")

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        """Run one statement as the role (autocommit); its rows."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.role,
            password=self.password,
            dbname=self.database,
            autocommit=True,
            connect_timeout=10,
        ) as conn:
            cur = conn.execute(statement.encode())
            return list(cur.fetchall()) if cur.description else []


def _initdb(bindir: Path, root: Path, os_user: str | None) -> None:
    pwfile = root / "pwfile"
    pwfile.write_text(_PASSWORD + "\n", encoding="utf-8")
    pwfile.chmod(0o600)
    if os_user:
        for path in (root, pwfile):
            shutil.chown(path, user=os_user)
    command = [
        str(bindir / "initdb"), "-D", str(root / "data"), "-U", _ROLE,
        "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8",
        "--no-instructions", "-N",
    ]  # fmt: skip
    if os_user:
        command = ["runuser", "-u", os_user, "--", *command]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=_COMMAND_SECONDS, check=False
    )
    pwfile.unlink()
    if done.returncode != 0:
        raise RuntimeError(f"initdb failed: {done.stdout}{done.stderr}")


def _requirements() -> tuple[Path, str | None]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("the psycopg driver is not installed (the 'postgres' extra)")
    bindir = _bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; apt-get install postgresql"
        )
    os_user = _os_user()
    if os_user == "":
        pytest.skip("running as root with no 'postgres' or 'nobody' user to run the server as")
    return bindir, os_user


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    """A running cluster with a database ``worlds`` owned by a password role."""
    bindir, os_user = _requirements()
    root = Path(tempfile.mkdtemp(prefix="interopsim-pg-"))
    root.chmod(0o700)
    server = PgServer(bindir=bindir, root=root, port=_free_port(), os_user=os_user)
    try:
        _initdb(bindir, root, os_user)
        server.start()
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=server.port, user=_ROLE, password=_PASSWORD,
            dbname="postgres", autocommit=True, connect_timeout=10,
        ) as conn:  # fmt: skip
            conn.execute(f"CREATE DATABASE {_DATABASE}")
        yield server
    finally:
        server.stop()
        server.stop("immediate")  # in case a fast stop did not finish
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _bounded() -> Iterator[None]:
    """Fail (never hang) a test that runs longer than a few minutes."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"PostgreSQL test ran longer than {_TEST_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(_TEST_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def no_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No password in the environment and an empty pgpass file."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
