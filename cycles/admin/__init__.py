"""The cycles back office; importing the modules registers their ModelAdmins."""

from cycles.admin import activities, cycles, logs, monitoring, plans, records, reports

__all__ = ["activities", "cycles", "logs", "monitoring", "plans", "records", "reports"]
