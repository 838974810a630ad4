import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brest_numerique.notifications.models import Notification
from papi.models import Lieu
from papi.services import lieux_enregistrer
from papi.views import LIEUX_PAR_PAGE
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

DEMARCHES = "Aide aux démarches administratives"


def noms(reponse) -> list[str]:
    return [lieu.nom for lieu in reponse.context["page"]]


@pytest.fixture
def lieux():
    mediatheque = LieuFactory(
        nom="Médiathèque des Capucins",
        services=["Loisirs et créations numériques", "Accès internet et matériel informatique"],
        horaires="Tu-Sa 10:00-19:00",
        wifi_gratuit=True,
        latitude=48.3865,
        longitude=-4.5020,
        presentation_resume="Ateliers numériques pour les familles",
    )
    mairie = LieuFactory(
        nom="Mairie de quartier de Bellevue",
        services=[DEMARCHES],
        acces_fauteuil=True,
        impression=True,
        latitude=48.4000,
        longitude=-4.5100,
        publics_specifiquement_adresses=["Seniors"],
    )
    guipavas = LieuFactory(
        nom="Espace numérique de Guipavas",
        commune="Guipavas",
        code_insee="29075",
        code_postal="29490",
        services=[DEMARCHES, "Insertion professionnelle via le numérique"],
        horaires="Mo-Fr 14:00-20:00",
        latitude=48.4347,
        longitude=-4.3997,
        frais_a_charge=["Payant"],
    )
    cache = LieuFactory(nom="Lieu non publié", publie=False, services=[DEMARCHES])
    return mediatheque, mairie, guipavas, cache


def test_la_liste_montre_les_lieux_publies_par_ordre_alphabetique(client, lieux):
    reponse = client.get("/papi/")
    assert noms(reponse) == [
        "Espace numérique de Guipavas",
        "Mairie de quartier de Bellevue",
        "Médiathèque des Capucins",
    ]
    assert "3\u00a0lieux trouvés" in reponse.content.decode()


@pytest.mark.parametrize(
    ("requete", "attendus"),
    [
        ("commune=29075", {"Espace numérique de Guipavas"}),
        (
            f"service={DEMARCHES}",
            {"Mairie de quartier de Bellevue", "Espace numérique de Guipavas"},
        ),
        ("public=Seniors", {"Mairie de quartier de Bellevue"}),
        ("frais=Payant", {"Espace numérique de Guipavas"}),
        ("fauteuil=on", {"Mairie de quartier de Bellevue"}),
        ("wifi=on", {"Médiathèque des Capucins"}),
        ("impression=on", {"Mairie de quartier de Bellevue"}),
        ("samedi=on", {"Médiathèque des Capucins"}),
        ("soir=on", {"Médiathèque des Capucins", "Espace numérique de Guipavas"}),
        (f"service={DEMARCHES}&commune=29019", {"Mairie de quartier de Bellevue"}),
        (f"service={DEMARCHES}&soir=on", {"Espace numérique de Guipavas"}),
        ("wifi=on&fauteuil=on", set()),
    ],
)
def test_les_filtres_se_combinent(client, lieux, requete, attendus):
    assert set(noms(client.get(f"/papi/?{requete}"))) == attendus


@pytest.mark.parametrize("texte", ["mediatheque", "Médiathèques", "capucins", "familles"])
def test_la_recherche_ignore_accents_et_pluriels(client, lieux, texte):
    assert noms(client.get("/papi/", {"q": texte})) == ["Médiathèque des Capucins"]


def test_le_tri_par_distance_part_du_centre_de_la_commune_ou_de_ma_position(client, lieux):
    depuis_guipavas = noms(client.get("/papi/?tri=distance&commune=29075"))
    assert depuis_guipavas == ["Espace numérique de Guipavas"]

    autour_de_moi = client.get("/papi/?tri=distance&lat=48.3866&lon=-4.5021")
    assert noms(autour_de_moi)[0] == "Médiathèque des Capucins"
    assert noms(autour_de_moi)[-1] == "Espace numérique de Guipavas"
    assert "à 0,0 km" in autour_de_moi.content.decode()


def test_le_tri_par_distance_sans_point_de_depart_est_explique(client, lieux):
    reponse = client.get("/papi/?tri=distance")
    assert reponse.status_code == 200
    assert "Pour trier par distance" in reponse.content.decode()
    assert noms(reponse)[0] == "Espace numérique de Guipavas"


@pytest.mark.parametrize(
    "requete",
    [
        "commune=99999",
        "service=Astrologie",
        "tri=hasard",
        "lat=abc&lon=-4.5",
        "lat=95&lon=0",
        "page=abc",
        "page=-3",
        "page=99999",
    ],
)
def test_un_parametre_invalide_est_ignore_jamais_une_erreur_500(client, lieux, requete):
    reponse = client.get(f"/papi/?{requete}")
    assert reponse.status_code == 200
    assert len(noms(reponse)) == 3  # le filtre invalide n'a rien restreint


def test_un_filtre_invalide_est_signale_a_cote_de_son_champ(client, lieux):
    html = client.get("/papi/?commune=99999&service=Astrologie").content.decode()
    assert "Certains filtres sont invalides" in html
    assert 'id="id_commune_error"' in html
    assert 'id="id_service_error"' in html


