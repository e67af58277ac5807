"""The project's private PostGIS cluster for development and tests.

Standard library only: `dev.sh` runs it before anything else is importable.

    python -m greenmap.devdb start|stop|status|psql

The cluster lives under the git-ignored `.devdb/` folder and listens only on a
Unix socket. PostgreSQL refuses to run as root, so as root the cluster is run
by the `postgres` system user. Settings read `socket_dir()` from here, so the
app and the helper always agree on where the socket is.
"""
from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "greenmap"
SUPERUSER = "greenmap"


def _repo_hash() -> str:
    return hashlib.sha1(str(REPO_DIR).encode()).hexdigest()[:10]


def socket_dir() -> Path:
    # A Unix socket path may not exceed ~107 bytes, and a checkout can sit
    # deep in a CI workspace, so the socket gets a short path of its own.
    return Path(tempfile.gettempdir()) / f"greenmap-{_repo_hash()}"


def _pg_bin(name: str) -> str:
    major_file = REPO_DIR / ".pg-major"
    majors = [major_file.read_text().strip()] if major_file.exists() else []
    majors += sorted(os.listdir("/usr/lib/postgresql"), reverse=True) if Path("/usr/lib/postgresql").is_dir() else []
    for major in majors:
        candidate = Path("/usr/lib/postgresql") / major / "bin" / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        sys.exit(f"devdb: PostgreSQL's {name} is not installed (apt-get install postgresql-15 postgresql-15-postgis-3)")
    return found


def _run_as_owner() -> list[str]:
    """Prefix that runs a command as the cluster owner."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        sys.exit("devdb: running as root needs the 'postgres' system user (it comes with the postgresql package)")
    return ["runuser", "-u", "postgres", "--"]


def _owner_can_reach(path: Path) -> bool:
    if os.geteuid() != 0:
        return True
    probe = subprocess.run([*_run_as_owner(), "test", "-w", str(path)], capture_output=True)
    return probe.returncode == 0


def data_dir() -> Path:
    local = REPO_DIR / ".devdb" / "data"
    local.parent.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        # The postgres user must be able to walk into the checkout; a clone
        # under /root cannot be, so fall back to a folder outside it.
        os.chmod(local.parent, 0o777)
        if not _owner_can_reach(local.parent):
            return Path("/var/tmp") / f"greenmap-{_repo_hash()}" / "data"
    return local


def _chown_to_owner(path: Path) -> None:
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(path, owner.pw_uid, owner.pw_gid)


def is_running() -> bool:
    result = subprocess.run(
        [*_run_as_owner(), _pg_bin("pg_ctl"), "status", "-D", str(data_dir())], capture_output=True
    )
    return result.returncode == 0


def _init_cluster(data: Path) -> None:
    data.parent.mkdir(parents=True, exist_ok=True)
    _chown_to_owner(data.parent)
    print(f"devdb: creating a private PostGIS cluster in {data}")
    subprocess.run(
        [*_run_as_owner(), _pg_bin("initdb"), "-D", str(data), "-U", SUPERUSER,
         "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
        check=True, stdout=subprocess.DEVNULL,
    )
    # Generous for benchmarks with a million trees, modest for a laptop.
    settings = (
        "listen_addresses = ''\n"
        "shared_buffers = 512MB\n"
        "work_mem = 32MB\n"
        "maintenance_work_mem = 512MB\n"
        "max_wal_size = 4GB\n"
        "fsync = off\n"
        "synchronous_commit = off\n"
        "full_page_writes = off\n"
        "max_connections = 200\n"
    )
    subprocess.run([*_run_as_owner(), "sh", "-c", f"cat >> {data}/postgresql.conf"], input=settings.encode(), check=True)


def _stop_orphaned_postmaster(sock: Path, data: Path) -> None:
    """The socket folder is named after this checkout's path, so a postmaster
    already listening there that is not this data folder's own belongs to an
    earlier checkout at the same path that was deleted: shut it down."""
    lock = sock / ".s.PGSQL.5432.lock"
    try:
        pid, owner_data = lock.read_text().splitlines()[:2]
    except (FileNotFoundError, ValueError):
        return
    pid_file = data / "postmaster.pid"
    own_pid = pid_file.read_text().splitlines()[0] if pid_file.exists() else None
    if Path(owner_data) == data and own_pid == pid:
        return
    print(f"devdb: stopping an orphaned PostgreSQL (pid {pid}) of a deleted checkout at this path")
    try:
        os.kill(int(pid), signal.SIGINT)  # fast shutdown
    except (ProcessLookupError, ValueError):
        return  # not running: PostgreSQL clears a stale lock itself
    for _ in range(100):
        if not lock.exists():
            return
        time.sleep(0.1)


def start() -> None:
    data = data_dir()
    sock = socket_dir()
    sock.mkdir(exist_ok=True)
    os.chmod(sock, 0o777)
    _stop_orphaned_postmaster(sock, data)
    if not (data / "PG_VERSION").exists():
        _init_cluster(data)
    if not is_running():
        log = data.parent / "postgres.log"
        subprocess.run(
            [*_run_as_owner(), _pg_bin("pg_ctl"), "start", "-w", "-D", str(data), "-l", str(log),
             "-o", f"-k {sock}"],
            check=True, stdout=subprocess.DEVNULL,
        )
    _ensure_database()
    print(f"devdb: PostGIS is running on the socket in {sock}")


def _psql(*args: str, database: str = "postgres") -> subprocess.CompletedProcess:
    return subprocess.run(
        [_pg_bin("psql"), "-h", str(socket_dir()), "-U", SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", *args],
        capture_output=True, text=True,
    )


def _ensure_database() -> None:
    exists = _psql("-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'")
    if exists.stdout.strip() != "1":
        created = _psql("-c", f"CREATE DATABASE {DATABASE_NAME}")
        if created.returncode:
            sys.exit(f"devdb: could not create database: {created.stderr}")
    postgis = _psql("-c", "CREATE EXTENSION IF NOT EXISTS postgis", database=DATABASE_NAME)
    if postgis.returncode:
        sys.exit(f"devdb: PostGIS is not available: {postgis.stderr.strip()} (apt-get install postgresql-15-postgis-3)")


def stop() -> None:
    if is_running():
        subprocess.run([*_run_as_owner(), _pg_bin("pg_ctl"), "stop", "-m", "fast", "-D", str(data_dir())], check=True)
    print("devdb: stopped")


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "status"
    if command == "start":
        start()
    elif command == "stop":
        stop()
    elif command == "status":
        print(f"devdb: {'running' if is_running() else 'stopped'} (data {data_dir()}, socket {socket_dir()})")
    elif command == "psql":
        os.execvp(_pg_bin("psql"), ["psql", "-h", str(socket_dir()), "-U", SUPERUSER, DATABASE_NAME, *argv[1:]])
    else:
        sys.exit("usage: python -m greenmap.devdb start|stop|status|psql")


if __name__ == "__main__":
    main(sys.argv[1:])
