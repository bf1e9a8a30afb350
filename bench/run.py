"""The national-scale benchmark: `make bench` (or `python bench/run.py --help`).

1. Builds the synthetic dataset (`manage.py generate_scale_data`) in its own PostgreSQL
   database, unless that database already holds it (--fresh rebuilds it).
2. Serves the portal with gunicorn (2 workers) under production settings: DEBUG off,
   two-factor sign-in on, compressed static files. Only HTTPS is off (there is no
   certificate on localhost) and BENCH=true adds the query count header and the minimal page.
3. Signs each user in by writing a session (a verified second factor for partner staff),
   then requests every page of `cycles.scale.pages` and the minimal page in turns, after a
   few warm-up rounds, and times each response to its last byte.
4. Writes median and p95 latency, p95 as a multiple of the minimal page's, and the SQL
   query count (X-Query-Count) to bench/results.md.
"""

import argparse
import http.client
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cswg_bench"
# p95 targets by page kind (cycles.scale.pages.Page.kind); every page: at most MAX_QUERIES.
TARGET_MS = {"field": 150, "report": 400}
MAX_QUERIES = 25


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the dataset")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cswg_portal.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "HTTPS": "false",
        "BENCH": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def ensure_database(database_url: str, fresh: bool) -> None:
    """Create the benchmark's database if it is missing; drop it first with --fresh."""
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def prepare(args: argparse.Namespace, env: dict[str, str]) -> float | None:
    """Migrate, build the dataset if needed, collect static files. Seconds spent generating."""
    ensure_database(args.database_url, args.fresh)
    manage(env, "migrate", "--no-input", "-v", "0")
    os.environ.update(env)
    import django

    django.setup()
    from communities.models import Community

    generated = None
    existing = Community.objects.count()
    if existing == 0:
        print(f"Generating {args.communities} communities...", flush=True)
        started = time.monotonic()
        manage(env, "generate_scale_data", "--communities", str(args.communities), "-v", "2")
        generated = time.monotonic() - started
    elif existing != args.communities:
        sys.exit(
            f"The database holds {existing} communities, not {args.communities}: "
            "run with --fresh to rebuild it."
        )
    # Fresh statistics and visibility map, as autovacuum would leave them on a live server.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if generated is not None else "ANALYZE")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return generated


