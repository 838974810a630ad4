"""La structure n'apprend rien de la décision du jury avant sa notification : ni
dans son espace, ni sur la page du dossier, ni dans ses exports ; ensuite, elle
lit la décision finale seule (pas les révisions de la délibération)."""

import json
from datetime import date

import pytest
from django.urls import reverse

from projets.deliberation import services
from projets.exports import pdf
from projets.models import Membre
from tests.projets.deliberation.outils import en_jury
from tests.projets.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory()


def membre_de(dossier):
    return Membre.objects.filter(structure=dossier.structure).first().user


def pages_de_la_structure(client, dossier) -> str:
    client.force_login(membre_de(dossier))
    espace = client.get(reverse("projets:espace")).content.decode()
    page = client.get(reverse("projets:dossier", args=[dossier.pk])).content.decode()
    donnees = client.get(
        reverse("projets:structure_donnees_json", args=[dossier.structure_id])
    ).content.decode()
    recapitulatif = pdf.recapitulatif_html(dossier)
    return "\n".join([espace, page, donnees, recapitulatif])


def test_avant_le_vote_la_structure_lit_examine_par_le_jury_partout(client, edition, instructeur):
    dossier = en_jury(edition)
    services.decider(
        dossier, sens="retenu", montant_accorde=1200, forme_aide="subvention", par=instructeur
    )
    services.decider(dossier, sens="liste_attente", par=instructeur)
    services.decider(
        dossier, sens="retenu", montant_accorde=1234, forme_aide="subvention", par=instructeur
    )

    tout = pages_de_la_structure(client, dossier)

    assert "Examiné par le jury" in tout
    for indice in (
        "Retenu par le jury",
        "Liste d'attente",
        "liste_attente",
        '"retenu"',
        "1234",
        "234,00",
    ):
        assert indice not in tout, indice


def test_un_non_retenu_reste_cache_jusqu_a_la_publication_puis_montre_sa_motivation(
    client, edition, instructeur
):
    dossier = en_jury(edition)
    services.decider(dossier, sens="liste_attente", motivation="Presque.", par=instructeur)
    services.decider(
        dossier,
        sens="non_retenu",
        motivation="Le public visé est trop restreint.",
        par=instructeur,
    )
    avant = pages_de_la_structure(client, dossier)
    assert "Non retenu" not in avant and "trop restreint" not in avant

    services.resultats_publier(edition, par=instructeur)

    apres = pages_de_la_structure(client, dossier)
    assert "Non retenu" in apres and "Le public visé est trop restreint." in apres
    # La révision (liste d'attente) ne se lit pas : seule la décision finale, depuis
    # l'examen du jury.
    assert "Presque." not in apres
    assert "Liste d'attente" not in apres and "Liste d&#x27;attente" not in apres


def test_apres_le_vote_la_structure_lit_l_aide_et_la_deliberation(client, edition, instructeur):
    dossier = en_jury(edition)
    services.decider(
        dossier, sens="retenu", montant_accorde=1200, forme_aide="subvention", par=instructeur
    )
    services.deliberation_enregistrer(
        edition,
        numero="DEL-2026-9",
        date_conseil=date(2026, 6, 25),
        dossiers=[dossier],
        par=instructeur,
    )

    client.force_login(membre_de(dossier))
    page = client.get(reverse("projets:dossier", args=[dossier.pk])).content.decode()

    assert "Subvention votée" in page and "DEL-2026-9" in page
    assert "1\u00a0200,00\u00a0€" in page or "1 200,00\u00a0€" in page
    donnees = json.loads(
        client.get(reverse("projets:structure_donnees_json", args=[dossier.structure_id])).content
    )
    assert donnees["dossiers"][0]["statut"] == "vote"


def test_l_espace_candidat_tient_en_requetes_constantes(
    client, edition, instructeur, django_assert_max_num_queries
):
    from tests.projets.factories import MembreFactory

    premier = en_jury(edition)
    membre = membre_de(premier)
    client.force_login(membre)
    client.get(reverse("projets:espace"))
    with django_assert_max_num_queries(30) as peu:
        client.get(reverse("projets:espace"))
    for _ in range(4):
        dossier = en_jury(edition)
        MembreFactory(structure=dossier.structure, user=membre)
        services.decider(dossier, sens="liste_attente", par=instructeur)

    with django_assert_max_num_queries(len(peu.captured_queries)):
        reponse = client.get(reverse("projets:espace"))

    assert reponse.content.decode().count("Examiné par le jury") == 5


def test_pendant_la_deliberation_le_retrait_en_ligne_est_refuse_de_la_meme_facon(
    client, edition, instructeur
):
    en_jury_seul, retenu = en_jury(edition), en_jury(edition)
    services.decider(
        retenu, sens="retenu", montant_accorde=500, forme_aide="subvention", par=instructeur
    )
    reponses = []
    for dossier in (en_jury_seul, retenu):
        client.force_login(membre_de(dossier))
        page = client.get(reverse("projets:dossier", args=[dossier.pk])).content.decode()
        assert reverse("projets:dossier_retirer", args=[dossier.pk]) not in page
        reponse = client.post(
            reverse("projets:dossier_retirer", args=[dossier.pk]), {"motif": "x"}, follow=True
        )
        reponses.append([str(m) for m in reponse.context["messages"]])
        dossier.refresh_from_db()
        assert dossier.statut != "sans_suite"

    assert reponses[0] == reponses[1] and "Le jury délibère" in reponses[0][0]
