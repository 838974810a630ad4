"""Le formulaire « Être accompagné » sur les pages de la cantine, des pépinières et
de la French Tech, et nulle part ailleurs."""

import pytest

from programmes.accompagnement.models import DemandeAccompagnement
from programmes.models import DispositifPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["cantine", "pepinieres", "french_tech"])
def test_les_pages_d_accompagnement_portent_le_formulaire_de_leur_dispositif(client, code):
    page = DispositifPage.objects.get(accompagnement=code)

    html = client.get(page.url).content.decode()

    assert "Être accompagné" in html
    assert f'action="/accompagnement/{code}/"' in html


def test_les_autres_dispositifs_n_ont_pas_de_formulaire(client):
    page = DispositifPage.objects.filter(accompagnement="").first()

    assert 'class="formulaire-accompagnement"' not in client.get(page.url).content.decode()


def test_un_visiteur_de_la_page_en_cache_envoie_sa_demande(client):
    page = DispositifPage.objects.get(accompagnement="cantine")
    client.get(page.url)  # la page, gardée en cache, pose le cookie CSRF

    reponse = client.post(
        "/accompagnement/cantine/",
        {
            "nom": "Gwenaëlle Le Bihan",
            "email": "gwen@exemple.fr",
            "structure_nom": "Ti Numérique",
            "structure_type": "association",
            "stade": "idee",
            "besoin": "Un lieu pour tester notre atelier de réparation d'ordinateurs.",
            "consentement": "on",
        },
    )

    assert reponse.status_code == 302
    assert DemandeAccompagnement.objects.get().dispositif == "cantine"