def sign_in(username: str) -> str:
    """A session for the user, as after a successful sign-in (and a second factor)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from communities.models import User
    from cswg_portal.middleware import REFRESHED_AT, SIGNED_IN_AT

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "cswg_portal.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = session[REFRESHED_AT] = int(time.time())
    if user.is_staff:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="benchmark", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


class Client:
    """One keep-alive-less HTTP client per request, as a browser's first request would be."""

    def __init__(self, port: int, csrf: str):
        self.port = port
        self.csrf = csrf

    def request(self, page, session: str) -> tuple[float, int, int]:
        """(milliseconds to the last byte, status, queries)."""
        headers = {"Cookie": f"sessionid={session}; csrftoken={self.csrf}"}
        body = None
        if page.method == "POST":
            body = urlencode(page.data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        connection.request(page.method, page.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        connection.close()
        return elapsed, response.status, int(response.getheader("X-Query-Count", "-1"))


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _attempt in range(100):
        if server.poll() is not None:
            sys.exit("gunicorn stopped before it answered.")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz.")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def measure(args: argparse.Namespace, env: dict[str, str]) -> list[dict]:
    from django.utils import timezone

    from cycles.scale.pages import Page, pages

    todo = pages(timezone.localdate())
    minimal = Page("Minimal page (baseline)", todo[0].username, "/bench/minimal/", kind="baseline")
    todo = [minimal, *todo]
    sessions = {page.username: sign_in(page.username) for page in todo}
    # A CSRF secret of our own, sent as the cookie and as the header (Django accepts both).
    client = Client(args.port, secrets.token_hex(16))
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cswg_portal.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(args.port, server)
        timings = {page.name: [] for page in todo}
        queries, timed_queries, statuses, first = {}, {}, {}, {}
        for round_number in range(args.warmup + args.requests):
            for page in todo:
                elapsed, status, count = client.request(page, sessions[page.username])
                first.setdefault(page.name, elapsed)
                statuses[page.name] = status
                queries.setdefault(page.name, set()).add(count)
                if round_number >= args.warmup:
                    timings[page.name].append(elapsed)
                    timed_queries.setdefault(page.name, set()).add(count)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = []
    for page in todo:
        samples = timings[page.name]
        rows.append(
            {
                "page": page,
                "median": statistics.median(samples),
                "p95": p95(samples),
                "first": first[page.name],
                "queries": sorted(queries[page.name]),
                "timed_queries": sorted(timed_queries[page.name]),
                "status": statuses[page.name],
            }
        )
    return rows


def machine() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": f"{os.cpu_count()} × {cpu}",
        "load": " / ".join(f"{value:.1f}" for value in os.getloadavg()),
        "python": platform.python_version(),
        "postgres": postgres,
    }


def dataset() -> list[tuple[str, int]]:
    from communities.models import Community, Group, Person, User
    from cycles.models import (
        ActionPlan,
        Activity,
        Concern,
        Consultation,
        Cycle,
        MonitoringUpdate,
    )

    models = (
        Community,
        Group,
        Person,
        User,
        Cycle,
        Consultation,
        Concern,
        ActionPlan,
        Activity,
        MonitoringUpdate,
    )
    return [(str(model._meta.verbose_name_plural), model.objects.count()) for model in models]


def write(args, rows, generated, before, after) -> None:
    baseline = rows[0]["p95"]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
        f"`python bench/run.py --communities {args.communities} --requests {args.requests}`.",
        "",
        f"- Machine: {before['cpu']}; Python {before['python']}; PostgreSQL {before['postgres']}.",
        f"- Load average (1/5/15 min) before the run: {before['load']}; after: {after['load']}.",
        "- gunicorn, 2 sync workers, production settings (DEBUG off, two-factor on, "
        "compressed static files; HTTPS off on localhost).",
        f"- {args.warmup} warm-up rounds, then {args.requests} timed rounds; each round requests "
        "every page once, in turn, from one client.",
    ]
    if generated is not None:
        lines.append(f"- Generating the dataset took {generated:.0f} s.")
    lines += ["", "Dataset: " + ", ".join(f"{count:,} {name}" for name, count in dataset()), ""]
    lines += [
        "| Page | As | Median ms | p95 ms | p95 / minimal | First ms | Queries | Target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        page = row["page"]
        target = TARGET_MS.get(page.kind)
        queries = ", ".join(str(count) for count in row["queries"])
        met = ""
        if page.kind != "baseline":
            ok = max(row["timed_queries"]) <= MAX_QUERIES
            goal = f"≤ {MAX_QUERIES} queries"
            if target is not None:
                ok = ok and row["p95"] < target
                goal = f"p95 < {target} ms, {goal}"
            met = f"{goal}: {'met' if ok else 'MISSED'}"
        role = page.username.removeprefix("scale-").split("-")[0]
        lines.append(
            f"| {page.name} | {role} | {row['median']:.0f} | {row['p95']:.0f} | "
            f"{row['p95'] / baseline:.1f} | {row['first']:.0f} | {queries} | {met} |"
        )
    lines += [
        "",
        "First ms is the first request of each page after the server started (cold caches). "
        "Queries lists every count seen, warm-up included (a donor report computed afresh "
        "takes more than one read from the cache); the targets are judged on the timed rounds.",
        "",
    ]
    args.output.write_text("\n".join(lines))
    print("\n".join(lines))


def main() -> None:
    args = parse_args()
    env = server_environment(args.database_url)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    generated = prepare(args, env)
    before = machine()
    rows = measure(args, env)
    after = machine()
    for row in rows:
        if row["status"] not in (200, 302):
            sys.exit(f"{row['page'].name} answered {row['status']}.")
    write(args, rows, generated, before, after)


if __name__ == "__main__":
    main()
