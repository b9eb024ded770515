"""The replicated layout's files (docs/deploy.md) hold together: the systemd units pass `systemd-analyze verify`, every
variable the units, env examples, Procfile.cluster and nlu/endpoints.cluster.yml use is described in docs/deploy.md
and set by the env files the units read, and the Rasa endpoints select the PostgreSQL tracker store and the Redis
lock store under the keys Rasa 3.6 reads."""

from __future__ import annotations

import re
import shutil
import subprocess
from configparser import RawConfigParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
ENV_FILES = sorted((ROOT / "deploy" / "env").glob("*.env"))
DEPLOY_DOC = (ROOT / "docs" / "deploy.md").read_text()
VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
# Set by the shell or systemd, not by us.
NOT_OURS = {"HOME", "PATH"}


def unit(path: Path) -> RawConfigParser:
    parser = RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path)
    return parser


def env_keys(path: Path) -> set[str]:
    return {
        line.split("=", 1)[0].strip()
        for line in path.read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }


def test_there_are_units_for_every_process_of_the_layout() -> None:
    names = {path.name for path in UNITS}
    assert names == {"huxin-rasa@.service", "huxin-actions@.service", "huxin-web.service", "huxin-telegram.service"}
    for path in UNITS:
        service = unit(path)["Service"]
        assert service["Restart"] == "always", path.name
        assert service["User"] == "huxin", path.name  # never root
        assert path.name in DEPLOY_DOC


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """verify checks every key and that ExecStart's program exists: the units are pointed at this checkout (whose
    .venv and .venv-rasa stand in for /opt/huxin's) and at empty env files."""
    for program in (ROOT / ".venv-rasa/bin/rasa", ROOT / ".venv/bin/python"):
        if not program.exists():  # `make test-fast` builds only .venv
            pytest.skip(f"{program.relative_to(ROOT)} is not installed: the units' programs cannot be checked")
    etc = tmp_path / "etc"
    etc.mkdir()
    for name in ("huxin.env", "rasa-1.env", "actions-1.env"):
        (etc / name).write_text("")
    checked = []
    for path in UNITS:
        text = path.read_text().replace("/etc/huxin/", f"{etc}/").replace("/opt/huxin", str(ROOT))
        name = path.name.replace("@.", "@1.")  # an instance of a template
        (tmp_path / name).write_text(text)
        checked.append(str(tmp_path / name))
    result = subprocess.run(
        ["systemd-analyze", "verify", *checked], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    problems = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    # In a container without a running systemd, verify may complain about its own environment; not about our units.
    ours = [line for line in problems if any(Path(c).name.split("@")[0].split(".")[0] in line for c in checked)]
    assert result.returncode == 0 and not ours, "\n".join(problems)


def test_every_variable_is_documented_and_set_by_the_files_the_units_read() -> None:
    sources = {
        **{path: path.read_text() for path in UNITS},
        ROOT / "Procfile.cluster": (ROOT / "Procfile.cluster").read_text(),
        ROOT / "nlu" / "endpoints.cluster.yml": (ROOT / "nlu" / "endpoints.cluster.yml").read_text(),
    }
    used = {name for text in sources.values() for name in VARIABLE.findall(text)} - NOT_OURS
    used |= {name for path in ENV_FILES for name in env_keys(path)}
    undocumented = sorted(name for name in used if f"`{name}`" not in DEPLOY_DOC)
    assert not undocumented, f"not described in docs/deploy.md: {undocumented}"

    # What a unit's ExecStart needs is set by the env files it reads (the examples stand for them).
    examples = {
        "huxin-rasa@.service": ["rasa-host.huxin.env", "rasa-1.env"],
        "huxin-actions@.service": ["app-host.huxin.env", "actions-1.env"],
        "huxin-web.service": ["app-host.huxin.env"],
        "huxin-telegram.service": ["app-host.huxin.env"],
    }
    for path in UNITS:
        exec_start = unit(path)["Service"]["ExecStart"]
        provided = set().union(*(env_keys(ROOT / "deploy" / "env" / name) for name in examples[path.name]))
        assert set(VARIABLE.findall(exec_start)) <= provided, (path.name, set(VARIABLE.findall(exec_start)) - provided)
    # Rasa on a Rasa host resolves every variable of its endpoints file from the files its unit reads.
    rasa_env = env_keys(ROOT / "deploy/env/rasa-host.huxin.env") | env_keys(ROOT / "deploy/env/rasa-1.env")
    endpoints_vars = set(VARIABLE.findall(sources[ROOT / "nlu" / "endpoints.cluster.yml"]))
    assert endpoints_vars <= rasa_env, endpoints_vars - rasa_env
    # The web process on the app host reaches every replica.
    assert "RASA_URLS" in env_keys(ROOT / "deploy/env/app-host.huxin.env")


def test_no_secret_is_filled_in_an_example() -> None:
    secrets = {"RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "REDIS_PASSWORD", "HUXIN_SECRET_KEY"}
    for path in ENV_FILES:
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            if key in secrets:
                assert value == "CHANGE-ME", (path.name, key)
            if key == "DATABASE_URL":
                assert ":CHANGE-ME@" in value, path.name


def test_cluster_endpoints_select_postgresql_and_redis_as_rasa_reads_them() -> None:
    endpoints = yaml.safe_load((ROOT / "nlu" / "endpoints.cluster.yml").read_text())
    tracker, lock = endpoints["tracker_store"], endpoints["lock_store"]
    # rasa/core/tracker_store.py passes `url` as the store's host (a custom store's too); a host with "://" is the
    # whole URL. Both layouts use our subclass of Rasa's SQL store (nlu/tracker_store.py).
    assert tracker["type"] == "nlu.tracker_store.SQLTrackerStore" and tracker["dialect"] == "postgresql"
    assert tracker["url"] == "${DATABASE_URL}"
    # nlu/lock_store.py reads Rasa's RedisLockStore settings (host=url, port, db, password, alphanumeric key_prefix).
    assert lock["type"] == "nlu.lock_store.RedisLockStore" and lock["url"] == "${REDIS_HOST}" and lock["key_prefix"].isalnum()
    # The action endpoint and its secret header are the one-machine layout's.
    single = yaml.safe_load((ROOT / "nlu" / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"] == single["action_endpoint"]
