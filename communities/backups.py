"""Backing up the whole database to one file and restoring it (manage.py backup / restore).

PostgreSQL: pg_dump's custom format, restored with pg_restore in one transaction. SQLite: the
online backup API, a consistent copy even while the portal writes. The password goes to the
PostgreSQL tools through the environment (PGPASSWORD), never on the command line, where any
user of the machine could read it.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone
from django.utils.translation import gettext as _

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


def database_label(alias: str = "default") -> str:
    """What the database is, for messages: engine, name and server (never the password)."""
    config = connections[alias].settings_dict
    if config["ENGINE"] == SQLITE:
        return _("SQLite database %(name)s") % {"name": config["NAME"]}
    server = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
    return _("PostgreSQL database %(name)s on %(server)s") % {
        "name": config["NAME"],
        "server": server,
    }


def default_path(alias: str = "default") -> Path:
    config = connections[alias].settings_dict
    name = Path(str(config["NAME"])).stem if config["ENGINE"] == SQLITE else config["NAME"]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if config["ENGINE"] == SQLITE else "dump"
    return Path(settings.BACKUP_DIR) / f"cswg-{name}-{stamp}.{suffix}"


def _postgres_command(program: str, config: dict, *arguments: str) -> tuple[list[str], dict]:
    command = [program, "--no-password"]
    if config.get("USER"):
        command.append(f"--username={config['USER']}")
    if config.get("HOST"):
        command.append(f"--host={config['HOST']}")
    if config.get("PORT"):
        command.append(f"--port={config['PORT']}")
    command.extend(arguments)
    # Django's own client knows the password, service, SSL and passfile variables.
    _args, extra = DatabaseClient.settings_to_cmd_args_env(config, [])
    environment = {**os.environ, **(extra or {})}
    timeout = config.get("OPTIONS", {}).get("connect_timeout")
    if timeout:
        environment["PGCONNECT_TIMEOUT"] = str(timeout)
    return command, environment


def _run(command: list[str], environment: dict) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise CommandError(
            _("%(program)s was not found: install the PostgreSQL client tools.")
            % {"program": command[0]}
        ) from None
    if result.returncode != 0:
        raise CommandError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": result.stderr.strip()}
        )


def _private_file(path: Path) -> None:
    """Create `path` empty, readable by its owner only: a backup holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


def backup(path: Path, alias: str = "default") -> Path:
    """Write the whole database to `path` (which must not exist yet); return the path.

    The copy is written beside it and renamed when complete, so that a failed backup never
    leaves a file that looks whole.
    """
    path = Path(path)
    if path.exists():
        raise CommandError(_("%(path)s already exists: choose another file.") % {"path": path})
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    _private_file(partial)
    connection = connections[alias]
    config = connection.settings_dict
    try:
        if config["ENGINE"] == SQLITE:
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            command, environment = _postgres_command(
                "pg_dump", config, "--format=custom", f"--file={partial}", config["NAME"]
            )
            _run(command, environment)
        os.chmod(partial, 0o600)
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def check_backup_file(path: Path, alias: str = "default") -> None:
    """Refuse a file that is not a backup this database can be restored from."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(_("%(path)s does not exist.") % {"path": path})
    config = connections[alias].settings_dict
    if config["ENGINE"] == SQLITE:
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            finally:
                source.close()
        except sqlite3.DatabaseError:
            tables = set()
        if "django_migrations" not in tables:
            raise CommandError(
                _("%(path)s is not a backup of the portal's SQLite database.") % {"path": path}
            )
    else:
        command, environment = _postgres_command("pg_restore", config, "--list", str(path))
        try:
            _run(command, environment)
        except CommandError:
            raise CommandError(
                _("%(path)s is not a pg_dump backup (custom format) of the portal.")
                % {"path": path}
            ) from None


def restore(path: Path, alias: str = "default") -> None:
    """Replace everything in the database with the backup in `path`, all or nothing."""
    check_backup_file(path, alias)
    connection = connections[alias]
    config = connection.settings_dict
    if config["ENGINE"] == SQLITE:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        # Our own connection would hold locks on the tables pg_restore drops.
        connection.close()
        command, environment = _postgres_command(
            "pg_restore",
            config,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={config['NAME']}",
            str(path),
        )
        _run(command, environment)
