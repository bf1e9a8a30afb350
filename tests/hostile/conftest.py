"""Hypothesis profiles: `--hypothesis-profile=quick` skips shrinking while writing tests."""

from hypothesis import Phase, settings

settings.register_profile("quick", phases=[Phase.explicit, Phase.generate])
