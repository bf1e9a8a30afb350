"""The load test: gunicorn with production settings on PostgreSQL, driven by locust.

    make loadtest      # one gunicorn (2 workers)
    make loadtest-lb   # two gunicorn instances behind a local nginx, sessions cached in Redis

Runs `manage.py migrate` and `collectstatic`, picks the logins (bench/logins.py: the demo's
or generate_scale_data's users; an empty database gets the demo), starts the app servers,
runs locust headless (bench/locustfile.py: 50 users, 3 facilitators to 1 partner staff to 1
donor, for 2 minutes), stops everything, prints p95 and throughput, writes them into
bench/loadtest.md and fails when any request failed.

It writes to the database (consultations, sign-ins, export logs): point DATABASE_URL at a
copy, never at production. Default: postgres://postgres@127.0.0.1:5432/cswg_loadtest.
"""

import argparse
import csv
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cswg_loadtest"
SECTION = "<!-- {mode} -->"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist yet."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The load test runs on PostgreSQL: set DATABASE_URL=postgres://...")
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
            print(f"Created the database {config['NAME']}.")
    connection.close()


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = Path(process.stdout_path).read_text(encoding="utf-8")[-2000:]
            sys.exit(f"{process.args[0]} stopped at start-up (exit {process.returncode}):\n{log}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    sys.exit(f"{url}/healthz did not answer 200 within {seconds} s.")


class Processes:
    """The servers started for one run, stopped in reverse order however the run ends."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        path = self.tmp / f"{name}.log"
        with path.open("w") as log:
            process = subprocess.Popen(
                command, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        process.stdout_path = path
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in reversed(self.started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def environment(args, tmp: Path) -> dict:
    """Production settings over plain HTTP on 127.0.0.1; one SECRET_KEY for every instance."""
    alphabet = string.ascii_letters + string.digits
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY")
        or "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",
        # Partner staff would need a fresh authenticator code at each sign-in, and a code is
        # accepted once per 30 seconds per account: the demo has one partner login shared by
        # every simulated partner. The code check is one request at sign-in, not per page.
        "OTP_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
    }
    if args.nginx:
        env |= {"BEHIND_PROXY": "true", "PROXY_COUNT": "1"}
    return env


def manage(env: dict, *arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], env=env, cwd=PROJECT_ROOT, check=True)


def read_stats(prefix: Path) -> tuple[list[dict], dict, list[dict]]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    with (prefix.parent / f"{prefix.name}_failures.csv").open(encoding="utf-8") as file:
        failures = list(csv.DictReader(file))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return [row for row in rows if row["Name"] != "Aggregated"], total, failures


def upstream_counts(access_log: Path) -> Counter:
    counts: Counter = Counter()
    for line in access_log.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) > 1:
            counts[parts[1]] += 1
    return counts


# Seconds after the last user spawned from which the latencies count as the steady state.
STEADY_AFTER_SPAWN = 20


def steady_state(timings: Path, since: float) -> str:
    """Median and p95 of the requests that ended after `since`, in words."""
    if not timings.exists():
        return ""
    durations = []
    for line in timings.read_text(encoding="utf-8").splitlines():
        ended, duration, _name = line.split(",", 2)
        if float(ended) >= since:
            durations.append(float(duration))
    if len(durations) < 20:
        return ""
    p95 = statistics.quantiles(durations, n=20, method="inclusive")[18]
    return (
        f"Once every user had signed in ({STEADY_AFTER_SPAWN} s after the last one started, "
        f"{len(durations)} requests): median {statistics.median(durations):.0f} ms, "
        f"p95 {p95:.0f} ms."
    )


def ms(value: str) -> str:
    return f"{float(value):.0f}"


def summary(args, rows, total, failures, upstreams: Counter, data: str, steady: str) -> str:
    setup = (
        f"{args.instances} gunicorn instances x {args.workers} workers behind nginx"
        if args.nginx
        else f"1 gunicorn instance x {args.workers} workers"
    )
    lines = [
        SECTION.format(mode=args.mode),
        f"## {args.title}",
        "",
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: {args.users} users "
        f"(3 facilitators : 1 partner staff : 1 donor, {args.wait.replace(',', '-')} s between "
        f"requests), {args.run_time}, {setup}, "
        f"PostgreSQL, sessions in {args.sessions}. {data} This machine: {os.cpu_count()} "
        f"CPU cores, load average {args.load[0]:.1f} before the run and "
        f"{args.load[1]:.1f} at its end (locust runs on the same machine).",
        "",
        f"**{int(total['Request Count'])} requests, {int(total['Failure Count'])} failures, "
        f"p95 {ms(total['95%'])} ms, {float(total['Requests/s']):.1f} requests/s.** " + steady,
        "",
        "| request | count | failures | median ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda row: row["Name"]):
        lines.append(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
            f"| {ms(row['50%'])} | {ms(row['95%'])} | {ms(row['Max Response Time'])} |"
        )
    if upstreams:
        shares = ", ".join(f"{addr}: {count}" for addr, count in sorted(upstreams.items()))
        lines += ["", f"Requests answered by each instance (nginx log): {shares}."]
    for failure in failures:
        lines.append(
            f"\nFailure: {failure['Method']} {failure['Name']}: {failure['Error']} "
            f"({failure['Occurrences']} times)"
        )
    return "\n".join(lines) + "\n"


def write_section(path: Path, mode: str, text: str) -> None:
    """Replace this mode's section of the summary file, keeping the other mode's."""
    marker = SECTION.format(mode=mode)
    head = "# Load test results\n\nWritten by `make loadtest` and `make loadtest-lb`.\n"
    sections: dict[str, str] = {}
    if path.exists():
        current = None
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("<!-- ") and line.rstrip().endswith(" -->"):
                current = line.strip()
                sections[current] = ""
            if current:
                sections[current] += line
    sections[marker] = text
    body = "\n".join(sections[key].rstrip() + "\n" for key in sorted(sections))
    path.write_text(f"{head}\n{body}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="Load-test the portal with locust.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--wait", default="1,4", help="seconds between requests: min,max")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--nginx", action="store_true", help="balance the instances with nginx")
    parser.add_argument("--redis", action="store_true", help="cache sessions in a local Redis")
    parser.add_argument("--output", type=Path, default=BENCH / "loadtest.md")
    args = parser.parse_args()
    if args.instances > 1 and not args.nginx:
        parser.error("several instances need --nginx in front of them")
    args.mode = "several-app-servers" if args.nginx else "one-app-server"
    args.title = "Several app servers behind nginx" if args.nginx else "One app server"

    tmp = Path(tempfile.mkdtemp(prefix="cswg-loadtest-"))
    tmp.chmod(0o755)  # nginx workers run as another user
    env = environment(args, tmp)
    create_database(env["DATABASE_URL"])
    processes = Processes(tmp)
    try:
        args.sessions = "the database"
        if args.redis:
            if not shutil.which("redis-server"):
                sys.exit("--redis needs redis-server (Debian: apt-get install redis-server).")
            redis_port = free_port()
            processes.start(
                "redis",
                ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
                env,
            )
            env["CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            args.sessions = "the database, cached in Redis"

        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        logins = tmp / "logins.json"
        subprocess.run([sys.executable, str(BENCH / "logins.py"), str(logins)], env=env, check=True)
        counts = {role: len(names) for role, names in json.loads(logins.read_text()).items()}
        data = "Logins: " + ", ".join(f"{n} {role}" for role, n in counts.items()) + "."

        app_urls = []
        for number in range(1, args.instances + 1):
            port = free_port()
            process = processes.start(
                f"gunicorn-{number}",
                [
                    str(BIN / "gunicorn"),
                    "cswg_portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                ],
                env,
            )
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, process)
            app_urls.append(url)
        host = app_urls[0]

        if args.nginx:
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            if not Path(nginx).exists():
                sys.exit("--nginx needs nginx (Debian: apt-get install nginx).")
            port = free_port()
            servers = "\n".join(
                f"        server {url.removeprefix('http://')} max_fails=3 fail_timeout=10s;"
                for url in app_urls
            )
            template = string.Template((BENCH / "nginx.conf.template").read_text())
            config = tmp / "nginx.conf"
            config.write_text(template.safe_substitute(tmp=tmp, servers=servers, port=port))
            process = processes.start(
                "nginx", [nginx, "-c", str(config), "-p", str(tmp), "-e", str(tmp / "n.log")], env
            )
            host = f"http://127.0.0.1:{port}"
            wait_until_healthy(host, process)

        prefix = tmp / "locust"
        timings = tmp / "timings.csv"
        started = time.time()
        load_before = os.getloadavg()[0]
        print(f"locust: {args.users} users for {args.run_time} against {host} ...", flush=True)
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(BENCH / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            env=env
            | {
                "LOADTEST_USERS": str(logins),
                "LOADTEST_WAIT": args.wait,
                "LOADTEST_TIMINGS": str(timings),
            },
            cwd=PROJECT_ROOT,
        )
        args.load = (load_before, os.getloadavg()[0])
        if args.redis:
            # Each signed-in session leaves its copy in Redis: proof the cache was used.
            keys = subprocess.run(
                ["redis-cli", "-p", str(redis_port), "dbsize"], capture_output=True, text=True
            )
            args.sessions += f" ({keys.stdout.strip() or '?'} keys in Redis at the end)"
    finally:
        processes.stop()

    rows, total, failures = read_stats(prefix)
    upstreams = upstream_counts(tmp / "nginx-access.log") if args.nginx else Counter()
    # Every user has spawned after users / spawn rate seconds, and signed in a little later.
    steady = steady_state(timings, started + args.users / args.spawn_rate + STEADY_AFTER_SPAWN)
    text = summary(args, rows, total, failures, upstreams, data, steady)
    write_section(args.output, args.mode, text)
    print()
    print(text)
    print(f"Written to {args.output}; logs of the servers in {tmp}.")
    failed = int(total["Failure Count"])
    if failed or locust.returncode:
        print(f"LOAD TEST FAILED: {failed} failed requests (locust exit {locust.returncode}).")
        return 1
    print(f"Load test passed: p95 {ms(total['95%'])} ms, {float(total['Requests/s']):.1f} req/s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
