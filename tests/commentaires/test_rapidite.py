"""« Envoi trop rapide », comme classe : le contrôle de rapidité ne se déclenche
que sur un formulaire par ailleurs valable. Un envoi vide ou fautif, aussi vite
soit-il parti, montre seulement les erreurs de ses champs."""

from datetime import timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from brest_numerique.limites import empreinte_navigateur
from commentaires.forms import DELAI_MIN, CommentaireForm, horodatage
from tests.papi.factories import LieuFactory
from tests.portail.entrees import reglages

pytestmark = pytest.mark.django_db

TROP_RAPIDE = "Envoi trop rapide"
SECRET_CSRF = "secret-csrf-du-navigateur-de-test"
VALABLES = {"nom": "Annaïg Le Gall", "email": "annaig@exemple.fr", "texte": "Merci\u202f!"}
FAUTIFS = {"nom": ["", "   "], "email": ["", "pas-une-adresse"], "texte": ["", "\u200b"]}


@pytest.fixture
def lieu(db):
    return LieuFactory()


def _formulaire(lieu, *, age: float, champs: dict) -> CommentaireForm:
    requete = RequestFactory().post("/")
    requete.META["CSRF_COOKIE"] = SECRET_CSRF
    with time_machine.travel(timezone.now() - timedelta(seconds=age), tick=False):
        signe = horodatage(navigateur=empreinte_navigateur(SECRET_CSRF))
    return CommentaireForm({**champs, "horodatage": signe}, objet=lieu, request=requete)


@reglages(40)
@given(
    # Les horodatages comptent en secondes entières : loin de la limite, des deux côtés.
    age=st.one_of(st.floats(min_value=0, max_value=1.9), st.floats(min_value=4, max_value=3600)),
    fautes=st.dictionaries(
        st.sampled_from(sorted(FAUTIFS)), st.integers(min_value=0, max_value=1), max_size=3
    ),
)
@example(age=0, fautes={"nom": 0, "email": 0, "texte": 0})  # le dépôt vide, aussitôt
@example(age=0, fautes={})
def test_trop_rapide_seulement_si_le_reste_est_valable(lieu, age, fautes):
    champs = {nom: FAUTIFS[nom][fautes[nom]] if nom in fautes else v for nom, v in VALABLES.items()}
    formulaire = _formulaire(lieu, age=age, champs=champs)

    formulaire.is_valid()
    erreurs = formulaire.errors.as_data()
    trop_rapide = any(TROP_RAPIDE in m for e in erreurs.get("horodatage", []) for m in e.messages)
    assert set(erreurs) - {"horodatage"} == set(fautes)
    assert trop_rapide == (not fautes and age < DELAI_MIN)
