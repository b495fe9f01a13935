#!/usr/bin/env python3
"""Set up and run Vinh Danh with nothing but Python 3.11+.

    python3 dev.py run    create .venv, install, migrate, load the demo commune, serve on 127.0.0.1:8000
    python3 dev.py test   create .venv, install, run the whole test suite (extra arguments go to pytest)
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
STAMP = VENV / ".requirements.sha256"


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells an older Python so
        sys.exit("Vinh Danh needs Python 3.11 or newer.")
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in REQUIREMENTS)).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing requirements ...", flush=True)
    run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements-dev.txt"])
    STAMP.write_text(digest)


def run(command, env=None) -> None:
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(result.returncode)


def manage(*args, env) -> None:
    run([PYTHON, "manage.py", *args], env=env)


def serve(extra) -> None:
    development = ROOT / "var" / "dev.env"
    if not development.exists():
        development.parent.mkdir(exist_ok=True)
        development.write_text("# Written by dev.py run: development settings for manage.py here.\nDEBUG=1\n")
    env = {**os.environ}
    manage("migrate", "--noinput", env=env)
    manage("setup_roles", env=env)
    manage("seed_demo", *extra, env=env)
    print("\nVinh Danh: http://127.0.0.1:8000/  (Ctrl+C to stop)\n", flush=True)
    manage("runserver", "127.0.0.1:8000", env=env)


CHROMIUM = Path("/usr/bin/chromium")


def ensure_browser() -> None:
    """The browser tests drive Debian's Chromium (Playwright cannot download browsers here).

    Installed with apt when this runs as root (CI, a fresh container); elsewhere the browser tests say
    how to install it and are skipped, except under CI=true, where a missing browser fails the run.
    """
    if CHROMIUM.exists() or os.name == "nt" or not Path("/usr/bin/apt-get").exists() or os.geteuid() != 0:
        return
    print("Installing Chromium for the browser tests (apt) ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    if subprocess.run(install, **quiet).returncode:
        subprocess.run(["apt-get", "update"], **quiet)
        subprocess.run(install, **quiet)


def test(extra) -> None:
    ensure_browser()
    run([PYTHON, "-m", "pytest", *extra], env={**os.environ})


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        sys.exit(__doc__)
    ensure_environment()
    {"run": serve, "test": test}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
