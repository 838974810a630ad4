"""Les écrans de la double authentification (allauth.mfa), que l'administration
impose à ses comptes, entièrement en français et à la typographie du portail :
activer l'application d'authentification, codes de récupération (voir, régénérer,
télécharger), désactiver, et l'écran du code à la connexion."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from tests.comptes.test_double_authentification import (
    code_du_moment,
    confirmer_mot_de_passe,
    se_connecter,
)
from tests.portail.typographie import defauts, texte_visible

pytestmark = pytest.mark.django_db

# Des mots des écrans d'allauth qui n'existent pas en français.
ANGLAIS = re.compile(
    r"\b(Authenticate|Authenticator|Authentication|Recovery|Activate|Deactivate|Generate|"
    r"Download|View|Sign|Security|Two-Factor|Enter|Continue|Cancel|Confirm|Submit|Sessions|"
    r"Manage|Unused|the|your|you|and|with|codes? (?:are|is))\b"
)


def fautes(reponse) -> list[str]:
    texte = texte_visible(reponse.content.decode())
    return [m.group(0) for m in ANGLAIS.finditer(texte)] + defauts(texte)


def test_chaque_ecran_de_la_double_authentification_est_en_francais(client, administrateur):
    ecrans = {}
    se_connecter(client, administrateur.email)
    ecrans["réauthentification"] = client.get(reverse("account_reauthenticate"))
    confirmer_mot_de_passe(client)
    ecrans["sans second facteur"] = client.get(reverse("mfa_index"))
    ecrans["activer"] = client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    ecrans["code faux"] = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    client.post(reverse("mfa_activate_totp"), {"code": code_du_moment(secret)})
    assert Authenticator.objects.filter(user=administrateur, type="totp").exists()
    ecrans["avec second facteur"] = client.get(reverse("mfa_index"))
    ecrans["codes de récupération"] = client.get(reverse("mfa_view_recovery_codes"))
    ecrans["régénérer les codes"] = client.get(reverse("mfa_generate_recovery_codes"))
    ecrans["désactiver"] = client.get(reverse("mfa_deactivate_totp"))
    telechargement = client.get(reverse("mfa_download_recovery_codes"))
    client.logout()
    se_connecter(client, administrateur.email)
    ecrans["code à la connexion"] = client.get(reverse("mfa_authenticate"))
    ecrans["mauvais code à la connexion"] = client.post(reverse("mfa_authenticate"), {"code": "1"})

    assert {nom: r.status_code for nom, r in ecrans.items()} == dict.fromkeys(ecrans, 200)
    assert telechargement.status_code == 200
    trouvees = {nom: f for nom, r in ecrans.items() if (f := fautes(r))}
    assert not trouvees, trouvees
