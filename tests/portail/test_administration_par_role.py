"""Chaque rôle, sur chaque adresse de chaque modèle de l'administration, import et
export compris : l'accès suit les permissions du modèle, jamais le seul statut
« équipe ». Les adresses viennent du registre de l'administration, pas d'une liste."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.test import Client
from django.urls import NoReverseMatch, reverse
from import_export.admin import ExportMixin, ImportMixin

from brest_numerique.admin_import_export import ImportExportProtegeAdmin
from tests.factories import comptes_creer

pytestmark = pytest.mark.django_db

ROLES = ["webmestre", "instructeur", "jure", "gestionnaire_ipt", "bailleur"]

# Vue → permissions du modèle qu'elle exige (l'une ou l'autre pour la liste).
EXIGENCES = {
    "changelist": ({"view", "change"}, any),
    "add": ({"add"}, all),
    "import": ({"add", "change"}, all),
    "export": ({"view"}, all),
}


def _adresses():
    for modele in admin.site._registry:
        info = (modele._meta.app_label, modele._meta.model_name)
        for vue in EXIGENCES:
            try:
                url = reverse(f"admin:{info[0]}_{info[1]}_{vue}")
            except NoReverseMatch:
                continue
            yield pytest.param(modele, vue, url, id=f"{info[0]}.{info[1]}:{vue}")


@pytest.fixture(scope="module")
def comptes(donnees_du_module):
    """Un compte de chaque profil, les mêmes pour tout le module : les tests n'y font
    que des GET (et un POST refusé), chacun dans son point de sauvegarde annulé ;
    les créer à chaque adresse de l'administration coûtait plus que les visites."""
    return donnees_du_module(comptes_creer)


def _permis(user, modele, vue: str) -> bool:
    actions, combiner = EXIGENCES[vue]
    opts = modele._meta
    return combiner(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in actions
    )


def test_toute_administration_qui_importe_ou_exporte_herite_de_la_classe_protegee():
    for modele, modele_admin in admin.site._registry.items():
        if isinstance(modele_admin, ImportMixin | ExportMixin):
            assert isinstance(modele_admin, ImportExportProtegeAdmin), modele


@pytest.mark.parametrize(("modele", "vue", "url"), list(_adresses()))
def test_chaque_role_n_atteint_que_ce_que_ses_permissions_permettent(comptes, modele, vue, url):
    superutilisateur = Client()
    superutilisateur.force_login(comptes["administrateur"])
    # Ce que la vue refuse même au superutilisateur (tables en lecture seule).
    ouverte = superutilisateur.get(url).status_code == 200

    assert Client().get(url).status_code == 302  # anonyme : vers la connexion
    citoyen = Client()
    citoyen.force_login(comptes["citoyen"])
    assert citoyen.get(url).status_code == 302  # pas de l'équipe : vers la connexion

    for role in ROLES:
        user = comptes[role]
        client = Client()
        client.force_login(user)
        attendu = 200 if ouverte and _permis(user, modele, vue) else 403
        assert client.get(url).status_code == attendu, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_sans_droit_d_ajout_et_de_modification_l_import_confirme_est_refuse(comptes, role):
    user = comptes[role]
    if user.has_perm("papi.add_lieu") and user.has_perm("papi.change_lieu"):
        pytest.skip("ce rôle tient l'annuaire")
    client = Client()
    client.force_login(user)

    reponse = client.post(
        reverse("admin:papi_lieu_process_import"),
        {"import_file_name": "x", "original_file_name": "x.csv", "format": "0", "resource": "0"},
    )

    assert reponse.status_code == 403
