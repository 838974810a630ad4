"""Les dates dans le HTML : le calendrier et le choix du mois du navigateur
(brest_numerique/widgets.py), l'attribut `datetime` des `<time>`
(brest_numerique/templatetags/dates.py). Chacun n'accepte qu'un format ISO."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from brest_numerique.templatetags.dates import datetime_html
from brest_numerique.widgets import ChampDate, ChampMois


class _Formulaire(forms.Form):
    le = forms.DateField(widget=ChampDate())
    mois = forms.CharField(max_length=7, widget=ChampMois())


def test_le_calendrier_recoit_sa_date_au_format_iso_meme_en_francais():
    with translation.override("fr"):
        html = str(_Formulaire(initial={"le": date(2026, 12, 4)})["le"])

    assert 'type="date"' in html
    assert 'value="2026-12-04"' in html


def test_le_calendrier_relit_la_date_qu_il_envoie():
    with translation.override("fr"):
        formulaire = _Formulaire(data={"le": "2026-12-04", "mois": "2026-11"})

        assert formulaire.is_valid(), formulaire.errors
    assert formulaire.cleaned_data["le"] == date(2026, 12, 4)


def test_le_choix_du_mois_n_a_ni_longueur_maximale_ni_texte_d_exemple():
    html = str(_Formulaire()["mois"])

    assert 'type="month"' in html
    assert "maxlength" not in html
    assert "placeholder" not in html


# Les instants du portail : depuis 1970 (avant 1911, Paris vivait à l'heure solaire,
# décalée de 9 min 21 s, qu'aucun attribut HTML ne sait écrire).
INSTANTS = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@given(INSTANTS)
def test_un_instant_s_ecrit_a_la_seconde_a_l_heure_de_paris(instant):
    valeur = datetime_html(instant)

    # AAAA-MM-JJTHH:MM:SS+HH:MM : aucune décimale de seconde, le décalage de Paris.
    relu = datetime.fromisoformat(valeur)
    assert len(valeur) == 25
    assert relu == instant.replace(microsecond=0)
    assert relu.utcoffset() == instant.astimezone(ZoneInfo("Europe/Paris")).utcoffset()


def test_une_date_seule_et_le_vide():
    assert datetime_html(date(2026, 10, 1)) == "2026-10-01"
    assert datetime_html(None) == ""
