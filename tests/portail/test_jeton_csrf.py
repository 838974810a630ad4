"""brest_numerique.jeton_csrf : des jetons que Django accepte, tirés selon la même
loi que les siens (chaque caractère uniforme parmi les 62 permis)."""

import ast
from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _check_token_format,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from brest_numerique import jeton_csrf as module
from brest_numerique.jeton_csrf import chaine_aleatoire, jeton_csrf, masquer, secret_csrf
from tests.portail.typographie import APPLICATIONS, RACINE

SECRETS = st.text(alphabet=CSRF_ALLOWED_CHARS, min_size=CSRF_SECRET_LENGTH, max_size=32)


def test_chaque_caractere_recoit_autant_d_octets_et_les_octets_en_trop_sont_ecartes():
    # La loi uniforme tient à la table : quatre octets par caractère, pas un de plus.
    retenus = bytes(range(256)).translate(module.TABLE, module.ECARTES).decode()
    assert Counter(retenus) == dict.fromkeys(CSRF_ALLOWED_CHARS, 4)
    assert len(module.ECARTES) == 256 - 4 * len(CSRF_ALLOWED_CHARS)


def test_les_chaines_ont_la_longueur_et_l_alphabet_demandes():
    for longueur in (1, CSRF_SECRET_LENGTH, 500):
        chaine = chaine_aleatoire(longueur)
        assert len(chaine) == longueur
        assert set(chaine) <= set(CSRF_ALLOWED_CHARS)


def test_les_tirages_couvrent_tout_l_alphabet_sans_favori():
    # 62 000 caractères : 1 000 attendus pour chacun (écart type 31) ; une marge de
    # 250 ne laisse passer qu'un biais réel, jamais le hasard (p < 1e-14).
    comptes = Counter("".join(chaine_aleatoire() for _ in range(62_000 // CSRF_SECRET_LENGTH)))
    comptes.update(chaine_aleatoire(62_000 % CSRF_SECRET_LENGTH))
    assert set(comptes) == set(CSRF_ALLOWED_CHARS)
    assert all(750 <= n <= 1250 for n in comptes.values()), comptes.most_common(3)


@given(SECRETS)
def test_django_demasque_le_jeton_en_son_secret(secret):
    jeton = masquer(secret)
    assert len(jeton) == CSRF_TOKEN_LENGTH
    _check_token_format(jeton)  # lève InvalidTokenFormat sinon
    assert _unmask_cipher_token(jeton) == secret


def test_un_navigateur_sans_secret_en_recoit_un_et_le_garde():
    requete = RequestFactory().get("/")
    premier = jeton_csrf(requete)
    second = jeton_csrf(requete)

    secret = requete.META["CSRF_COOKIE"]
    assert requete.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(premier) == _unmask_cipher_token(second) == secret
    assert premier != second, "chaque jeton a son propre masque"
    assert secret_csrf(requete) == secret


@pytest.mark.django_db
def test_un_formulaire_rendu_hors_cache_passe_la_protection_csrf(citoyen):
    # Connecté : la page se rend à chaque fois, par le processeur de contexte.
    visiteur = Client(enforce_csrf_checks=True)
    visiteur.force_login(citoyen)
    page = visiteur.get(reverse("account_change_password")).content.decode()
    jeton = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    refuse = visiteur.post(reverse("account_logout"), {"csrfmiddlewaretoken": jeton[::-1]})
    accepte = visiteur.post(reverse("account_logout"), {"csrfmiddlewaretoken": jeton})

    assert refuse.status_code == 403
    assert accepte.status_code == 302
    assert "_auth_user_id" not in visiteur.session


def test_aucun_module_du_portail_ne_tire_son_jeton_par_get_token():
    # Un appel à get_token reprendrait les 64 tirages de Django : le jeton du
    # portail se tire à un seul endroit.
    appels = [
        f"{chemin.relative_to(RACINE)}:{noeud.lineno}"
        for application in APPLICATIONS
        for chemin in sorted((RACINE / application).rglob("*.py"))
        for noeud in ast.walk(ast.parse(chemin.read_text()))
        if isinstance(noeud, ast.Name | ast.Attribute | ast.alias)
        and "get_token"
        in (getattr(noeud, "id", None), getattr(noeud, "attr", None), getattr(noeud, "name", None))
    ]
    assert appels == []
