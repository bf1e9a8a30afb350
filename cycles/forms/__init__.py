"""Forms of the cycles app: `back_office` for the admin's actions, one module per site page."""
