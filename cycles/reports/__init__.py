"""Donor progress reports: figures computed in SQL over a scope, as named tables.

`scope` says what a report covers (programme, period, places, who is looking), `figures`
computes each figure, `tables` lays them out, `suppression` hides small counts from donors
and `services` ties it together (see docs/reports.md).
"""