def test_la_pagination_garde_les_filtres(client):
    LieuFactory.create_batch(45, services=[DEMARCHES])
    reponse = client.get(f"/papi/?service={DEMARCHES}&page=2")
    assert reponse.context["page"].number == 2
    assert len(noms(reponse)) == 20
    assert "page=3" in reponse.content.decode()
    assert "service=Aide" in reponse.content.decode()


def test_la_fiche_montre_la_semaine_les_services_et_l_etat(client, lieux):
    mediatheque = lieux[0]
    html = client.get(mediatheque.get_absolute_url()).content.decode()
    assert "<h1>Médiathèque des Capucins</h1>" in html
    assert "Mardi" in html and "10 h – 19 h" in html
    assert "S&#x27;équiper et se connecter" in html
    assert "Wi-Fi gratuit\u00a0: oui" in html
    assert "Signaler une erreur" in html


def test_un_lieu_non_publie_ou_inconnu_donne_404(client, lieux):
    assert client.get(lieux[3].get_absolute_url()).status_code == 404
    assert client.get("/papi/nexiste-pas/").status_code == 404


def test_un_lieu_d_exemple_est_signale_comme_tel(client):
    lieu = LieuFactory(donnees_exemple=True)
    assert "Ce lieu est fictif" in client.get(lieu.get_absolute_url()).content.decode()
    assert "Données d'exemple" in client.get("/papi/").content.decode()


class TestSignalement:
    def test_un_signalement_previent_l_equipe_par_la_boite_d_envoi(
        self, client, lieux, settings, django_capture_on_commit_callbacks
    ):
        lieu = lieux[0]
        with django_capture_on_commit_callbacks(execute=True):
            reponse = client.post(
                f"{lieu.get_absolute_url()}signaler/",
                {"message": "Fermé le mardi désormais", "email": "habitant@exemple.fr"},
                follow=True,
            )
        assert "votre signalement a bien été transmis" in reponse.content.decode()
        notification = Notification.objects.get(sorte="papi_signalement")
        assert notification.destinataire == settings.STAFF_EMAIL
        assert len(mail.outbox) == 1
        assert "Fermé le mardi désormais" in mail.outbox[0].body
        assert "Médiathèque des Capucins" in mail.outbox[0].subject

    def test_un_signalement_vide_garde_la_saisie_et_montre_l_erreur(self, client, lieux):
        reponse = client.post(
            f"{lieux[0].get_absolute_url()}signaler/", {"message": "", "email": "pas-une-adresse"}
        )
        html = reponse.content.decode()
        assert reponse.status_code == 400
        assert "Ce champ est obligatoire" in html
        assert 'value="pas-une-adresse"' in html
        assert not Notification.objects.exists()

    def test_un_robot_qui_remplit_le_champ_piege_n_envoie_rien(self, client, lieux):
        reponse = client.post(
            f"{lieux[0].get_absolute_url()}signaler/",
            {"message": "Achetez", "site_web": "http://spam.example"},
        )
        assert reponse.status_code == 302
        assert not Notification.objects.exists()

    def test_les_signalements_sont_limites_par_adresse_ip(self, client, lieux):
        url = f"{lieux[0].get_absolute_url()}signaler/"
        statuts = [client.post(url, {"message": f"Erreur {i}"}).status_code for i in range(6)]
        assert statuts == [302] * 5 + [429]
        assert "Trop de demandes" in client.post(url, {"message": "encore"}).content.decode()
        assert Notification.objects.count() == 5


class TestNombreDeRequetes:
    """Le nombre de requêtes SQL d'une page ne dépend pas du nombre de lieux."""

    @pytest.fixture
    def deux_mille_lieux(self):
        lieux = LieuFactory.build_batch(2000, services=[DEMARCHES])
        lieux_enregistrer(lieux=lieux)
        return lieux

    @pytest.mark.parametrize(
        "requete",
        [
            "",
            f"?service={DEMARCHES}&ouvert=on&samedi=on",
            "?q=espace&tri=nom",
            "?tri=distance&commune=29019&page=7",
        ],
    )
    def test_la_liste(self, client, deux_mille_lieux, django_assert_max_num_queries, requete):
        with django_assert_max_num_queries(8):
            assert client.get(f"/papi/{requete}").status_code == 200

    def test_une_recherche_lit_son_total_avec_sa_page(self, client, deux_mille_lieux):
        """Triée par pertinence, la recherche lit son total dans la requête de sa
        page : pas de COUNT à part, et le même total."""
        attendus = Lieu.objects.publies().rechercher("numérique").count()
        assert attendus > LIEUX_PAR_PAGE
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get("/papi/", {"q": "numérique"})

        assert f"{attendus} lieux trouvés" in " ".join(reponse.content.decode().split())
        assert not [r for r in requetes if r["sql"].startswith("SELECT COUNT(*)")]
        assert [r for r in requetes if "COUNT(*) OVER ()" in r["sql"]]

    def test_la_fiche(self, client, deux_mille_lieux, django_assert_max_num_queries):
        with django_assert_max_num_queries(8):
            assert client.get(deux_mille_lieux[1234].get_absolute_url()).status_code == 200

    def test_le_geojson(self, client, deux_mille_lieux, django_assert_max_num_queries):
        with django_assert_max_num_queries(8):
            reponse = client.get("/papi/lieux.geojson")
        assert len(reponse.json()["features"]) == 2000
