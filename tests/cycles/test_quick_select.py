"""The report filters' QuickSelect writes the same <select> as Django's own Select."""

import re

from django import forms

from cycles.reports.forms import QuickSelect

CHOICES = [("", "All"), ("1", "Ak-Sai <Batken>"), ("2", "Kok-Tash & Somonion")]


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_it_renders_like_the_select_it_replaces():
    attrs = {"id": "id_group", "class": "form-select"}
    quick = QuickSelect(choices=CHOICES).render("group", "2", attrs)
    plain = forms.Select(choices=CHOICES).render("group", "2", attrs)

    assert squeezed(quick).replace('class="form-select" id="id_group"', "") == squeezed(
        plain
    ).replace('id="id_group" class="form-select"', "")
    assert '<option value="2" selected>Kok-Tash &amp; Somonion</option>' in quick
    assert "&lt;Batken&gt;" in quick
    assert quick.count("selected") == 1
