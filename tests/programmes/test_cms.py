"""L'éditeur des pages (/cms/) : les Webmestres seulement, par la connexion du portail."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

AUTRES_PROFILS = ["citoyen", "instructeur", "jure", "gestionnaire_ipt", "bailleur"]
# Des fichiers de l'interface, sans donnée : les servir à tous ne livre rien.
RESSOURCES_PUBLIQUES = {"wagtailadmin_sprite", "wagtailadmin_javascript_catalog"}


def _adresses_sans_parametre():
    def parcourir(motifs, prefixe=""):
        for motif in motifs:
            if isinstance(motif, URLResolver):
                yield from parcourir(motif.url_patterns, prefixe + str(motif.pattern))
            elif isinstance(motif, URLPattern) and not motif.pattern.regex.groups:
                yield prefixe + str(motif.pattern), motif.name

    for route, nom in parcourir(get_resolver().url_patterns):
        if route.startswith("cms/") and nom not in RESSOURCES_PUBLIQUES:
            yield "/" + route


def test_l_anonyme_est_envoye_a_la_connexion_du_portail(client):
    reponse = client.get("/cms/", follow=True)

    assert reponse.status_code == 200
    assert reponse.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fcms%2F"


def test_la_page_de_connexion_de_wagtail_renvoie_a_celle_du_portail(client):
    reponse = client.get("/cms/login/?next=/cms/pages/")

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("account_login") + "?next=/cms/pages/"


# Les profils de l'équipe tiennent leurs tables dans /admin/ ; le citoyen, non.
@pytest.mark.parametrize(
    ("profil", "entree"), [*((p, "/cms/") for p in AUTRES_PROFILS), ("citoyen", "/admin/")]
)
def test_un_compte_sans_droit_recoit_acces_refuse_sans_boucle(request, profil, entree):
    # Avant : /cms/ → connexion du portail → /cms/ → … ; le navigateur abandonnait.
    client = Client()
    client.force_login(request.getfixturevalue(profil))

    reponse = client.get(entree, follow=True)

    assert reponse.status_code == 403
    page = reponse.content.decode()
    assert "Accès refusé" in page
    assert len(reponse.redirect_chain) <= 2
    # Un seul refus, celui de la page : pas de message de Wagtail en double.
    assert "autorisation" not in page and "<title>Erreur" not in page


@pytest.mark.parametrize(
    ("entree", "suivante", "attendue"),
    [
        ("/cms/login/", "/cms/pages/", "/cms/pages/"),
        ("/cms/login/", "https://ailleurs.example/", "/cms/"),
        ("/admin/login/", "/admin/papi/", "/admin/papi/"),
        ("/admin/login/", "//ailleurs.example/", "/admin/"),
    ],
)
def test_la_connexion_d_une_administration_envoie_qui_y_entre_a_sa_destination(
    client, administrateur, entree, suivante, attendue
):
    client.force_login(administrateur)

    reponse = client.get(entree, {"next": suivante})

    assert reponse.status_code == 302
    assert reponse["Location"] == attendue


def test_l_anonyme_de_l_administration_va_a_la_connexion_du_portail(client):
    reponse = client.get("/admin/", follow=True)

    assert reponse.status_code == 200
    assert reponse.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_les_webmestres_et_les_superutilisateurs_entrent(client, webmestre, administrateur):
    for compte in (webmestre, administrateur):
        client.force_login(compte)
        assert client.get("/cms/").status_code == 200


@pytest.mark.parametrize("profil", ["anonyme", *AUTRES_PROFILS])
def test_aucune_adresse_de_l_editeur_ne_s_ouvre_aux_autres(request, profil):
    client = Client(raise_request_exception=False)
    if profil != "anonyme":
        client.force_login(request.getfixturevalue(profil))
    ouvertes = {}
    for url in _adresses_sans_parametre():
        statut = client.get(url).status_code
        if statut == 200:
            ouvertes[url] = statut
    assert not ouvertes, f"{profil} ouvre {sorted(ouvertes)}"


def test_les_webmestres_peuvent_creer_une_actualite_et_gerer_les_images(webmestre):
    from wagtail.models import Page

    from programmes.models import ActualitePage

    accueil = Page.objects.get(depth=2)
    assert webmestre.has_perm("wagtailadmin.access_admin")
    permissions = accueil.permissions_for_user(webmestre)
    assert permissions.can_add_subpage() and permissions.can_publish()
    assert permissions.can_unpublish() and permissions.can_lock()
    assert ActualitePage.can_create_at(accueil) is False  # seulement sous la liste des actualités
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    for modele in (get_image_model(), get_document_model()):
        politique = policy_registry.get_by_type(modele)
        assert politique.user_has_permission(webmestre, "add")
        assert politique.user_has_permission(webmestre, "choose")
