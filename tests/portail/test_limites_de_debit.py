"""Les limites de débit (brest_numerique/limites.py) sur le vrai Redis des tests :
lues d'une seule lecture, comptées d'un seul aller-retour, la fenêtre partant du
premier envoi."""

import pytest
from django.core.cache import cache

from brest_numerique.limites import Limite, atteinte, compter

PAR_ADRESSE = Limite("essai-ip", 3, 3600)
PAR_COURRIEL = Limite("essai-email", 2, 600)


def _redis():
    return cache._cache.get_client(write=True)


def test_chaque_envoi_compte_dans_chaque_limite_jusqu_a_la_plus_serree():
    compteurs = [(PAR_ADRESSE, "203.0.113.7"), (PAR_COURRIEL, "camille@exemple.fr")]

    assert not atteinte(compteurs)
    compter(compteurs)
    assert not atteinte(compteurs)
    compter(compteurs)

    assert cache.get(PAR_ADRESSE._nom("203.0.113.7")) == 2
    assert cache.get(PAR_COURRIEL._nom("camille@exemple.fr")) == 2
    assert atteinte(compteurs)  # la limite par adresse électronique (2) est atteinte
    assert not atteinte([(PAR_ADRESSE, "203.0.113.7")])
    assert not atteinte([(PAR_COURRIEL, "dominique@exemple.fr")])


def test_la_fenetre_part_du_premier_envoi_et_ne_se_prolonge_pas():
    cle = cache.make_and_validate_key(PAR_COURRIEL._nom("camille@exemple.fr"))

    compter([(PAR_COURRIEL, "camille@exemple.fr")])
    assert 0 < _redis().ttl(cle) <= 600
    _redis().expire(cle, 5)  # la fenêtre touche à sa fin
    compter([(PAR_COURRIEL, "camille@exemple.fr")])

    assert 0 < _redis().ttl(cle) <= 5
    assert cache.get(PAR_COURRIEL._nom("camille@exemple.fr")) == 2


def test_une_cle_vide_ne_compte_pas():
    compter([(PAR_ADRESSE, ""), (PAR_COURRIEL, "")])

    assert not atteinte([(PAR_ADRESSE, ""), (PAR_COURRIEL, "")])
    assert not _redis().keys(cache.make_and_validate_key("limite:*"))


@pytest.mark.parametrize("envois", [1, 3])
def test_compter_tient_en_un_aller_retour_redis(envois, monkeypatch):
    commandes = []
    client = _redis()
    envoyer = client.execute_command
    monkeypatch.setattr(
        type(client),
        "execute_command",
        lambda self, *a, **k: commandes.append(a[0]) or envoyer(*a, **k),
    )
    compteurs = [(Limite(f"essai-{n}", 10, 60), "cle") for n in range(envois)]

    compter(compteurs)
    atteinte(compteurs)

    assert commandes == ["EVAL", "MGET"]
