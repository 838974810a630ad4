"""Les exports, récapitulatifs et archives se trouvent depuis les pages où l'on en a
besoin : la liste et la page d'instruction, la page du dossier, la fiche de la structure."""

import pytest
from django.urls import reverse

from tests.projets.factories import dossier_depose

pytestmark = pytest.mark.django_db


def test_l_instructeur_trouve_les_exports_et_le_dossier_complet(client, instructeur):
    dossier = dossier_depose()
    dossier.edition.instructeurs.add(instructeur)
    client.force_login(instructeur)
    annee = dossier.edition.annee

    liste = client.get(reverse("instruction:edition", args=[annee])).content.decode()
    page = client.get(reverse("instruction:dossier", args=[dossier.pk])).content.decode()

    for format_ in ("csv", "xlsx", "ods"):
        assert reverse("instruction:export", args=[annee, format_]) in liste
    assert reverse("instruction:dossier_pdf", args=[dossier.pk]) in page
    assert reverse("instruction:dossier_zip", args=[dossier.pk]) in page


def test_la_structure_trouve_son_recapitulatif_et_ses_donnees(client):
    dossier = dossier_depose()
    client.force_login(dossier.structure.membres.get().user)

    page = client.get(reverse("projets:dossier", args=[dossier.pk])).content.decode()
    fiche = client.get(reverse("projets:structure", args=[dossier.structure_id])).content.decode()

    assert reverse("projets:dossier_pdf", args=[dossier.pk]) in page
    assert reverse("projets:structure_donnees", args=[dossier.structure_id]) in fiche
    assert reverse("projets:structure_donnees_json", args=[dossier.structure_id]) in fiche
