"""`twin -m seed=1,2,3` on a real Ray cluster - a head and a second node started with `ray start`,
both on the loopback address - collects to the same bytes as the joblib run.

Ray on Linux replaces a loopback ``--node-ip-address`` by the address of the interface that routes
to the internet (``ray._private.services.resolve_ip_for_localhost``) and binds its servers there.
``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` (Ray's one-machine mode) keeps 127.0.0.1 for every Ray
process - the head, the raylets, their agents and workers, the driver - but in that mode
``ray start --address`` refuses to add a node, so the second node's ``ray start`` runs the Ray CLI
with that refusal passed and its loopback address kept (``JOIN`` below). The test then checks
that every node the cluster reports is at 127.0.0.1 and that every socket the cluster's processes
listen on is a loopback one.

The cluster's processes run in two sessions of their own (one per ``ray start``); the teardown
kills exactly those sessions, so it stops this cluster and no other Ray on the machine (``ray stop
--force`` would stop every Ray of the user).
"""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from shutil import rmtree

import pandas as pd
import psutil
import pytest
from omegaconf import OmegaConf

from tests.test_twin_multirun import SEEDS, SHORT, multirun

LOOPBACK = "127.0.0.1"
RAY = "import sys; from ray.scripts.scripts import main; sys.argv[0] = 'ray'; sys.exit(main())"
"""The `ray` command, run by this Python (the test's environment)."""
JOIN = (
    "import sys; import ray._private.ray_constants as constants; "
    "import ray._private.services as services; "
    "services.resolve_ip_for_localhost = lambda host: host; "
    "constants.ENABLE_RAY_CLUSTER = True; "
    "from ray.scripts.scripts import main; sys.argv[0] = 'ray'; sys.exit(main())"
)
"""`ray start --address=...` for the second node, keeping its loopback address (see above)."""
NODES = (
    "import json, ray; ray.init(address={address!r}, logging_level='ERROR'); "
    "print(json.dumps([{{'address': n['NodeManagerAddress'], 'alive': n['Alive'], "
    "'cpus': n['Resources'].get('CPU', 0)}} for n in ray.nodes()]))"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def ray_env(address: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RAY_USAGE_STATS_ENABLED="0",
        RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0",
        RAY_ADDRESS=address,  # what `address: auto` of hydra/launcher=ray_cluster connects to
        RAY_DEDUP_LOGS="0",
    )
    return env


class Cluster:
    """A head and a second node on 127.0.0.1, one CPU each, in sessions of their own."""

    def __init__(self) -> None:
        self.port = free_port()
        self.address = f"{LOOPBACK}:{self.port}"
        self.env = ray_env(self.address)
        # a short path: Ray's unix sockets live under it (at most 107 characters)
        self.temp_dir = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
        self.sessions: list[int] = []

    def start(self) -> None:
        common = ["--node-ip-address", LOOPBACK, "--num-cpus=1", "--disable-usage-stats"]
        self._ray(
            RAY,
            "start",
            "--head",
            f"--port={self.port}",
            f"--ray-client-server-port={free_port()}",
            "--include-dashboard=false",
            f"--temp-dir={self.temp_dir}",
            *common,
        )
        self._ray(JOIN, "start", f"--address={self.address}", *common)

    def _ray(self, code: str, *args: str) -> None:
        run = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            env=self.env,
            cwd=self.temp_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its daemons stay in this session: the teardown finds them
        )
        self.sessions.append(run.pid)
        out, _ = run.communicate(timeout=120)
        assert run.returncode == 0, out

    def nodes(self) -> list[dict[str, object]]:
        code = NODES.format(address=self.address)
        done = subprocess.run(
            [sys.executable, "-c", code], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        nodes: list[dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
        return nodes

    def processes(self) -> list[psutil.Process]:
        found = []
        for process in psutil.process_iter():
            try:
                if os.getsid(process.pid) in self.sessions:
                    found.append(process)
            except (ProcessLookupError, PermissionError, psutil.Error):
                continue
        return found

    def listening(self) -> set[str]:
        """The addresses the cluster's processes listen on (TCP)."""
        hosts = set()
        for process in self.processes():
            try:
                connections = process.net_connections(kind="tcp")
            except psutil.Error:
                continue
            hosts |= {c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN}
        return hosts

    def stop(self) -> None:
        for _ in range(3):
            processes = self.processes()
            if not processes:
                break
            for process in processes:
                try:
                    process.send_signal(signal.SIGKILL)
                except psutil.Error:
                    pass
            psutil.wait_procs(processes, timeout=10)
        rmtree(self.temp_dir, ignore_errors=True)


def is_loopback(host: str) -> bool:
    address = ipaddress.ip_address(host.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    started = Cluster()
    try:
        started.start()
        yield started
    finally:
        started.stop()
        assert not started.processes(), "Ray processes of the test's cluster are still running"


@pytest.mark.ray
@pytest.mark.slow
def test_sweep_on_a_two_node_loopback_cluster_collects_as_joblib(cluster, tmp_path):
    """The 3-seed sweep through hydra/launcher=ray_cluster on the 2-node cluster: every node and
    every listening socket of the cluster is on the loopback address, and results.csv and
    summary.csv are byte-identical to those of the joblib run."""
    nodes = cluster.nodes()
    assert len(nodes) == 2 and all(node["alive"] for node in nodes), nodes
    assert {node["address"] for node in nodes} == {LOOPBACK}, nodes

    folder = tmp_path / "ray"
    args = [a for a in SHORT if not a.startswith("hydra/launcher=")]
    run = [sys.executable, "-m", "twin.cli.run", "-m", SEEDS, *args]
    run += ["hydra/launcher=ray_cluster", f"hydra.sweep.dir={folder}"]
    done = subprocess.run(
        run, env=cluster.env, cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert f"Connecting to existing Ray cluster at address: {cluster.address}" in log, log
    assert "(_run_job pid=" in log, log  # the jobs ran in Ray's workers
    collect = [sys.executable, "-m", "twin.cli.collect", str(folder), "--summary", "--no-timings"]
    done = subprocess.run(collect, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    hosts = cluster.listening()
    assert hosts and all(is_loopback(host) for host in hosts), hosts
    nodes = cluster.nodes()
    assert len(nodes) == 2 and {node["address"] for node in nodes} == {LOOPBACK}, nodes

    reference = multirun(tmp_path / "joblib", 2)
    for name in ("results.csv", "summary.csv"):
        assert (folder / name).read_bytes() == (reference / name).read_bytes(), name


APP = [
    "sweep.replicates=2",
    "sweep.replicates_per_job=1",
    "layout=trail",
    "layout.spacing_m=8000",
    "estimation.window_days=28",
]
"""A small survey-design sweep: 2 replicates of one design (4 runs in all with the joblib run)."""


def collect(folder: Path) -> None:
    run = [sys.executable, "-m", "twin.cli.collect", str(folder), "--summary", "--no-timings"]
    done = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.ray
@pytest.mark.slow
def test_a_sweep_app_on_the_cluster_collects_as_joblib(cluster, tmp_path):
    """The survey-design app through hydra/launcher=ray_cluster: the same tables as joblib's."""
    root = Path(__file__).resolve().parents[1]
    folders = {}
    for name, launcher in (
        ("ray", ["hydra/launcher=ray_cluster"]),
        ("joblib", ["hydra.launcher.n_jobs=2"]),
    ):
        folders[name] = tmp_path / name
        run = [sys.executable, "-m", "experiments.survey_design", "-m", *APP, *launcher]
        run.append(f"hydra.sweep.dir={folders[name]}")
        env = cluster.env if name == "ray" else None
        done = subprocess.run(run, env=env, cwd=root, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        collect(folders[name])
    for name in ("results.csv", "summary.csv"):
        assert (folders["ray"] / name).read_bytes() == (folders["joblib"] / name).read_bytes()
    assert len(pd.read_csv(folders["ray"] / "results.csv")) == 2


@pytest.mark.parametrize(
    "command", [["twin.cli.run"], ["experiments.survey_design"], ["experiments.penalty_policy"]]
)
def test_one_ray_cluster_config_for_the_twin_and_the_sweep_apps(command):
    """`hydra/launcher=ray_cluster` composes for the `twin` command (conf/hydra/launcher/) and for
    the sweep apps, which find the same file through `hydra.searchpath: [pkg://twin.conf]`: the
    plugin's launcher, connecting to the running cluster without the object store size that
    ray.init refuses when it connects, one CPU per job."""
    root = Path(__file__).resolve().parents[1]
    show = [sys.executable, "-m", *command, "--cfg", "hydra", "-p", "hydra.launcher"]
    done = subprocess.run(
        [*show, "hydra/launcher=ray_cluster"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    launcher = OmegaConf.to_container(OmegaConf.create(done.stdout))
    assert isinstance(launcher, dict)
    assert launcher["_target_"] == "hydra_plugins.hydra_ray_launcher.ray_launcher.RayLauncher"
    assert launcher["ray"]["init"] == {"address": "auto", "object_store_memory": None}
    assert launcher["ray"]["remote"] == {"num_cpus": 1}


@pytest.mark.parametrize(
    ("launcher", "target", "settings"),
    [
        ("laptop", "JoblibLauncher", {"n_jobs": -1}),
        ("slurm", "SlurmLauncher", {"cpus_per_task": 1, "timeout_min": 30}),
    ],
)
def test_the_twin_command_has_the_apps_launchers(launcher, target, settings):
    """`twin -m ... hydra/launcher=laptop|slurm` composes the same files as the sweep apps."""
    root = Path(__file__).resolve().parents[1]
    show = [sys.executable, "-m", "twin.cli.run", "--cfg", "hydra", "-p", "hydra.launcher"]
    done = subprocess.run(
        [*show, f"hydra/launcher={launcher}"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    config = OmegaConf.to_container(OmegaConf.create(done.stdout))
    assert isinstance(config, dict) and config["_target_"].endswith(target)
    assert {key: config[key] for key in settings} == settings
