"""A synthetic national-scale dataset (`manage.py generate_scale_data`) and the pages the
benchmark (bench/) and the query-budget test measure on it."""
