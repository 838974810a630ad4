"""N'importe quel texte dans les jetons des liens envoyés par courriel et dans
chaque champ des formulaires publics : jamais d'erreur 500 (voir
test_entrees_arbitraires.py pour la méthode)."""

import pytest
from allauth.account import app_settings as allauth_reglages
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from allauth.utils import get_form_class
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from brest_numerique.notifications.services import lien_desabonnement
from commentaires import suites as suites_commentaires
from commentaires.forms import CommentaireForm
from commentaires.forms import SignalementForm as SignalementCommentaireForm
from papi.forms import SignalementForm as SignalementLieuForm
from tests.commentaires.outils import donnees as donnees_commentaire
from tests.commentaires.outils import url_depot
from tests.factories import MOT_DE_PASSE
from tests.portail.entrees import (
    entiers,
    essayer,
    reglages,
    valeur,
    valeur_pour,
)

pytestmark = pytest.mark.django_db


# --- Les jetons des liens envoyés par courriel -------------------------------


def jeton_arbitraire(vrai: str):
    """N'importe quel texte, ou un vrai jeton abîmé (coupé, prolongé, retouché)."""
    return st.one_of(
        valeur,
        st.builds(lambda n, fin: vrai[:n] + fin, st.integers(0, len(vrai)), valeur),
        st.builds(lambda debut, n: debut + vrai[n:], valeur, st.integers(0, len(vrai))),
    ).map(lambda t: t.replace("/", "_") or "x")


def _dernier_segment(lien: str) -> str:
    return lien.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("methode", ["get", "post"])
@pytest.mark.parametrize(
    "nom", ["commentaires:confirmer", "commentaires:supprimer", "notifications:desabonnement"]
)
@reglages(10)
@given(donnees=st.data())
def test_les_liens_a_jeton_acceptent_n_importe_quel_jeton(nom, methode, donnees, publie):
    lien = {
        "commentaires:confirmer": lambda: suites_commentaires.lien_confirmation(publie.commentaire),
        "commentaires:supprimer": lambda: suites_commentaires.lien_suppression(
            publie.commentaire.email
        ),
        "notifications:desabonnement": lambda: lien_desabonnement(
            email=publie.usager.email, sorte="bienvenue"
        ),
    }[nom]()
    jeton = donnees.draw(jeton_arbitraire(_dernier_segment(lien)), label="jeton")
    essayer(methode, reverse(nom, args=[jeton]))


# --- Les formulaires publics, un champ arbitraire à la fois -----------------


@pytest.fixture
def formulaires(publie):
    inscription = get_form_class(allauth_reglages.FORMS, "signup", SignupForm)
    return {
        "commentaire": (
            url_depot(publie.lieu),
            donnees_commentaire(),
            sorted(CommentaireForm.base_fields),
        ),
        "signalement_commentaire": (
            reverse("commentaires:signaler", args=[publie.commentaire.pk]),
            {"raison": SignalementCommentaireForm.base_fields["raison"].choices[0][0]},
            sorted(SignalementCommentaireForm.base_fields),
        ),
        "signalement_lieu": (
            reverse("papi:signaler", args=[publie.lieu.slug]),
            {"message": "Fermé le lundi.", "email": "annaig@exemple.fr", "site_web": ""},
            sorted(SignalementLieuForm.base_fields),
        ),
        "connexion": (
            reverse("account_login"),
            {"login": publie.usager.email, "password": MOT_DE_PASSE, "remember": ""},
            sorted(LoginForm().fields),
        ),
        "inscription": (
            reverse("account_signup"),
            {
                "email": "nouvelle@exemple.fr",
                "password1": "Un-mot-de-passe-solide-42",
                "password2": "Un-mot-de-passe-solide-42",
            },
            sorted(inscription().fields),
        ),
        "mot_de_passe_oublie": (
            reverse("account_reset_password"),
            {"email": publie.usager.email},
            sorted(ResetPasswordForm().fields),
        ),
    }


@pytest.mark.parametrize(
    "formulaire",
    [
        "commentaire",
        "signalement_commentaire",
        "signalement_lieu",
        "connexion",
        "inscription",
        "mot_de_passe_oublie",
    ],
)
@reglages(25)
@given(donnees=st.data())
def test_les_formulaires_publics_acceptent_n_importe_quel_champ(formulaire, donnees, formulaires):
    url, valides, champs = formulaires[formulaire]
    champ = donnees.draw(st.sampled_from(champs), label="champ")
    envoyees = {**valides, champ: donnees.draw(valeur_pour(champ), label="valeur")}
    essayer("post", url, envoyees)


@pytest.mark.parametrize(
    ("champ", "valeur_connue"),
    [
        ("parent", "²"),
        ("parent", "١٢"),
        ("parent", "𝟗" * 30),
        ("parent", str(10**30)),
        ("texte", "\x00"),
        ("email", "a@" + "b" * 300 + ".fr"),
    ],
)
def test_le_depot_de_commentaire_resiste_aux_valeurs_connues(champ, valeur_connue, publie):
    """Les classes de défauts déjà trouvées, essayées à chaque passage."""
    essayer("post", url_depot(publie.lieu), donnees_commentaire(**{champ: valeur_connue}))


@reglages(10)
@given(type_id=entiers, objet_id=entiers)
@example(type_id=str(10**30), objet_id="1")
def test_les_identifiants_des_adresses_de_depot_peuvent_etre_demesures(type_id, objet_id, publie):
    # Le convertisseur <int:> n'accepte que des chiffres ASCII : les négatifs
    # tombent sur une 404, les grands nombres vont jusqu'à la vue.
    chemin = f"/commentaires/deposer/{type_id.lstrip('-')}/{objet_id.lstrip('-')}/"
    essayer("post", chemin, donnees_commentaire())
    essayer("post", f"/commentaires/{objet_id.lstrip('-')}/signaler/", {"raison": "spam"})
